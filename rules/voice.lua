-- Voice of the child: do children's views reach the committee?
--
-- Working Together and the inspection framework put the child's lived experience at the centre;
-- a committee that scrutinises children's services without ever hearing what children say has
-- only the service's account. These rules look for the child's voice in substantive items, and
-- for reports that it is weak.

local minutes = require "lib.minutes"

-- Who the views would be from, and what counts as hearing them. Words match by stem, so
-- "children" also matches "children's" and "views" matches "view".
local CHILDREN = "(child|children|young people|young person|care leavers|care experienced|pupils|learners)"
local HEARD = "(views|voice|voices|wishes|feelings|opinions|perspective*|experience*|feedback|complaint*|participation"
  .. "|engagement|priorities|say)"

-- Taking part in education, training or work is what children do, not what they say: "care
-- leavers' engagement in education, training or employment", "enabled to participate in
-- education". Patterns that read participation or engagement as voice skip such sentences.
local NOT_HEARD = "(particip*|engag*) [fully|more|less] in [the|their] ...{0,1} (education|training|employment"
  .. "|learning|school*|work|apprenticeship*|activit*|sport*|college|universit*)"

-- Patterns that show children's views, participation or lived experience were considered;
-- `doing` marks those that participation or engagement may match.
local VOICE = {
  { HEARD .. " of [the|our|its|their] ...{0,2} " .. CHILDREN, doing = true },
  { CHILDREN .. " " .. HEARD, doing = true },
  { CHILDREN .. " ...{0,3} (said|told|tell|say|says|felt|described|shared|wanted|asked for)" },
  { CHILDREN .. " ...{0,3} (were|had been|was) (consulted|asked|surveyed|listened to)" },
  { "(consult*|engag*|listen*|heard from|hear from|hearing from|spoke to|speak to|surveyed) [with|to] ...{0,4} " .. CHILDREN,
    doing = true },
  { "(views|voice|voices|wishes|say) ...{0,3} (heard|listened to|sought|captured|gathered|taken into account)" },
  { "(their|own) (views|voice|voices|words)" },
  { "(wishes and feelings|lived experience|co produc*|advoca*|independent visitor*|mind of my own"
    .. "|young inspectors|young ambassadors|care council|children in care council)" },
  { "participation", doing = true },
  { "(youth|young people's|pupil|student|care leavers|in care|lac|cla) (council|parliament|forum|panel|assembly|voice"
    .. "|reference group)" },
  { "(survey|questionnaire) ...{0,4} " .. CHILDREN },
  { "(tested|co designed|designed|developed|written|shaped|chosen) (with|by) [the] ...{0,2} " .. CHILDREN },
}

-- The pattern `p` (built on VOICE entry `v`), skipping sentences about taking part in education
-- when `v` reads participation.
local function voice_pattern(v, p)
  return v.doing and (p .. " unless " .. NOT_HEARD) or p
end

-- Children's complaints and compliments are their feedback too, though not a voice that can be
-- "weak"; a complaints report alone does not say whose they were.
local FEEDBACK = { CHILDREN .. " ...{0,4} (complain*|compliment*)",
                   "(complain*|compliment*) ...{0,3} (from|by|of) ...{0,2} " .. CHILDREN }

-- Each voice pattern with a word of weakness close by, before or after: "the voice of the child
-- was not always evident", "little evidence of children's views".
local function weak_voice(weak)
  local out = {}
  for _, v in ipairs(VOICE) do
    out[#out + 1] = voice_pattern(v, v[1] .. " ...{0,6} " .. weak)
    out[#out + 1] = voice_pattern(v, weak .. " ...{0,6} " .. v[1])
  end
  return out
end

-- Whether the item is about children: its title names them, or a match of `children` lies outside
-- the resolutions, where "Cabinet Member for Children's Services" says nothing.
local function about_children(item, titles)
  local title = item.title:lower()
  for _, w in ipairs(titles) do
    if title:find(w, 1, true) then return true end
  end
  for _, m in ipairs(item:match("children")) do
    if m.sentence.paragraph.section ~= "resolved" then return true end
  end
  return false
end

-- Why: a substantive children's item in which children's views never come up is scrutiny of the
-- service's account alone.
rule {
  id = "voice.child-voice-absent",
  title = "Children's views never mentioned in a children's item",
  severity = "warning",
  tags = { "voice", "children", "participation" },
  doc = [[
A substantive item about children (a discussion of at least `min_chars` characters) never
mentions children's views, voice, participation, wishes and feelings, feedback or complaints,
lived experience, or children being consulted, listened to or engaged. The committee heard only
the service's account; it should ask what children and young people say about the service, for
example through the Children in Care Council or Mind of My Own. Procedural items and the work
programme are skipped.]],
  patterns = { "voice", "children" },
  always = true,
  args = {
    min_chars = 600,
    titles = { "child", "young people", "young person", "care leaver", "looked after", "safeguard", "foster",
               "adoption", "youth", "famil", "care experienced", "special educational needs" },
    children = { "(child*|young people|young person|care leaver*|looked after|safeguard*|foster*|adopt*|youth|famil*"
                 .. "|care experienced|special educational needs)" },
    voice = (function()
      local v = { table.unpack(FEEDBACK) }
      for _, p in ipairs(VOICE) do v[#v + 1] = voice_pattern(p, p[1]) end
      return v
    end)(),
    procedural = minutes.PROCEDURAL,
  },
  check = function(item, ctx)
    if minutes.is_procedural(item, ctx.args.procedural) then return end
    if minutes.discussion_length(item, ctx.args.min_chars) < ctx.args.min_chars then return end
    if not about_children(item, ctx.args.titles) or #item:match("voice") > 0 then return end
    ctx:flag{ at = item:section("minutes") or item,
              message = "a children's item in which children's views, voice or lived experience are never mentioned" }
  end,
}

-- Why: "the voice of the child was not always evident" is an inspection finding in itself, and
-- the committee should see the plan to fix it.
rule {
  id = "voice.views-not-evident",
  title = "Children's views reported as missing or weak",
  severity = "warning",
  tags = { "voice", "children", "practice" },
  doc = [[
A sentence of the discussion says that children's views or voice are missing, limited or
inconsistent ("the voice of the child was not always evident", "little evidence of children's
views"). This is a practice weakness that inspectors report; the committee should ask how it is
being addressed and how it will know. Sentences that mention the voice of the child positively
are not reported.]],
  patterns = { "weak" },
  args = {
    weak = weak_voice('("not"|no evidence|no mention|no reference|lack|lacked|lacking|limited|inconsistent'
             .. '|inconsistently|variable|weak|absent|missing|poor|poorly|rarely|seldom|"little"|insufficient'
             .. '|(could|needed to|needs to|need to) be strengthened)'),
  },
  check = function(item, ctx)
    local seen = {}
    for _, m in ipairs(minutes.discussion_matches(item, "weak")) do
      local s = m.sentence
      local key = s.offset
      if not seen[key] then
        seen[key] = true
        ctx:flag{ at = s, message = ("children's views reported as weak (\"%s\"): %s"):format(m.text,
          minutes.clip(s.text, 90)) }
      end
    end
  end,
}
