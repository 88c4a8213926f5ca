-- Test rule: a misspelt field name.
rule {
  id = "test.misspelt",
  chek = function(item, ctx) end,
}
