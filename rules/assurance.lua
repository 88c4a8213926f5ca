-- Assurance: what the committee was told, and on what evidence.
--
-- Scrutiny turns on the quality of the answers members get. These rules pick out reassurance
-- given without a figure or a date, risks to a timetable that lie outside the service, and
-- questions that were answered only with a promise.

local minutes = require "lib.minutes"

-- Whether `m`'s sentence holds, at or after the match, a figure or a date that pins down a time:
-- the evidence that turns a reassurance into a commitment ("expected to improve take-up to 85% by
-- March 2025").
local function evidenced_after(item, m)
  for _, f in ipairs(m.sentence.figures) do
    if minutes.starts_after(f, m) then return true end
  end
  local d = minutes.deadline_in(item, m.sentence, m)
  return d ~= nil and minutes.starts_after(d, m)
end

-- A claim of good performance is evidence enough when it names what it is compared with.
local COMPARED = " unless (compar*|national|statistical neighbour*|average|benchmark*)"

-- Calls found(m) for each match of set `name` in the discussion, one per sentence at most: the
-- first for which found returns true.
local function per_sentence(item, name, found)
  local seen = {}
  for _, m in ipairs(minutes.discussion_matches(item, name)) do
    local key = m.sentence.offset
    if not seen[key] and found(m) then seen[key] = true end
  end
  return seen
end

-- Why: "Members were assured that all cases are taken seriously", "it was anticipated that
-- performance would improve": a comfort, not evidence; the committee should ask for the figure
-- it expects and the date.
rule {
  id = "assurance.unevidenced-reassurance",
  title = "Reassurance given without evidence",
  severity = "warning",
  tags = { "assurance", "evidence" },
  doc = [[
A sentence of the discussion offers reassurance without a figure or a date to hold it to: members
"were assured" or "reassured", officers "were satisfied" or "confident", it "was hoped" or
"anticipated" that things "would improve", work "was ongoing" or "in place", action "was being
taken", the service "was performing well", a rise was "a relatively small number" or "a challenge
nationally". Members saying they were not assured are reported too. Reassurance without evidence
is where scrutiny should press: by how much, by when, and how will the committee know? Sentences
that give a figure or a date after the reassurance are not reported.]],
  patterns = { "reassurance", "unassured" },
  args = {
    reassurance = {
      -- told so
      "(was|were|been|felt|feel) [fully|suitably|duly|further|also] (assured|reassured) unless (not|n't|never|no)",
      "(assured|reassured) {body} unless (not|n't|never)",
      "(gave|give|given|provided|provide|offered|offer) [an|the|their|his|her|full|strong|further|some] (assurance*|reassurance*)",
      "(satisfied|confident) (that|with) unless (not|n't|whether|if)",
      -- hoped or expected
      "(anticipat*|hope|hoped|hopeful) that",
      "it (is|was) (hoped|anticipated)",
      "(should|would|will|expected to|likely to) (improve|see an improvement|be resolved|be addressed|get better|be more positive)",
      -- work said to be in hand
      "(work|action|actions|activity|steps|measures|process*|arrangements|systems|procedures|safeguards|checks"
        .. "|mechanisms|matter|issue) (was|were|is|are|has been|had been|remain*) [being|now|already|also|robustly]"
        .. " (ongoing|underway|under way|in place|taken|undertaken|progressing|continuing|in hand)",
      "robust (process*|arrangement*|system*|procedure*|mechanism*|monitoring|oversight|plan|plans)",
      "(kept|keep|keeping|remain|remains|remained) under [close|regular|constant] review",
      "work [has|had] [already|now] (continu*|commenc*|begun|began|start*) unless (not|n't)",
      "(action|improvement|recovery|delivery) plan (was|is|had been|has been) [now] [put] in place",
      "progress (was|is|had been|has been) being made",
      "(would|will) ensure that",
      "(is|are|was|were) [now|currently|already] being [closely|carefully|regularly] (addressed|tackled|monitored"
        .. "|filled|looked into)",
      "(working|worked) with ...{0,4} to (improve|better|address|tackle|resolve)",
      "(resources|funding|support) (would|will) be (made available|provided|found)",
      -- good performance asserted, a problem played down
      "(performing|performed|doing) [extremely|very|really|particularly|exceptionally] well" .. COMPARED,
      "good track record" .. COMPARED,
      "(we|officers) (feel|felt|believe|believed) ...{0,6} (good|well|robust|effective|appropriate)",
      "(relatively|very|quite|comparatively) (small|low) (number|proportion|percentage|amount)",
      "(challeng*|issue*|problem*|difficult*|pressure*) (nationally|across the country)",
      "(indicators|early signs|feedback) (suggest*|indicat*) that",
    },
    unassured = {
      "(not|n't|never) [felt|been|be|feel|fully] [fully|sufficiently|entirely|wholly] (assured|reassured|convinced)",
    },
  },
  check = function(item, ctx)
    local seen = per_sentence(item, "unassured", function(m)
      ctx:flag{ at = m.sentence, message = ("members not assured (\"%s\"): %s"):format(m.text,
        minutes.clip(m.sentence.text, 100)) }
      return true
    end)
    per_sentence(item, "reassurance", function(m)
      local key = m.sentence.offset
      if seen[key] or evidenced_after(item, m) then return false end
      ctx:flag{ at = m.sentence, message = ("reassurance without a figure or date (\"%s\"): %s"):format(m.text,
        minutes.clip(m.sentence.text, 100)) }
      return true
    end)
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
A sentence about a timetable, deadline or delivery (`timing`) names an outside risk or condition
("there may be an impact from the coronavirus", "subject to funding", "dependent on", "outside the
council's control"). The committee should record the risk and ask when it will hear if the date
slips. Conditions that are not about time ("subject to a child protection plan", "not
over-dependent on agency workers") and the steps of governance ("subject to approval at the next
meeting", "subject to Cabinet agreement") are not reported.]],
  patterns = { "risks", "timing" },
  args = {
    risks = {
      "(may|might|could) be [an] (impact|impacted|affected|delayed|at risk)",
      '("dependent"|"depends"|"contingent"|"reliant") (on|upon)',
      "subject to [the] (funding|availability|recruitment|capacity|resources|outcome|success|grant|bid|market)",
      "(outside|beyond) [of] [the] (council's|our|its|their|authority's|service's) control",
    },
    timing = {
      "(timeframe|time frame|timescale*|timetable|deadline|deliver*|complet*|on track|by the end of|go live|implement*"
        .. "|schedul*|launch*|date)",
    },
  },
  check = function(item, ctx)
    per_sentence(item, "risks", function(m)
      if #m.sentence:match("timing") == 0 and not minutes.deadline_in(item, m.sentence) then return false end
      ctx:flag{ at = m.sentence, message = ("timetable at risk (\"%s\"): %s"):format(m.text,
        minutes.clip(m.sentence.text, 100)) }
      return true
    end)
  end,
}

-- The first match of the calling rule's pattern set `name` in each sentence of `item`, by
-- sentence (objects of one document are the same tables, so they key it): one pass over the
-- item's matches instead of a call per sentence.
local function first_by_sentence(item, name)
  local by, ms = {}, item:match(name)
  for i = 1, #ms do -- (a numeric loop: ipairs calls into C at every step)
    local s = ms[i].sentence
    if not by[s] then by[s] = ms[i] end
  end
  return by
end

-- What answers question sentence number `i` of the discussion's sentences: the rest of its
-- paragraph or, when the question ends its paragraph, the whole next paragraph (the "· question?"
-- then answer layout): in both cases the sentences from i + 1 to the end of i + 1's paragraph.
-- `answers` gives, for such a run starting at j, its first `deferred` and `deferrals` matches and
-- its figures, each sentence read once however many questions a paragraph asks; with it, `same`,
-- the sentences, their paragraphs and the set of paragraphs that defer something.
local function answers(item)
  local sentences, para, direct, later, figures = {}, {}, {}, {}, {}
  local paras = minutes.discussion(item) -- (the sentences of the discussion and their paragraphs)
  for i = 1, #paras do
    local p = paras[i]
    local ss = p:sentences()
    for k = 1, #ss do
      sentences[#sentences + 1] = ss[k]
      para[#sentences] = p
    end
  end
  local n = #sentences
  local deferred, deferrals, nfig = first_by_sentence(item, "deferred"), first_by_sentence(item, "deferrals"), {}
  local deferring = {} -- the paragraphs with a deferral: only a run of one can answer with a promise
  for s in pairs(deferred) do deferring[s.paragraph] = true end
  for s in pairs(deferrals) do deferring[s.paragraph] = true end
  local figs = item.figures
  for i = 1, #figs do
    local s = figs[i].sentence
    nfig[s] = (nfig[s] or 0) + 1
  end
  local function same(a, b) return b <= n and rawequal(para[a], para[b]) end
  return function(j)
    if not figures[j] then
      local e = j
      while same(j, e + 1) and not figures[e + 1] do e = e + 1 end
      for k = e, j, -1 do
        local s, nxt = sentences[k], same(k, k + 1) and k + 1
        direct[k] = deferred[s] or (nxt and direct[nxt]) or false
        later[k] = deferrals[s] or (nxt and later[nxt]) or false
        figures[k] = (nfig[s] or 0) + (nxt and figures[nxt] or 0)
      end
    end
    return direct[j] or nil, later[j] or nil, figures[j], para[j]
  end, same, sentences, para, deferring
end

-- Whether a sentence asks something: a question mark, or "asked", "queried" and the like (a
-- sentence of `asks`, the first match of "asks" by sentence); lead-ins to a list of points
-- ("asked questions on the following issues:-") are not questions.
local function is_question(s, asks)
  local text = s.text
  -- ends in ":" or ":-" and spaces (a pattern anchored at the end is tried from every byte)
  local e = #text
  while e > 0 and minutes.is_space(text:byte(e)) do e = e - 1 end
  if text:byte(e) == 45 then e = e - 1 end
  if e > 0 and text:byte(e) == 58 then return false end
  return text:find("?", 1, true) ~= nil or asks[s] ~= nil
end

-- Why: a question answered only with "a briefing note would be circulated", or an officer without
-- the figure to hand, leaves the public record without the answer, and the committee without it
-- when it decided.
rule {
  id = "assurance.deferred-answer",
  title = "An answer deferred: information not to hand or promised for later",
  severity = "notice",
  tags = { "assurance", "followup", "information" },
  doc = [[
An answer was put off. Either the minutes say so in one sentence (`deferred`): the figure or the
information was not to hand, on hand or available, an answer "would be provided after the
meeting", "a written response would be provided", an officer "agreed to provide the information";
or a member's question was answered only with a promise (`deferrals`: "would be circulated",
"undertook to", "would look into") and the answer holds no figure. The committee decided without
the information, and the public minutes never record it.]],
  patterns = { "deferred", "deferrals", "asks" },
  args = {
    asks = { "(asked|queried|sought|enquired|inquired|requested information)" },
    deferred = {
      "(did not|does not|do not|had not|has not|didn't|doesn't|don't|hadn't|hasn't|not|no) ...{0,4}"
        .. " (figure*|information|data|detail*|number*|breakdown|statistic*|answer*)"
        .. " ...{0,4} (to hand|on hand|available at the meeting|with (him|her|them|me|us))",
      "(figure*|information|data|detail*|number*|breakdown|statistic*|answer*) (was|were|is|are) not [yet]"
        .. " (to hand|on hand|available)",
      "(not|n't) [yet|readily|immediately] (to hand|on hand)",
      "(unable|not able|not possible) to (provide|give|answer|confirm|quote) [the|a|that|this]",
      "(provided|circulated|sent|shared|supplied|given|forwarded|confirmed|reported|answered|picked up|taken up"
        .. "|followed up|responded to) (after|outside|following) [of] the meeting",
      "(written (response|answer|reply)|(response|answer|reply) in writing) ...{0,8} (would|will|to) be"
        .. " (provided|sent|given|circulated|made)",
      "(would|will|to) (respond|reply|answer) ...{0,3} in writing",
      "agreed to (provide|circulate|send|share|supply|forward|obtain|find out) [the|this|that|further|more|a|any]"
        .. " ...{0,2} (information|figure*|data|detail*|breakdown|answer|response|number*)",
    },
    deferrals = {
      "(would|will) be (circulated|shared with|provided to (members|the committee))",
      "would ensure the information was circulated",
      "would provide (the|a) (figure|information|data|breakdown|details)",
      "(information|figures) would be provided",
      "undertook to",
      "did not have the (figure|information|data)",
      "would (look into|find out|report back|come back|write to)",
      "(would|will) (let|keep) {body} (know|informed)",
      "briefing note would be",
    },
  },
  check = function(item, ctx)
    -- "asks" alone reports nothing: most items ask something, few defer an answer
    if #item:match("deferred") == 0 and #item:match("deferrals") == 0 then return end
    -- questions first: a deferral in the answer is reported at the question
    local answer, same, sentences, para, deferring = answers(item)
    local asks = first_by_sentence(item, "asks")
    local from = {} -- paragraph -> the first sentence of it an answer took
    for i = 1, #sentences do
      local q = sentences[i]
      -- (the answer is sentence i + 1 on to the end of its paragraph: a question is read only
      -- when that paragraph defers something)
      if i < #sentences and deferring[para[i + 1]] and is_question(q, asks) then
        local direct, later, figures, p = answer(i + 1)
        local m = direct or (figures == 0 and later)
        if m then
          if not from[p] then from[p] = i + 1 end
          ctx:flag{ at = q, message = ("answered only with a promise (\"%s\"): %s"):format(m.text,
            minutes.clip(q.text, 100)) }
        end
      end
    end
    local answered = {}
    for _, j in pairs(from) do
      local k = j
      repeat
        answered[sentences[k].offset] = true
        k = k + 1
      until not same(j, k)
    end
    -- then deferrals the minutes state on their own: "the figures were not to hand"
    per_sentence(item, "deferred", function(m)
      if answered[m.sentence.offset] then return false end
      ctx:flag{ at = m.sentence, message = ("answer deferred (\"%s\"): %s"):format(m.text,
        minutes.clip(m.sentence.text, 100)) }
      return true
    end)
  end,
}
