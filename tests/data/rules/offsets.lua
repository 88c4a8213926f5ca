-- Test rule: byte offsets slice an object out of its sentence, after multi-byte characters.
rule {
  id = "test.offsets",
  check = function(item, ctx)
    for _, f in ipairs(item.figures) do
      local s = f.sentence
      local cut = s.text:sub(f.offset - s.offset + 1, f.end_offset - s.offset + 1)
      ctx:flag{ at = f, message = ("%s at column %d, bytes %d-%d: %s"):format(f.text, f.column, f.offset, f.end_offset,
        cut == f.text and "slices" or "wrong: " .. cut) }
    end
  end,
}
