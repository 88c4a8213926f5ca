-- Delivery: are recommendations and plans being delivered as promised?
--
-- Improvement plans and scrutiny reviews produce recommendations; monitoring reports come back
-- to say how they are going. These rules pick out what has slipped, what waits on a new system,
-- and what the committee was told before and did not happen.

local minutes = require "lib.minutes"

-- Why: a recommendation "not achieved in this financial year" or an action "behind schedule" is
-- where a committee should ask why, and what the new date is.
rule {
  id = "delivery.not-achieved",
  title = "Recommendations or actions delayed, slipping or not achieved",
  severity = "warning",
  tags = { "delivery", "recommendations", "improvement-plan" },
  doc = [[
The discussion reports that a recommendation or action was delayed, has slipped, is behind
schedule, remains outstanding or will not be achieved. Slippage in an improvement plan or in the
recommendations of a scrutiny review is what the committee exists to challenge: it should ask
for the reason, a new date and the effect on children. Hypothetical slippage ("if there was any
slippage") is not reported. One finding per paragraph.]],
  args = {
    phrases = { "not be achieved", "not been achieved", "not achieved", "not be met", "not been met", "were not met",
                "was not met", "not be completed", "not been completed", "not be delivered", "not been delivered",
                "behind schedule", "behind plan", "off track", "not on track", "remained outstanding",
                "remain outstanding", "remains outstanding", "still outstanding", "slipped", "slippage",
                "been delayed", "were delayed", "was delayed", "delayed action", "delay in", "delays in",
                "longer than planned", "longer than expected", "later than planned", "later than expected",
                "been postponed", "been deferred", "missed the deadline", "rated red" },
    unless = { "if there was any", "if there is any", "if there were any", "any slippage", "no slippage", "no delay",
               "without delay", "avoid delay", "avoid slippage", "prevent delay", "to avoid" },
  },
  check = function(item, ctx)
    minutes.each_paragraph_hit(item, function(s)
      if s:has_any(ctx.args.unless) then return nil end
      local found = s:find_any(ctx.args.phrases)
      return #found > 0 and found or nil
    end, function(s, found)
      ctx:flag{ at = s, message = ("%s: %s"):format(minutes.quoted(found), minutes.clip(s.text, 100)) }
    end)
  end,
}

-- Why: "without Mosaic, the mobile technology could not be piloted": when delivery waits on a
-- case management system, the system's timetable is the plan's timetable.
rule {
  id = "delivery.system-dependency",
  title = "Delivery depends on a system not yet in place",
  severity = "notice",
  tags = { "delivery", "systems", "improvement-plan" },
  doc = [[
The discussion ties an action or a benefit to an IT or case management system that is delayed or
not yet live ("without Mosaic", "when it was implemented", "delay in implementing", "would now go
live in quarter 4"). The committee should know the system's go-live date and what happens to the
dependent actions if it slips again. One finding per paragraph.]],
  args = {
    systems = { "mosaic", "liquidlogic", "eclipse", "carefirst", "case management system", "recording system",
                "it system", "new system" },
    waiting = { "without", "when it was implemented", "when it is implemented", "once it is implemented",
                "once implemented", "until", "delay in implementing", "delays in implementing", "delay in",
                "awaiting", "go live", "goes live", "not yet", "once the", "when the", "depend",
                "reliant on", "should allow", "would allow", "will allow", "would enable", "will enable" },
  },
  check = function(item, ctx)
    minutes.each_paragraph_hit(item, function(s)
      return minutes.match_with(s, ctx.args.systems, ctx.args.waiting)
    end, function(s, m)
      ctx:flag{ at = s, message = ("depends on %s: %s"):format(m.text, minutes.clip(s.text, 100)) }
    end)
  end,
}

-- Why: "the Committee had been told in September that timeliness would recover by Christmas"
-- followed by "it had taken longer than planned" is an assurance that failed, and the next one
-- deserves more challenge.
rule {
  id = "delivery.missed-commitment",
  title = "An earlier assurance to the committee was not kept",
  severity = "warning",
  tags = { "delivery", "assurance" },
  doc = [[
A paragraph recalls what the committee was told or promised before ("had been told", "had been
assured", "had been promised") and says, in the same paragraph, that it did not happen ("taken
longer than planned", "had not", "still"). A broken assurance is a reason to ask for evidence,
not another promise, next time.]],
  args = {
    earlier = { "had been told", "had previously been told", "was previously told", "were previously told",
                "had been assured", "had previously been assured", "had been promised", "had been advised that",
                "had been given an assurance", "had given an assurance", "previously reported that",
                "previously assured" },
    unkept = { "longer than planned", "longer than expected", "later than planned", "later than expected",
               "had not", "still not", "not yet", "yet to", "slipped", "not happened", "did not happen",
               "not been delivered", "not been met", "not been achieved", "not materialised", "missed" },
  },
  check = function(item, ctx)
    for _, p in ipairs(minutes.discussion(item)) do
      if p:has_any(ctx.args.unkept) then
        for _, s in ipairs(p:sentences()) do
          local m = s:find_any(ctx.args.earlier)[1]
          if m then
            ctx:flag{ at = s, message = ("\"%s\", but not delivered: %s"):format(m.text, minutes.clip(s.text, 100)) }
            break
          end
        end
      end
    end
  end,
}
