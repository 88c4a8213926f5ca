#!/bin/sh
# Authoring safety nets: where require() looks (the rules folders in the order given, then the
# installed pack's lib/), unknown fields of model objects, pairs() over objects, --test with
# scorecards and shared helpers, and the LuaLS annotations generated from the binding tables.
. tests/lib/tap.sh
export SCRUTINY_RULES="$PWD/rules"

printf 'Agenda item\n\nBudget\n\nMinutes:\n\nThe Panel discussed the budget at length.\n\nRESOLVED: That the report be noted.\n' > "$T/m.txt"

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
$SCRUTINY -q -i "$T/m.txt" rules "$T/mine/uses_lib.lua" > "$T/out" 2>&1
check_rc "and named after rules/" 1 $?
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
