#!/bin/sh
# Output formats of scrutiny-run: JSON Lines fields and error records, CSV (RFC 4180), SARIF 2.1.0
# (validated against the official schema when python3-jsonschema is installed), several outputs in
# one run, --fail-on never, --min-severity and the closing summary.
. tests/lib/tap.sh
R=tests/data/rules
# A Python 3 with jsonschema: Debian's first (python3-jsonschema), then whatever python3 is first on PATH.
PY=""
for p in /usr/bin/python3 python3; do
    if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import jsonschema' 2>/dev/null; then PY=$p; break; fi
done
PYANY=$(command -v python3 || command -v /usr/bin/python3 || true)

DEMO="--config examples/scrutiny.yaml"
# The demo's findings in the default text format, counted once: every other format must agree
# with them (the count follows the rule pack, so it is read here rather than written down).
$SCRUTINY $DEMO -q > "$T/demo.txt" 2>/dev/null
sev() { grep -Ec "^examples/.*: $1 \[" "$T/demo.txt"; }
N=$(grep -Ec '^examples/.*: (info|notice|warning|high|critical) \[' "$T/demo.txt")

# --- JSON Lines ---------------------------------------------------------------------------------
$SCRUTINY $DEMO -q -f jsonl > "$T/demo.jsonl" 2> "$T/err"
check_rc "demo jsonl run" 1 $?
count_is "jsonl: every finding typed, the older keys first" "$T/demo.jsonl" '^\{"rule":.*"type":"finding"\}$' "$N"
has "jsonl: meeting date" "$T/demo.jsonl" '"date":"2024-03-14"'
has "jsonl: committee" "$T/demo.jsonl" '"committee":"Children and Young People Scrutiny Committee"'
has "jsonl: rule title and tags" "$T/demo.jsonl" '^\{"rule":"voice.child-voice-absent",.*"title":"Children.s views never mentioned[^"]*","tags":\["voice","children","participation"\]'
has "jsonl: escalations titled" "$T/demo.jsonl" '^\{"rule":"escalate.commitment-slipped-and-noted",.*"title":"[^"]+","tags":\["escalation"\]'
printf 'Agenda item\n\nBudget\n\nMinutes:\n\nRESOLVED: That the report be noted, with thanks.\n' > "$T/m.txt"
: > "$T/empty.txt"
$SCRUTINY -q -f jsonl -i "$T/m.txt" -i "$T/empty.txt" $R/every_resolution.lua > "$T/e.jsonl" 2> "$T/err"
check_rc "jsonl with a bad input exits 2" 2 $?
has "jsonl: error record in the stream" "$T/e.jsonl" '^\{"type":"error","message":"empty file[^"]*","file":"[^"]*empty\.txt","line":1,"column":1\}$'
has "jsonl: the finding beside it" "$T/e.jsonl" '^\{"rule":"test.every-resolution".*"type":"finding"\}$'
has "stderr still names the error" "$T/err" 'empty\.txt:1:1: error: empty file'
# an earlier output with error records is still a baseline
$SCRUTINY -q -f jsonl --baseline "$T/e.jsonl" -i "$T/m.txt" $R/every_resolution.lua > "$T/b.jsonl" 2> "$T/err"
check_rc "a jsonl with error records is a baseline" 0 $?

# --- CSV --------------------------------------------------------------------------------------
$SCRUTINY $DEMO -q -f csv > "$T/demo.csv" 2>/dev/null
check_rc "demo csv run" 1 $?
if [ "$(head -1 "$T/demo.csv")" = "$(printf 'rule,title,tags,severity,message,file,line,column,end_line,end_column,council,committee,date,meeting,item,excerpt,fingerprint,waived\r')" ]
then ok "csv: header row, CRLF"; else notok "csv: header row, CRLF" "$(head -1 "$T/demo.csv" | od -c | tail -3)"; fi
if [ "$(grep -c "$(printf '\r')\$" "$T/demo.csv")" = "$(wc -l < "$T/demo.csv")" ]; then ok "csv: every line ends CRLF"; else notok "csv: every line ends CRLF"; fi
has "csv: a field with a quote is quoted, quotes doubled" "$T/demo.csv" '\(""24%, against a target of 18%""\): The rate'
has "csv: a field with a comma is quoted" "$T/demo.csv" ',"voice, children, participation",'
cat > "$T/formula.lua" <<'LUA'
rule { id = "test.formula", severity = "info",
  check = function(item, ctx) ctx:flag{ at = item, message = '=HYPERLINK("http://x", "click")' } end }
LUA
$SCRUTINY -q -f csv -i "$T/m.txt" "$T/formula.lua" > "$T/f.csv" 2>/dev/null
has "csv: a formula is defused with an apostrophe" "$T/f.csv" ',"'"'"'=HYPERLINK\(""http://x"", ""click""\)",'
if [ -n "$PYANY" ]; then
    if "$PYANY" -c 'import csv,sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
assert all(len(r) == 18 for r in rows), [len(r) for r in rows]
assert rows[1][0] == "voice.child-voice-absent" and rows[1][6] == "13", rows[1]
sys.exit(0 if len(rows) == int(sys.argv[2]) + 1 else 1)' "$T/demo.csv" "$N" 2> "$T/err"; then ok "csv: Python's csv module reads a row of 18 fields per finding"
    else notok "csv: Python's csv module reads a row of 18 fields per finding" "$(cat "$T/err")"; fi
else
    skip "csv: Python's csv module reads a row of 18 fields per finding" "no python3"
fi

# --- SARIF ------------------------------------------------------------------------------------
$SCRUTINY $DEMO -q -f sarif -o "$T/demo.sarif" 2>/dev/null
check_rc "demo sarif run" 1 $?
has "sarif: version 2.1.0 with the schema URI" "$T/demo.sarif" '^\{"\$schema":"https://docs.oasis-open.org/sarif/sarif/v2.1.0/[^"]*sarif-schema-2.1.0.json","version":"2.1.0"'
has "sarif: rules carry name, descriptions, help, tags" "$T/demo.sarif" '"id":"voice.child-voice-absent","name":"VoiceChildVoiceAbsent","shortDescription":\{"text":"[^"]+"\},"fullDescription":\{"text":"[^"]+"\},"help":\{"text":"[^"]+","markdown":"[^"]+"\},"defaultConfiguration":\{"level":"warning"\},"properties":\{"tags":\["voice"'
sed 's/{"id":/\n{"id":/g' "$T/demo.sarif" > "$T/rules.txt"
has "sarif: a disabled rule says so" "$T/rules.txt" '^\{"id":"voice.views-not-evident".*"defaultConfiguration":\{"level":"[a-z]+","enabled":false\}'
has "sarif: result with region, snippet, fingerprint" "$T/demo.sarif" '"ruleId":"voice.child-voice-absent","level":"warning","message":\{"text":"[^"]+"\},"locations":\[\{"physicalLocation":\{"artifactLocation":\{"uri":"examples/minutes/ashcombe_2024-03-14.txt"\},"region":\{"startLine":13,"startColumn":1,"endLine":13,"endColumn":8,"snippet":\{"text":"Minutes"\}\}\}\}\],"partialFingerprints":\{"scrutiny/v1":"[0-9a-f]{16}"\}'
has "sarif: columns are code points" "$T/demo.sarif" '"columnKind":"unicodeCodePoints"'
has "sarif: invocation succeeded" "$T/demo.sarif" '"invocations":\[\{"executionSuccessful":true'
$SCRUTINY -q -f sarif -o "$T/e.sarif" -i "$T/m.txt" -i "$T/empty.txt" $R/every_resolution.lua 2>/dev/null
has "sarif: errors are notifications, the run not successful" "$T/e.sarif" '"executionSuccessful":false,"toolExecutionNotifications":\[\{"level":"error","message":\{"text":"empty file[^"]*"\},"locations":\[\{"physicalLocation":\{"artifactLocation":\{"uri":"[^"]*empty.txt"\},"region":\{"startLine":1,"startColumn":1\}'
mkdir -p "$T/odd dir"; cp "$T/m.txt" "$T/odd dir/a%b.txt"
(cd "$T" && "$OLDPWD/$SCRUTINY" -q -f sarif -i "odd dir/a%b.txt" "$OLDPWD/$R/every_resolution.lua" > odd.sarif 2>/dev/null)
has "sarif: a path is a percent-encoded URI reference" "$T/odd.sarif" '"uri":"odd%20dir/a%25b.txt"'
# fingerprints do not move with the lines
{ printf '\n\n\n'; cat "$T/m.txt"; } > "$T/moved.txt"
$SCRUTINY -q -f sarif -i "$T/m.txt" $R/every_resolution.lua 2>/dev/null | grep -o '"startLine":[0-9]*\|"scrutiny/v1":"[0-9a-f]*"' > "$T/fp1"
$SCRUTINY -q -f sarif -i "$T/moved.txt" $R/every_resolution.lua 2>/dev/null | grep -o '"startLine":[0-9]*\|"scrutiny/v1":"[0-9a-f]*"' > "$T/fp2"
if [ -s "$T/fp1" ] && [ "$(grep scrutiny "$T/fp1")" = "$(grep scrutiny "$T/fp2")" ] && [ "$(grep startLine "$T/fp1")" != "$(grep startLine "$T/fp2")" ]
then ok "sarif: partialFingerprints stay when the lines move"; else notok "sarif: partialFingerprints stay when the lines move" "$(cat "$T/fp1" "$T/fp2")"; fi
if [ -n "$PY" ]; then
    "$PY" tests/data/sarif/validate.py "$T/demo.sarif" > "$T/v" 2>&1
    if [ $? = 0 ]; then ok "sarif: the demo validates against the SARIF 2.1.0 schema"; else notok "sarif: the demo validates against the SARIF 2.1.0 schema" "$(cat "$T/v")"; fi
    "$PY" tests/data/sarif/validate.py "$T/e.sarif" > "$T/v" 2>&1
    if [ $? = 0 ]; then ok "sarif: a run with errors validates"; else notok "sarif: a run with errors validates" "$(cat "$T/v")"; fi
    sed 's/"startLine":13,/"startLine":"13",/' "$T/demo.sarif" > "$T/broken.sarif"
    "$PY" tests/data/sarif/validate.py "$T/broken.sarif" > "$T/v" 2>&1
    if [ $? = 1 ]; then ok "sarif: the validator rejects a broken log"; else notok "sarif: the validator rejects a broken log" "$(cat "$T/v")"; fi
else
    for n in "the demo validates against the SARIF 2.1.0 schema" "a run with errors validates" "the validator rejects a broken log"; do
        skip "sarif: $n" "python3-jsonschema is not installed"
    done
fi

# --- several outputs ---------------------------------------------------------------------------
$SCRUTINY $DEMO -q -f sarif -o "$T/a.sarif" -f jsonl -o "$T/b.jsonl" --output-format=csv:"$T/c.csv" --output-format text > "$T/t.txt" 2> "$T/err"
check_rc "four outputs in one run" 1 $?
if cmp -s "$T/a.sarif" "$T/demo.sarif"; then ok "-f sarif -o a.sarif: the same SARIF"; else notok "-f sarif -o a.sarif: the same SARIF"; fi
if cmp -s "$T/b.jsonl" "$T/demo.jsonl"; then ok "-f jsonl -o b.jsonl: the same JSON Lines"; else notok "-f jsonl -o b.jsonl: the same JSON Lines"; fi
if cmp -s "$T/c.csv" "$T/demo.csv"; then ok "--output-format=csv:FILE: the same CSV"; else notok "--output-format=csv:FILE: the same CSV"; fi
count_is "--output-format text: to standard output" "$T/t.txt" '^examples/.*: (info|notice|warning|high|critical) \[' "$N"
$SCRUTINY $DEMO -q -f sarif -f jsonl > "$T/out" 2>&1
check_rc "two outputs on standard output is an error" 2 $?
has "two outputs on standard output named" "$T/out" 'two outputs \(sarif, jsonl\) go to standard output'
$SCRUTINY $DEMO -q -f sarif -o "$T/x" --output-format jsonl:"$T/x" > "$T/out" 2>&1
check_rc "two outputs to one file is an error" 2 $?
$SCRUTINY $DEMO -q -f sarif -o "$T/y1" -o "$T/y2" -o "$T/y3" -f csv > "$T/out" 2>&1
check_rc "more -o than -f is an error" 2 $?
has "the -o without a format named" "$T/out" "-o '.*y3' has no -f of its own"
$SCRUTINY $DEMO -q --output-format=:x > "$T/out" 2>&1
check_rc "--output-format without a format is an error" 2 $?
$SCRUTINY $DEMO -q --output-format=xml:"$T/z" > "$T/out" 2>&1
check_rc "--output-format with an unknown format is an error" 2 $?
if [ -e "$T/z" ]; then notok "an unknown format writes nothing"; else ok "an unknown format writes nothing"; fi

# --- exit status, display filter, summary -------------------------------------------------------
$SCRUTINY $DEMO --fail-on never > "$T/out" 2> "$T/err"
check_rc "--fail-on never exits 0 with findings" 0 $?
has "the summary counts findings by severity" "$T/err" '^scrutiny-run: '"$N findings \\($(sev critical) critical, $(sev high) high, $(sev warning) warning, $(sev notice) notice, $(sev info) info\\)"' in 7 documents, [0-9]+ rules, [0-9.]+ s$'
$SCRUTINY $DEMO -q > "$T/out" 2> "$T/err"
if [ -s "$T/err" ]; then notok "-q leaves out the summary" "$(cat "$T/err")"; else ok "-q leaves out the summary"; fi
$SCRUTINY $DEMO -q --min-severity high > "$T/out" 2>&1
check_rc "--min-severity high: findings left" 1 $?
count_is "--min-severity high shows high and critical only" "$T/out" ' (high|critical) \[' "$(($(sev high) + $(sev critical)))"
count_is "--min-severity high hides the rest" "$T/out" ' (info|notice|warning) \[' 0
has "--min-severity keeps escalations built on lower findings" "$T/out" 'critical \[escalate.commitment-slipped-and-noted\]'
$SCRUTINY -q --min-severity warning -i "$T/m.txt" $R/every_resolution.lua > "$T/out" 2>&1
check_rc "--min-severity above every finding exits 0" 0 $?
$SCRUTINY --min-severity severe -i "$T/m.txt" $R/every_resolution.lua > "$T/out" 2>&1
check_rc "--min-severity with an unknown severity is an error" 2 $?
$SCRUTINY --fail-on sometimes -i "$T/m.txt" $R/every_resolution.lua > "$T/out" 2>&1
has "--fail-on names never among its values" "$T/out" 'never'
printf 'fail_on: never\nrule_paths: [%s]\n' "$PWD/$R/every_resolution.lua" > "$T/never.yaml"
$SCRUTINY -q --config "$T/never.yaml" -i "$T/m.txt" > "$T/out" 2>&1
check_rc "fail_on: never in scrutiny.yaml" 0 $?
$SCRUTINY --explain indicators.off-target-streak examples/rules > "$T/out" 2>&1
has "--explain says scope: indicator for indicator rules" "$T/out" '^scope: +indicator$'
