-- Test rule: one finding per percentage figure.
rule {
  id = "test.every-percent",
  severity = "notice",
  check = function(item, ctx)
    for _, f in ipairs(item.figures) do
      if f.kind == "percent" then ctx:flag{ at = f, message = "percentage " .. f.text } end
    end
  end,
}
