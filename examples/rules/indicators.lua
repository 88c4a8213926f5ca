-- Scorecards: indicator series checked over time, and against what the minutes say.
-- Indicator rules (scope = "indicator") run once per council and indicator of the scorecards
-- given with -i; "better" and "worse" follow each indicator's polarity in the catalogue.

local function fmt(v) return v and ("%g"):format(v) or "?" end

rule {
  id = "indicators.off-target-streak",
  title = "Off target for several periods in a row",
  severity = "warning",
  tags = { "performance", "scorecard" },
  scope = "indicator",
  doc = [[
The indicator has been worse than its target for the latest `periods` periods in a row (default
3). One bad quarter can be noise; three is a pattern the committee should see a recovery plan for.]],
  args = { periods = 3 },
  check = function(ind, ctx)
    local n, first = ind:streak_off_target()
    if n >= ctx.args.periods then
      local last = ind:latest()
      ctx:flag{ at = last, message = ("%s off target for %d periods (%s to %s; latest %s against %s)")
        :format(ind.title, n, first.period, last.period, fmt(last.value), fmt(last.target)) }
    end
  end,
}

rule {
  id = "indicators.worsening-trend",
  title = "Worse in each of the latest periods",
  severity = "warning",
  tags = { "performance", "scorecard" },
  scope = "indicator",
  doc = [[
The indicator got worse at every step over the latest `periods` periods (default 4), even if it is
still within target: the direction matters before the threshold is crossed.]],
  args = { periods = 4 },
  check = function(ind, ctx)
    local t = ind:trend(ctx.args.periods)
    if t and t.direction == "worsening" then
      ctx:flag{ at = t.to, message = ("%s worse at each of the last %d steps: %s (%s) to %s (%s)")
        :format(ind.title, t.steps, fmt(t.from.value), t.from.period, fmt(t.to.value), t.to.period) }
    end
  end,
}

rule {
  id = "indicators.worse-than-england",
  title = "Worse than England by a wide margin",
  severity = "warning",
  tags = { "performance", "scorecard", "comparators" },
  scope = "indicator",
  doc = [[
The latest value is worse than the England figure by more than `points` (default 10) in the
indicator's unit, using the England value on the scorecard or, failing that, the catalogue's.]],
  args = { points = 10 },
  check = function(ind, ctx)
    local d = ind:vs("england")
    if d and d < -ctx.args.points then
      local last = ind:latest()
      ctx:flag{ at = last, message = ("%s is %s points worse than England in %s (%s)")
        :format(ind.title, fmt(-d), last.period, fmt(last.value)) }
    end
  end,
}

rule {
  id = "indicators.minutes-mismatch",
  title = "A figure in the minutes differs from the scorecard",
  severity = "high",
  tags = { "performance", "scorecard", "assurance" },
  doc = [[
A percentage quoted in the minutes about an indicator (matched by the catalogue's aliases in the
same sentence) differs by more than `tolerance` points from the scorecard's value for the period
the sentence names, or else the latest period that ended before the meeting (no more than
`max_age_months` before it). A figure introduced as a target is not compared. Either the
committee was told something the data does not show, or the scorecard is wrong.]],
  args = { tolerance = 1, max_age_months = 6 },
  check = function(item, ctx)
    local date = item.meeting.date
    -- months from the end of a point's period to the meeting: an old annual figure is no check
    local function age(p)
      local y, m = date:match("^(%d+)-(%d+)")
      local py, pm = (p.period):match("^(%d%d%d%d)-(%d%d)$")
      if not y then return 0 end
      local ends
      if p.kind == "quarter" then
        local q, fy = p.period:match("^Q(%d) (%d+)")
        ends = tonumber(fy) * 12 + 3 + tonumber(q) * 3 - 1
      elseif p.kind == "financial_year" then
        ends = tonumber(p.period:match("^(%d+)")) * 12 + 14
      elseif py then
        ends = tonumber(py) * 12 + tonumber(pm) - 1
      else
        ends = tonumber(p.period) * 12 + 11
      end
      return tonumber(y) * 12 + tonumber(m) - 1 - ends
    end
    for _, f in ipairs(item.figures) do
      local ind = f.kind == "percent" and f.indicator
      -- "against a target of 18%" quotes a target, not a result: read the words just before
      local s = f.sentence
      local lead = f.line == s.line and s.text:sub(math.max(1, f.column - s.column - 24), f.column - s.column) or ""
      if ind and not lead:lower():find("target", 1, true) then
        local p = f.period and ind:at(f.period) or (date ~= "" and ind:before(date))
        if p and p.value and (f.period or age(p) <= ctx.args.max_age_months)
           and math.abs(p.value - f.value) > ctx.args.tolerance then
          ctx:flag{ at = f, message = ("the minutes say %s for %s but the scorecard has %s for %s (%s:%d)")
            :format(f.text, ind.title, fmt(p.value), p.period, p.file, p.line) }
        end
      end
    end
  end,
}
