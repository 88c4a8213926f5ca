-- Performance: low figures, targets missed, and low figures that led to nothing.
--
-- The figures in the minutes are the committee's evidence. These rules read the figures the
-- parser found (item.figures: value, kind, unit, sentence) together with the words around them.

local minutes = require "lib.minutes"

-- Whether a figure is a percentage below `threshold`.
local function low_percent(f, threshold)
  return f.kind == "percent" and f.value < threshold
end

-- Whether the words just before a figure play it down: "only 28.5%", "just nine".
local function marked_low(f, markers)
  local escaped = f.text:gsub("%p", "%%%0")
  local boundary = f.text:match("^%w") and "%f[%w]" or ""   -- "nine" must not match inside "ninety"
  local before = f.sentence.text:match("^(.-)" .. boundary .. escaped)
  if not before then return false end
  before = before:lower()
  for _, w in ipairs(markers) do
    if before:sub(-(#w + 1)) == w .. " " then return true end
  end
  return false
end

-- Why: "only 28.5% of reports were available 3 days prior to conference": a timeliness figure far
-- below half is the kind of fact a committee must act on, not just hear.
rule {
  id = "performance.low-percentage",
  title = "A timeliness or performance percentage below the threshold",
  severity = "warning",
  tags = { "performance", "timeliness" },
  doc = [[
A percentage in the discussion is below `threshold` (default 50) and its sentence reads as a
measure of timeliness or performance ("timeliness", "prior to", "within timescale", "on time",
"available"). Measures where a low figure is good ("late", "overdue", "repeat") are skipped. A
low figure discussed without an action resolved is the heart of ineffective scrutiny.]],
  args = {
    threshold = 50,
    about = { "timel", "prior to", "on time", "in time", "within timescale", "in timescale", "within the timescale",
              "available", "completed within", "held within", "seen within", "visited within" },
    -- whole words: "late" must not match "latest"
    inverse = { "late", "overdue", "out of timescale", "outside timescale", "outside the timescale", "delayed",
                "re referral", "re referrals", "repeat", "reoffending" },
  },
  check = function(item, ctx)
    for _, f in ipairs(item.figures) do
      local s = f.sentence
      if low_percent(f, ctx.args.threshold) and s.paragraph.section == "minutes"
          and s:has_any(ctx.args.about) and not s:has_any(ctx.args.inverse, { whole = true }) then
        local quote = minutes.clip(s.text, 100)
        ctx:flag{ at = f, message = ("%s is below %s%%: %s"):format(f.text, ctx.args.threshold, quote) }
      end
    end
  end,
}

-- Why: members voicing concern about a low figure and then resolving only "that the report be
-- noted" is scrutiny that saw the problem and did nothing with it.
rule {
  id = "performance.concern-only-noted",
  title = "A low figure raised as a concern, then only noted",
  severity = "high",
  tags = { "performance", "outcomes" },
  doc = [[
A paragraph of the discussion expresses concern about, or queries, a low figure (a percentage
below `threshold`, or a figure played down: "only nine new approvals"), yet every resolution of
the item only notes or receives the report. The committee saw the problem and resolved nothing
about it: no action, no report back, no date.]],
  args = {
    threshold = 50,
    concern = { "concern", "queried", "query", "worried", "worrying", "challenged", "disappointed", "asked why",
                "asked what", "too low", "so few", "unacceptable", "questioned" },
    positive = { "positive", "welcomed", "pleased", "good news", "congratulat", "improvement in" },
    markers = { "only", "just", "as few as", "as low as", "merely" },
    passive = minutes.PASSIVE, active = minutes.ACTIVE,
  },
  check = function(item, ctx)
    if not minutes.only_notes(item, ctx.args.passive, ctx.args.active) then return end
    for _, p in ipairs(minutes.discussion(item)) do
      if p:has_any(ctx.args.concern) then
        for _, f in ipairs(minutes.figures_in(item, p)) do
          local low = marked_low(f, ctx.args.markers)
            or (low_percent(f, ctx.args.threshold) and not f.sentence:has_any(ctx.args.positive))
          if low then
            local quote = minutes.clip(f.sentence.text, 90)
            ctx:flag{ at = f, message = ("concern raised about a low figure (%s), but the item was only noted: %s")
              :format(f.text, quote) }
            break
          end
        end
      end
    end
  end,
}

-- Why: a figure reported "against a target of" is the committee's clearest yardstick; each one
-- below target deserves a question and, if it persists, an action.
rule {
  id = "performance.below-target",
  title = "A figure reported against a target or comparator",
  severity = "notice",
  tags = { "performance", "targets" },
  doc = [[
The discussion compares a figure with a target, the national average or statistical neighbours
("24%, against a target of 18%", "below the national average", "five carers against a target of
twelve"). Figures said to meet or beat the target are skipped. Whether the gap is good or bad
depends on the measure, so the finding quotes the sentence for the analyst to judge.]],
  args = {
    phrases = { "against a target", "against the target", "against its target", "below target", "below the target",
                "short of the target", "short of target", "missed the target", "off target", "under target",
                "target was not met", "target had not been met", "below the national average",
                "worse than the national", "below the england average", "below statistical neighbours",
                "worse than statistical neighbours", "below comparator", "below our statistical neighbours" },
    met = { "exceeded", "above target", "above the target", "ahead of target", "better than", "met the target",
            "meeting the target", "on target" },
  },
  check = function(item, ctx)
    for _, s in ipairs(minutes.discussion_sentences(item)) do
      local m = minutes.first_match(s, ctx.args.phrases, ctx.args.met)
      if m then
        ctx:flag{ at = s, message = ("\"%s\": %s"):format(m.text, minutes.clip(s.text, 100)) }
      end
    end
  end,
}

-- Why: the committee can only scrutinise what it is told. A figure in the minutes that the
-- council's own scorecard contradicts means either the committee was misinformed or the data is.
rule {
  id = "performance.scorecard-mismatch",
  title = "A figure in the minutes contradicts the scorecard",
  severity = "high",
  tags = { "performance", "scorecard", "assurance" },
  doc = [[
A percentage the minutes quote about an indicator (found by the catalogue's aliases next to the
figure) differs by more than `tolerance` points from the scorecard value for the period the
sentence names, or else for the latest period that ended within `max_age_months` before the
meeting. Needs the council's scorecard among the inputs or in the --db corpus. A figure introduced
as a target ("against a target of 18%") is not compared.]],
  args = { tolerance = 1, max_age_months = 6 },
  check = function(item, ctx)
    local date = item.meeting.date
    for _, f in ipairs(item.figures) do
      local ind = f.kind == "percent" and f.indicator
      if ind and not minutes.introduced_as_target(f) then
        local p = f.period and ind:at(f.period) or (date ~= "" and ind:before(date))
        if p and p.value and (f.period or minutes.months_between(p, date) <= ctx.args.max_age_months)
           and math.abs(p.value - f.value) > ctx.args.tolerance then
          ctx:flag{ at = f, message = ("the minutes say %s for %s but the scorecard has %g for %s (%s:%d)")
            :format(f.text, ind.title, p.value, p.period, p.file, p.line) }
        end
      end
    end
  end,
}

-- Why: an indicator that has missed its target for several periods, discussed at the meeting,
-- with nothing resolved but to note the report, is the pattern scrutiny exists to catch.
rule {
  id = "performance.off-target-only-noted",
  title = "An indicator off target for several periods, discussed, and only noted",
  severity = "high",
  tags = { "performance", "scorecard", "outcomes" },
  doc = [[
The item quotes a figure about an indicator that, on the council's scorecard, has been worse
than its target for at least `periods` periods in a row (default 2), and every resolution of the
item only notes or receives the report. The committee saw a persistent problem and asked for
nothing: it should request a recovery plan with an owner and a date.]],
  args = { periods = 2 },
  check = function(item, ctx)
    if #item.resolutions == 0 or not minutes.only_notes(item, minutes.PASSIVE, minutes.ACTIVE) then return end
    local seen = {}
    for _, f in ipairs(item.figures) do
      local ind = f.indicator
      if ind and not seen[ind.id] then
        seen[ind.id] = true
        local n, first = ind:streak_off_target()
        if n >= ctx.args.periods then
          ctx:flag{ at = f, message = ("%s has been off target for %d periods (since %s) and the committee only noted the report")
            :format(ind.title, n, first.period) }
        end
      end
    end
  end,
}
