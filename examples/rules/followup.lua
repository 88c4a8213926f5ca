-- Follow-up: information promised outside the meeting.

rule {
  id = "followup.promised-information",
  title = "Information was promised after the meeting",
  severity = "notice",
  tags = { "follow-up" },
  doc = [[
An officer undertook to circulate information, or a briefing note, after the meeting. Such
promises are easily lost: the committee should check at its next meeting that the information
arrived, and the answer should be minuted.]],
  args = { promises = { "would be circulated", "would ensure the information was circulated",
                        "briefing note would be", "would be shared", "would be provided",
                        "would circulate", "would provide", "would report back", "undertook to" } },
  check = function(item, ctx)
    local seen = {}
    for _, m in ipairs(item:find_any(ctx.args.promises)) do
      if not seen[m.sentence] then   -- one finding per sentence, however many phrases match
        seen[m.sentence] = true
        ctx:flag{ at = m.sentence, message = ("promised after the meeting: \"%s\""):format(m.text) }
      end
    end
  end,
}
