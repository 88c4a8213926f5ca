-- Test rules: windows over earlier meetings (ctx:meetings, ctx:facts options).
rule {
  id = "test.record-promise",
  severity = "info",
  check = function(item, ctx)
    for _, m in ipairs(item:find_any{ "would be circulated" }) do
      ctx:record("promise", { at = m.sentence, words = m.text, n = 2, open = true })
    end
  end,
}

rule {
  id = "test.windows",
  scope = "meeting",
  severity = "notice",
  check = function(meeting, ctx)
    local dates = {}
    for _, m in ipairs(ctx:meetings(5)) do dates[#dates + 1] = m.date .. " " .. m.file:match("[^/]*$") end
    local function count(opts) return #ctx:facts("promise", opts) end
    ctx:flag{ at = meeting, message = ("meetings [%s] all %d, last one %d, since %d, limit %d, where %d/%d/%d, legacy %d"):format(
      table.concat(dates, ", "), count(), count{ meetings = 1 }, count{ since = "2024-02-01" }, count{ limit = 1 },
      count{ where = { n = 2, open = true } }, count{ where = { n = "2" } }, count{ where = { open = false } },
      count{ words = "would be circulated" }) }
  end,
}
