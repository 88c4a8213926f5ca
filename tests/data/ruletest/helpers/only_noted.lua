-- A rule pack of its own that uses the standard pack's helpers: require "lib.minutes" is read from
-- the installed pack ($SCRUTINY_RULES) since this folder has no lib/ of its own.
local minutes = require "lib.minutes"

rule {
  id = "t.only-noted",
  title = "only noted (with the pack's helper)",
  check = function(item, ctx)
    if minutes.only_notes(item, minutes.PASSIVE, minutes.ACTIVE) then
      ctx:flag{ at = item.resolutions[1], message = "only noted: " .. minutes.clip(item.resolutions[1].body, 40) }
    end
  end,
}
