#!/bin/sh
# Plugins: the two in plugins/, a refused ABI, a failing registration, and the out-of-tree
# example built against an installed scrutiny. Prints "ok - ..." / "not ok - ..." per check.
SCRUTINY=${SCRUTINY:-build/scrutiny-run}
SCRUTINY_BIN=${SCRUTINY_BIN:-build/scrutiny-run}
BUILD_DIR=$(dirname "$SCRUTINY_BIN")
R=tests/data/rules
H=tests/data/html
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export SCRUTINY_PLUGIN_PATH="$T/no-plugins-here"   # only the plugins named below
ok() { echo "ok - $1"; }
notok() { echo "not ok - $1"; [ -n "$2" ] && printf '%s\n' "$2" | sed 's/^/#   /' | head -15; }
check_rc() { if [ "$2" = "$3" ]; then ok "$1"; else notok "$1" "expected exit $2, got $3"; fi; }
has() { if grep -Eq -- "$3" "$2"; then ok "$1"; else notok "$1" "no line matches /$3/ in: $(cat "$2")"; fi; }

$SCRUTINY --plugin plugins/re.so --plugin plugins/moderngov-html.so --list-plugins > "$T/out" 2>&1
check_rc "--list-plugins" 0 $?
has "built-ins listed" "$T/out" '^builtin +[0-9.]+ +loader:minutes, loader:scorecard, sink:text, sink:jsonl, sink:csv, sink:sarif, sink:html +\(built in\)$'
has "re listed" "$T/out" '^re +1\.1 +lua:scrutiny\.re +plugins/re\.so$'
has "moderngov-html listed" "$T/out" '^moderngov-html +1\.1 +loader:moderngov-html +plugins/moderngov-html\.so$'

# the HTML page and its text twin give the same model, findings point into the HTML
cat > "$T/model.lua" <<'LUA'
rule { id = "t.model", scope = "meeting", check = function(m, ctx)
  local out = { m.committee, m.date }
  for _, it in ipairs(m.items) do
    out[#out + 1] = ("item %s %s"):format(it.number, it.title)
    for _, r in ipairs(it.resolutions) do out[#out + 1] = ("res %s %s"):format(r.label or "-", r.body) end
    for _, f in ipairs(it.figures) do out[#out + 1] = ("fig %s %s %s"):format(f.kind, f.text, f.unit) end
    for _, s in ipairs(it.speakers) do out[#out + 1] = ("spk %s"):format(s.name) end
  end
  ctx:flag{ at = m, message = table.concat(out, " | ") }
end }
LUA
$SCRUTINY -q --plugin plugins/moderngov-html.so -i $H/panel_2024-05-09.html "$T/model.lua" > "$T/html" 2>&1
$SCRUTINY -q -i $H/panel_2024-05-09.txt "$T/model.lua" > "$T/text" 2>&1
sed 's/^[^ ]* //' "$T/html" > "$T/html.m"; sed 's/^[^ ]* //' "$T/text" > "$T/text.m"
if cmp -s "$T/html.m" "$T/text.m" && grep -q 'res · the report be noted' "$T/html.m"; then ok "HTML and text give the same items, resolutions, figures and speakers"
else notok "HTML and text give the same items, resolutions, figures and speakers" "$(diff "$T/html.m" "$T/text.m")"; fi
has "the HTML model is complete" "$T/html" "item 12 Children's Social Care Performance Report \| res · the report be noted \| res · the Head of Safeguarding report progress on conference timeliness to the September 2024 meeting\. \| fig percent 58% %"
$SCRUTINY --plugin plugins/moderngov-html.so -i $H/panel_2024-05-09.html $R/every_percent.lua > "$T/out" 2>&1
has "findings point at the HTML line" "$T/out" '^tests/data/html/panel_2024-05-09\.html:20:[0-9]+: notice \[test\.every-percent\] percentage 58%$'
$SCRUTINY --plugin plugins/moderngov-html.so -i $H $R/every_resolution.lua > "$T/out" 2>&1
has "a folder picks up .html through the plugin" "$T/out" 'panel_2024-05-09\.html:[0-9]+:[0-9]+: info \[test\.every-resolution\]'
$SCRUTINY -i $H/panel_2024-05-09.html $R/every_resolution.lua > "$T/out" 2>&1
check_rc "without the plugin the HTML is not minutes" 2 $?
has "without the plugin the HTML is refused as markup" "$T/out" "panel_2024-05-09\\.html:1:1: error: markup, not minutes text"

# re: a rule that requires it, and its limits
cat > "$T/re.lua" <<'LUA'
local re = require "scrutiny.re"
rule { id = "t.re", check = function(item, ctx)
  local rx = re.compile([[(?<n>\d+(?:\.\d+)?)\s*(?:%|per cent)]], "i")
  for _, p in ipairs(item.paragraphs) do
    for m in rx:gmatch(p.text) do ctx:flag{ at = p, message = ("percent %s at %d"):format(m.n, m.start) } end
  end
  local ok, err = pcall(re.match, string.rep("ab", 30) .. "!", [[^(\w+\s?)*$]])
  if not ok then ctx:flag{ at = item, message = err } end
end }
LUA
$SCRUTINY --plugin plugins/re.so -i examples/minutes/ashcombe_2024-03-14.txt "$T/re.lua" > "$T/out" 2>&1
has "re: named captures and gmatch" "$T/out" 'ashcombe_2024-03-14\.txt:23:1: warning \[t\.re\] percent 47 at 33$'
has "re: a catastrophic pattern is stopped" "$T/out" '\[t\.re\] re: pattern too costly, stopped: match limit exceeded'
$SCRUTINY -i examples/minutes/ashcombe_2024-03-14.txt "$T/re.lua" > "$T/out" 2>&1
check_rc "require of a missing plugin module fails the rule file" 2 $?
has "missing module named" "$T/out" "module 'scrutiny\.re' not found: no plugin provides it"

# a plugin for another ABI, and one whose registration fails
CFLAGS_P="-std=c11 -Wall -Wextra -Werror -fPIC -shared -Iinclude $SAN_FLAGS"
cc $CFLAGS_P -o "$T/bad_abi.so" tests/plugins/bad_abi.c && cc $CFLAGS_P -o "$T/fails.so" tests/plugins/fails.c || notok "test plugins build"
$SCRUTINY --plugin "$T/bad_abi.so" -i examples/minutes/ashcombe_2024-03-14.txt $R/every_resolution.lua > "$T/out" 2>&1
check_rc "a wrong-ABI plugin is refused, the run goes on (warn)" 1 $?
has "refusal names both versions" "$T/out" "bad_abi\.so: plugin 'from-the-future' needs plugin ABI 99\.0; this scrutiny provides 1\.1"
$SCRUTINY --plugin-errors=fail --plugin "$T/bad_abi.so" -i examples/minutes/ashcombe_2024-03-14.txt $R/every_resolution.lua > "$T/out" 2>&1
check_rc "--plugin-errors=fail stops the run" 2 $?
$SCRUTINY --plugin "$T/fails.so" --format half-registered -i examples/minutes/ashcombe_2024-03-14.txt $R/every_resolution.lua > "$T/out" 2>&1
check_rc "a failed plugin's sink is gone" 2 $?
has "failed registration reported" "$T/out" "fails\.so: plugin 'fails' failed to register \(sc_plugin_register returned an error\); it was unloaded"
has "unknown format afterwards" "$T/out" "unknown format 'half-registered'"
# a loader without a load function is refused (the host once called NULL on a sniffed input)
cc $CFLAGS_P -o "$T/no_load.so" tests/plugins/no_load.c || notok "no_load plugin builds"
printf 'Agenda item\n\nTitle\n' > "$T/input.dat"
$SCRUTINY --plugin "$T/no_load.so" -i "$T/input.dat" $R/every_resolution.lua > "$T/out" 2>&1
rc=$?; if [ $rc -le 2 ]; then ok "a loader without load: no crash"; else notok "a loader without load: no crash" "exit $rc"; fi
has "a loader without load is refused" "$T/out" "no_load\.so: plugin 'no-load'"
# plugin ABI 1.1: a colon in the committee's name is text (set_meta, not front matter)
sed 's/Services Scrutiny Panel - Thursday/Services: Scrutiny Panel - Thursday/' $H/panel_2024-05-09.html > "$T/colon.html"
$SCRUTINY -f jsonl --plugin plugins/moderngov-html.so -i "$T/colon.html" $R/every_resolution.lua > "$T/out" 2>&1
check_rc "html: a committee named with a colon is read" 1 $?
has "html: the committee keeps its colon" "$T/out" '"committee":"Children.s Services: Scrutiny Panel","date":"2024-05-09"'
# one coordinate system: what a rule reads as line/column is where its finding points, in the HTML
cat > "$T/coord.lua" <<'LUA'
rule { id = "t.coord", severity = "notice", check = function(item, ctx)
  for _, f in ipairs(item.figures) do
    if f.kind == "percent" then ctx:flag{ at = f, message = ("%s at %d:%d"):format(f.text, f.line, f.column) } end
  end
end }
LUA
$SCRUTINY --plugin plugins/moderngov-html.so -i $H/panel_2024-05-09.html "$T/coord.lua" > "$T/out" 2>&1
has "html: obj.line and obj.column are the finding's, in the HTML file" "$T/out" '^tests/data/html/panel_2024-05-09\.html:20:([0-9]+): notice \[t\.coord\] 58% at 20:\1$'
$SCRUTINY --plugin plugins/moderngov-html.so --dump -i $H/panel_2024-05-09.html > "$T/out" 2>&1
has "html: --dump counts in the HTML file too" "$T/out" '^  figure 20:[0-9]+ percent 58 '
# a plugin built for ABI 1.0 (the table as it was then) still loads and works
cc $CFLAGS_P -o "$T/abi10.so" tests/plugins/abi10.c || notok "abi10 plugin builds"
printf '101|Agenda item\n102|\n103|Fostering Update\n104|\n105|Minutes:\n106|\n107|The Panel noted that only 41%% of visits were on time.\n' > "$T/m.old"
$SCRUTINY --plugin-errors=fail --plugin "$T/abi10.so" -i "$T/m.old" $R/every_percent.lua > "$T/out" 2>&1
check_rc "a 1.0 plugin loads and its loader runs" 1 $?
has "a 1.0 loader's lines and columns map back" "$T/out" 'm\.old:107:31: notice \[test\.every-percent\] percentage 41%$'
# charge: a plugin's Lua function pays into the rule's instruction budget and time limit
cc $CFLAGS_P $(pkg-config --cflags lua5.4) -o "$T/costly.so" tests/plugins/charge.c || notok "charge plugin builds"
for what in "spend 10:paid" "spend 1e12:budget" "spin 30:time"; do
    set -- $what
    printf 'local costly = require "scrutiny.costly"\nrule { id = "t.%s", check = function(item, ctx)\n  costly.%s(%s)\n  ctx:flag{ at = item, message = "%s" }\nend }\n' \
        "${2%%:*}" "$1" "${2%%:*}" "${2#*:}" > "$T/${2#*:}.lua"
done
$SCRUTINY --time-limit 0.5 --plugin "$T/costly.so" -i examples/minutes/ashcombe_2024-03-14.txt "$T/paid.lua" "$T/budget.lua" "$T/time.lua" > "$T/out" 2>&1
check_rc "charging rules run (two stopped)" 2 $?
has "a small charge passes" "$T/out" '\[t\.10\] paid$'
has "charge runs out the instruction budget" "$T/out" 'budget\.lua:3: rule stopped: instruction budget exceeded \[rule t\.1e12'
has "charge runs out the time limit" "$T/out" 'time\.lua:3: rule stopped: time limit exceeded \[rule t\.30'
if grep -q '\] \(budget\|time\)$' "$T/out"; then notok "a stopped call keeps no finding" "$(grep '\] \(budget\|time\)$' "$T/out")"
else ok "a stopped call keeps no finding"; fi
# re pays for the bytes its matches go over: a loop of searches over a long text runs out the budget
cat > "$T/re_cost.lua" <<'LUA'
local re = require "scrutiny.re"
rule { id = "t.re-cost", check = function(item, ctx)
  local s = string.rep("minutes ", 100000)
  for _ = 1, 20 do re.find(s, "never here") end
  ctx:flag{ at = item, message = "searched" }
end }
LUA
$SCRUTINY --instr-limit 100000 --time-limit 30 --plugin plugins/re.so -i examples/minutes/ashcombe_2024-03-14.txt "$T/re_cost.lua" > "$T/out" 2>&1
has "re: searches are charged to the rule's budget" "$T/out" 're_cost\.lua:[0-9]+: rule stopped: instruction budget exceeded \[rule t\.re-cost'
$SCRUTINY --time-limit 30 --plugin plugins/re.so -i examples/minutes/ashcombe_2024-03-14.txt "$T/re_cost.lua" > "$T/out" 2>&1
has "re: within the default budget they run" "$T/out" '\[t\.re-cost\] searched$'
# a loader of kind scorecard: the plugin claims *.scores, the host reads them as scorecards
cp tests/data/scorecards/v1.csv "$T/v1.scores"
$SCRUTINY --plugin "$T/costly.so" --dump -i "$T/v1.scores" > "$T/out" 2>&1
has "a scorecard-kind loader's files are scorecards" "$T/out" 'observation .* council="Westbrook" indicator=rereferrals'
cc $CFLAGS_P -o "$T/bad_kind.so" tests/plugins/bad_kind.c || notok "bad_kind plugin builds"
$SCRUTINY --plugin "$T/bad_kind.so" --list-plugins > "$T/out" 2>&1
has "a scorecard-kind loader with a load function is refused" "$T/out" "bad_kind\.so: plugin 'bad-kind' failed to register \(a registration was refused\)"

# plugins found in a folder load only when no one but its owner can change the folder or the file
mkdir -p "$T/pdir" && cp plugins/re.so "$T/pdir/" && chmod 755 "$T/pdir" && chmod 755 "$T/pdir/re.so"
SCRUTINY_PLUGIN_PATH="$T/pdir" $SCRUTINY --list-plugins > "$T/out" 2>&1
has "a plugin folder of its owner's: loaded" "$T/out" '^re  .*pdir/re\.so'
chmod 777 "$T/pdir"
SCRUTINY_PLUGIN_PATH="$T/pdir" $SCRUTINY --list-plugins > "$T/out" 2>&1
has "a plugin folder writable by others: refused with a warning" "$T/out" "plugin folder $T/pdir is writable by others"
if grep -q '^re  .*pdir/re\.so' "$T/out"; then notok "a plugin folder writable by others: nothing loaded from it"
else ok "a plugin folder writable by others: nothing loaded from it"; fi
chmod 755 "$T/pdir" && chmod 666 "$T/pdir/re.so"
SCRUTINY_PLUGIN_PATH="$T/pdir" $SCRUTINY --list-plugins > "$T/out" 2>&1
has "a plugin file writable by others: refused" "$T/out" "plugin $T/pdir/re\.so is writable by others"
printf 'not a shared object' > "$T/junk.so"
$SCRUTINY --plugin "$T/junk.so" --list-plugins > "$T/out" 2>&1
has "a file that is no plugin is reported" "$T/out" 'junk\.so: cannot load plugin'

# the out-of-tree example, against an installed scrutiny
# (install links scrutiny-run again: a sanitizer build links with its flags)
if [ -n "$SAN_FLAGS" ]; then set -- CFLAGS="-O1 -g $SAN_FLAGS" LDFLAGS="$SAN_FLAGS"; else set --; fi
if make --no-print-directory -s BUILD="$BUILD_DIR" install PREFIX="$T/prefix" "$@" > "$T/inst" 2>&1 &&
   PKG_CONFIG_PATH="$T/prefix/lib/pkgconfig" make --no-print-directory -s -C examples/plugin CFLAGS="-O2 $SAN_FLAGS" > "$T/mk" 2>&1; then
    ok "examples/plugin builds with pkg-config --cflags scrutiny"
    $SCRUTINY --plugin examples/plugin/markdown.so --format markdown -i examples/minutes/ashcombe_2024-03-14.txt $R/every_resolution.lua > "$T/out" 2>&1
    has "markdown sink header" "$T/out" '^\| Severity \| Rule \| Where \| Finding \|$'
    has "markdown sink row" "$T/out" '^\| info \| `test\.every-resolution` \| examples/minutes/ashcombe_2024-03-14\.txt:[0-9]+ \| resolution '
    make --no-print-directory -s -C examples/plugin clean
else
    notok "examples/plugin builds with pkg-config --cflags scrutiny" "$(cat "$T/inst" "$T/mk")"
fi
