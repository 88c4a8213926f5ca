-- Outcomes: did the committee decide anything that can be followed up?
--
-- A scrutiny committee shows its worth through its resolutions. These rules read the resolutions
-- of each item: whether they only take note, whether an action names who is to act and by when,
-- whether a request sets a date to report back, and whether anything was resolved at all.

local minutes = require "lib.minutes"

-- Why: "That the report be noted" after a debate that raised concerns is the classic sign of
-- scrutiny that changed nothing.
rule {
  id = "outcomes.noted-only",
  title = "The committee only noted, received or thanked",
  severity = "warning",
  tags = { "outcomes", "resolutions" },
  doc = [[
Every resolution of the item only notes, receives, welcomes or thanks, and none asks for an action,
a report back or a date. A committee that only "notes the report" cannot show that its scrutiny
made a difference, above all when the minutes record concerns. Procedural items and the work
programme are skipped.]],
  args = { passive = minutes.PASSIVE, active = minutes.ACTIVE, procedural = minutes.PROCEDURAL },
  check = function(item, ctx)
    if minutes.is_procedural(item, ctx.args.procedural) then return end
    if not minutes.only_notes(item, ctx.args.passive, ctx.args.active) then return end
    local res = item.resolutions
    local message = #res == 1 and "the only resolution takes note: " .. minutes.clip(res[1].body, 80)
      or ("all %d resolutions only note, receive or thank"):format(#res)
    ctx:flag{ at = res[1], message = message }
  end,
}

-- Why: an action with no owner and no date is the resolution nobody is accountable for. Committees
-- ask officers to say "who was responsible and how change would be measured"; their own
-- resolutions should say it too.
rule {
  id = "outcomes.no-owner",
  title = "Actions resolved with no owner and no date",
  severity = "notice",
  tags = { "outcomes", "resolutions", "accountability" },
  doc = [[
Resolutions that ask for something to be done (presented, provided, circulated, invited) but name
neither who is to do it (a director, a head of service, the Chair, an "Action:" line) nor when.
Such actions are hard to follow up: nobody is accountable and there is no date to check against.
Reported once per item, at the first such resolution.]],
  args = {
    actions = { "request", "asks", "ask that", "be asked", "recommend", "submit", "provides", "be provided",
                "to provide", "circulates", "be circulated", "be shared", "be presented", "be reported",
                "report back", "be brought", "invite", "write to", "be written", "investigat", "be reviewed",
                "to review", "to monitor", "be monitored", "to establish", "be established", "set up",
                "be explored" },
    owners = { "director", "directors", "head of", "heads of", "cabinet member", "portfolio holder", "lead member",
               "executive member", "chief executive", "officer", "officers", "manager", "managers", "chair",
               "chairman", "vice chair", "clerk", "commissioner", "committee writes", "panel writes",
               "committee will", "panel will", "the service", "principal social worker" },
    when = { "next meeting", "each meeting", "every meeting", "before", "by the end", "within", "annual", "quarterly",
             "bi annual", "six monthly", "monthly", "each quarter", "every quarter", "each month", "every month" },
  },
  check = function(item, ctx)
    local vague = {}
    for _, r in ipairs(item.resolutions) do
      local action = r:has_any(ctx.args.actions)
      local owner = r.owner or r:has_any(ctx.args.owners, { whole = true })
      local dated = minutes.deadline_in(item, r) or r:has_any(ctx.args.when)
      if action and not owner and not dated then vague[#vague + 1] = r end
    end
    if #vague == 0 then return end
    local message = #vague == 1 and "no owner and no date for: " .. minutes.clip(vague[1].body, 80)
      or ("%d resolutions ask for action but name no owner and no date"):format(#vague)
    ctx:flag{ at = vague[1], message = message }
  end,
}

-- Why: a request without a date to report back ("requests a briefing note") is easily forgotten,
-- and "as and when" or "in future" are no date at all.
rule {
  id = "outcomes.request-no-date",
  title = "A request with no date to report back",
  severity = "notice",
  tags = { "outcomes", "resolutions", "followup" },
  doc = [[
A resolution requests or asks for something (a briefing, a report, information) but sets no date
or meeting for it, or only an open-ended one ("as and when", "in future", "in due course").
Without a date the committee has nothing to check at its next meeting, and the request tends to
lapse.]],
  args = {
    requests = { "request", "asks", "ask that", "ask the", "be asked", "calls for", "invites the" },
    when = { "next meeting", "each meeting", "every meeting", "before", "by the end", "annual", "quarterly",
             "bi annual", "six monthly", "monthly", "each quarter", "every quarter", "each month", "every month" },
    open_ended = { "as and when", "in future", "in the future", "in due course", "at a later date",
                   "when available", "when appropriate", "a future meeting" },
  },
  check = function(item, ctx)
    for _, r in ipairs(item.resolutions) do
      if r:has_any(ctx.args.requests) then
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

-- Why: minutes that record a debate but no decision leave nothing to follow up.
rule {
  id = "outcomes.no-resolution",
  title = "An item with minutes but no resolution",
  severity = "notice",
  tags = { "outcomes", "resolutions" },
  doc = [[
The item records a discussion (a Minutes section with text) but no resolution: nothing says what
the committee decided, so nothing can be followed up. Procedural items (declarations of interest,
apologies, minutes of the previous meeting, the work programme) and items that were deferred or
withdrawn are skipped.]],
  args = { procedural = minutes.PROCEDURAL, min_chars = 80,
           skip = { "deferred", "withdrawn", "was not considered", "not taken", "postponed to" } },
  check = function(item, ctx)
    if #item.resolutions > 0 or minutes.is_procedural(item, ctx.args.procedural) then return end
    local section = item:section("minutes")
    if not section or minutes.discussion_length(item) < ctx.args.min_chars then return end
    for _, p in ipairs(minutes.discussion(item)) do
      if p:has_any(ctx.args.skip) then return end
    end
    ctx:flag{ at = section, message = "the minutes record a discussion but no resolution" }
  end,
}
