#!/bin/sh
# The HTML report (-f html): one self-contained file that loads in a real headless Chromium with no
# console message, shows every finding of the demo grouped by council, meeting and item, draws
# indicator trends with their target lines, and filters by severity and family. The browser checks
# are skipped when chromium is not installed (.ci/run installs it).
. tests/lib/tap.sh

$SCRUTINY -q --config examples/scrutiny.yaml -f html -o "$T/demo.html" 2> "$T/err"
check_rc "demo html report" 1 $?
$SCRUTINY -q --config examples/scrutiny.yaml -f text > "$T/demo.txt" 2>/dev/null
NF=$(wc -l < "$T/demo.txt")
count_of "every finding of the demo is in the report" "$T/demo.html" '<li class="finding"' "$NF"
has "self-contained: a policy that forbids every load" "$T/demo.html" "Content-Security-Policy\" content=\"default-src 'none'"
hasnt "nothing to fetch: no src or href" "$T/demo.html" '(src|href)='
sev() { grep -Ec ": $1 \\[" "$T/demo.txt"; }   # the counts follow the rule pack: read them from the text output
has "severity counts" "$T/demo.html" "<span class=\"critical\">$(sev critical) critical</span><span class=\"high\">$(sev high) high</span><span class=\"warning\">$(sev warning) warning</span><span class=\"notice\">$(sev notice) notice</span><span class=\"info\">$(sev info) info</span>"
has "grouped by council" "$T/demo.html" '<h2>Hartwell County Council</h2>'
has "then by meeting: date and committee" "$T/demo.html" '<h3>2024-06-12 — [^<]+</h3>'
has "then by item" "$T/demo.html" '<h4>[^<]+</h4><ul class="findings">'
has "quoted evidence" "$T/demo.html" '<blockquote>[^<]+</blockquote>'
has "a family filter" "$T/demo.html" '<input type="checkbox" data-filter="family" value="workforce" checked>'
printf '<script>alert(1)</script>\n\nAgenda item\n\nBudget <b>"x"</b>\n\nMinutes:\n\nRESOLVED: That the <script> report & "plan" be noted.\n' > "$T/m.txt"
$SCRUTINY -q -f html -o "$T/esc.html" -i "$T/m.txt" tests/data/rules/every_resolution.lua 2>/dev/null
hasnt "text from the minutes is escaped" "$T/esc.html" '<script>alert|<b>|the <script> report'
has "escaped as entities" "$T/esc.html" 'That the &lt;script&gt; report &amp; &quot;plan&quot; be noted'
$SCRUTINY -q -i examples/scorecards -i examples/minutes examples/rules -f html -o "$T/ind.html" 2>/dev/null
count_of "a trend chart per indicator with findings" "$T/ind.html" '<figure class="chart"><svg' 4
count_of "target lines" "$T/ind.html" '<polyline class="target"' 4
has "the flagged period is ringed" "$T/ind.html" '<circle class="pt flagged"[^>]*><title>Q4 2023/24: '

# --- in a real browser --------------------------------------------------------------------------
CHROME=""
for c in chromium chromium-browser; do command -v "$c" >/dev/null 2>&1 && { CHROME=$c; break; }; done
# browse NAME URL: the DOM after scripts ran into $T/NAME.dom, Chromium's log into $T/NAME.log
browse() {
    mkdir -p "$T/profile-$1"
    timeout 120 "$CHROME" --headless --no-sandbox --disable-gpu --disable-background-networking \
        --disable-component-update --disable-sync --no-first-run --user-data-dir="$T/profile-$1" \
        --enable-logging=stderr --v=0 --dump-dom "$2" > "$T/$1.dom" 2> "$T/$1.log"
}
B="in chromium:"
if [ -z "$CHROME" ]; then
    for n in "the demo report loads without console messages" "the script ran" "every finding shown" \
             "a console error would be caught" "the charts load without console messages" \
             "#severity=critical shows only critical" "#severity=critical hides the rest" "the count follows the filter" \
             "#family=workforce shows only workforce" "#family=workforce: other families hidden"; do
        skip "$B $n" "chromium is not installed"
    done
    exit 0
fi
browse demo "file://$T/demo.html"
if [ $? = 0 ] && ! grep -q 'CONSOLE' "$T/demo.log"; then ok "$B the demo report loads without console messages"
else notok "$B the demo report loads without console messages" "$(grep CONSOLE "$T/demo.log"; tail -5 "$T/demo.log")"; fi
has "$B the script ran" "$T/demo.dom" '<html lang="en" data-ready="1">'
has "$B every finding shown" "$T/demo.dom" "<span id=\"shown\">$NF</span> shown"
printf '<!DOCTYPE html><html><body><script>undefinedFunction();</script></body></html>' > "$T/bad.html"
browse bad "file://$T/bad.html"
has "$B a console error would be caught" "$T/bad.log" 'CONSOLE.*Uncaught ReferenceError'
browse ind "file://$T/ind.html"
if ! grep -q 'CONSOLE' "$T/ind.log" && grep -q '<polyline class="target"' "$T/ind.dom"; then ok "$B the charts load without console messages"
else notok "$B the charts load without console messages" "$(grep CONSOLE "$T/ind.log")"; fi
browse crit "file://$T/demo.html#severity=critical"
count_of "$B #severity=critical shows only critical" "$T/crit.dom" '<li class="finding" data-family="[a-z]+" data-severity="critical">' 1
count_of "$B #severity=critical hides the rest" "$T/crit.dom" '<li class="finding" [^>]*hidden=""' $((NF - 1))
has "$B the count follows the filter" "$T/crit.dom" '<span id="shown">1</span> shown'
browse wf "file://$T/demo.html#family=workforce"
count_of "$B #family=workforce shows only workforce" "$T/wf.dom" '<li class="finding" data-family="workforce" data-severity="[a-z]+">' "$(grep -c '\[workforce\.' "$T/demo.txt")"
hasnt "$B #family=workforce: other families hidden" "$T/wf.dom" '<li class="finding" data-family="(outcomes|followup|voice)" data-severity="[a-z]+">'
