-- Test rule: a finding no waiver may silence.
rule {
  id = "test.unwaivable",
  severity = "high",
  waivable = false,
  check = function(item, ctx)
    for _, r in ipairs(item.resolutions) do ctx:flag{ at = r, message = "must always be seen" } end
  end,
}
