-- Performance: quoted figures below a threshold.

rule {
  id = "performance.low-percentage",
  title = "A quoted percentage below the threshold",
  severity = "warning",
  tags = { "performance" },
  doc = [[
A percentage quoted in the minutes is below `threshold` (default 50) and the sentence reads as a
measure of timeliness or performance. Low figures that are discussed without an action resolved
are the heart of ineffective scrutiny.]],
  args = { threshold = 50, about = { "timel", "prior to", "on time", "in time", "within timescale", "available", "late" } },
  check = function(item, ctx)
    for _, f in ipairs(item.figures) do
      if f.kind == "percent" and f.value < ctx.args.threshold and f.sentence:has_any(ctx.args.about) then
        ctx:flag{ at = f, message = ("%s is below %d%%: %s"):format(f.text, ctx.args.threshold, f.sentence.text) }
      end
    end
  end,
}
