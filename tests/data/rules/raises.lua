-- Test rule: raises an error on every item.
rule {
  id = "test.raises",
  check = function(item, ctx)
    error("deliberate failure in " .. item.title)
  end,
}
