-- Test rules: a promise made at one meeting is recorded, and a later meeting of the same
-- council lists the promises made before it.
rule {
  id = "test.record-commitment",
  severity = "info",
  check = function(item, ctx)
    for _, m in ipairs(item:find_any{ "would be circulated" }) do
      ctx:record("commitment", { at = m.sentence, promise = m.text, item = item.title })
    end
  end,
}

rule {
  id = "test.earlier-commitments",
  scope = "meeting",
  severity = "notice",
  check = function(meeting, ctx)
    for _, f in ipairs(ctx:facts("commitment", { promise = "would be circulated" })) do
      ctx:flag{ at = meeting, message = ("commitment of %s at %s:%d (%s): %s"):format(
        f.date, f.file:match("[^/]*$"), f.line, f.fields.item, f.text) }
    end
  end,
}
