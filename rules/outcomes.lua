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
  patterns = { "passive", "framed" },
  always = true, -- a resolved section headed "NOTED" notes whatever it lists
  doc = [[
Every resolution of the item only notes, receives, welcomes or thanks, and none asks for an action,
a report back or a date. A committee that only "notes the report" cannot show that its scrutiny
made a difference, above all when the minutes record concerns. Procedural items and the work
programme are skipped.]],
  args = {
    -- the verbs of taking note, in any form and after any punctuation ("RESOLVED as follows: Note the dashboard")
    passive = { "(note|noting|receive|welcome|thank|acknowledge)" },
    -- "it was agreed that the report be noted": the agreement is only to take note
    framed = { "(agree|agreed|agrees|resolve|decide) (that|to) ...{0,10} (note|noting|receive|welcome|thank|acknowledge)" },
    active = minutes.ACTIVE, procedural = minutes.PROCEDURAL,
  },
  check = function(item, ctx)
    if minutes.is_procedural(item, ctx.args.procedural) then return end
    local res = item.resolutions
    if #res == 0 then return end
    -- a day or month sets a time to come back; a year or a quarter names the period the report covers
    local function dated(r)
      local a, z = r.offset, r.end_offset
      for _, d in ipairs(item.dates) do
        local at, kind = d.offset, d.kind
        if at >= a and at <= z and minutes.is_deadline(d) and kind ~= "year" and kind ~= "financial_year"
            and kind ~= "quarter" then -- (inside(d, r))
          return true
        end
      end
      return false
    end
    local heading = item:section("resolved")
    if not (heading and heading.name:lower() == "noted") then
      for _, r in ipairs(res) do
        if #r:match("passive") == 0 or dated(r) then return end
        local framed = #r:match("framed") > 0
        for _, a in ipairs(r:find_any(ctx.args.active)) do
          if not (framed and a.keyword == "agree") then return end
        end
      end
    end
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
  patterns = { "actions", "referred" },
  args = {
    -- a recommendation to another body for its decision: that body owns it
    referred = { "recommend ...{0,12} (to|that) {body} ...{0,4} (for|to) (adoption|approval|decision|adopt|approve|agree"
                 .. "|endorse|endorsement|agreement|ratification|ratify|noting)" },
    -- what asks for something to be done (verbs by stem: "be circulated" finds "be circulating")
    actions = { "(request|recommend|submit|invite|investigat*)", "(\"asks\"|ask that|be asked|\"provides\"|\"circulates\")",
                "be (provided|circulated|shared|presented|reported|brought|written|reviewed|monitored|established|explored)",
                "to (provide|review|monitor|establish)", "(report back|write to|set up)" },
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
      local action = #r:match("actions") > 0
      local owner = r.owner or r:has_any(ctx.args.owners, { whole = true }) or #r:match("referred") > 0
      local dated = minutes.deadline_in(item, r) or r:has_any(ctx.args.when)
      if action and not owner and not dated then vague[#vague + 1] = r end
    end
    if #vague == 0 then return end
    local message = #vague == 1 and "no owner and no date for: " .. minutes.clip(vague[1].body, 80)
      or ("%d resolutions ask for action but name no owner and no date"):format(#vague)
    ctx:flag{ at = vague[1], message = message }
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
    if not section or minutes.discussion_length(item, ctx.args.min_chars) < ctx.args.min_chars then return end
    for _, p in ipairs(minutes.discussion(item)) do
      if p:has_any(ctx.args.skip) then return end
    end
    ctx:flag{ at = section, message = "the minutes record a discussion but no resolution" }
  end,
}
