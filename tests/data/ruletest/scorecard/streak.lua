-- A rule pack whose fixtures are scorecards: an indicator rule (checked on NAME.csv or
-- NAME.scorecard.yaml alone) and an item rule that reads a figure's indicator (checked on
-- minutes with the council's scorecard beside them, NAME.txt + NAME.csv).
rule {
  id = "t.streak",
  title = "off target three periods running",
  scope = "indicator",
  check = function(ind, ctx)
    local n, first = ind:streak_off_target()
    if n >= 3 then ctx:flag{ at = ind:latest(), message = ind.id .. " off target since " .. first.period } end
  end,
}

rule {
  id = "t.quoted-below-target",
  title = "a figure quoted below its indicator's latest target",
  check = function(item, ctx)
    for _, f in ipairs(item.figures) do
      local ind = f.indicator
      local last = ind and ind:latest()
      if f.kind == "percent" and last and last.target and f.value < last.target then
        ctx:flag{ at = f, message = ("%s quoted at %g against a target of %g"):format(ind.id, f.value, last.target) }
      end
    end
  end,
}
