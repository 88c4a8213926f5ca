-- Test escalation whose check function raises.
escalation {
  id = "test.esc-fails",
  scope = "meeting",
  check = function(findings) error("escalation check failed on " .. #findings .. " findings") end,
}
