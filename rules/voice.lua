-- Voice of the child: do children's views reach the committee?
--
-- Working Together and the inspection framework put the child's lived experience at the centre;
-- a committee that scrutinises children's services without ever hearing what children say has
-- only the service's account. These rules look for the child's voice in substantive items, and
-- for reports that it is weak.

local minutes = require "lib.minutes"

-- Phrases that show children's views, participation or lived experience were considered.
local VOICE = { "voice of the child", "voice of children", "voice of young people", "voices of children",
                "voices of young people", "child's voice", "children's voice", "young people's voice", "their voice",
                "pupil voice", "youth voice", "views of children", "views of the child", "views of young people",
                "children's views", "child's views", "young people's views", "wishes and feelings",
                "lived experience", "participation", "mind of my own", "children in care council", "care council",
                "youth council", "youth parliament", "young inspectors", "young ambassadors", "child's perspective",
                "children's perspective", "young people's perspective", "feedback from children",
                "feedback from young people", "children told", "young people told", "children said",
                "young people said", "consulted children", "consultation with children",
                "consultation with young people", "heard from children", "heard from young people",
                "listening to children", "care experienced young people" }

-- Whether the item is about children: its title, purpose or discussion names them. The
-- resolutions are left out, where "Cabinet Member for Children's Services" says nothing.
local function about_children(item, words)
  local title = item.title:lower()
  for _, w in ipairs(words) do
    if title:find(w, 1, true) then return true end
  end
  for _, p in ipairs(item.paragraphs) do
    if p.section ~= "resolved" and p:has_any(words) then return true end
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
mentions children's views, voice, participation, wishes and feelings or lived experience. The
committee heard only the service's account; it should ask what children and young people say
about the service, for example through the Children in Care Council or Mind of My Own.
Procedural items and the work programme are skipped.]],
  args = {
    min_chars = 600,
    children = { "child", "young people", "young person", "care leaver", "looked after", "safeguard", "foster",
                 "adoption", "youth", "famil", "care experienced", "special educational needs" },
    voice = VOICE,
    procedural = minutes.PROCEDURAL,
  },
  check = function(item, ctx)
    if minutes.is_procedural(item, ctx.args.procedural) then return end
    if minutes.discussion_length(item) < ctx.args.min_chars then return end
    if not about_children(item, ctx.args.children) or item:has_any(ctx.args.voice) then return end
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
  args = {
    voice = VOICE,
    weak = { "not", "no evidence", "no mention", "no reference", "lack", "lacked", "lacking", "limited",
             "inconsistent", "inconsistently", "variable", "weak", "absent", "missing", "poor", "poorly", "rarely",
             "seldom", "little", "insufficient",
             "could be strengthened", "needed to be strengthened", "needs to be strengthened" },
  },
  check = function(item, ctx)
    for _, s in ipairs(minutes.discussion_sentences(item)) do
      local m = s:find_any(ctx.args.voice)[1]
      local weak = m and s:find_any(ctx.args.weak, { whole = true })[1]
      if weak then
        ctx:flag{ at = s, message = ("children's views reported as weak (\"%s\" with \"%s\"): %s"):format(m.text,
          weak.text, minutes.clip(s.text, 90)) }
      end
    end
  end,
}
