-- Follow-up: what the committee was promised, and what it is still waiting for.
--
-- Minutes are full of undertakings: information to be circulated, a report to come back in
-- September. These rules list them so that the next meeting can check they were kept.

local minutes = require "lib.minutes"

-- Word families the patterns below share (each word matches by stem: "present" finds presented,
-- presenting, presentation).
local LATER = "[then|also|now|further|again|only|therefore|duly|formally]"
-- what is done with a report or an item that comes back
local BRING = "(present|submit|report|bring|brought|consider|include|add|added|adding|table|schedule|take|taken|return|put|place"
  .. "|refer|address|discuss|review|revisit|examine|receive|update|debate|explore|look at|provide|give|given|circulate"
  .. "|share)"
-- what is done with information after the meeting
local SEND = "(circulate|share|provide|send|sent|forward|supply|email|e-mail|distribute|issue|made available"
  .. "|give|given|pass|passed)"
-- what was promised
local INFO = "(information|figure|figures|data|detail|details|breakdown|note|briefing|answer|response|reply"
  .. "|clarification|confirmation|analysis|copy|list|summary|explanation|numbers|statistics|update|paper"
  .. "|report|map|table|chart|feedback|comparison|comparisons|costs|timeline|timescale|timescales)"
-- the same before its verb, without "report" and "update", which start "reported that ... would be provided"
local INFO_BEFORE = INFO:gsub("|report", ""):gsub("|update", "")
-- information that goes to others than the committee, or always does, is routine sharing, not a
-- promise to it
local ELSEWHERE = "unless ((to|with) ...{0,3} (school|schools|police|partner|partners|agency|agencies|department|dfe"
  .. "|ofsted|government|parent|parents|carer|carers|famil*|provider|providers|health|nhs|trust|professionals"
  .. "|practitioners|staff|public|court|courts)|usually|routinely|always|regularly)"
-- who it goes to
local TO = "(to|with) ({body}|members|councillors|councillor|the chair|cllr)"

-- Why: a promise made at the table ("would ensure the information was circulated") is the
-- commonest way information escapes the public record; the next meeting should minute that it
-- arrived.
rule {
  id = "followup.promised-information",
  title = "Information was promised after the meeting",
  severity = "notice",
  tags = { "followup", "information" },
  patterns = { "promises" },
  doc = [[
An officer undertook to circulate, provide or find out information, or a briefing note, after the
meeting. Such promises are easily lost, and what is circulated to Members is not in the public
minutes: the committee should check at its next meeting that the information arrived and minute
the answer. Weak forms ("would provide", "would look into") count only when the sentence says what
(information, figures, a response) or for whom (Members, the committee).]],
  args = {
    promises = {
      -- "agreed to provide the figures", "undertook to find out", "offered to circulate"
      "(agree|undertake|undertook|promise|offer|commit|ask|asked) to " .. SEND .. " ...{0,6} " .. INFO,
      "(agree|undertake|undertook|promise|offer|commit) to (find out|look into|follow up|check|investigate|confirm"
        .. "|clarify|feed back|get back|respond|write|circulate|share|provide|send|forward|supply|advise|report back)",
      -- "a briefing note would be sent to Members", "the response would be shared with the committee"
      "be " .. LATER .. " " .. SEND .. " ...{0,8} " .. TO,
      INFO_BEFORE .. " ...{0,10} (would|will|shall|could|should|to|can) " .. LATER .. " be " .. LATER .. " " .. SEND
        .. " " .. ELSEWHERE,
      -- "would send the figures", "will provide a breakdown", "to share the response with the committee"
      "(would|will|shall) " .. LATER .. " " .. SEND .. " ...{0,6} " .. INFO .. " " .. ELSEWHERE,
      "(would|will|shall|to) " .. LATER .. " " .. SEND .. " ...{0,6} " .. TO,
      -- "would find out", "would look into the matter and respond to Members", "would ensure the information was circulated"
      "(would|will|shall) " .. LATER .. " (find out|look into|follow up|follow this up|follow it up|investigate|clarify"
        .. "|feed back|get back|write to|respond to)",
      "(would|will) " .. LATER .. " (check|confirm|ensure|look at|advise|explore) ...{0,10} (" .. INFO:sub(2, -2)
        .. "|members|councillors|the committee|the panel|the board|the query|the question|the matter|the point|the issue)"
        .. " unless (usually|routinely|always|regularly)",
      -- "a briefing session would be arranged for Members"
      "(briefing|briefings|workshop|session|seminar|visit|meeting) ...{0,4} (would|will|shall|to) be (arranged|organised"
        .. "|organized|held|offered|set up) ...{0,4} (for|with) ({body}|members|councillors)",
      -- "would respond in writing", "will reply by email"
      "(would|will|shall|to) " .. LATER .. " (respond|reply|answer|write|confirm) ...{0,4} (in writing|by letter|by email|by e-mail)",
      -- "would check with the service and find out if", "will get back to Members"
      "(would|will|shall) ...{0,10} (find out|feed back|get back to)",
      -- asked for at the table, so to come after it: "requested further details", "asked that the
      -- figure be checked"
      "(request|ask) [for] (further|more|additional|written) ...{0,2} (detail|details|information|data|figures"
        .. "|breakdown|analysis|explanation|clarification)",
      "(request|ask) ...{0,8} be (clarified|confirmed|explained|provided|circulated|checked|investigated"
        .. "|followed up|shared|sent)",
      -- an action line: "ACTION – the Head of Service to provide the figures", "Action: Jo Bell to confirm the dates"
      "action ...{0,8} to (advise|provide|circulate|send|share|report|update|confirm|bring|present|look|find|check"
        .. "|investigate|arrange|write|contact|liaise|clarify|feed|forward|email|supply) unless (take|taken|took|taking) action",
    },
  },
  check = function(item, ctx)
    for _, m in ipairs(minutes.sentence_matches(item, "promises")) do
      local s = m.sentence
      ctx:flag{ at = s, message = ("promised after the meeting (\"%s\"): %s"):format(minutes.clip(m.text, 60),
        minutes.clip(s.text, 100)) }
      -- kept for later meetings: due at the next one (followup.overdue-commitment)
      ctx:record("commitment", { at = s, what = "information", due = "the next meeting", due_by = "" })
    end
  end,
}

-- The forms of "something will come back to the committee": at a meeting, to a body, on its agenda
-- or in a later report. Shared by the dated and the undated rule below.
local DUE_BACK = {
  -- "would be put to a later meeting of the Board", "be looked at again at the next meeting"
  "be " .. LATER .. " " .. BRING .. " ...{0,12} {meeting}",
  -- "will be brought to the panel meeting planned for 3 May"
  "be " .. LATER .. " " .. BRING .. " ...{0,12} (meeting|session) [scheduled|planned|arranged|due|held] (for|on|in) {date}",
  -- "would be reported to the Committee in January", "be submitted to the Panel"
  "be " .. LATER .. " (present|submit|report|bring|brought|take|taken|refer|return) [back] ...{0,6}"
    .. " (to|before|through|at) {body}",
  -- "would report back", "to bring it back", "would come back to the Committee", "will go forward to"
  "(would|will|shall|should|could|to|can) " .. LATER .. " (report|come|bring|brought|return|feed|go|take) ...{0,3}"
    .. " (back|forward) ...{0,6} ({body}|{meeting})",
  "(would|will|shall|should|could|to|can) " .. LATER .. " (report|come|bring|return|feed) ...{0,3} back",
  -- "be brought back in six months' time", "should be referred back to the Panel"
  "be " .. LATER .. " (brought|taken|referred|sent|reported|come) back",
  "(would|will|shall|should|could|to|can) " .. LATER .. " (report|present|bring|submit|provide|give|take|return|update"
    .. "|come|go|revisit|consider|review|discuss|receive|examine|look at|look again at) ...{0,12} {meeting}",
  -- "be added to the work programme", "would be included in the next report", "should now be a standing item"
  "be " .. LATER .. " (add|added|adding|include|put|place|schedule|list|incorporate) ...{0,8}"
    .. " (agenda|programme|plan|report|update|briefing|paper)",
  "standing item",
  "(would|will) like [to] [receive|see|have] [regular|further|more|an] (update|updates|report|reports|briefing|briefings)",
  -- "asked for an update ... before the budget report", "a further report in March"
  "(request|ask|like|want|to receive|would receive|will receive) [for] [a|an|the|regular|further|more|an additional] ...{0,2}"
    .. " (update|updates|report|reports|briefing|briefings|progress report|presentation) ...{0,14}"
    .. " ({meeting}|{month}|{date}|future|next|regular|regularly|prior to|before)",
  "(further|progress|follow up|final|full|future|next|another) (report|update|briefing) ...{0,12}"
    .. " ({meeting}|{month}|{date}) unless (receiv|welcom|present|consider|introduc|note)",
}

-- Resolutions look forward by themselves: "the Head of Service presents a plan to the meeting on
-- 6 May", "ACTION: the Manager to report on the campaign by 30 September".
local DUE_BACK_RESOLVED = {
  "(report|present|provide|submit|bring|update|circulate|share|send|give) ...{0,14}"
    .. " (to|at|by|before|in|on|until) ...{0,2} ({meeting}|{date}|{month}) unless (had been|has been|have been|was|were)",
  "(report|present|submit|bring) ...{0,8} (to|before) {body} unless (had been|has been|have been|was|were)",
  -- "That the Committee receives the first audit results by the end of October"
  "(\"receive\"|\"receives\"|\"see\"|\"sees\") ...{0,10} (to|at|by|before|in|on|until) ...{0,2}"
    .. " ({meeting}|{date}|{month})",
}

-- Words that make a report-back open-ended whatever else the sentence says.
local OPEN_ENDED = { "as and when", "in due course", "when available", "if required", "when appropriate",
                     "at a later date", "at some point", "in the future", "later in the year" }
-- Words that give a report-back a schedule instead of a date.
local EVERY = { "months' time", "months time", "weeks' time", "weeks time", "year's time", "in six months",
                "in three months", "in twelve months", "quarterly", "six monthly", "six-monthly", "bi annual", "bi-annual", "biannual", "annually",
                "each meeting", "every meeting", "each quarter", "every quarter", "every six months", "each year",
                "every year", "monthly" }

-- Where `m` (a match of DUE_BACK inside `obj`, a sentence or a resolution) says the report is due:
-- a date that pins it down, or nil and a reason to report it undated (nil when it looks back).
local MONTHS = { "january", "february", "march", "april", "may", "june", "july", "august", "september",
                 "october", "november", "december" }
-- The month `text` names, capitalised ("the June report", "the Nov meeting"; not "may"), or nil.
local function names_month(text)
  for w in text:gmatch("%u%a+") do
    local lw = w:lower()
    for _, name in ipairs(MONTHS) do
      if lw == name or (#lw == 3 and name:sub(1, 3) == lw) then return w end
    end
  end
  return nil
end

local function due_of(item, obj, m, args)
  -- (m.meeting is the meeting the minutes record; the slot is in m.captures)
  local slot = m.captures and m.captures.meeting
  local meeting = slot and slot.text:lower() or ""
  if not obj:has_any(args.open_ended) then
    -- a date after the phrase: one before it dates what happened ("the audit in May found ... and
    -- would be reported to the Committee")
    local a, z, after = obj.offset, obj.end_offset, m.offset -- (read once, not per date)
    for _, d in ipairs(item.dates) do
      local at = d.offset -- inside(d, obj) and starts_after(d, m):
      if at >= a and at <= z and at >= after and minutes.is_deadline(d) then return d end
    end
    -- "the next meeting", "the November meeting's agenda", "added to the June report"
    if meeting:find("next", 1, true) then return { text = slot.text, iso = "", kind = "relative" } end
    local month = (slot and names_month(slot.text)) or names_month(m.text)
    if month then return { text = month, iso = "", kind = "month" } end
    -- "quarterly", "six monthly", "at each meeting": a schedule, not one date
    local every = obj:find_any(args.every)[1]
    if every then return { text = every.text, iso = "", kind = "relative" } end
  end
  -- "the meeting", "this meeting", "the youth forum's meetings" do not look forward
  if meeting ~= "" and not (meeting:find("future") or meeting:find("later") or meeting:find("subsequent")
      or meeting:find("forthcoming") or meeting:find("upcoming") or meeting:find("following")
      or meeting:find("further") or meeting:find("appropriate") or meeting:find("suitable")) then
    return nil, nil
  end
  return nil, slot and slot.text or m.text
end

-- The report-backs of an item: calls found(obj, match, date, undated) for each sentence of the
-- discussion and each resolution that holds one.
local function each_due_back(item, ctx, found)
  for _, m in ipairs(minutes.sentence_matches(item, "report")) do
    local due, undated = due_of(item, m.sentence, m, ctx.args)
    found(m.sentence, m, due, undated, m.sentence.text)
  end
  local seen = {}
  for _, name in ipairs({ "report", "resolved" }) do
    for _, rm in ipairs(minutes.resolution_matches(item, name)) do
      local key = rm[1].offset
      if not seen[key] then
        seen[key] = true
        local due, undated = due_of(item, rm[1], rm[2], ctx.args)
        found(rm[1], rm[2], due, undated, rm[1].body)
      end
    end
  end
end

-- The report-backs of an item as a list of { obj, match, date, undated, text }. The two rules
-- below read the same ones: the second gets the list the first made for the item (objects are
-- the same within a document), unless its args are other tables (--set, a council's settings).
local due_backs = setmetatable({}, { __mode = "k" })
local function due_backs_of(item, ctx)
  local a, memo = ctx.args, due_backs[item]
  if memo and memo.report == a.report and memo.resolved == a.resolved and memo.open_ended == a.open_ended
      and memo.every == a.every then
    return memo.list
  end
  local list = {}
  each_due_back(item, ctx, function(obj, m, due, undated, text)
    list[#list + 1] = { obj, m, due, undated, text }
  end)
  due_backs[item] = { report = a.report, resolved = a.resolved, open_ended = a.open_ended, every = a.every, list = list }
  return list
end

-- Why: a report due back at a named meeting is a commitment with a date; listing it lets the
-- committee check its agenda against it.
rule {
  id = "followup.report-back",
  title = "A report is due back to the committee on a date",
  severity = "notice",
  tags = { "followup", "work-programme" },
  patterns = { "report", "resolved" },
  doc = [[
A sentence or resolution says that something will be reported, submitted, brought back or added
to the agenda at a named later date ("be submitted to the Committee in September 2018", "at its
next meeting", "included in the agenda of the next meeting"). This is good practice, not a fault:
the finding exists so that the commitment can be tracked on the work programme and checked when
the date comes. Open-ended promises ("as and when") are left to followup.undated-report-back.]],
  args = { report = DUE_BACK, resolved = DUE_BACK_RESOLVED, open_ended = OPEN_ENDED, every = EVERY },
  check = function(item, ctx)
    for _, d in ipairs(due_backs_of(item, ctx)) do
      local obj, due, text = d[1], d[3], d[5]
      if due then
        ctx:flag{ at = obj, message = ("report due \"%s\": %s"):format(due.text, minutes.clip(text, 100)) }
        ctx:record("commitment", { at = obj, what = "report", due = due.text, due_by = minutes.due_by(due, item.meeting.date) })
      end
    end
  end,
}

-- Why: "would come back to a future meeting" is a promise without a date, the kind that quietly
-- drops off the work programme.
rule {
  id = "followup.undated-report-back",
  title = "A report is to come back, but no date is set",
  severity = "notice",
  tags = { "followup", "work-programme" },
  patterns = { "report", "resolved" },
  doc = [[
A sentence says that something will come back, be reported or be put on the agenda of the
committee "at a future meeting", "in due course", as a standing item or with no date at all.
Undated report-backs drop off work programmes; the committee should fix a meeting for it.]],
  args = { report = DUE_BACK, resolved = DUE_BACK_RESOLVED, open_ended = OPEN_ENDED, every = EVERY },
  check = function(item, ctx)
    for _, d in ipairs(due_backs_of(item, ctx)) do
      local obj, due, undated, text = d[1], d[3], d[4], d[5]
      if not due and undated then
        ctx:flag{ at = obj, message = ("no date for the report back (\"%s\"): %s"):format(minutes.clip(undated, 60),
          minutes.clip(text, 100)) }
      end
    end
  end,
}

-- Ways of saying that information asked for has not come.
local AWAITED = {
  "still awaited",
  "(still|yet) (awaiting|waiting for|to receive|to be received|to be provided|to be circulated|to be shared|to see)"
    .. " unless (child|children|young|famil|assessment|placement|adopt|treatment|list)",
  "(awaited|outstanding) from",
  -- "no response had been received from the Trust"
  "no " .. INFO .. " ...{0,3} (had|has|have) [yet] been (received|provided|forthcoming|given|sent|circulated)",
  INFO .. " ...{0,10} (not|yet) [yet] [to] [been|be|have|has|had] [yet] (received|provided|circulated|shared"
    .. "|sent|supplied|arrived|forthcoming|given|answered|seen)",
  "(not|never) [yet] (received|had|got|seen) ...{0,4} " .. INFO,
  "(yet to|still not|still to) (receive|have|get|see) ...{0,4} " .. INFO,
  "(await|awaiting|waiting for|wait for) ...{0,4} (information|response|reply|definition|definitions|guidance"
    .. "|confirmation|clarification|data|figures|answer|decision|report|update|details|feedback|breakdown)"
    .. " unless (child|children|young|famil|assessment|placement|adopt|treatment|list)",
}

-- Why: a request without a date to report back ("requests a briefing note") is easily forgotten,
-- and "as and when" or "in future" are no date at all.
rule {
  id = "followup.request-no-date",
  title = "A request with no date to report back",
  severity = "notice",
  tags = { "followup", "resolutions", "outcomes" },
  patterns = { "requests" },
  doc = [[
A resolution requests or asks for something (a briefing, a report, information) but sets no date
or meeting for it, or only an open-ended one ("as and when", "in future", "in due course").
Without a date the committee has nothing to check at its next meeting, and the request tends to
lapse. (Called outcomes.request-no-date until December 2026: a request is a report due back, so it
belongs to follow-up.)]],
  args = {
    requests = { "request", "(\"asks\"|ask that|ask the|be asked|calls for|call for|invites the|invite the)" },
    when = { "next meeting", "each meeting", "every meeting", "before", "by the end", "annual", "quarterly",
             "bi annual", "six monthly", "monthly", "each quarter", "every quarter", "each month", "every month" },
    open_ended = { "as and when", "in future", "in the future", "in due course", "at a later date",
                   "when available", "when appropriate", "a future meeting" },
  },
  check = function(item, ctx)
    for _, r in ipairs(item.resolutions) do
      if #r:match("requests") > 0 then
        local open = r:find_any(ctx.args.open_ended)[1]
        if open then
          ctx:flag{ at = r, message = ("open-ended request (\"%s\"): %s"):format(open.text, minutes.clip(r.body, 80)) }
        elseif not (minutes.deadline_in(item, r) or r:has_any(ctx.args.when)) then
          ctx:flag{ at = r, message = "request with no date to report back: " .. minutes.clip(r.body, 80) }
        end
      end
    end
  end,
}

-- Why: information the committee asked for earlier and still has not had is the clearest sign
-- that its requests are not being answered.
rule {
  id = "followup.still-awaited",
  title = "Information requested earlier is still awaited",
  severity = "warning",
  tags = { "followup", "information" },
  patterns = { "phrases" },
  doc = [[
The minutes say that information, a report or a response the committee asked for earlier has not
arrived ("still awaited", "had not yet been received", "were waiting for the definitions").
Repeated non-delivery of requested information undermines scrutiny and may need escalating to the
Cabinet Member or the Chair.]],
  args = {
    phrases = AWAITED,
  },
  check = function(item, ctx)
    for _, m in ipairs(minutes.sentence_matches(item, "phrases")) do
      ctx:flag{ at = m.sentence, message = ("still awaited (\"%s\"): %s"):format(minutes.clip(m.text, 60),
        minutes.clip(m.sentence.text, 100)) }
    end
  end,
}

-- Why: a commitment only matters if someone checks it was kept. Earlier meetings recorded
-- their commitments (the two rules above); this one reads them back when a later meeting of the
-- same council is checked, in the same run or from --db.
-- The promises of the council being checked, by "file:line": their words and clipped text, worked
-- out once though each is read back at up to `meetings` later meetings (forgotten at the next
-- council, so memory follows one council).
local promised_council, promised = nil, {}

rule {
  id = "followup.overdue-commitment",
  title = "A commitment from an earlier meeting is due and not reported as kept",
  severity = "warning",
  tags = { "followup", "history" },
  scope = "meeting",
  doc = [[
At an earlier meeting of this council an officer promised information after the meeting, or a
report was promised for a date that has now passed. These minutes do not say it was received:
no sentence reports it circulated, provided or considered together with words of the original
promise. The committee should ask for it, or minute that it arrived. Commitments are read back
from the council's previous `meetings` meetings (default 6), so one not kept is raised at each of
them and then left to the committee's own tracking. Needs the meetings' dates and councils (front
matter, or the title block) and earlier meetings in the same run or in the --db corpus: minutes
that name no council are not checked, as their commitments may be another council's.]],
  args = {
    meetings = 6, -- how far back commitments are read
    delivered = { "had been circulated", "has been circulated", "was circulated", "were circulated",
                  "had been provided", "has been provided", "was provided", "had been shared", "was shared",
                  "had been received", "was received", "were received", "considered the", "received the",
                  "received a report", "briefing note on", "briefing note about" },
    min_word = 6, -- words of this length or more identify what was promised ...
    -- ... except the words every promise shares
    common = { "committee", "members", "meeting", "confirmed", "explained", "director", "assistant", "service",
               "officer", "council", "reported", "report", "circulated", "provided", "following", "councillor",
               "panel", "would", "should", "information", "briefing", "update", "after", "september", "october",
               "november", "december", "january", "february", "march", "april", "june", "july", "august" },
  },
  check = function(meeting, ctx)
    local today = meeting.date
    if today == "" or meeting.council == "" then return end
    if meeting.council ~= promised_council then promised_council, promised = meeting.council, {} end
    local common, delivered, min = {}, nil, ctx.args.min_word
    for _, w in ipairs(ctx.args.common) do common[w] = true end
    -- words of the promise that reappear beside a delivery phrase mean it was kept: a promise word
    -- counts when a word of such a sentence starts with it (what has_any would find), so the
    -- sentences' words and their prefixes are gathered once per meeting, not scanned per promise
    local function kept(p)
      if not delivered then
        delivered = {}
        local seen = {}
        for _, m in ipairs(meeting:find_any(ctx.args.delivered)) do
          local s = m.sentence
          if not seen[s] then
            seen[s] = true
            for t in s.text:lower():gmatch("%w+") do
              for n = min, #t do delivered[t:sub(1, n)] = true end
            end
          end
        end
      end
      local words = p.words
      for i = 1, #words do
        if delivered[words[i]] then return true end
      end
      return false
    end
    -- commitments an earlier meeting already reported as kept
    local window, done = { meetings = ctx.args.meetings }, {}
    local kept_before, commitments = ctx:facts("commitment-kept", window), ctx:facts("commitment", window)
    for i = 1, #kept_before do done[kept_before[i].fields.ref] = true end
    for i = 1, #commitments do -- (numeric loops: ipairs calls into C at every step)
      local f = commitments[i]
      local due_by = f.fields.due_by or ""
      -- (a fact's table comes back at each later meeting: what is worked out from it is kept on it)
      local ref = f.ref or ("%s:%d"):format(f.file, f.line)
      f.ref = ref
      local p = promised[ref]
      if not p then -- what the promise says, worked out once: it is read back at later meetings
        p = { words = {} }
        for w in f.text:lower():gmatch("%a+") do
          if #w >= min and not common[w] then p.words[#p.words + 1] = w end
        end
        promised[ref] = p
      end
      if done[ref] then
        -- kept before this meeting: nothing to chase
      elseif kept(p) then
        ctx:record("commitment-kept", { at = meeting, ref = ref })
      elseif due_by == "" or due_by <= today then
        p.clip = p.clip or minutes.clip(f.text, 100)
        f.message = f.message or ("%s promised at the meeting of %s (%s:%d) was due %s and is not reported as received: %s")
          :format(f.fields.what or "commitment", f.date, f.file:match("[^/]*$"), f.line, f.fields.due or "", p.clip)
        ctx:flag{ at = meeting, message = f.message }
      end
    end
  end,
}

-- Why: a concern that comes back meeting after meeting, while nothing is resolved about it, is
-- the pattern scrutiny exists to break. Each meeting records which concerns it raised and that
-- it was held; this rule reads the council's earlier meetings back.
rule {
  id = "followup.repeated-concern",
  title = "The same concern raised at consecutive meetings",
  severity = "warning",
  tags = { "followup", "history", "workforce" },
  scope = "meeting",
  doc = [[
A concern (recruitment, caseloads, agency staff, placement sufficiency, ...) is raised at this
meeting and was raised at each of the council's previous meetings — `meetings` in a row (default
3). A concern that keeps coming back shows that what the committee resolved about it has not
worked: it should ask for a plan with an owner and a date, or escalate. Needs the meetings' dates
and councils and the earlier meetings in the same run or in the --db corpus (minutes that name no
council are not checked).]],
  args = {
    meetings = 3,
    topics = {
      recruitment = { "recruit", "hard to fill", "difficult to fill" },
      caseloads = { "caseload", "case load" },
      agency = { "agency social worker", "agency staff", "agency worker", "locum" },
      sufficiency = { "sufficiency", "placement shortage", "shortage of placements", "lack of placements" },
      turnover = { "turnover", "retention", "leaving the authority" },
    },
  },
  check = function(meeting, ctx)
    if meeting.date == "" or meeting.council == "" then return end
    -- the council's previous meetings, newest first, and the concerns raised at them
    local held, earlier, back = {}, {}, ctx.args.meetings - 1
    if back >= 1 then
      for _, m in ipairs(ctx:meetings(back)) do held[#held + 1] = m.date end
      for _, f in ipairs(ctx:facts("concern", { meetings = back })) do
        earlier[f.fields.topic .. "@" .. f.date] = true
      end
    end
    local topics = {}
    for name in pairs(ctx.args.topics) do topics[#topics + 1] = name end
    table.sort(topics)                               -- the same order on every run
    for _, topic in ipairs(topics) do
      local m = meeting:find_any(ctx.args.topics[topic])[1]
      if m then
        ctx:record("concern", { at = m.sentence, topic = topic })
        local run, dates = 1, {}
        for i = 1, ctx.args.meetings - 1 do
          if held[i] and earlier[topic .. "@" .. held[i]] then
            run = run + 1
            dates[#dates + 1] = held[i]
          else
            break
          end
        end
        if run >= ctx.args.meetings then
          ctx:flag{ at = m.sentence, message = ("%s raised at %d meetings in a row (also %s): %s")
            :format(topic, run, table.concat(dates, ", "), minutes.clip(m.sentence.text, 100)) }
        end
      end
    end
  end,
}
