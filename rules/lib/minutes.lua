-- lib/minutes.lua: helpers shared by the standard rule pack.
--
--   local minutes = require "lib.minutes"
--
-- The host loads every *.lua directly in rules/ as a rule file but not the files of its
-- sub-folders, so helpers live here and are loaded with require, which reads "lib.minutes" as
-- rules/lib/minutes.lua. A module is loaded once and its table is shared by every rule file that
-- requires it: read it, never change it.

local M = {}

-- Paragraphs of the discussion: the Minutes section, without the heading, the purpose ("To
-- consider a report ...") and the resolutions, which are paragraphs of the "resolved" section or,
-- for an "ACTION: ..." line among the minutes, start where a resolution starts.
function M.discussion(item)
  return item.discussion
end

-- Sentences of the discussion, in text order.
function M.discussion_sentences(item)
  local out = {}
  for _, p in ipairs(M.discussion(item)) do
    for _, s in ipairs(p:sentences()) do out[#out + 1] = s end
  end
  return out
end

-- A function of an item worked out once for every rule that asks: objects of one document are
-- the same tables from call to call, so they key the memo, which lets them go with their
-- document. For what the helpers below keep internally, never handed to a rule.
local function per_item(build)
  local memo = setmetatable({}, { __mode = "k" })
  return function(item)
    local v = memo[item]
    if v == nil then
      v = build(item)
      memo[item] = v
    end
    return v
  end
end

-- The paragraphs of discussion(item), as a set.
local discussion_set = per_item(function(item)
  local set = {}
  for _, p in ipairs(item.discussion) do set[p] = true end
  return set
end)

-- Every paragraph of `item` but the resolutions and the lists of those present, as a set.
local narrative_set = per_item(function(item)
  local res, set = {}, {}
  for _, r in ipairs(item.resolutions) do res[r.offset] = true end
  for _, p in ipairs(item.paragraphs) do
    local section = p.section
    if section ~= "present" and section ~= "apologies" and not res[p.offset] then set[p] = true end
  end
  return set
end)

-- The matches of the calling rule's pattern set `name` that lie in the discussion of `item`
-- (the sentences of discussion(item)), in text order.
function M.discussion_matches(item, name)
  local out, ms = {}, item:match(name)
  if #ms == 0 then return out end
  local keep = discussion_set(item)
  for i = 1, #ms do -- (a numeric loop: ipairs calls into C at every step)
    local m = ms[i]
    if keep[m.sentence.paragraph] then out[#out + 1] = m end
  end
  return out
end

-- The first match of pattern set `name` in each sentence that is not a resolution, in text order:
-- one finding per sentence. Wider than discussion_matches: every paragraph but the resolutions and
-- the lists of those present, so that minutes the loader put under another heading ("Additional
-- documents", a sub-heading it did not know) are still read.
function M.sentence_matches(item, name)
  local out, ms = {}, item:match(name)
  if #ms == 0 then return out end
  local paras, seen = narrative_set(item), {}
  for i = 1, #ms do
    local m = ms[i]
    local s = m.sentence
    if not seen[s] and paras[s.paragraph] then
      seen[s] = true
      out[#out + 1] = m
    end
  end
  return out
end

-- The resolutions of `item` with the first match of pattern set `name` inside each: a list of
-- { resolution, match } pairs.
function M.resolution_matches(item, name)
  local out, ms = {}, item:match(name)
  if #ms == 0 then return out end
  local at = {} -- (each field read is a call into the host: read them once, not once per pair)
  for i = 1, #ms do at[i] = ms[i].offset end
  for _, r in ipairs(item.resolutions) do
    local a, z = r.offset, r.end_offset
    for i = 1, #ms do
      local m = ms[i]
      if at[i] >= a and at[i] <= z then -- inside(m, r)
        out[#out + 1] = { r, m }
        break
      end
    end
  end
  return out
end

-- Whether `text` holds more than `max` characters as utf8.offset counts them (the bytes that
-- start one): it counts up to the (max + 1)th, where utf8.len would count them all.
local function more_chars(text, max)
  local b = text:byte(1)
  if not b or (b >= 0x80 and b < 0xC0) then return false end -- (utf8.offset refuses to start inside one)
  local after = utf8.offset(text, max + 1)
  return after ~= nil and after <= #text
end

-- Whether `text` holds more than `max` characters, as (utf8.len(text) or #text) > max says.
local function longer(text, max)
  if #text <= max then return false end -- (bytes bound characters)
  return more_chars(text, max) or (utf8.len(text) or #text) > max
end

-- Characters of discussion text: how substantive the item is. With `upto`, counting stops once
-- it gets there (the result is then `upto`): what "at least 600 characters" needs.
function M.discussion_length(item, upto)
  local n = 0
  for _, p in ipairs(M.discussion(item)) do
    local body = p.body
    if upto and longer(body, upto - n - 1) then return upto end
    n = n + (utf8.len(body) or #body)
  end
  return n
end

-- True when `obj` starts inside the span of `outer` (both model objects).
function M.inside(obj, outer)
  return obj.offset >= outer.offset and obj.offset <= outer.end_offset
end

-- Whether a date pins down a time: "12 June 2024", "September", "quarter 3", "2024/25" and "the
-- next meeting" do; "a future meeting" and "following the meeting" do not.
function M.is_deadline(date)
  if date.kind ~= "relative" then return true end
  if date.iso ~= "" then return true end
  return date.text:lower():find("next", 1, true) ~= nil
end

local MONTHS = { january = 1, february = 2, march = 3, april = 4, may = 5, june = 6, july = 7, august = 8,
                 september = 9, october = 10, november = 11, december = 12 }

-- The day by which a dated commitment falls due, as "YYYY-MM-DD" ("" when the date only says
-- "next meeting"). `meeting_date` ("YYYY-MM-DD") dates the promise: "the September meeting" is
-- the next September after it, and "end of March" the next end of March.
function M.due_by(date, meeting_date)
  local iso = date.iso
  local y, m, d = iso:match("^(%d%d%d%d)%-(%d%d)%-?(%d*)$")
  if y then return ("%s-%s-%s"):format(y, m, d ~= "" and d or "28") end
  local fy = iso:match("^(%d%d%d%d)/%d%d$")            -- financial year: ends 31 March
  if fy then return ("%04d-03-31"):format(tonumber(fy) + 1) end
  local month = tonumber(iso:match("^%-%-(%d%d)"))
  if not month then
    local name = date.text:lower():match("(%a+)$")
    month = name and MONTHS[name]
  end
  local my, mm = (meeting_date or ""):match("^(%d%d%d%d)%-(%d%d)")
  if month and my then
    local year = tonumber(my)
    if month < tonumber(mm) then year = year + 1 end
    return ("%04d-%02d-28"):format(year, month)
  end
  return ""
end

-- Whether the words just before a figure introduce it as a target: "against a target of 18%".
function M.introduced_as_target(f)
  local s = f.sentence
  local at = f.offset - s.offset -- bytes of the sentence before the figure
  local lead = s.text:sub(math.max(1, at - 24), at):lower()
  return lead:find("target", 1, true) ~= nil
end

-- Months from the end of a scorecard point's period to a meeting date ("YYYY-MM-DD"); 0 when
-- the date is unknown.
function M.months_between(p, date)
  local y, m = (date or ""):match("^(%d+)-(%d+)")
  if not y then return 0 end
  local ends
  if p.kind == "quarter" then
    local q, fy = p.period:match("^Q(%d) (%d+)")
    ends = tonumber(fy) * 12 + 3 + tonumber(q) * 3 - 1
  elseif p.kind == "financial_year" then
    ends = tonumber(p.period:match("^(%d+)")) * 12 + 14
  elseif p.kind == "month" then
    local py, pm = p.period:match("^(%d+)-(%d+)$")
    ends = tonumber(py) * 12 + tonumber(pm) - 1
  else
    ends = tonumber(p.period) * 12 + 11
  end
  return tonumber(y) * 12 + tonumber(m) - 1 - ends
end

-- Whether `a` starts at or after the start of `b`.
function M.starts_after(a, b)
  return a.offset >= b.offset
end

-- The first date of the item inside `obj` (a sentence or a resolution) that pins down a time;
-- with `from` (an object inside `obj`, such as a match), the first such date at or after it,
-- else the first before it.
function M.deadline_in(item, obj, from)
  local first
  local a, z, after = obj.offset, obj.end_offset, from and from.offset
  local dates = item.dates
  for i = 1, #dates do
    local d = dates[i]
    local at = d.offset
    if at >= a and at <= z and M.is_deadline(d) then -- inside(d, obj)
      if not after or at >= after then return d end -- starts_after(d, from)
      first = first or d
    end
  end
  return first
end

-- The figures of the item inside `obj`.
function M.figures_in(item, obj)
  local out = {}
  local a, z = obj.offset, obj.end_offset
  local figures = item.figures
  for i = 1, #figures do
    local f = figures[i]
    local at = f.offset
    if at >= a and at <= z then out[#out + 1] = f end -- inside(f, obj)
  end
  return out
end

-- The first match in `obj` of any of `words`, or nil; nil as well when `obj` holds any of
-- `unless` (an optional list of phrases that cancel the match, such as negations).
function M.first_match(obj, words, unless)
  if unless and #unless > 0 and obj:has_any(unless) then return nil end
  return obj:find_any(words)[1]
end

-- The distinct texts of a list of matches, quoted and joined: "delay in", "not be achieved".
function M.quoted(matches)
  local seen, out = {}, {}
  for _, m in ipairs(matches) do
    local t = m.text:lower()
    if not seen[t] then
      seen[t] = true
      out[#out + 1] = '"' .. m.text .. '"'
    end
  end
  return table.concat(out, ", ")
end

-- The first match of `topic` in `obj` when `obj` also holds any of `qualifier`: two word lists
-- that must meet in one sentence, e.g. "recruit" with "difficult".
function M.match_with(obj, topic, qualifier, unless)
  local m = M.first_match(obj, topic, unless)
  if m and obj:has_any(qualifier) then return m end
  return nil
end

-- For each discussion paragraph, the first sentence for which `test(sentence)` returns a value:
-- calls `found(sentence, value)`. One finding per paragraph keeps a bullet that says the same
-- thing three ways from being reported three times.
function M.each_paragraph_hit(item, test, found)
  for _, p in ipairs(M.discussion(item)) do
    for _, s in ipairs(p:sentences()) do
      local v = test(s)
      if v then
        found(s, v)
        break
      end
    end
  end
end

-- A resolution that only takes note: it holds one of `passive` ("be noted", "be received") and
-- none of `active` ("request", "be reported"), and sets no date.
function M.is_passive(item, r, passive, active)
  if r:has_any(active) or M.deadline_in(item, r) then return false end
  return r:has_any(passive)
end

-- Whether every resolution of the item only takes note (false when there is none). A resolved
-- section headed "NOTED" notes whatever it lists.
local function only_notes_now(item, passive, active)
  local res = item.resolutions
  if #res == 0 then return false end
  local heading = item:section("resolved")
  if heading and heading.name:lower() == "noted" then return true end
  for _, r in ipairs(res) do
    if not M.is_passive(item, r, passive, active) then return false end
  end
  return true
end

-- The same, worked out once per item for the rules that ask with the same lists (tables): two
-- of the standard pack's do. (A rule's lists do not change while a document is checked.)
local noted = setmetatable({}, { __mode = "k" }) -- item -> { passive, active, answer }

function M.only_notes(item, passive, active)
  local memo = noted[item]
  if memo and memo[1] == passive and memo[2] == active then return memo[3] end
  local answer = only_notes_now(item, passive, active)
  noted[item] = { passive, active, answer }
  return answer
end

-- Whether the item's title reads as procedural business ("Declarations of Interest", "Minutes
-- of the previous meeting") or the committee's own planning ("Work Programme"): items that
-- hold no scrutiny of a service.
function M.is_procedural(item, titles)
  local title = item.title:lower()
  for _, t in ipairs(titles) do
    if title:find(t, 1, true) then return true end
  end
  return false
end

-- `text` shortened to at most `max` characters (default 120) for a message, on a character
-- boundary, with an ellipsis when cut.
-- Does `text` hold a space character other than a single " " (what %s+ would change)? Six plain
-- searches cost less than a pattern tried at every byte.
local function spaced(text)
  return text:find("  ", 1, true) or text:find("\n", 1, true) or text:find("\t", 1, true)
    or text:find("\r", 1, true) or text:find("\v", 1, true) or text:find("\f", 1, true)
end

local function collapse(text)
  if spaced(text) then text = text:gsub("%s+", " ") end
  return text
end

-- Whether byte `b` (string.byte's result, nil past the end) is a space as %s reads it.
function M.is_space(b) return b == 32 or (b ~= nil and b >= 9 and b <= 13) end

function M.clip(text, max)
  max = max or 120
  if #text > 4 * max + 8 then
    -- a long text: collapse the spaces of a prefix that holds more than `max` characters (at
    -- most 4 bytes each), not of the whole text; the cut falls inside it either way
    local head = collapse(text:sub(1, 4 * max + 8))
    if more_chars(head, max) then text = head end -- (so the cut below finds the same place in it)
  end
  text = collapse(text)
  if not longer(text, max) then return text end
  local cut = utf8.offset(text, max) or (max + 1)
  -- drop the last space and the word it cuts into (as gsub("%s+%S*$", "") does)
  local e = cut - 1
  while e > 0 and not M.is_space(text:byte(e)) do e = e - 1 end
  if e == 0 then e = cut - 1 else while e > 0 and M.is_space(text:byte(e)) do e = e - 1 end end
  return text:sub(1, e) .. "…"
end

-- Defaults shared by the rules that ask whether a resolution only takes note.
M.PASSIVE = { "be noted", "is noted", "are noted", "notes the", "noted the", "be received", "receives the report",
              "received the report", "be welcomed", "welcomes the", "be thanked", "thanks the", "thanked",
              "be acknowledged", "acknowledges the",
              -- "The Committee RESOLVED to note the report", "AGREED to receive the update"
              "to note", "to receive the", "to welcome", "to thank", "to acknowledge" }
-- Verb forms only: a stem such as "monitor" or "refer" would also find "the monitoring report" or
-- "referral rates", which a resolution can note without asking for anything.
M.ACTIVE = { "request", "asks", "ask that", "ask the", "be asked", "recommend", "refers", "be referred", "refer the",
             "agree", "endorse", "approve", "supports", "be supported", "submit", "report back", "be reported",
             "reports on", "reports to", "to report", "provides", "be provided", "to provide", "circulates",
             "be circulated", "to circulate", "be shared", "shares the", "to share", "write to", "writes to",
             "be written", "invite", "work programme", "be added", "brought back", "be brought", "a further report",
             "a further update", "to review", "be reviewed", "to consider", "to monitor", "be monitored", "monitors",
             "to establish", "be established", "set up", "task and finish", "urges", "calls on", "call on",
             "instruct", "delegat", "proposes", "investigat", "be presented", "be scheduled", "are scheduled",
             "under review" }
M.PROCEDURAL = { "declaration", "apologies", "minutes", "date of the next", "date of next", "urgent business",
                 "other business", "urgency",
                 "exclusion of", "announcements", "any other business", "public questions", "questions from the public",
                 "membership", "appointment of vice", "election of", "substitut", "work programme", "forward plan" }

return M
