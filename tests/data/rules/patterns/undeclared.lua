rule {
  id = "test.undeclared",
  patterns = { "p" },
  args = { p = "report", q = "back" },
  check = function(item, ctx) item:match("q") end,
}
