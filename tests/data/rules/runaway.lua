-- Test rule: never returns.
rule {
  id = "test.runaway",
  check = function(item, ctx)
    while true do end
  end,
}
