-- Test rule: one finding per resolution, labelled with its number.
rule {
  id = "test.every-resolution",
  severity = "info",
  check = function(item, ctx)
    for _, r in ipairs(item.resolutions) do
      ctx:flag{ at = r, message = "resolution " .. (r.label or "-") }
    end
  end,
}
