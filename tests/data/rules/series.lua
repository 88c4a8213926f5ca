-- Test rule: prints an indicator's latest value and how many observations (revisions included)
-- the store holds for it.
rule {
  id = "test.series",
  scope = "indicator",
  severity = "info",
  check = function(ind, ctx)
    local rows = ctx:query("SELECT count(*) AS n FROM observations WHERE council = ? AND indicator = ?", ind.council, ind.id)
    local l = ind:latest()
    if not l then return end
    ctx:flag{ at = l, message = ("%s %s latest=%s (%s) observations=%d"):format(ind.council, ind.id, l.value, l.period, rows[1].n) }
  end,
}
