-- Assurance: what the committee was told, and on what evidence.
--
-- Scrutiny turns on the quality of the answers members get. These rules pick out reassurance
-- given without a figure or a date, risks to a timetable that lie outside the service, and
-- questions that were answered only with a promise.

local minutes = require "lib.minutes"

-- Why: "it was anticipated that performance would improve" is a hope, not a plan; the committee
-- should ask for the figure it expects and the date.
rule {
  id = "assurance.unevidenced-reassurance",
  title = "Reassurance given without evidence",
  severity = "warning",
  tags = { "assurance", "evidence" },
  doc = [[
A sentence offers reassurance about the future ("it was anticipated that performance would
improve", "it was hoped", "should improve", "was confident that") without a figure or a date to
hold it to. Reassurance without evidence is where scrutiny should press: by how much, by when, and
how will the committee know? Sentences that give a target figure or a date are not reported.]],
  args = {
    phrases = { "anticipated that", "it was hoped", "it is hoped", "hoped that", "should improve", "would improve",
                "will improve", "expected to improve", "should see an improvement", "would see an improvement",
                "was confident that", "were confident that", "is confident that", "are confident that",
                "felt confident that", "should be resolved", "would be resolved", "should be addressed" },
  },
  check = function(item, ctx)
    for _, s in ipairs(minutes.discussion_sentences(item)) do
      local m = s:find_any(ctx.args.phrases)[1]
      if m and #s.figures == 0 and not minutes.deadline_in(item, s) then
        ctx:flag{ at = s, message = ("reassurance without a figure or date (\"%s\"): %s"):format(m.text,
          minutes.clip(s.text, 100)) }
      end
    end
  end,
}

-- Why: "completed within the timeframe, however there may be an impact from the coronavirus":
-- a timetable that depends on outside events needs a fallback date.
rule {
  id = "assurance.external-risk",
  title = "A timetable at risk from outside factors",
  severity = "notice",
  tags = { "assurance", "risk", "delivery" },
  doc = [[
A sentence about a timetable, deadline or delivery names an outside risk or condition ("there may
be an impact from the coronavirus", "subject to funding", "dependent on"). The committee should
record the risk and ask when it will hear if the date slips. Conditions that are not about time
("subject to a child protection plan", "not over-dependent on agency workers") are not reported.]],
  args = {
    risks = { "may be an impact", "might be an impact", "could be an impact", "may be impacted", "could be impacted",
              "may be affected", "could be affected", "might be affected", "coronavirus", "covid", "pandemic",
              "dependent on", "depends on", "contingent on", "subject to funding", "subject to approval",
              "subject to agreement", "subject to the outcome", "subject to availability",
              "subject to the availability", "subject to recruitment", "subject to consultation",
              "subject to capacity", "subject to cabinet", "subject to resources", "outside the council's control",
              "beyond the council's control", "outside of the council's control", "outside our control" },
    timing = { "timeframe", "time frame", "timescale", "timetable", "deadline", "deliver", "complet", "on track",
               "by the end of", "go live", "implement", "schedule", "launch", "date" },
  },
  check = function(item, ctx)
    for _, s in ipairs(minutes.discussion_sentences(item)) do
      local m = s:find_any(ctx.args.risks)[1]
      if m and (s:has_any(ctx.args.timing) or minutes.deadline_in(item, s)) then
        ctx:flag{ at = s, message = ("timetable at risk (\"%s\"): %s"):format(m.text, minutes.clip(s.text, 100)) }
      end
    end
  end,
}

-- The sentences that answer question sentence number `i` of `sentences`: the rest of its
-- paragraph or, when the question ends its paragraph, the whole next paragraph (the "· question?"
-- then answer layout).
local function answer_to(sentences, i)
  local q = sentences[i]
  local out = {}
  for j = i + 1, #sentences do
    if sentences[j].paragraph ~= q.paragraph then break end
    out[#out + 1] = sentences[j]
  end
  if #out > 0 then return out end
  local next_para = sentences[i + 1] and sentences[i + 1].paragraph
  for j = i + 1, #sentences do
    if sentences[j].paragraph ~= next_para then break end
    out[#out + 1] = sentences[j]
  end
  return out
end

-- Whether a sentence asks something: a question mark, or "asked", "queried" and the like; lead-ins
-- to a list of points ("asked questions on the following issues:-") are not questions.
local function is_question(s, asks)
  local text = s.text
  if text:match(":%-?%s*$") then return false end
  return text:find("?", 1, true) ~= nil or s:has_any(asks)
end

-- Why: a question answered only with "a briefing note would be circulated" leaves the public
-- record without the answer, and the committee without it when it decided.
rule {
  id = "assurance.deferred-answer",
  title = "A question answered only with a promise of information",
  severity = "notice",
  tags = { "assurance", "followup", "information" },
  doc = [[
A member's question was answered only with a promise ("would be circulated", "would be provided",
"undertook to", "did not have the figure to hand"): the answer holds no figure. The committee
decided without the information, and the public minutes never record it. Answers that give a
figure as well as a promise are not reported.]],
  args = {
    asks = { "asked", "queried", "sought", "enquired", "inquired", "asked for information", "requested information" },
    deferrals = { "would be circulated", "will be circulated", "would ensure the information was circulated",
                  "would provide the figure", "would provide the information", "would provide the data",
                  "would provide a breakdown", "would provide details", "would be provided to members",
                  "would be provided to the committee", "information would be provided", "figures would be provided",
                  "undertook to", "did not have the figure", "did not have the information", "did not have the data",
                  "not have the figure", "would look into", "would find out", "would report back",
                  "would come back", "briefing note would be", "would be shared with", "would write to" },
  },
  check = function(item, ctx)
    local sentences = minutes.discussion_sentences(item)
    for i, q in ipairs(sentences) do
      if is_question(q, ctx.args.asks) then
        local answer = answer_to(sentences, i)
        local deferred, figures = nil, 0
        for _, s in ipairs(answer) do
          deferred = deferred or s:find_any(ctx.args.deferrals)[1]
          figures = figures + #s.figures
        end
        if deferred and figures == 0 then
          ctx:flag{ at = q, message = ("answered only with a promise (\"%s\"): %s"):format(deferred.text,
            minutes.clip(q.text, 100)) }
        end
      end
    end
  end,
}
