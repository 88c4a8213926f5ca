-- Test rule: reports how many documents the store holds, through ctx:query.
rule {
  id = "test.count-documents",
  scope = "meeting",
  severity = "info",
  check = function(meeting, ctx)
    local rows = ctx:query("SELECT count(*) AS n FROM documents WHERE length(content) > ?", 0)
    ctx:flag{ at = meeting, message = "documents=" .. rows[1].n }
  end,
}
