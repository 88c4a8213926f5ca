-- Follow-up: what the committee was promised, and what it is still waiting for.
--
-- Minutes are full of undertakings: information to be circulated, a report to come back in
-- September. These rules list them so that the next meeting can check they were kept.

local minutes = require "lib.minutes"

-- Why: a promise made at the table ("would ensure the information was circulated") is the
-- commonest way information escapes the public record; the next meeting should minute that it
-- arrived.
rule {
  id = "followup.promised-information",
  title = "Information was promised after the meeting",
  severity = "notice",
  tags = { "followup", "information" },
  doc = [[
An officer undertook to circulate or provide information, or a briefing note, after the meeting.
Such promises are easily lost, and what is circulated to Members is not in the public minutes: the
committee should check at its next meeting that the information arrived and minute the answer.
Weak phrases ("would provide", "would look into") count only when the sentence is about
information for Members.]],
  args = {
    promises = { "would be circulated", "will be circulated", "would ensure the information was circulated",
                 "briefing note would be", "briefing note will be", "would be shared with", "will be shared with",
                 "would circulate", "will circulate", "would report back", "undertook to", "agreed to provide",
                 "agreed to circulate", "agreed to send", "would be forwarded", "would write to",
                 "would be sent to" },
    offers = { "would be provided", "will be provided", "would provide", "will provide", "would send",
               "would look into", "would find out", "would follow up", "would check" },
    about = { "information", "figure", "data", "detail", "briefing", "note", "breakdown", "answer", "response",
              "members", "committee", "panel", "councillor", "cllr" },
  },
  check = function(item, ctx)
    for _, s in ipairs(minutes.discussion_sentences(item)) do
      local m = s:find_any(ctx.args.promises)[1]
      if not m and s:has_any(ctx.args.about) then m = s:find_any(ctx.args.offers)[1] end
      if m then
        local quote = minutes.clip(s.text, 100)
        ctx:flag{ at = s, message = ("promised after the meeting (\"%s\"): %s"):format(m.text, quote) }
        -- kept for later meetings: due at the next one (followup.overdue-commitment)
        ctx:record("commitment", { at = s, what = "information", due = "the next meeting", due_by = "" })
      end
    end
  end,
}

-- Why: a report due back at a named meeting is a commitment with a date; listing it lets the
-- committee check its agenda against it.
rule {
  id = "followup.report-back",
  title = "A report is due back to the committee on a date",
  severity = "notice",
  tags = { "followup", "work-programme" },
  doc = [[
A sentence or resolution says that something will be reported, submitted or brought back to the
committee at a named later date ("be submitted to the Committee in September 2018", "at its next
meeting"). This is good practice, not a fault: the finding exists so that the commitment can be
tracked on the work programme and checked when the date comes. Open-ended promises ("as and when")
are left to outcomes.request-no-date.]],
  args = {
    report = { "be reported to", "be submitted to", "be brought to", "be brought back", "be presented to",
               "report back", "report the outcome", "report to the", "reports to the", "to report on",
               "would report on", "will report on", "reports on", "come back to", "return to the", "receives the",
               "receive the", "receives a", "receive a", "to the meeting", "to its meeting", "to the committee",
               "to this committee", "to the panel" },
    -- a sentence of the discussion must also look forward; resolutions always do
    future = { "would", "will", "to be", "to report", "is due", "was due", "are due", "intend", "intention",
               "likely to", "planned", "plan to", "shall" },
    -- a date that only frames an open-ended promise is no due date (outcomes.request-no-date reports those)
    open_ended = { "as and when", "in due course", "when available", "if required", "when appropriate" },
  },
  check = function(item, ctx)
    -- `obj` reports back on a date: name the date nearest after the reporting phrase
    local function due_date(obj)
      if obj:has_any(ctx.args.open_ended) then return nil end
      local m = obj:find_any(ctx.args.report)[1]
      return m and minutes.deadline_in(item, obj, m)
    end
    for _, s in ipairs(minutes.discussion_sentences(item)) do
      local due = s:has_any(ctx.args.future) and due_date(s)
      if due then
        ctx:flag{ at = s, message = ("report due \"%s\": %s"):format(due.text, minutes.clip(s.text, 100)) }
        ctx:record("commitment", { at = s, what = "report", due = due.text, due_by = minutes.due_by(due, item.meeting.date) })
      end
    end
    for _, r in ipairs(item.resolutions) do
      local due = due_date(r)
      if due then
        ctx:flag{ at = r, message = ("report due \"%s\": %s"):format(due.text, minutes.clip(r.body, 100)) }
        ctx:record("commitment", { at = r, what = "report", due = due.text, due_by = minutes.due_by(due, item.meeting.date) })
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
  doc = [[
A sentence says that something will come back or be reported to the committee "at a future
meeting", "in due course" or "at a later date", with no date or named meeting. Undated
report-backs drop off work programmes; the committee should fix a meeting for it.]],
  args = {
    report = { "be reported to", "be submitted to", "be brought to", "be brought back", "be presented to",
               "report back", "come back to", "come back", "return to the", "be considered by the" },
    vague = { "a future meeting", "future meeting", "in due course", "at a later date", "later in the year",
              "in the future", "at some point" },
  },
  check = function(item, ctx)
    for _, s in ipairs(minutes.discussion_sentences(item)) do
      local m = s:find_any(ctx.args.vague)[1]
      if m and s:has_any(ctx.args.report) and not minutes.deadline_in(item, s) then
        local quote = minutes.clip(s.text, 100)
        ctx:flag{ at = s, message = ("no date for the report back (\"%s\"): %s"):format(m.text, quote) }
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
  doc = [[
The minutes say that information, a report or a response the committee asked for earlier has not
arrived ("still awaited", "had not yet been received"). Repeated non-delivery of requested
information undermines scrutiny and may need escalating to the Cabinet Member or the Chair.]],
  args = {
    phrases = { "still awaited", "still not been received", "still not received",
                "not yet been received", "had not been received", "has not been received", "not yet been provided",
                "had not been provided", "has not been provided", "not yet been circulated", "had not been circulated",
                "has not been circulated", "yet to be provided", "yet to be received", "yet to be circulated",
                "yet to receive", "had not arrived", "has not arrived", "still outstanding from" },
  },
  check = function(item, ctx)
    for _, s in ipairs(minutes.discussion_sentences(item)) do
      local m = s:find_any(ctx.args.phrases)[1]
      if m then
        ctx:flag{ at = s, message = ("still awaited (\"%s\"): %s"):format(m.text, minutes.clip(s.text, 100)) }
      end
    end
  end,
}

-- Why: a commitment only matters if someone checks it was kept. Earlier meetings recorded
-- their commitments (the two rules above); this one reads them back when a later meeting of the
-- same council is checked, in the same run or from --db.
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
them and then left to the committee's own tracking. Needs the meetings' dates (front matter) and
earlier meetings in the same run or in the --db corpus.]],
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
    if today == "" then return end
    local common, delivered
    -- words of the promise that reappear beside a delivery phrase mean it was kept
    local function kept(fact)
      if not common then
        common = {}
        for _, w in ipairs(ctx.args.common) do common[w] = true end
        delivered = meeting:find_any(ctx.args.delivered)
      end
      local words = {}
      for w in fact.text:lower():gmatch("%a+") do
        if #w >= ctx.args.min_word and not common[w] then words[#words + 1] = w end
      end
      for _, m in ipairs(delivered) do
        if #words > 0 and m.sentence:has_any(words) then return true end
      end
      return false
    end
    -- commitments an earlier meeting already reported as kept
    local window, done = { meetings = ctx.args.meetings }, {}
    for _, k in ipairs(ctx:facts("commitment-kept", window)) do done[k.fields.ref] = true end
    for _, f in ipairs(ctx:facts("commitment", window)) do
      local due_by = f.fields.due_by or ""
      local ref = ("%s:%d"):format(f.file, f.line)
      if done[ref] then
        -- kept before this meeting: nothing to chase
      elseif kept(f) then
        ctx:record("commitment-kept", { at = meeting, ref = ref })
      elseif due_by == "" or due_by <= today then
        ctx:flag{ at = meeting, message = ("%s promised at the meeting of %s (%s:%d) was due %s and is not reported as received: %s")
          :format(f.fields.what or "commitment", f.date, f.file:match("[^/]*$"), f.line, f.fields.due or "",
                  minutes.clip(f.text, 100)) }
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
and the earlier meetings in the same run or in the --db corpus.]],
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
    if meeting.date == "" then return end
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
