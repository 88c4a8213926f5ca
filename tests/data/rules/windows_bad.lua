-- Test rule: an unknown option of ctx:facts is an error naming it.
rule {
  id = "test.windows-bad",
  scope = "meeting",
  check = function(meeting, ctx) ctx:facts("promise", { meetings = 2, limits = 1 }) end,
}
