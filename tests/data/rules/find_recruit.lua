-- Test rule: every match of "recruitment", "wellbeing" and "pre covid", with its span.
rule {
  id = "test.find-recruit",
  severity = "info",
  check = function(item, ctx)
    for _, m in ipairs(item:find_any{ "recruitment", "wellbeing", "pre covid" }) do
      ctx:flag{ at = m, message = "match " .. m.keyword }
    end
  end,
}
