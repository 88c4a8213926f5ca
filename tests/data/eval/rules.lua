-- make eval's scorer under test (tests/cli/tools.sh): families come from the rule id's first part.
rule { id = "followup.test-circulated", check = function(item, ctx)
  for _, m in ipairs(item:find_any({ "circulated" })) do ctx:flag{ at = m, message = "circulated" } end
end }
rule { id = "outcomes.test-thanked", check = function(item, ctx)
  for _, m in ipairs(item:find_any({ "thanked" })) do ctx:flag{ at = m, message = "thanked" } end
end }
