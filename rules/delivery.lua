-- Delivery: are recommendations and plans being delivered as promised?
--
-- Improvement plans and scrutiny reviews produce recommendations; monitoring reports come back
-- to say how they are going. These rules pick out what has slipped, what waits on a new system,
-- and what the committee was told before and did not happen.

local minutes = require "lib.minutes"

-- One finding per paragraph: the first sentence of each discussion paragraph with a match of one
-- of `sets` (this rule's pattern set names) for which keep(match), if given, is true; calls
-- found(sentence, match).
local function first_per_paragraph(item, sets, found, keep)
  local seen, hits = {}, {}
  for _, set in ipairs(sets) do
    for _, m in ipairs(minutes.sentence_matches(item, set)) do
      if not keep or keep(m) then hits[#hits + 1] = m end
    end
  end
  table.sort(hits, function(x, y) return not minutes.starts_after(x, y) end)
  for _, m in ipairs(hits) do
    local p = m.sentence.paragraph
    local key = p.offset
    if not seen[key] then
      seen[key] = true
      found(m.sentence, m)
    end
  end
end

-- What slipping looks like in a plan: the words of completion negated, the words of delay, the
-- words of a schedule missed. Indicators that miss a target are performance, not delivery.
local NOT_DONE = "(achieve|achieved|complete|completed|deliver|delivered|met|implement|implemented|progressed"
  .. "|actioned|undertaken|introduced|established|set up|finalised|finalized|started|launched|rolled out"
  .. "|carried out|published|commissioned|happen|happened|materialised|taken place|considered|presented|ready|begun"
  .. "|began|commenced)"
local SLIPPED = {
  -- "would not be achieved", "Cabinet had not yet considered them", "was not completed"
  "(not|never) [yet] [be|been|being] " .. NOT_DONE .. " unless (indicator|indicators|kpi|kpis|{percent}|\"target of\"|if|whether|necessary|appropriate)",
  "(yet to|still to|failed to|unable to) [be] " .. NOT_DONE,
  -- "were delayed", "would be deferred", "decided to pause", "slippage"
  "(be|been|being|was|were|is|are) [further|now|again] (delayed|postponed|deferred|rescheduled|put back|pushed back"
    .. "|paused|held over|carried forward|stalled|suspended)",
  "(decision|decided|agreed|agree|had|have|has) to (postpone|defer|delay|pause|suspend|put back|push back)",
  "(\"slipped\"|\"slippage\"|\"stalled\"|delayed action|delay in|delays in)"
    .. " unless (\"if there\"|any slippage|no slippage|no delay|without delay|avoid|prevent|minimise|reduce)",
  -- "behind schedule", "off track", "still outstanding", "longer than planned", "missed the deadline"
  "(behind|beyond) [the|its|their] (schedule|plan|timetable|timescale|timescales|deadline|programme)",
  "(off track|not on track|rated red|red rated|running late|running behind)",
  "(remain|remains|remained|still) outstanding",
  -- "the completion date had been extended to March", "the launch date was put back"
  "(date|deadline|timescale|timescales|timetable) ...{0,6} (extended|moved|pushed back|put back|revised|delayed"
    .. "|slipped) unless (not|no|if|meeting)",
  "(action|actions|recommendation|recommendations|milestone|milestones) ...{0,8} overdue",
  "overdue (action|actions|recommendation|recommendations|milestone|milestones)",
  "(longer|later|slower) than (planned|expected|anticipated|intended|scheduled|hoped|originally)",
  "missed [the|its|their|a] [original|agreed] (deadline|target date|date|timescale|timescales|milestone)",
}

-- Why: a recommendation "not achieved in this financial year" or an action "behind schedule" is
-- where a committee should ask why, and what the new date is.
rule {
  id = "delivery.not-achieved",
  title = "Recommendations or actions delayed, slipping or not achieved",
  severity = "warning",
  tags = { "delivery", "recommendations", "improvement-plan" },
  patterns = { "phrases" },
  doc = [[
The discussion reports that a recommendation, action or piece of business was delayed, deferred,
postponed, has slipped, is behind schedule, remains outstanding or will not be achieved. Slippage in
an improvement plan or in the recommendations of a scrutiny review is what the committee exists to
challenge: it should ask for the reason, a new date and the effect on children. Hypothetical
slippage ("if there was any slippage") and indicators below target (performance rules) are not
reported. One finding per paragraph.]],
  args = { phrases = SLIPPED },
  check = function(item, ctx)
    first_per_paragraph(item, { "phrases" }, function(s, m)
      ctx:flag{ at = s, message = ("\"%s\": %s"):format(minutes.clip(m.text, 60), minutes.clip(s.text, 100)) }
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
  patterns = { "systems", "waiting" },
  args = {
    systems = { "(mosaic|liquidlogic|eclipse|carefirst|\"lcs\"|\"ehm\")",
                "(case management|case recording|recording|it|ict|new|information|client) (system|systems|platform)" },
    -- the same sentence says the system is not there yet
    waiting = { "(without|until|awaiting|await|pending)", "not yet", "(once|when) [it|the|this|that]",
                "(go|goes|going|went|gone) live", "(depend*|relian*|rely|relies|contingent)",
                "(should|would|will|could) (allow|enable)", "(delay|delays|delayed) [in] (implement*|introduc*|roll*)" },
  },
  check = function(item, ctx)
    first_per_paragraph(item, { "systems" }, function(s, m)
      ctx:flag{ at = s, message = ("depends on %s: %s"):format(m.text, minutes.clip(s.text, 100)) }
    end, function(m) return #m.sentence:match("waiting") > 0 end)
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
  patterns = { "earlier", "unkept" },
  args = {
    earlier = {
      -- "had been told", "had previously been assured", "had been given an assurance", "was promised"
      "(had|has|have) [previously|already|earlier|originally|twice|repeatedly] been [previously|already|earlier"
        .. "|originally] (told|assured|promised|advised|informed|given an assurance|given assurances|given a commitment)",
      "(was|were) (previously|already|earlier|originally|twice|repeatedly) (told|assured|promised|advised|informed)",
      "(was|were) promised",
      "(had|has|have) [previously|already|earlier|originally|twice|repeatedly] (given|made|received) [an|a] (assurance"
        .. "|assurances|commitment|promise|undertaking)",
      "previously (reported|assured|promised|agreed|committed|undertaken|told)",
      -- what the committee itself asked for: "the Panel had asked for termly reports"
      "(had|has|have) [previously|already|earlier|repeatedly|twice] (asked|requested|agreed|called) (for|that)",
    },
    -- the same paragraph says it did not happen
    unkept = {
      "(had|has|have|did|was|were) not", "(nothing|none) (had|has|have|was|were)", "no (update|progress|report|response|change)",
      "(still|yet) not", "not yet", "yet to", "(slipped|slippage|missed|stalled)",
      "(longer|later|slower) than (planned|expected|anticipated|intended|promised|hoped)", "not (materialised|happened)",
    },
  },
  check = function(item, ctx)
    first_per_paragraph(item, { "earlier" }, function(s, m)
      ctx:flag{ at = s, message = ("\"%s\", but not delivered: %s"):format(minutes.clip(m.text, 60),
        minutes.clip(s.text, 100)) }
    end, function(m) return #m.sentence.paragraph:match("unkept") > 0 end)
  end,
}
