-- Performance: low figures, targets missed, and low figures that led to nothing.
--
-- The figures in the minutes are the committee's evidence. These rules read the figures the
-- parser found (item.figures: value, kind, unit, sentence) together with the words around them.

local minutes = require "lib.minutes"

-- Measures where a higher figure is worse: the catalogue's "polarity: lower" indicators in the words
-- minutes use, and the plain bad news a count can carry (delays, complaints, overspends).
local WORSE_HIGH = "(caseload*|workload*|re referral*|re referred|repeat (referral*|plan*|child protection plan*|cp plan*)"
  .. "|second or subsequent|(second|subsequent) time|placement moves|(three|3) or more placements|vacanc*|turnover|sickness|agency"
  .. "|neet|not in education|reoffend*|re offend*|offending|exclusion*|missing (episode*|from care|from home)"
  .. "|overspend*|delay*|wait|waits|waiting (time*|list*)|backlog*|complaint*|inadequate|drift|overdue|out of date"
  .. "|difficult to place|hard to place|bed and breakfast*|unregistered|time taken|length of time"
  .. "|out of (area|county|borough) placement*|placed out of (area|county|borough)"
  .. "|(average|mean|median) (time|wait|duration|length))"
-- Measures where a lower figure is worse.
local WORSE_LOW = "(performance|timeliness|stability|attendance|attainment*|outcomes|compliance|take up|uptake"
  .. "|on time|in time|within timescale*)"
local RISE_VERB = "(increas*|rise|rises|rising|rose|risen|grow*|grew|upward|spike*|surge*|(went|gone|go|goes|going|crept|creep*) up"
  .. "|(is|are|was|were|remain*) higher)"
local RISE = "(higher|" .. RISE_VERB:sub(2)
local FALL = "(drop|drops|dropped|fall|falls|fell|fallen|declin*|decreas*|reduction|reduced|deteriorat*|worsen*|dip|dipped|slip*)"
local COMPARATOR = "(national average|national figure|national rate|national level|england average|average for england"
  .. "|regional average|statistical neighbour*|comparator*|similar authorities|other authorities|benchmark*)"
local NEGATION = "(no|not|n't|nor|never|without|no longer)"
-- A judgement named as past or denied: "previously inadequate", "its then 'inadequate' rating",
-- "no areas were judged inadequate".
local PAST_JUDGEMENT = "(no|not|n't|never|previous*|no longer|formerly|last inspection|then (inadequate|requir*)"
  .. "|(from|moved from|improved from|out of) (inadequate|requir* improvement))"

-- Whether a higher value of figure `f` (or of the measure sentence `s` names) is worse: the
-- catalogue's polarity when the figure names an indicator, else a time unit of the figure ("512
-- days") or a measure from `worse_high` in the sentence.
local function time_unit(f)
  return f.unit and (f.unit:match("^day") or f.unit:match("^week") or f.unit:match("^month")) ~= nil
end

local function higher_is_worse(f, s)
  if f and f.indicator and f.indicator.polarity ~= "context" then return f.indicator.polarity == "lower" end
  return (f and time_unit(f)) or #s:match("worse_high") > 0
end

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

-- Calls found(m) for the first match of `list` in each sentence (one finding per sentence).
local function per_sentence(list, found)
  local seen = {}
  for _, m in ipairs(list) do
    local key = m.sentence.offset
    if not seen[key] and found(m) then seen[key] = true end
  end
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
measure of timeliness or performance (`about`: "timeliness", "prior to", "within timescale", "on
time", "available"). Measures where a low figure is good ("late", "overdue", "repeat", or an
indicator the catalogue marks lower-is-better) are skipped. A low figure discussed without an
action resolved is the heart of ineffective scrutiny.]],
  patterns = { "about" },
  args = {
    threshold = 50,
    about = {
      "(timel*|prior to|on time|in time|within [the] timescale*|in timescale*|available|(completed|held|seen|visited) within)"
        .. ' unless ("late"|overdue|out of timescale*|outside [the] timescale*|delayed|re referral*|repeat|reoffend*)',
    },
  },
  check = function(item, ctx)
    per_sentence(minutes.discussion_matches(item, "about"), function(m)
      for _, f in ipairs(m.sentence.figures) do
        local lower_better = f.indicator and f.indicator.polarity == "lower"
        if low_percent(f, ctx.args.threshold) and not lower_better then
          local quote = minutes.clip(m.sentence.text, 100)
          ctx:flag{ at = f, message = ("%s is below %s%%: %s"):format(f.text, ctx.args.threshold, quote) }
          return true
        end
      end
    end)
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
  patterns = { "concern" },
  args = {
    threshold = 50,
    concern = { "(concern*|quer*|worr*|challeng*|disappoint*|unacceptable|question*)", "asked (why|what)",
                "(too low|so few)" },
    positive = { "positive", "welcomed", "pleased", "good news", "congratulat", "improvement in" },
    markers = { "only", "just", "as few as", "as low as", "merely" },
    passive = minutes.PASSIVE, active = minutes.ACTIVE,
  },
  check = function(item, ctx)
    if not minutes.only_notes(item, ctx.args.passive, ctx.args.active) then return end
    local done = {}
    for _, m in ipairs(minutes.discussion_matches(item, "concern")) do
      local p = m.sentence.paragraph
      local key = p.offset
      if not done[key] then
        done[key] = true
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
-- on the wrong side of its target or comparators deserves a question and, if it persists, an action.
rule {
  id = "performance.below-target",
  title = "A figure on the wrong side of its target or comparators",
  severity = "notice",
  tags = { "performance", "targets" },
  doc = [[
The discussion reports a measure on the wrong side of a target, a recommended level or its
comparators, in either order and in several wordings: "24%, against a target of 18%", "against a
target of 90%, 72% were completed", "only 14 out of 90 targets met", "the target had not been
achieved", "remained under target", "lower than statistical neighbours", "caseloads well above
the 15 recommended". Direction comes from the catalogue (an indicator where lower is better, such
as re-referrals or caseloads), a time unit (days, weeks) or the measures in `worse_high`: for them
a figure above the target or comparators is the bad side. When both figures are given they are
compared, and a figure that meets its target is skipped.]],
  patterns = { "versus", "below", "above", "short", "worse_high", "met" },
  args = {
    -- two figures: the actual and the target, in either order
    versus = {
      "{figure:actual} ...{0,2} (against|versus|vs|compared (to|with)|over|above|below|under|short of) [a|the|its|their] ...{0,3} target [of] {figure:target}",
      "(against|versus|compared (to|with)|with) [a|the|its|their] ...{0,3} target of {figure:target} ...{0,8} {figure:actual}",
      "target of {figure:target} ...{0,6} (achieved|reached|performance|actual|outturn|was|stood at) ...{0,3} {figure:actual}",
    },
    -- the wrong side, unless the measure is one where higher is worse
    below = {
      "(below|under|short of|behind|off|missed|miss|fell short of) [the|its|their|a|our] ...{0,2} target*"
        .. " unless (ahead of|exceed*|better than|(not|never|n't) [been|yet|once] (below|under|behind|off|missed|miss))",
      "(below|lower than|worse than|behind|under) [the|our|its|their] ...{0,2} " .. COMPARATOR,
      "(lower|worse|poorer|weaker) [when] (compared|relative) (to|with) [the|our|its|their] ...{0,2} " .. COMPARATOR,
    },
    -- the wrong side when higher is worse (or whatever the measure, past a recommended maximum)
    above = {
      "(above|exceed*|over|higher than|more than|greater than) [the|its|their|a|our] ...{0,2} target*",
      "(above|higher than|worse than|exceed*) [the|our|its|their] ...{0,2} " .. COMPARATOR,
      "(above|exceed*|over|beyond|more than) [the|a] ...{0,4} (recommended|maximum|limit|threshold|ceiling|safe level)"
        .. " unless (not|n't|below|within|under)",
    },
    -- a target or indicator not met, in words
    short = {
      "(target*|indicator*|measure*|kpi*|standard*) ...{0,12} " .. NEGATION .. " [yet|again] [been|be] (met|achiev*|reach*|hit)",
      "(fail*|failure) to (meet|achieve|reach|hit) [the|its|their|a] ...{0,2} (target*|standard*)",
      "(only|just) {figure} ...{0,6} (target*|met|achiev*|on time|in time|within timescale*|completed|timely)"
        .. " unless (not|n't|late|overdue|outside|" .. WORSE_HIGH:sub(2, -2) .. ")",
    },
    worse_high = { WORSE_HIGH },
    met = { "(exceed*|ahead of|better than|above) [the|its|their|a] target*", "(met|meet*|achiev*|on) [the|its|their] target*" },
  },
  check = function(item, ctx)
    local function report(m, what)
      ctx:flag{ at = m.sentence, message = ("%s (\"%s\"): %s"):format(what, m.text, minutes.clip(m.sentence.text, 100)) }
      return true
    end
    local seen = {}
    local function each(set, found)
      for _, m in ipairs(minutes.discussion_matches(item, set)) do
        local key = m.sentence.offset
        if not seen[key] and found(m) then seen[key] = true end
      end
    end
    each("versus", function(m)
      local a, t = m.actual, m.target
      if a.kind ~= t.kind and (a.kind == "percent" or t.kind == "percent") then return false end
      local worse = higher_is_worse(a, m.sentence) and a.value > t.value
        or not higher_is_worse(a, m.sentence) and a.value < t.value
      return worse and report(m, ("%s against a target of %s"):format(a.text, t.text))
    end)
    each("short", function(m) return report(m, "target not met") end)
    each("below", function(m)
      if #m.sentence:match("met") > 0 and not m.text:lower():find("comp", 1, true) and #m.sentence:match("short") == 0
         and not m.sentence.text:lower():find("below", 1, true) then return false end
      if higher_is_worse(m.figure, m.sentence) then return false end
      return report(m, "below target or comparators")
    end)
    each("above", function(m)
      local past_max = not m.text:lower():find("target", 1, true) and not m.text:lower():find("average", 1, true)
        and not m.text:lower():find("neighbour", 1, true)
      if not past_max and not higher_is_worse(m.figure, m.sentence) then return false end
      return report(m, "above target or comparators where higher is worse")
    end)
  end,
}

-- Why: "caseloads continued to rise", "a 10% drop in performance": a measure moving the wrong way
-- is news whether or not a target is quoted.
rule {
  id = "performance.worsening",
  title = "A measure moving the wrong way",
  severity = "notice",
  tags = { "performance", "trends" },
  doc = [[
The discussion reports a measure getting worse: a rise in one where a higher figure is worse
(caseloads, re-referrals, repeat child protection plans, placement moves, exclusions, reoffending,
delays, complaints, overspends: `worse_high`), or a fall or deterioration in performance,
timeliness, stability, attendance or attainment; or a change "from X to Y" in the wrong direction
for the measure (the catalogue's polarity, else `worse_high` and `worse_low`). Sentences that
deny the change ("no increase", "caseloads had reduced") are skipped. The committee should ask why, and what will turn it round.]],
  patterns = { "worse", "moved", "worse_high", "worse_low" },
  args = {
    -- a change between two figures, judged by the measure's direction
    moved = {
      "(fell|fallen|drop*|declin*|decreas*|reduc*|down|dipped|slipped|rose|risen|increas*|up|went|gone|moved|changed)"
        .. " from {figure:from} ...{0,3} to {figure:to}",
    },
    worse_high = { WORSE_HIGH },
    worse_low = { WORSE_LOW },
    worse = {
      RISE .. " [in|of] [the] ...{0,6} " .. WORSE_HIGH
        .. " unless (" .. NEGATION .. "|reduc*|decreas*|lower*|fall*|fell|stable|stabilis*|\"manageable\"|prevent*|avoid*)",
      WORSE_HIGH .. " ...{0,6} " .. RISE_VERB
        .. " unless (" .. NEGATION .. "|reduc*|decreas*|lower*|fall*|fell|stable|stabilis*|\"manageable\"|prevent*|avoid*)",
      FALL .. " in [the] ...{0,3} " .. WORSE_LOW .. " unless (" .. NEGATION .. "|improv*)",
      WORSE_LOW .. " ...{0,4} " .. FALL .. " unless (" .. NEGATION .. "|improv*)",
      "(deteriorat*|worsen*) unless " .. NEGATION,
    },
  },
  check = function(item, ctx)
    local flagged = {}
    per_sentence(minutes.discussion_matches(item, "moved"), function(m)
      local from, to, s = m.from, m.to, m.sentence
      if from.kind ~= to.kind or from.value == to.value then return false end
      local polarity = to.indicator and to.indicator.polarity
      local high_bad = polarity == "lower" or (polarity == nil and higher_is_worse(to, s))
      local low_bad = polarity == "higher" or (polarity == nil and not high_bad and #s:match("worse_low") > 0)
      if (to.value > from.value and high_bad) or (to.value < from.value and low_bad) then
        flagged[s.offset] = true
        ctx:flag{ at = s, message = ("getting worse (\"%s\"): %s"):format(m.text, minutes.clip(s.text, 100)) }
        return true
      end
    end)
    per_sentence(minutes.discussion_matches(item, "worse"), function(m)
      if flagged[m.sentence.offset] then return false end
      ctx:flag{ at = m.sentence, message = ("getting worse (\"%s\"): %s"):format(m.text, minutes.clip(m.sentence.text, 100)) }
      return true
    end)
  end,
}

-- Why: "the inspection found the service to be inadequate", "the rate of reoffending was a
-- concern": performance problems are often reported without a figure, and are as easy to note
-- and move past.
rule {
  id = "performance.concern-in-words",
  title = "A performance concern reported without a figure",
  severity = "notice",
  tags = { "performance", "concerns" },
  doc = [[
The discussion reports a performance problem in words rather than figures: an inspection
judgement of inadequate or requires improvement, something that "was a concern" or "remains an
issue", concern about a rise or a level, "not where it needs to be", "not good enough", failings,
red-rated indicators, difficulty finding placements or accessing services, work "taking longer".
Judgements named as past ("previously inadequate", "no longer") are skipped. Each finding quotes
the sentence, so the analyst can check what the committee did with it.]],
  patterns = { "judgement", "concern" },
  args = {
    judgement = {
      "(judg*|found|rated|graded|grade*|inspect*|ofsted|ilacs|effectiveness) ...{0,8} (inadequate|requir* improvement)"
        .. " unless " .. PAST_JUDGEMENT,
      "(inadequate|requir* improvement) ...{0,8} (judg*|rating|rated|grade*|inspect*|ofsted)"
        .. " unless " .. PAST_JUDGEMENT,
    },
    concern = {
      "(was|were|is|are|remain*|continu* to be) [still|also] [a|an] [real|particular|significant|major|key|serious"
        .. "|ongoing|continuing|growing|cause for|cause of|area of] (\"concern\"|\"concerns\"|\"worry\"|\"problem\")"
        .. " unless (no|not|n't|whether|if|allay*|unfounded|resolved)",
      "(was|were|is|are|remain*) still [a|an] ...{0,1} (issue|problem|challenge)" .. " unless (no|not|n't|whether|if)",
      "remain* (difficult|challenging|a challenge|high|poor|low|weak|a concern|an issue)"
        .. " unless (no|not|n't|whether|if|positive|good|strong|recruit*|retain*|retention|vacanc*)",
      "(concern*|worr*) (over|about|at|regarding|around|with) [the] ...{0,2} (increas*|rise|rising|level*|rate*|low|lower"
        .. "|high|higher|drop|fall|declin*|lack|poor|performance|timeliness|delay*)" .. " unless (no|allay*|unfounded)",
      "area* of concern unless (no|not|whether|if)",
      "(not|isn't|wasn't|aren't|weren't) [quite|yet] (as good as|good enough|where ...{0,2} (need*|should|ought|want*|expect*))",
      "(\"failings\"|shortcomings|underperform*|under perform*|poor performance)",
      "(difficult*|challeng*|struggl*) (in|to|with) (access*|find*|secur*|identify*|plac*|source*)",
      "(red|amber) [rated|marked|flagged] [performance] indicator*",
      "indicator* ...{0,4} (rated|marked|flagged|showing|at) (red|amber)",
      "(taking|took|take|takes) [a little|a bit|much|far|slightly|significantly|considerably] longer",
      "risk (rating|score|scoring|level) ...{0,4} (high|red)" .. " unless (no longer|reduc*|lower*)",
    },
  },
  check = function(item, ctx)
    local seen = {}
    for _, set in ipairs{ "judgement", "concern" } do
      for _, m in ipairs(minutes.discussion_matches(item, set)) do
        local key = m.sentence.offset
        if not seen[key] then
          seen[key] = true
          ctx:flag{ at = m.sentence, message = ("performance concern (\"%s\"): %s"):format(m.text,
            minutes.clip(m.sentence.text, 100)) }
        end
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
