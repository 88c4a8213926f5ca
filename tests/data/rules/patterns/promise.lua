-- A rule with phrase patterns (tests/cli/patterns.sh): called only where they match.
rule {
  id = "test.promise",
  title = "Promises, by pattern",
  severity = "notice",
  patterns = { "promises" },
  args = {
    promises = { "(would|will) be (circulated|shared|provided) [to {body}]",
                 "agreed to (provide|circulate|send) [the] information unless already" },
  },
  check = function(item, ctx, hits)
    calls = (calls or 0) + 1
    assert(hits.promises and #hits.promises > 0, "called without a match")
    for _, m in ipairs(item:match("promises")) do
      ctx:flag{ at = m, message = ("promise \"%s\" to %s (call %d)"):format(m.text, m.body and m.body.text or "-", calls) }
    end
  end,
}

rule {
  id = "test.every-item",
  severity = "info",
  patterns = { "noted" },
  always = true,
  args = { noted = "noted" },
  check = function(item, ctx, hits)
    ctx:flag{ at = item, message = ("item %d: %d noted"):format(item.index, #(hits.noted or {})) }
  end,
}
