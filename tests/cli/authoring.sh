#!/bin/sh
# Authoring safety nets: where require() looks (the rules folders in the order given, then the
# installed pack's lib/), unknown fields of model objects, pairs() over objects, --test with
# scorecards and shared helpers, and the LuaLS annotations generated from the binding tables.
. tests/lib/tap.sh
export SCRUTINY_RULES="$PWD/rules"

printf 'Agenda item\n\nBudget\n\nMinutes:\n\nThe Panel discussed the budget at length. Élodie said “more” was needed.\n\nRESOLVED: That the report be noted.\n' > "$T/m.txt"

# a rule file elsewhere, named before rules/, uses the pack's helpers
mkdir -p "$T/mine"
cat > "$T/mine/uses_lib.lua" <<'LUA'
local minutes = require "lib.minutes"
rule { id = "mine.helpers", severity = "info", check = function(item, ctx)
  ctx:flag{ at = item, message = "discussion " .. minutes.discussion_length(item) } end }
LUA
$SCRUTINY -q -i "$T/m.txt" "$T/mine/uses_lib.lua" rules > "$T/out" 2>&1
check_rc "require 'lib.minutes' from a file named before rules/: findings, exit 1" 1 $?
has "the helper ran" "$T/out" 'info \[mine\.helpers\] discussion [0-9]+'
# minutes.clip reads only a prefix of a long text: the same as collapsing the whole text first
mkdir -p "$T/clip"
cat > "$T/clip/clip.lua" <<'LUA'
local minutes = require "lib.minutes"
local function whole(text, max) -- the plain way: collapse everything, then cut
  max = max or 120
  text = text:gsub("%s+", " ")
  if (utf8.len(text) or #text) <= max then return text end
  local cut = utf8.offset(text, max) or (max + 1)
  return text:sub(1, cut - 1):gsub("%s+%S*$", "") .. "…"
end
rule { id = "mine.clip", severity = "info", check = function(item, ctx)
  local parts = { "word ", "é ", "   ", "\n\n", "“quoted” ", "x", "\t", "\255", "ab" .. ("c"):rep(30), " \r\v\f" }
  local n = 0
  for seed = 1, 300 do
    local t, x = {}, seed
    for _ = 1, seed % 97 + 1 do
      x = (x * 1103515245 + 12345) % 2147483648
      t[#t + 1] = parts[x % #parts + 1]
      if x % 11 == 0 then t[#t + 1] = (" "):rep(x % 500) end
    end
    local s = table.concat(t)
    for _, max in ipairs({ 5, 20, 40, 100 }) do
      local a, b = minutes.clip(s, max), whole(s, max)
      assert(a == b, ("clip(%q, %d): %q, want %q"):format(s, max, a, b))
      n = n + 1
    end
  end
  -- discussion_length(item, upto) stops counting at upto
  local all = minutes.discussion_length(item)
  for upto = 1, all + 2 do
    assert(minutes.discussion_length(item, upto) == math.min(all, upto), "discussion_length upto " .. upto)
  end
  assert(all > 10, "discussion of " .. all)
  ctx:flag{ at = item, message = "clip agreed " .. n }
end }
LUA
$SCRUTINY -q -i "$T/m.txt" "$T/clip/clip.lua" rules > "$T/out" 2>&1
has "minutes.clip cuts long texts as the whole-text way does" "$T/out" 'info \[mine\.clip\] clip agreed 1200$'
# only_notes keeps its answer for an item only for the same lists: other lists, another answer
mkdir "$T/noted"
cat > "$T/noted/noted.lua" <<'LUA'
local minutes = require "lib.minutes"
local function ask(id, passive)
  rule { id = id, severity = "info", check = function(item, ctx)
    ctx:flag{ at = item, message = "only notes: " .. tostring(minutes.only_notes(item, passive, minutes.ACTIVE)) }
  end }
end
ask("mine.a", minutes.PASSIVE)
ask("mine.b", { "thanked" })
ask("mine.c", minutes.PASSIVE)
LUA
$SCRUTINY -q -i "$T/m.txt" "$T/noted/noted.lua" rules > "$T/out" 2>&1
has "only_notes: the standard lists" "$T/out" '\[mine\.a\] only notes: true$'
has "only_notes: other lists are not answered from the memo" "$T/out" '\[mine\.b\] only notes: false$'
has "only_notes: the standard lists again" "$T/out" '\[mine\.c\] only notes: true$'
$SCRUTINY -q -i "$T/m.txt" rules "$T/mine/uses_lib.lua" > "$T/out" 2>&1
check_rc "and named after rules/" 1 $?
cp "$T/m.txt" "$T/m2.txt"; sed -i '1i ---\ncouncil: Other Council\n---' "$T/m2.txt"
$SCRUTINY -q -j 2 -i "$T/m.txt" -i "$T/m2.txt" "$T/mine/uses_lib.lua" rules > "$T/out" 2>&1
check_rc "and on two threads (-j 2)" 1 $?
count_is "each thread's rules find the helpers" "$T/out" '\[mine\.helpers\] discussion' 2
# alone: the installed pack ($SCRUTINY_RULES) gives lib.*
$SCRUTINY -q -i "$T/m.txt" "$T/mine" > "$T/out" 2>&1
check_rc "alone, lib.minutes comes from the installed pack" 1 $?
has "the pack's helper ran" "$T/out" '\[mine\.helpers\] discussion'
SCRUTINY_RULES="$T/nopack" $SCRUTINY -q -i "$T/m.txt" "$T/mine" > "$T/out" 2>&1
check_rc "no pack and no lib/ beside: an error" 2 $?
has "the error says where it looked" "$T/out" "uses_lib\.lua:1: module 'lib\.minutes' not found in the rule folders nor in the standard pack at $T/nopack"
# a folder's own lib/ comes before the pack's; the first folder given wins
mkdir -p "$T/mine/lib" "$T/other/lib"
printf 'return { discussion_length = function() return 4242 end }\n' > "$T/mine/lib/minutes.lua"
$SCRUTINY -q -i "$T/m.txt" "$T/mine" > "$T/out" 2>&1
has "a folder's own lib/ first" "$T/out" 'discussion 4242'
printf 'return { discussion_length = function() return 99 end }\n' > "$T/other/lib/minutes.lua"
printf 'rule { id = "other.x", severity = "info", check = function() end }\n' > "$T/other/x.lua"
rm "$T/mine/lib/minutes.lua"
$SCRUTINY -q -i "$T/m.txt" "$T/other" "$T/mine" > "$T/out" 2>&1
has "the folders in the order given: other/ named first" "$T/out" 'discussion 99'
$SCRUTINY -q -i "$T/m.txt" "$T/mine" "$T/other" rules > "$T/out" 2>&1
has "still other/ before rules/" "$T/out" 'discussion 99'
# only lib.* comes from the pack: a rule file of the pack is not a module
printf 'local o = require "outcomes"\nrule { id = "mine.o", check = function() end }\n' > "$T/mine/uses_lib.lua"
$SCRUTINY -q -i "$T/m.txt" "$T/mine" > "$T/out" 2>&1
has "the pack's rule files are not modules" "$T/out" "module 'outcomes' not found in the rule folders$"
# the sandbox still holds inside a required module
printf 'return { io = io, package = package, dofile = dofile }\n' > "$T/mine/lib/probe.lua"
printf 'local p = require "lib.probe"\nrule { id = "mine.p", severity = "info", check = function(item, ctx)\n  ctx:flag{ at = item, message = tostring(p.io) .. tostring(p.package) .. tostring(p.dofile) } end }\n' > "$T/mine/uses_lib.lua"
$SCRUTINY -q -i "$T/m.txt" "$T/mine" > "$T/out" 2>&1
has "no io, package or dofile inside modules" "$T/out" '\[mine\.p\] nilnilnil'

# the LuaLS annotations: written from the binding tables, and what they promise is there
$SCRUTINY --dump-api > "$T/api.lua" 2> "$T/err"
if cmp -s "$T/api.lua" rules/types/scrutiny.d.lua; then ok "rules/types/scrutiny.d.lua is what --dump-api writes"
else notok "rules/types/scrutiny.d.lua is what --dump-api writes" "it drifted from the binding tables (run make api): $(diff rules/types/scrutiny.d.lua "$T/api.lua" | head -10)"; fi
$SCRUTINY --list-rules rules/types/scrutiny.d.lua > "$T/out" 2>&1
has "the annotation file is valid Lua (it loads, defining no rule)" "$T/out" 'scrutiny\.d\.lua: warning: defines no rule or escalation$'
hasnt "and loads without an error" "$T/out" 'error'
# every field and method a class of the file promises can be read on an object of that class
# (a class's parent's too: "---@class Point: ModelObject" promises find_any on points)
awk '/^---@class /{ c = $2; sub(/:.*/, "", c); if ($3 != "") print "parent", c, $3 }
     /^---@field [a-z_]/{ f = $2; sub(/\?$/, "", f); print "field", c, f }
     /^function [A-Za-z]+:/{ m = $2; sub(/\(.*/, "", m); split(m, p, ":"); print "field", p[1], p[2] }' \
    rules/types/scrutiny.d.lua > "$T/promised"
count=$(grep -c '^field' "$T/promised")
{
  echo 'local promised, parents = {}, {}'
  while read -r what c f; do
    if [ "$what" = parent ]; then echo "parents['$c'] = '$f'"; else echo "promised[#promised + 1] = { '$c', '$f' }"; fi
  done < "$T/promised"
  cat <<'LUA'
rule { id = "api.agree", severity = "info", check = function(item, ctx)
  local m = item.meeting
  local fig = item.figures[1]
  local ind = fig and fig.indicator or ctx:indicator("assessments_45_days")
  local objs = {
    Ctx = ctx, ModelObject = item, Meeting = m, Item = item, Section = item.sections[1],
    Paragraph = item.paragraphs[1], Sentence = item:sentences()[1], Resolution = item.resolutions[1],
    Speaker = item.speakers[1], Figure = fig, Date = item.dates[1], Reference = item.references[1],
    Match = item:find_any("assess")[1], Indicator = ind, Point = ind and ind.series[1],
  }
  local n, missing = 0, {}
  for _, p in ipairs(promised) do
    local o = objs[p[1]]
    if o then
      for class, obj in pairs(objs) do -- the class itself, and each class that inherits from it
        local c = class
        while c and c ~= p[1] do c = parents[c] end
        if c then
          local ok, err = pcall(function() return obj[p[2]] end)
          if ok then n = n + 1 else missing[#missing + 1] = class .. "." .. p[2] .. ": " .. err end
        end
      end
    elseif p[1] ~= "RuleSpec" and p[1] ~= "EscalationSpec" and p[1] ~= "Fact" and p[1] ~= "EscalationFinding" then
      missing[#missing + 1] = "no " .. p[1] .. " object in the fixture"
    end
  end
  ctx:flag{ at = item, message = "read " .. n .. "; " .. table.concat(missing, "; ") }
end }
LUA
} > "$T/agree.lua"
cat > "$T/agree.txt" <<'TXT'
---
council: Testshire County Council
committee: Children's Scrutiny Committee
date: 2024-05-02
---
Agenda item

Assessments Report

Minutes:

Councillor Marsh asked about assessments completed within 45 days, which stood at 61% in
quarter 3 according to Minute No. 12.

RESOLVED: That the report be noted.
TXT
printf 'council,indicator,period,value,target\nTestshire County Council,assessments_45_days,Q3 2023/24,61,90\n' > "$T/agree.csv"
$SCRUTINY -q -i "$T/agree.csv" -i "$T/agree.txt" "$T/agree.lua" > "$T/out" 2>&1
has "every field and method the annotations promise is there ($count)" "$T/out" "\[api\.agree\] read [0-9]+; $"

# --test: scorecard fixtures (NAME.csv, NAME.scorecard.yaml alone, or beside NAME.txt)
RT=tests/data/ruletest
$SCRUTINY --test $RT/scorecard > "$T/out" 2>&1
check_rc "--test runs scorecard fixtures: exit 0" 0 $?
has "a CSV alone is a fixture (indicator rules)" "$T/out" '^ok - tests/data/ruletest/scorecard/tests/streak_csv\.csv$'
has "a scorecard YAML alone is a fixture" "$T/out" '^ok - tests/data/ruletest/scorecard/tests/streak_yaml_neg\.scorecard\.yaml$'
has "minutes with their scorecard beside them" "$T/out" '^ok - tests/data/ruletest/scorecard/tests/quoted\.txt \+ quoted\.csv$'
has "indicator rules are covered by scorecard fixtures" "$T/out" '^ok - t\.streak has 1 positive and 2 negative fixtures$'
has "all of them counted" "$T/out" '^6 passed, 0 failed$'
mkdir -p "$T/sc/tests"
cp $RT/scorecard/streak.lua "$T/sc/"
cp $RT/scorecard/tests/streak_csv.csv $RT/scorecard/tests/quoted.txt $RT/scorecard/tests/quoted.csv "$T/sc/tests/"
printf 'expect:\n  - { rule: t.streak, line: 3 }\n' > "$T/sc/tests/streak_csv.expect.yaml"
printf 'expect:\n  - { rule: t.quoted-below-target, line: 12, file: quoted.csv }\n' > "$T/sc/tests/quoted.expect.yaml"
printf 'expect:\n  - { rule: t.streak, line: 2 }\n' > "$T/sc/tests/orphan.expect.yaml"
printf 'expect:\n  - { rule: t.streak, line: 4, file: nothere.csv }\n' > "$T/sc/tests/wrongfile.expect.yaml"
cp $RT/scorecard/tests/streak_csv.csv "$T/sc/tests/wrongfile.csv"
$SCRUTINY --test "$T/sc" > "$T/out" 2>&1
check_rc "--test with failing scorecard fixtures exits 1" 1 $?
has "a wrong row of a scorecard is missing" "$T/out" '^#   missing: t\.streak at line 3$'
has "and the row it flagged is unexpected" "$T/out" '^#   unexpected: t\.streak at line 4: rereferrals off target since Q1 2023/24$'
has "file: picks which input the finding must be in" "$T/out" '^#   missing: t\.quoted-below-target at line 12 of quoted\.csv$'
has "an expectations file without minutes or scorecard fails" "$T/out" 'orphan\.expect\.yaml: no minutes or scorecard beside it'
has "file: naming no input of the fixture fails" "$T/out" "'nothere\.csv' is not a file of this fixture"

# --test on a folder whose rules require the pack's helpers
$SCRUTINY --test $RT/helpers > "$T/out" 2>&1
check_rc "--test on a folder that requires lib.minutes passes (the pack's lib/)" 0 $?
has "its fixtures ran" "$T/out" '^3 passed, 0 failed$'
SCRUTINY_RULES="$T/nopack" $SCRUTINY --test $RT/helpers > "$T/out" 2>&1
check_rc "without the pack it fails" 1 $?
has "saying why" "$T/out" "module 'lib\.minutes' not found in the rule folders nor in the standard pack"
