-- Test escalations defined in Lua: a condition, and a check function.
escalation {
  id = "test.esc-when",
  scope = "item",
  severity = "notice",
  when = "test.every-resolution >= 2",
  message = "two or more resolutions in one item",
}

escalation {
  id = "test.esc-check",
  scope = "council",
  severity = "high",
  check = function(findings, info)
    local files, n = {}, 0
    for _, f in ipairs(findings) do
      if not files[f.file] then files[f.file] = true; n = n + 1 end
    end
    if n >= 2 then return true, ("%s: resolutions at %d meetings"):format(info.scope, n) end
    return false
  end,
}
