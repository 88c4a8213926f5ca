rule {
  id = "test.bad-pattern",
  patterns = { "p" },
  args = { p = { "report back", "report (back to" } },
  check = function() end,
}
