-- A rule pack of one rule, with a positive and a negative fixture.
rule {
  id = "t.noted",
  title = "only noted",
  severity = "warning",
  tags = { "outcomes", "test" },
  doc = "Flags resolutions that only note a report.",
  args = { phrase = "be noted", limit = 3 },
  check = function(item, ctx)
    for _, r in ipairs(item.resolutions) do
      if r.body:lower():find(ctx.args.phrase, 1, true) then
        ctx:flag{ at = r, message = "only noted: " .. r.body }
      end
    end
  end,
}
