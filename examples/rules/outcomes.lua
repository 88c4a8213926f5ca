-- Outcomes: did the committee decide anything, or only take note?

rule {
  id = "outcomes.noted-only",
  title = "The committee only noted or received the report",
  severity = "warning",
  tags = { "outcomes" },
  doc = [[
Every resolution of the item only notes, receives or welcomes the report. A scrutiny committee
that never asks for an action, a report back or a change cannot show that its scrutiny made a
difference, so an item that only "notes the report" is worth a second look, above all when the
minutes record concerns.]],
  args = { phrases = { "be noted", "be received", "noted the report", "received the report",
                       "be welcomed", "be thanked", "notes the report", "receives the report" } },
  check = function(item, ctx)
    local res = item.resolutions
    if #res == 0 then return end
    for _, r in ipairs(res) do
      local body = r.body:lower()
      local passive = false
      for _, p in ipairs(ctx.args.phrases) do
        if body:find(p, 1, true) then passive = true break end
      end
      if not passive then return end
    end
    ctx:flag{ at = res[1], message = #res == 1 and "the only resolution notes or receives the report"
      or ("all %d resolutions only note, receive or thank"):format(#res) }
  end,
}

rule {
  id = "outcomes.no-resolution",
  title = "An item with minutes but no resolution",
  severity = "notice",
  tags = { "outcomes" },
  doc = [[
The item has a Minutes section but no resolution was recorded: nothing says what the committee
decided, so nothing can be followed up.]],
  args = { procedural = { "declaration", "apologies", "minutes of the", "date of the next",
                          "date of next", "urgent business", "exclusion of", "chair's announcements" } },
  check = function(item, ctx)
    local title = item.title:lower()
    for _, p in ipairs(ctx.args.procedural) do
      if title:find(p, 1, true) then return end   -- procedural items decide nothing
    end
    if #item.resolutions == 0 and item:section("minutes") then
      ctx:flag{ at = item:section("minutes"), message = "no resolution recorded for this item" }
    end
  end,
}
