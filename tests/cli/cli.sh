#!/bin/sh
# End-to-end tests of scrutiny-run. Prints "ok - name" / "not ok - name" per check.
# $SCRUTINY is the command to test (set by tests/run.sh; may carry a valgrind prefix).
SCRUTINY=${SCRUTINY:-build/scrutiny-run}
SCRUTINY_BIN=${SCRUTINY_BIN:-build/scrutiny-run}
R=tests/data/rules
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

ok() { echo "ok - $1"; }
notok() { echo "not ok - $1"; [ -n "$2" ] && printf '%s\n' "$2" | sed 's/^/#   /' | head -20; }
# check NAME EXPECTED_RC ACTUAL_RC: records whether the exit status matched
check_rc() { if [ "$2" = "$3" ]; then ok "$1"; else notok "$1" "expected exit $2, got $3"; fi; }
# has NAME FILE PATTERN: the file holds a line matching the extended regex
has() { if grep -Eq -- "$3" "$2"; then ok "$1"; else notok "$1" "no line matches /$3/ in: $(cat "$2")"; fi; }
hasnt() { if grep -Eq -- "$3" "$2"; then notok "$1" "unexpected /$3/ in: $(cat "$2")"; else ok "$1"; fi; }
count_is() { n=$(grep -Ec -- "$3" "$2"); if [ "$n" = "$4" ]; then ok "$1"; else notok "$1" "expected $4 lines /$3/, found $n"; fi; }

# --- arguments -------------------------------------------------------------------------------
$SCRUTINY --help > "$T/out" 2>&1; check_rc "help exits 0" 0 $?
has "help shows usage" "$T/out" '^usage: scrutiny-run'
$SCRUTINY --version > "$T/out" 2>&1; check_rc "version exits 0" 0 $?
has "version printed" "$T/out" '^scrutiny-run [0-9]+\.[0-9]+'
SCRUTINY_RULES=/nonexistent $SCRUTINY -i examples/minutes > "$T/out" 2>&1; check_rc "no rules is an error" 2 $?
has "no rules message" "$T/out" 'no rule files given'
$SCRUTINY $R > "$T/out" 2>&1; check_rc "no inputs is an error" 2 $?
has "no inputs message" "$T/out" 'no inputs'
$SCRUTINY --bogus -i x $R > "$T/out" 2>&1; check_rc "unknown option is an error" 2 $?
has "unknown option named" "$T/out" "unknown option '--bogus'"
$SCRUTINY --format xml -i x $R > "$T/out" 2>&1; check_rc "bad format is an error" 2 $?
has "bad format named" "$T/out" "unknown format 'xml'"
$SCRUTINY --fail-on severe -i x $R > "$T/out" 2>&1; check_rc "bad severity is an error" 2 $?
$SCRUTINY --time-limit abc -i x $R > "$T/out" 2>&1; check_rc "bad time limit is an error" 2 $?
$SCRUTINY -i > "$T/out" 2>&1; check_rc "missing option value is an error" 2 $?
has "missing value named" "$T/out" "needs a value"

# --- examples ---------------------------------------------------------------------------------
$SCRUTINY -i examples/minutes examples/rules > "$T/ex" 2> "$T/err"
check_rc "examples produce findings" 1 $?
has "example finding format" "$T/ex" '^examples/minutes/[^:]+:[0-9]+:[0-9]+: (info|notice|warning|high|critical) \[[a-z.-]+\] .+'
$SCRUTINY --fail-on critical -i examples/minutes examples/rules > "$T/ex2" 2>/dev/null
check_rc "--fail-on above every finding exits 0" 0 $?
if cmp -s "$T/ex" "$T/ex2"; then ok "--fail-on does not change output"; else notok "--fail-on does not change output"; fi

# --- stdin and -o ------------------------------------------------------------------------------
printf 'Agenda item\n\nBudget\n\nMinutes:\n\nThe report was discussed.\n\nRESOLVED: That the report be noted.\n' > "$T/m.txt"
$SCRUTINY -i - $R/every_resolution.lua < "$T/m.txt" > "$T/out" 2>&1
check_rc "stdin input" 1 $?
has "stdin named <stdin>" "$T/out" '^<stdin>:9:11: info \[test.every-resolution\]'
$SCRUTINY -q -o "$T/res.txt" -i "$T/m.txt" $R/every_resolution.lua > "$T/out" 2>&1
check_rc "-o run" 1 $?
has "-o file written" "$T/res.txt" 'test.every-resolution'
if [ -s "$T/out" ]; then notok "-o leaves stdout empty" "$(cat "$T/out")"; else ok "-o leaves stdout empty"; fi
if ls "$T"/res.txt.tmp* >/dev/null 2>&1; then notok "-o leaves no temporary file"; else ok "-o leaves no temporary file"; fi
$SCRUTINY -o "$T/nodir/res.txt" -i "$T/m.txt" $R/every_resolution.lua > "$T/out" 2>&1
check_rc "-o into a missing folder is an error" 2 $?

# --- persistence -------------------------------------------------------------------------------
cp "$T/m.txt" "$T/m2.txt"; printf '\nAgenda item\n\nOther\n\nRESOLVED that the plan be agreed.\n' >> "$T/m2.txt"
$SCRUTINY --db "$T/c.db" -i "$T/m.txt" -i "$T/m2.txt" $R/count_documents.lua > "$T/out" 2>&1
check_rc "--db first run" 1 $?
count_is "two documents stored" "$T/out" 'documents=2$' 2
$SCRUTINY --db "$T/c.db" -i "$T/m.txt" $R/count_documents.lua > "$T/out" 2>&1
count_is "re-loading the same file stores nothing" "$T/out" 'documents=2$' 1
$SCRUTINY --db "$T/c.db" $R/count_documents.lua $R/every_resolution.lua > "$T/out" 2>&1
check_rc "--db without inputs checks the corpus" 1 $?
count_is "stored corpus: both documents checked" "$T/out" 'documents=2$' 2
count_is "stored corpus: resolutions found" "$T/out" 'test.every-resolution' 3
printf 'not a database, just text that is long enough to not look like sqlite at all\n' > "$T/bad.db"
$SCRUTINY --db "$T/bad.db" -i "$T/m.txt" $R/every_resolution.lua > "$T/out" 2>&1
check_rc "a file that is not a database is an error" 2 $?
has "bad database named" "$T/out" 'database: .*bad\.db: not a SQLite database'

# --- bad inputs --------------------------------------------------------------------------------
: > "$T/empty.txt"
$SCRUTINY -i "$T/empty.txt" -i "$T/m.txt" $R/every_resolution.lua > "$T/out" 2> "$T/err"
check_rc "empty input is an error" 2 $?
has "empty input names file:line:col" "$T/err" 'empty\.txt:1:1: error: empty file'
has "other inputs still checked" "$T/out" 'm\.txt:9:11'
$SCRUTINY -i "$T/missing.txt" $R/every_resolution.lua > "$T/out" 2>&1
check_rc "missing input is an error" 2 $?
has "missing input named" "$T/out" 'missing\.txt: error: cannot open'
printf 'Agenda item\n\nTitle\n\nMinutes:\n\nText\000more\n' > "$T/bin.txt"
$SCRUTINY -i "$T/bin.txt" $R/every_resolution.lua > "$T/out" 2>&1
check_rc "binary input is an error" 2 $?
has "binary input located" "$T/out" 'bin\.txt:7:5: error: binary file'

# --- rule errors and the sandbox ----------------------------------------------------------------
$SCRUTINY -i "$T/m.txt" $R/raises.lua $R/every_resolution.lua > "$T/out" 2> "$T/err"
check_rc "a rule error exits 2" 2 $?
has "rule error as file:line: message" "$T/err" '^tests/data/rules/raises\.lua:5: deliberate failure in Budget \[rule test\.raises'
has "other rules still run" "$T/out" 'test.every-resolution'
$SCRUTINY -i "$T/m.txt" $R/misspelt.lua $R/every_resolution.lua > "$T/out" 2> "$T/err"
check_rc "a bad rule definition exits 2" 2 $?
has "unknown field with suggestion" "$T/err" "misspelt\.lua:2: rule 'test\.misspelt': unknown field 'chek' \(did you mean 'check'\?\)"
rm -f /tmp/scrutiny-escaped
$SCRUTINY -i "$T/m.txt" $R/escape_os.lua $R/every_resolution.lua > "$T/out" 2> "$T/err"
check_rc "os.execute is refused" 2 $?
has "os.execute is nil" "$T/err" "escape_os\.lua:5: attempt to call a nil value \(field 'execute'\)"
if [ -e /tmp/scrutiny-escaped ]; then notok "no command ran"; else ok "no command ran"; fi
$SCRUTINY --time-limit 0.2 -i "$T/m.txt" $R/runaway.lua $R/every_resolution.lua > "$T/out" 2> "$T/err"
check_rc "a runaway rule exits 2" 2 $?
has "runaway rule stopped and named" "$T/err" 'runaway\.lua:5: rule stopped: (time limit|instruction budget) exceeded \[rule test\.runaway'
has "rules after the runaway still run" "$T/out" 'test.every-resolution'
# Lua instructions are counted only under an explicit budget: without one the time limit stops the
# loop, with one the budget does, long before the generous time limit
$SCRUTINY --time-limit 0.3 -i "$T/m.txt" $R/runaway.lua > "$T/out" 2> "$T/err"
has "no budget given: the time limit stops a loop" "$T/err" 'runaway\.lua:5: rule stopped: time limit exceeded'
$SCRUTINY --instr-limit 100000 --time-limit 60 -i "$T/m.txt" $R/runaway.lua > "$T/out" 2> "$T/err"
has "a budget given: it counts Lua instructions" "$T/err" 'runaway\.lua:5: rule stopped: instruction budget exceeded'

# --- keyword search over hard-wrapped text -----------------------------------------------------------
printf 'Agenda item\n\nWorkforce Update\n\nMinutes:\n\nThe Head of Service said that social worker recruit-\nment remained hard, and that staff well-\n  being was monitored. A pre-\nCovid figure was quoted.\n' > "$T/wrapped.txt"
$SCRUTINY -i "$T/wrapped.txt" $R/find_recruit.lua > "$T/out" 2>&1
has "find_any joins a word broken across lines" "$T/out" 'wrapped\.txt:7:45: info \[test\.find-recruit\] match recruitment'
has "find_any joins a broken word before an indented line" "$T/out" 'wrapped\.txt:8:36: info \[test\.find-recruit\] match wellbeing'
has "a hyphen before a capital stays a word break" "$T/out" 'wrapped\.txt:9:26: info \[test\.find-recruit\] match pre covid'

# --- dump --------------------------------------------------------------------------------------
$SCRUTINY --dump -i "$T/m.txt" > "$T/out" 2>&1
check_rc "--dump exits 0" 0 $?
has "--dump lists the resolution" "$T/out" '^  resolution 9:11-9:35 label=- owner=- "That the report be noted\."$'
cp "$T/m.txt" "$T/panel_2024-03-14.txt"
$SCRUTINY --dump -i "$T/panel_2024-03-14.txt" > "$T/out" 2>&1
has "--dump says where the meeting's date came from" "$T/out" '^document .*panel_2024-03-14\.txt council="" committee="" date="2024-03-14" title="" from date:name$'

# --- embedding: examples/embed.c links the library through scrutiny.h only ---------------------
BUILD_DIR=$(dirname "$SCRUTINY_BIN")
if cc -std=c11 -Wall -Wextra -Werror -Iinclude examples/embed.c "$BUILD_DIR/libscrutiny.a" \
      $(pkg-config --libs lua5.4 sqlite3 yaml-0.1 jansson libxxhash) -lstemmer -lm $SAN_FLAGS -o "$T/embed" 2> "$T/err"; then
    ok "embed.c builds against scrutiny.h"
    "$T/embed" examples/rules examples/minutes > "$T/out" 2> "$T/err"
    check_rc "embed.c runs" 0 $?
    n=$(grep -c 'examples/minutes/' "$T/out")
    has "embed.c prints the findings" "$T/out" "^$n findings in 4 documents\$"
    $SCRUTINY -i examples/minutes examples/rules > "$T/cli" 2>/dev/null
    if [ "$n" -eq "$(wc -l < "$T/cli")" ] && [ "$n" -gt 0 ]; then ok "embed.c and scrutiny-run agree"; else notok "embed.c and scrutiny-run agree" "embed $n, cli $(wc -l < "$T/cli")"; fi
else
    notok "embed.c builds against scrutiny.h" "$(cat "$T/err")"
fi

# --- rule tests, listing, explain ------------------------------------------------------------------
RT=tests/data/ruletest
$SCRUTINY --test $RT/pass > "$T/out" 2>&1
check_rc "--test on a passing pack exits 0" 0 $?
has "--test summary" "$T/out" '^3 passed, 0 failed$'
has "--test coverage line" "$T/out" '^ok - t\.noted has 1 positive and 1 negative fixture$'
$SCRUTINY --test $RT/fail > "$T/out" 2>&1
check_rc "--test on a failing pack exits 1" 1 $?
has "--test: wrong line reported" "$T/out" '^#   missing: t\.noted at line 8$'
has "--test: silent rule that speaks" "$T/out" '^#   unexpected: t\.noted at line 9: only noted'
has "--test: bad expectations file located" "$T/out" "bad_yaml\.expect\.yaml:3:5: unknown field 'lines'"
has "--test: unknown rule id" "$T/out" "no rule 't\.nothing'"
has "--test: failing summary" "$T/out" '^1 passed, 4 failed$'
$SCRUTINY --test > "$T/out" 2>&1
check_rc "--test without a folder is an error" 2 $?
$SCRUTINY --list-rules $RT/pass > "$T/out" 2>&1
check_rc "--list-rules exits 0" 0 $?
has "--list-rules line" "$T/out" '^t\.noted +warning +on +outcomes, test +tests/data/ruletest/pass/noted\.lua:2 +only noted$'
$SCRUTINY --explain t.noted $RT/pass > "$T/out" 2>&1
check_rc "--explain exits 0" 0 $?
has "--explain doc" "$T/out" '^Flags resolutions that only note a report\.$'
has "--explain args" "$T/out" '^phrase = "be noted"$'
hasnt "--explain: no queries line for a rule scoped to its council" "$T/out" '^queries:'
has "--explain numeric arg" "$T/out" '^limit = 3$'
mkdir -p "$T/qs" && printf 'rule { id = "t.wide", query_scope = "all", check = function() end }\n' > "$T/qs/wide.lua"
$SCRUTINY --explain t.wide "$T/qs" > "$T/out" 2>&1
has "--explain shows query_scope = \"all\"" "$T/out" '^queries:  all councils'
$SCRUTINY --explain t.none $RT/pass > "$T/out" 2>&1
check_rc "--explain of an unknown rule exits 2" 2 $?

# --- facts across meetings: ctx:record / ctx:facts ---------------------------------------------------
H=tests/data/history
$SCRUTINY -i $H $R/commitments.lua > "$T/out" 2>&1
check_rc "facts: one run over three meetings" 1 $?
count_is "facts: the later meeting of the same council sees the promise" "$T/out" 'b_2024-03-06\.txt:7:1: notice \[test\.earlier-commitments\] commitment of 2024-01-10 at a_2024-01-10\.txt:11 \(Care Leavers Accommodation\): The Head of Service said' 1
count_is "facts: nothing crosses councils or goes back in time" "$T/out" 'earlier-commitments' 1
$SCRUTINY --db "$T/h.db" -i $H/a_2024-01-10.txt $R/commitments.lua > "$T/out" 2>&1
check_rc "facts: first run records, finds nothing" 0 $?
$SCRUTINY --db "$T/h.db" -i $H/a_2024-01-10.txt $R/commitments.lua > "$T/out" 2>&1
$SCRUTINY --db "$T/h.db" -i $H/b_2024-03-06.txt $R/commitments.lua > "$T/out" 2>&1
check_rc "facts: a later run reads them from --db" 1 $?
count_is "facts: re-running a meeting does not record twice" "$T/out" 'earlier-commitments' 1
$SCRUTINY -i $H $R/windows.lua > "$T/out" 2>&1
has "facts: ctx:meetings and the windows of ctx:facts" "$T/out" 'b_2024-03-06\.txt:7:1: notice \[test\.windows\] meetings \[2024-01-10 a_2024-01-10\.txt\] all 1, last one 1, since 0, limit 1, where 1/0/0, legacy 1$'
has "facts: no earlier meeting, no window" "$T/out" 'a_2024-01-10\.txt:7:1: notice \[test\.windows\] meetings \[\] all 0'
$SCRUTINY -i $H $R/windows_bad.lua > "$T/out" 2>&1
check_rc "facts: an unknown option is a rule error" 2 $?
has "facts: the unknown option is named" "$T/out" "ctx:facts: unknown option 'limits' .since, meetings, limit, where."

# facts are written when the document is done (or, past 4 MiB, between calls): a call that fails
# keeps none of its own, the calls before it keep theirs, and a large call's reach later meetings
cat > "$T/factfail.lua" <<'LUA'
rule { id = "t.factfail", scope = "meeting", check = function(meeting, ctx)
  local n, big = 0, 0
  for _, f in ipairs(ctx:facts("m", { limit = 5000 })) do
    if f.fields.big then big = big + 1 else n = n + 1 end
  end
  ctx:flag{ at = meeting, message = ("kept %d small, %d big"):format(n, big) }
  ctx:record("m", { at = meeting, call = "first" })
  for i = 1, 999 do ctx:record("m", { at = meeting, big = true, i = i, pad = ("x"):rep(5000) }) end
end }
rule { id = "t.factfail2", scope = "meeting", check = function(meeting, ctx)
  ctx:record("m", { at = meeting, call = "failed" })
  if meeting.date == "2024-01-10" then error("stopped after recording") end
end }
LUA
$SCRUTINY -i $H "$T/factfail.lua" > "$T/out" 2>&1
check_rc "facts: a rule that fails is an error" 2 $?
has "facts: a later meeting has the facts of the calls that ended, not of the one that failed" "$T/out" 'b_2024-03-06\.txt:.*kept 1 small, 999 big$'
$SCRUTINY --db "$T/ff.db" -i $H/a_2024-01-10.txt "$T/factfail.lua" > /dev/null 2>&1
$SCRUTINY --db "$T/ff.db" -i $H/b_2024-03-06.txt "$T/factfail.lua" > "$T/out" 2>&1
has "facts: the same through --db" "$T/out" 'b_2024-03-06\.txt:.*kept 1 small, 999 big$'

# the rows of earlier meetings are built once per rule and council: the same table comes back at a
# later meeting, a second spelling of the kind gets its own rows, and another council starts afresh
mkdir "$T/rows"
for f in a:Ashby:2024-01-10 b:Ashby:2024-02-10 c:Ashby:2024-03-10 d:Zedbury:2025-04-10 e:Zedbury:2025-05-10; do
    n=${f%%:*}; rest=${f#*:}; c=${rest%%:*}; d=${rest#*:}
    printf -- '---\ncouncil: %s Council\ndate: %s\n---\nAgenda item\n\n1 Report\n\nMinutes:\n\nThe report on %s was discussed.\n' "$c" "$d" "$n" > "$T/rows/$n.txt"
done
cat > "$T/rows.lua" <<'LUA'
rule { id = "t.rows", scope = "meeting", check = function(meeting, ctx)
  local rows, seen, texts = ctx:facts("m"), 0, {}
  for _, r in ipairs(rows) do
    if r.mark then seen = seen + 1 end
    r.mark = true
    texts[#texts + 1] = r.date .. "/" .. r.kind
  end
  for _, r in ipairs(ctx:facts("rows/m")) do
    if r.mark then seen = seen + 100 end
    texts[#texts + 1] = r.kind
  end
  ctx:record("m", { at = meeting })
  ctx:flag{ at = meeting, message = ("rows %d kept %d: %s"):format(#rows, seen, table.concat(texts, " ")) }
end }
LUA
$SCRUTINY -i "$T/rows" "$T/rows.lua" > "$T/out" 2>&1
has "facts: a row read again is the same table" "$T/out" 'c\.txt:.*rows 2 kept 1: 2024-01-10/m 2024-02-10/m rows/m rows/m$'
has "facts: the first read builds the row" "$T/out" 'b\.txt:.*rows 1 kept 0: 2024-01-10/m rows/m$'
has "facts: another council starts afresh" "$T/out" 'e\.txt:.*rows 1 kept 0: 2025-04-10/m rows/m$'

# --- streaming: council by council, progress ----------------------------------------------------
mkdir "$T/stream"
for f in a_zed:Zedbury:2024-01-10 b_ash:Ashby:2024-02-10 c_zed:Zedbury:2024-03-10; do
    n=${f%%:*}; rest=${f#*:}; c=${rest%%:*}; d=${rest#*:}
    printf -- '---\ncouncil: %s Council\ndate: %s\n---\nAgenda item\n\n1 Report\n\nMinutes:\n\nThe report was discussed.\n' "$c" "$d" > "$T/stream/$n.txt"
done
printf 'rule { id = "t.council", check = function(item, ctx) ctx:flag{ at = item, message = item.meeting.council } end }\n' > "$T/council.lua"
$SCRUTINY -i "$T/stream" "$T/council.lua" > "$T/out" 2> "$T/err"
check_rc "streaming run" 1 $?
printf '%s\n' b_ash a_zed c_zed > "$T/want"
sed 's/^.*stream\/\([a-z_]*\)\.txt:.*/\1/' "$T/out" > "$T/got"
if cmp -s "$T/want" "$T/got"; then ok "streaming: findings council by council, councils by name, meetings by date"; else notok "streaming: findings council by council, councils by name, meetings by date" "$(cat "$T/got")"; fi
$SCRUTINY -i "$T/stream" "$T/council.lua" -f html -o "$T/s.html" -f text > "$T/out2" 2> /dev/null
if cmp -s "$T/out" "$T/out2"; then ok "streaming: the same text as a run that keeps its findings (html beside)"; else notok "streaming: the same text as a run that keeps its findings (html beside)" "$(diff "$T/out" "$T/out2")"; fi
has "streaming: the summary counts what was streamed" "$T/err" '3 findings \(0 critical, 0 high, 3 warning, 0 notice, 0 info\) in 3 documents'
hasnt "progress: none when stderr is not a terminal" "$T/err" 'documents/s'
$SCRUTINY --progress -i "$T/stream" "$T/council.lua" > /dev/null 2> "$T/err"
has "progress: --progress shows documents, findings, rate and ETA" "$T/err" '3/3 documents, 3 findings, [0-9.]+ documents/s, ETA 0 s'
$SCRUTINY --progress -q -i "$T/stream" "$T/council.lua" > /dev/null 2> "$T/err"
hasnt "progress: --quiet silences it" "$T/err" 'documents/s'

# --- incremental: --db reports unchanged documents without checking them again -------------------
cp -r "$T/stream" "$T/inc"
$SCRUTINY --db "$T/inc.db" -i "$T/inc" "$T/council.lua" > "$T/inc1" 2> "$T/err1"
$SCRUTINY --db "$T/inc.db" -i "$T/inc" "$T/council.lua" > "$T/inc2" 2> "$T/err2"
if cmp -s "$T/inc1" "$T/inc2" && [ -s "$T/inc1" ]; then ok "incremental: a second run reports the same findings"; else notok "incremental: a second run reports the same findings" "$(diff "$T/inc1" "$T/inc2")"; fi
hasnt "incremental: the first run checks everything" "$T/err1" 'unchanged'
has "incremental: the second run checks nothing again" "$T/err2" '3 documents unchanged, not checked again'
# the corpus's history: each finding once, with the run that made it (a re-run saves only its own)
hist() { sqlite3 "$T/inc.db" "SELECT group_concat(n, ' ') FROM (SELECT count(f.id) AS n FROM runs r LEFT JOIN findings f ON f.run_id = r.id GROUP BY r.id ORDER BY r.id)" 2>/dev/null; }
if command -v sqlite3 > /dev/null; then
    h=$(hist)
    if [ "$h" = "3 0" ]; then ok "incremental: a re-run does not save the findings it reports from the corpus again"
    else notok "incremental: a re-run does not save the findings it reports from the corpus again" "findings per run: $h"; fi
else skip "incremental: a re-run does not save the findings it reports from the corpus again" "no sqlite3"; fi
printf -- '---\ncouncil: Ashby Council\ndate: 2024-01-05\n---\nAgenda item\n\n1 Report\n\nMinutes:\n\nAn earlier meeting.\n' > "$T/inc/d_ash.txt"
$SCRUTINY --db "$T/inc.db" -i "$T/inc" "$T/council.lua" > "$T/inc3" 2> "$T/err3"
has "incremental: a new meeting is checked, and its council's later meetings with it" "$T/err3" '2 documents unchanged'
count_is "incremental: the new meeting's findings are there" "$T/inc3" 'd_ash\.txt' 1
if command -v sqlite3 > /dev/null; then
    h=$(hist)
    if [ "$h" = "3 0 2" ]; then ok "incremental: a re-run saves the findings of the meetings it checked"
    else notok "incremental: a re-run saves the findings of the meetings it checked" "findings per run: $h"; fi
else skip "incremental: a re-run saves the findings of the meetings it checked" "no sqlite3"; fi
printf 'rule { id = "t.council", check = function(item, ctx) ctx:flag{ at = item, message = "changed " .. item.meeting.council } end }\n' > "$T/council.lua"
$SCRUTINY --db "$T/inc.db" -i "$T/inc" "$T/council.lua" > "$T/inc4" 2> "$T/err4"
hasnt "incremental: a changed rule file checks everything again" "$T/err4" 'unchanged'
count_is "incremental: with the changed rule's findings" "$T/inc4" 'changed' 4
# findings reported from the corpus keep their fingerprints (kept beside them)
$SCRUTINY --db "$T/fp.db" -f jsonl -i "$T/inc" "$T/council.lua" > "$T/fp1" 2> /dev/null
$SCRUTINY --db "$T/fp.db" -f jsonl -i "$T/inc" "$T/council.lua" > "$T/fp2" 2> "$T/fperr"
if cmp -s "$T/fp1" "$T/fp2" && grep -q '"fingerprint":"[0-9a-f]\{16\}"' "$T/fp2"; then ok "incremental: reported JSON Lines are the first run's, fingerprints too"
else notok "incremental: reported JSON Lines are the first run's, fingerprints too" "$(diff "$T/fp1" "$T/fp2" | head -4)"; fi
has "incremental: (they were reported from the corpus)" "$T/fperr" '4 documents unchanged'
# what a corpus keeps of a checked document, damaged, is as good as nothing: that document is
# checked again; one kept by schema 9 (a row per finding) too, after the upgrade
if command -v sqlite3 > /dev/null; then
    sqlite3 "$T/fp.db" "UPDATE checked SET findings = substr(findings, 1, length(findings) - 2) WHERE rowid = (SELECT min(rowid) FROM checked)"
    $SCRUTINY --db "$T/fp.db" -f jsonl -i "$T/inc" "$T/council.lua" > "$T/fp3" 2> "$T/fperr"
    if cmp -s "$T/fp1" "$T/fp3"; then ok "incremental: a damaged record: the same findings"
    else notok "incremental: a damaged record: the same findings" "$(diff "$T/fp1" "$T/fp3" | head -4)"; fi
    has "incremental: a damaged record: its document is checked again" "$T/fperr" '[0-3] documents unchanged'
    sqlite3 "$T/fp.db" "DROP TABLE checked;
      CREATE TABLE checked(document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE, ruleset TEXT NOT NULL, PRIMARY KEY(document_id, ruleset));
      CREATE TABLE checked_findings(document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE, ruleset TEXT NOT NULL, rule TEXT NOT NULL,
        severity INTEGER NOT NULL, message TEXT NOT NULL, line INTEGER, col INTEGER, end_line INTEGER, end_col INTEGER, excerpt TEXT NOT NULL,
        council TEXT NOT NULL, meeting TEXT NOT NULL, item TEXT NOT NULL, fingerprint TEXT);
      INSERT INTO checked SELECT id, 'old' FROM documents;
      INSERT INTO checked_findings SELECT id, 'old', 't.council', 2, 'old', 1, 1, 1, 2, 'e', 'c', 'm', 'i', NULL FROM documents;
      PRAGMA user_version = 9;"
    $SCRUTINY --db "$T/fp.db" -f jsonl -i "$T/inc" "$T/council.lua" > "$T/fp4" 2> "$T/fperr"
    if cmp -s "$T/fp1" "$T/fp4"; then ok "incremental: a corpus of schema 9 upgraded: the same findings"
    else notok "incremental: a corpus of schema 9 upgraded: the same findings" "$(diff "$T/fp1" "$T/fp4" | head -4) $(cat "$T/fperr")"; fi
    hasnt "incremental: a corpus of schema 9 upgraded: every document checked again" "$T/fperr" 'unchanged'
    v=$(sqlite3 "$T/fp.db" 'PRAGMA user_version')
    if [ "$v" = "$(sqlite3 "$T/inc.db" 'PRAGMA user_version')" ]; then ok "incremental: a corpus of schema 9 upgraded: the schema is current"
    else notok "incremental: a corpus of schema 9 upgraded: the schema is current" "version $v"; fi
    $SCRUTINY --db "$T/fp.db" -f jsonl -i "$T/inc" "$T/council.lua" > "$T/fp5" 2> "$T/fperr"
    if cmp -s "$T/fp1" "$T/fp5" && grep -q '4 documents unchanged' "$T/fperr"; then ok "incremental: after the upgrade, reported from the corpus again"
    else notok "incremental: after the upgrade, reported from the corpus again" "$(cat "$T/fperr")"; fi
else for t in "a damaged record" "schema 9 upgraded"; do skip "incremental: $t" "no sqlite3"; done; fi

# --- byte offsets beside character columns ------------------------------------------------------
$SCRUTINY -i tests/data/offsets.txt $R/offsets.lua > "$T/out" 2>&1
has "offsets: a figure after curly quotes and dashes keeps its character column" "$T/out" 'offsets\.txt:7:100: warning \[test\.offsets\] 85% at column 100, bytes 153-155: slices$'
count_is "offsets: offsets slice every figure out of its sentence" "$T/out" ': slices$' 3

# --- configuration: layers, councils, escalations, --set, --select -------------------------------
C=tests/data/config
EX="-i examples/minutes examples/rules"
$SCRUTINY --config $C/layers.yaml $EX > "$T/out" 2>&1
check_rc "config run" 1 $?
has "config raises a severity and changes a number arg" "$T/out" 'ashcombe_2024-03-14\.txt:23:33: critical \[performance\.low-percentage\] 47% is below 60%'
hasnt "config turns a rule off" "$T/out" 'followup\.promised-information'
has "council section lowers a severity for that council only" "$T/out" 'fenwick_2024-11-07\.txt:33:11: notice \[outcomes\.noted-only\]'
has "other councils keep the global severity" "$T/out" 'kestrel_vale_2024-06-12\.txt:51:11: warning \[outcomes\.noted-only\]'
has "meeting escalation fires where both findings stand" "$T/out" 'ashcombe_2024-03-14\.txt:99:11: high \[escalate\.noted-despite-low-figure\] a low figure was discussed but the committee only noted the report \(rests on 2 findings\)'
count_is "meeting escalation fires nowhere else" "$T/out" 'escalate\.noted-despite-low-figure' 1
count_is "council escalation once per council" "$T/out" 'escalate\.council-noting' 3
$SCRUTINY --format jsonl --config $C/layers.yaml $EX > "$T/out" 2>&1
has "escalation names its basis in JSONL" "$T/out" '"rule":"escalate\.noted-despite-low-figure".*"based_on":\["outcomes\.noted-only@examples/minutes/ashcombe_2024-03-14\.txt:99:11","performance\.low-percentage@examples/minutes/ashcombe_2024-03-14\.txt:23:33"\]'
printf 'Agenda item\n\nReport\n\nMinutes:\n\nMembers discussed it.\n\nRESOLVED: That the report be endorsed.\n' > "$T/endorse.txt"
$SCRUTINY -i "$T/endorse.txt" examples/rules > "$T/out" 2>&1
hasnt "append: stock rule without the new phrase" "$T/out" 'outcomes\.noted-only'
$SCRUTINY --config $C/layers.yaml -i "$T/endorse.txt" examples/rules > "$T/out" 2>&1
has "append: one keyword added to a stock rule's list" "$T/out" 'endorse\.txt:9:11: warning \[outcomes\.noted-only\]'
$SCRUTINY --config $C/layers.yaml --set performance.low-percentage.threshold=45 --set performance.low-percentage.severity=info $EX > "$T/out" 2>&1
hasnt "--set beats the configuration (threshold 45 < 47%)" "$T/out" 'low-percentage'
$SCRUTINY --set 'outcomes.noted-only.phrases={append: [be endorsed]}' -i "$T/endorse.txt" examples/rules > "$T/out" 2>&1
has "--set appends to a list" "$T/out" 'outcomes\.noted-only'
$SCRUTINY --set performance.low-percentage.threshold=many $EX > "$T/out" 2>&1
check_rc "--set with a wrong type is an error" 2 $?
has "--set wrong type message" "$T/out" "--set 'performance.low-percentage.threshold=many': performance.low-percentage.threshold must be a number"
$SCRUTINY --set nosuchrule $EX > "$T/out" 2>&1
check_rc "--set without = is an error" 2 $?
$SCRUTINY --select 'outcomes.* and not tag:follow-up' $EX > "$T/out" 2>&1
check_rc "--select run" 1 $?
hasnt "--select leaves out the rest" "$T/out" '(performance|followup)\.'
has "--select keeps what it names" "$T/out" 'outcomes\.noted-only'
$SCRUTINY --select 'outcomes.* and (' $EX > "$T/out" 2>&1
check_rc "a bad --select is an error" 2 $?
has "bad --select points at the column" "$T/out" '^  +\^$'
$SCRUTINY --config $C/layers.yaml --list-rules examples/rules > "$T/out" 2>&1
has "--list-rules shows configured severity" "$T/out" '^performance\.low-percentage +critical +on '
has "--list-rules shows rules turned off" "$T/out" '^followup\.promised-information +notice +off '
$SCRUTINY --config $C/layers.yaml --explain performance.low-percentage examples/rules > "$T/out" 2>&1
has "--explain shows current arg values" "$T/out" '^threshold = 60$'
for pair in "bad_top_key:1:1: unknown key 'rulez' (did you mean 'rules'?)" \
            "bad_rule_key:3:5: unknown key 'severty' in rule 'outcomes.noted-only' (did you mean 'severity'?)" \
            "bad_rule_id:2:3: no rule 'outcomes.noted-olny' (did you mean 'outcomes.noted-only'?)" \
            "bad_type:4:18: performance.low-percentage.threshold must be a number" \
            "bad_arg:4:7: rule 'performance.low-percentage' has no arg 'treshold' (did you mean 'threshold'?)" \
            "bad_when:3:27: when: expected an atom, found 'and'" \
            "bad_when_rule:2:5: escalation 'e.y': 'workforce.recruitmnt' names no rule" \
            "bad_limit:2:9: limits.time must be a number" \
            "bad_disable:1:12: no rule 'nothing.matches.*'" \
            "bad_yaml:2:1: did not find expected ',' or ']'" \
            "bad_alias:1:4: anchors (&name) are not allowed" \
            "bad_select:1:28: select: unexpected end of expression"; do
    name=${pair%%:*}; msg=${pair#*:}
    $SCRUTINY --config $C/$name.yaml $EX > "$T/out" 2>&1
    rc=$?
    if [ $rc = 2 ] && grep -qF "$C/$name.yaml:$msg" "$T/out"; then ok "config error $name"
    else notok "config error $name" "exit $rc: $(cat "$T/out")"; fi
done
# run from another folder: the command's path made absolute (it may follow a valgrind prefix)
ABS=$(printf '%s' "$SCRUTINY" | sed "s#^\([^ /][^ ]*scrutiny-run\)\$#$PWD/\1#; s# \([^ /][^ ]*scrutiny-run\)\$# $PWD/\1#")
mkdir -p "$T/cwd" && printf 'disable: [outcomes.noted-only]\n' > "$T/cwd/scrutiny.yaml"
(cd "$T/cwd" && $ABS -i "$OLDPWD/examples/minutes" "$OLDPWD/examples/rules") > "$T/out" 2>&1
hasnt "./scrutiny.yaml is read when present" "$T/out" 'outcomes\.noted-only'
has "./scrutiny.yaml: the rules ran" "$T/out" 'examples/minutes/'
# ... but not trusted: a scrutiny.yaml in a folder of downloaded minutes may not load native code,
# choose what is written or read, or waive findings
printf 'disable: [outcomes.noted-only]\nplugins: [evil.so]\noutput: stolen.txt\ndb: stolen.db\ninputs: [/etc]\nwaivers: w.yaml\n' \
    > "$T/cwd/scrutiny.yaml"
(cd "$T/cwd" && $ABS -i "$OLDPWD/examples/minutes" "$OLDPWD/examples/rules") > "$T/out" 2> "$T/err"
check_rc "unnamed ./scrutiny.yaml: the run goes on" 1 $?
has "unnamed ./scrutiny.yaml: a warning names what is ignored" "$T/err" \
    'warning: reading ./scrutiny.yaml from the current folder .*ignoring its plugins, db, output, inputs, waivers'
hasnt "unnamed ./scrutiny.yaml: no plugin loaded" "$T/err" 'evil\.so'
if [ -e "$T/cwd/stolen.txt" ] || [ -e "$T/cwd/stolen.db" ]; then notok "unnamed ./scrutiny.yaml: chooses no output or db"
else ok "unnamed ./scrutiny.yaml: chooses no output or db"; fi
has "unnamed ./scrutiny.yaml: findings on standard output" "$T/out" 'examples/minutes/'
hasnt "unnamed ./scrutiny.yaml: rule settings still apply" "$T/out" 'outcomes\.noted-only'
(cd "$T/cwd" && $ABS --no-config -i "$OLDPWD/examples/minutes" "$OLDPWD/examples/rules") > "$T/out" 2> "$T/err"
has "--no-config: ./scrutiny.yaml is not read" "$T/out" 'outcomes\.noted-only'
hasnt "--no-config: no warning" "$T/err" 'scrutiny\.yaml'
(cd "$T/cwd" && $ABS -c scrutiny.yaml -i "$OLDPWD/examples/minutes" "$OLDPWD/examples/rules") > "$T/out" 2> "$T/err"
has "-c scrutiny.yaml: its plugins are loaded" "$T/err" 'evil\.so'

# --- the demo configuration and the meeting series (examples/scrutiny.yaml, examples/series) ------
$SCRUTINY --config examples/scrutiny.yaml > "$T/demo" 2>&1
check_rc "demo configuration runs" 1 $?
hasnt "demo: a rule turned off" "$T/demo" 'voice\.views-not-evident'
has "demo: a severity raised" "$T/demo" 'hartwell_2024-06-12\.txt:9:3: high \[followup\.overdue-commitment\] report promised at the meeting of 2024-01-17'
has "demo: a keyword list extended" "$T/demo" 'hartwell_2024-03-13\.txt:[0-9]+:[0-9]+: notice \[followup\.promised-information\] promised after the meeting \("would let Members have"\)'
has "demo: a council's own severity" "$T/demo" 'hartwell_2024-01-17\.txt:17:1: warning \[workforce\.vacancies\]'
has "demo: other councils keep theirs" "$T/demo" 'ashcombe_2024-03-14\.txt:[0-9:]+ notice \[workforce\.vacancies\]'
has "demo: repeated concern escalated" "$T/demo" 'hartwell_2024-06-12\.txt:13:60: high \[escalate\.persistent-workforce-concern\]'
has "demo: overdue commitment escalated" "$T/demo" 'hartwell_2024-06-12\.txt:17:11: critical \[escalate\.commitment-slipped-and-noted\] a commitment to this committee is overdue and the committee only noted the report \(rests on [0-9]+ findings\)'
has "demo: meetings scored" "$T/demo" '\[score\.level\] meeting score [0-9]+: (monitor|challenge|escalate to cabinet)'
# two runs into one --db, the third meeting only in the second: the overdue commitment appears then
mkdir -p "$T/s"
cp examples/series/hartwell_2024-01-17.txt examples/series/hartwell_2024-03-13.txt "$T/s/"
$SCRUTINY --db "$T/series.db" --config examples/scrutiny.yaml -i "$T/s" > "$T/run1" 2>&1
hasnt "series run 1: nothing overdue yet" "$T/run1" 'overdue-commitment|commitment-slipped'
cp examples/series/hartwell_2024-06-12.txt "$T/s/"
$SCRUTINY --db "$T/series.db" --config examples/scrutiny.yaml -i "$T/s" > "$T/run2" 2>&1
has "series run 2: the May report is overdue in June" "$T/run2" 'hartwell_2024-06-12\.txt:9:3: high \[followup\.overdue-commitment\] report promised at the meeting of 2024-01-17 \(hartwell_2024-01-17\.txt:21\) was due May 2024'
has "series run 2: the promise of March is overdue in June" "$T/run2" 'hartwell_2024-06-12\.txt:9:3: high \[followup\.overdue-commitment\] information promised at the meeting of 2024-03-13'
hasnt "series run 2: the January promise kept in March is not chased" "$T/run2" 'information promised at the meeting of 2024-01-17'
$SCRUTINY --db "$T/series.db" --config examples/scrutiny.yaml -i "$T/s/hartwell_2024-06-12.txt" > "$T/run3" 2>&1
has "series run 3: facts from --db alone reach the June meeting" "$T/run3" 'hartwell_2024-06-12\.txt:13:60: warning \[followup\.repeated-concern\] recruitment raised at 3 meetings in a row'

# --- fingerprints, waivers, baselines ---------------------------------------------------------
W="$T/w"; mkdir -p "$W"
printf 'Agenda item\n\nBudget\n\nMinutes:\n\nThe report was discussed.\n\nRESOLVED: That the report be noted.\n' > "$W/a.txt"
{ printf '\n\n\n'; sed 's/discussed\./discussed   at   length./' "$W/a.txt"; } > "$W/a_moved.txt"
$SCRUTINY --format jsonl -i "$W/a.txt" $R/every_resolution.lua > "$W/1.jsonl" 2>/dev/null
fp=$(sed -n 's/.*"fingerprint":"\([0-9a-f]*\)".*/\1/p' "$W/1.jsonl")
cp "$W/a_moved.txt" "$W/a.txt.moved"; mkdir -p "$W/m"; cp "$W/a_moved.txt" "$W/m/a.txt"
$SCRUTINY --format jsonl -i "$W/m/a.txt" $R/every_resolution.lua > "$W/2.jsonl" 2>/dev/null
fp2=$(sed -n 's/.*"fingerprint":"\([0-9a-f]*\)".*/\1/p' "$W/2.jsonl")
if [ -n "$fp" ] && [ ${#fp} = 16 ]; then ok "findings carry a 16-digit fingerprint"; else notok "findings carry a 16-digit fingerprint" "$(cat "$W/1.jsonl")"; fi
if grep -q '"line":9,' "$W/1.jsonl" && grep -q '"line":12,' "$W/2.jsonl" && [ "$fp" = "$fp2" ]; then ok "fingerprint survives moved lines"
else notok "fingerprint survives moved lines" "$fp vs $fp2"; fi
cat > "$W/waive.yaml" <<YAML
waivers:
  - fingerprint: $fp
    reason: "agreed at the chairs' briefing"
    approved_by: "Head of Democratic Services"
    expires: 2099-12-31
YAML
$SCRUTINY --waivers "$W/waive.yaml" -i "$W/a.txt" $R/every_resolution.lua > "$T/out" 2>&1
check_rc "a waived finding does not fail the run" 0 $?
hasnt "a waived finding is not shown" "$T/out" 'every-resolution'
$SCRUTINY --show-waived --waivers "$W/waive.yaml" -i "$W/a.txt" $R/every_resolution.lua > "$T/out" 2>&1
check_rc "--show-waived still exits 0" 0 $?
has "--show-waived marks the finding" "$T/out" "a\.txt:9:11: info \[test\.every-resolution\] resolution - \(waived: agreed at the chairs' briefing\)"
$SCRUTINY --format jsonl --show-waived --waivers "$W/waive.yaml" -i "$W/a.txt" $R/every_resolution.lua > "$T/out" 2>&1
has "JSONL carries the waiver" "$T/out" "\"waived\":\"agreed at the chairs' briefing\""
cat > "$W/rule.yaml" <<'YAML'
waivers:
  - rule: "test.*"
    council: "Nowhere Council"
    reason: "not ours"
    approved_by: "Chair"
    expires: 2099-01-01
  - rule: test.unwaivable
    reason: "tried anyway"
    approved_by: "Chair"
    expires: 2099-01-01
  - rule: test.every-resolution
    reason: "old agreement"
    approved_by: "Chair"
    expires: 2020-01-01
YAML
SCRUTINY_TODAY=2024-06-01 $SCRUTINY --waivers "$W/rule.yaml" -i "$W/a.txt" $R/every_resolution.lua $R/unwaivable.lua > "$T/out" 2>&1
has "a waiver for another council does not apply" "$T/out" 'test\.every-resolution'
has "an expired waiver is reported" "$T/out" 'rule\.yaml:11:5: warning: waiver expired on 2020-01-01 and no longer applies \(old agreement\)'
has "a rule that is not waivable stays" "$T/out" 'test\.unwaivable\] must always be seen'
has "a waiver of an unwaivable rule is reported" "$T/out" "rule 'test\.unwaivable' is not waivable"
printf 'waivers:\n  - rule: x\n    approved_by: me\n    expires: 2099-01-01\n' > "$W/bad.yaml"
$SCRUTINY --waivers "$W/bad.yaml" -i "$W/a.txt" $R/every_resolution.lua > "$T/out" 2>&1
check_rc "a waiver without a reason is an error" 2 $?
has "waiver error located" "$T/out" "bad\.yaml:2:5: a waiver needs a 'reason'"
# baseline: only what is new since the earlier run
printf 'Agenda item\n\nOther\n\nMinutes:\n\nText.\n\nRESOLVED: That the plan be agreed.\n' > "$W/b.txt"
$SCRUTINY --format jsonl -i "$W/a.txt" $R/every_resolution.lua > "$W/base.jsonl" 2>/dev/null
$SCRUTINY --baseline "$W/base.jsonl" -i "$W/a.txt" -i "$W/b.txt" $R/every_resolution.lua > "$T/out" 2>&1
check_rc "baseline run with something new" 1 $?
count_is "baseline keeps only the new finding" "$T/out" 'every-resolution' 1
has "the new finding is the one kept" "$T/out" 'b\.txt:9:11'
printf '{"rule":"x"}\nnot json\n' > "$W/badbase.jsonl"
$SCRUTINY --baseline "$W/badbase.jsonl" -i "$W/a.txt" $R/every_resolution.lua > "$T/out" 2>&1
check_rc "a bad baseline is an error" 2 $?
has "bad baseline located" "$T/out" 'badbase\.jsonl:1:1: a baseline line needs a "fingerprint"'

# --- escalations defined in Lua -------------------------------------------------------------------
$SCRUTINY -q --format jsonl -i tests/data/history $R/every_resolution.lua $R/escalations.lua > "$T/out" 2> "$T/err"
check_rc "Lua escalations run" 1 $?
if [ -s "$T/err" ]; then notok "a file of escalations only loads quietly" "$(cat "$T/err")"; else ok "a file of escalations only loads quietly"; fi
has "check function fires with its own message, across a council's meetings" "$T/out" '"rule":"test\.esc-check","severity":"high","message":"council: resolutions at 2 meetings \(rests on 2 findings\)","file":"tests/data/history/b_2024-03-06\.txt".*"based_on":\["test\.every-resolution@tests/data/history/a_2024-01-10\.txt:13:11","test\.every-resolution@tests/data/history/b_2024-03-06\.txt:13:11"\]'
count_is "check function: the other council has one meeting only" "$T/out" 'test\.esc-check' 1
hasnt "when: no item has two resolutions" "$T/out" 'test\.esc-when'
$SCRUTINY -i tests/data/history $R/every_resolution.lua $R/escalation_fails.lua > "$T/out" 2> "$T/err"
check_rc "a failing check function exits 2" 2 $?
has "failing check reported with its line and escalation" "$T/err" '^tests/data/rules/escalation_fails\.lua:5: escalation check failed on 1 findings \[escalation test\.esc-fails, defined at tests/data/rules/escalation_fails\.lua:2\]'
count_is "the rules' findings still come out" "$T/out" 'test\.every-resolution' 3

# --- scorecards -------------------------------------------------------------------------------------
$SCRUTINY -i examples/minutes -i examples/scorecards examples/rules/*.lua > "$T/out" 2> "$T/err"
check_rc "minutes and scorecards together" 1 $?
count_is "scorecards: the five planted cases and nothing else" "$T/out" '\[indicators\.' 5
has "planted: assessments off target four quarters" "$T/out" 'ashcombe_scorecard_long\.csv:25:57: warning \[indicators\.off-target-streak\] Assessments completed within 45 working days off target for 4 periods \(Q1 2023/24 to Q4 2023/24'
has "planted: re-referrals worsening" "$T/out" 'ashcombe_scorecard_long\.csv:17:49: warning \[indicators\.worsening-trend\] Re-referrals within 12 months worse at each of the last 3 steps'
has "planted: agency rate worse than England" "$T/out" 'kestrel_vale_scorecard_wide\.csv:12:88: warning \[indicators\.worse-than-england\] Agency social worker rate \(FTE\) is 12\.6 points worse than England in Q4 2023/24'
has "planted: caseload off target three quarters" "$T/out" 'kestrel_vale_scorecard_wide\.csv:11:77: warning \[indicators\.off-target-streak\] Caseload per case-holding social worker \(FTE\) off target for 3 periods'
has "planted: minutes vs scorecard mismatch" "$T/out" 'ashcombe_2024-03-14\.txt:23:33: high \[indicators\.minutes-mismatch\] the minutes say 47% for Assessments completed within 45 working days but the scorecard has 52 for Q3 2023/24 \(examples/scorecards/ashcombe_scorecard_long\.csv:24\)'
S=tests/data/scorecards
for bad in "bad_ragged:3:37: error: row has 5 fields, the header has 4" "bad_period:2:23: error: 'Spring 2024' is not a period" "bad_value:2:34: error: 'twenty' is not a number"; do
    name=${bad%%:*}; msg=${bad#*:}
    rm -f "$T/sc.db"
    $SCRUTINY --db "$T/sc.db" -i $S/$name.csv $R/series.lua > "$T/out" 2>&1
    rc=$?
    if [ $rc = 2 ] && grep -qF "$S/$name.csv:$msg" "$T/out"; then ok "bad scorecard $name located, exit 2"; else notok "bad scorecard $name located, exit 2" "exit $rc: $(cat "$T/out")"; fi
    $SCRUTINY -q --db "$T/sc.db" $R/series.lua > "$T/out" 2>&1
    if [ -s "$T/out" ]; then notok "bad scorecard $name stores nothing" "$(cat "$T/out")"; else ok "bad scorecard $name stores nothing"; fi
done
rm -f "$T/sc.db"
$SCRUTINY --db "$T/sc.db" -i $S/v1.csv $R/series.lua > "$T/out" 2>&1
has "scorecard loads into --db" "$T/out" 'v1\.csv:3:34: info \[test\.series\] Westbrook rereferrals latest=21\.0 \(Q2 2024/25\) observations=2'
$SCRUTINY --db "$T/sc.db" -i $S/v1.csv $R/series.lua > "$T/out" 2>&1
has "re-loading the same scorecard is a no-op" "$T/out" 'observations=2$'
$SCRUTINY --db "$T/sc.db" -i $S/v2_revised.csv $R/series.lua > "$T/out" 2>&1
has "a newer file supersedes the value, the revision is kept" "$T/out" 'v2_revised\.csv:3:34: info \[test\.series\] Westbrook rereferrals latest=23\.5 \(Q2 2024/25\) observations=4'
$SCRUTINY -i $S/westbrook.scorecard.yaml $R/series.lua > "$T/out" 2>&1
check_rc "a YAML scorecard loads" 1 $?
has "YAML scorecard: values with % and positions" "$T/out" 'westbrook\.scorecard\.yaml:4:58: info \[test\.series\] Westbrook rereferrals latest=23\.5 \(Q2 2024/25\) observations=2'
$SCRUTINY -i $S/bad.scorecard.yaml $R/series.lua > "$T/out" 2>&1
check_rc "a bad YAML scorecard exits 2" 2 $?
has "bad YAML scorecard located with a suggestion" "$T/out" "bad\.scorecard\.yaml:3:5: error: unknown key 'perod' in an observation \(did you mean 'period'\?\)"
$SCRUTINY --dump -i examples/scorecards/dfe_tidy_sample.csv > "$T/out" 2>&1
check_rc "--dump of a scorecard exits 0" 0 $?
has "--dump lists each observation with its cell and comparators" "$T/out" '^  observation 4:117-4:120 council="Ashcombe Borough Council" indicator=rereferrals period="2021/22" financial_year value=17\.2 england=21\.5 region=20\.8$'
count_is "--dump: one line per observation" "$T/out" '^  observation ' 18
printf 'council,indicator,period,value\nA,caseload,Q1 2023/24,17\nA,caseload,Q1 2023/24,19\n' > "$T/twice.csv"
$SCRUTINY -i "$T/twice.csv" $R/series.lua > "$T/out" 2>&1
check_rc "a second value for one period is an error" 2 $?
has "second value located, first named" "$T/out" "twice\.csv:3:23: error: A, caseload, Q1 2023/24 has a second value '19' \(line 2 has '17'\)"
$SCRUTINY --catalogue $S/care_leavers.catalogue.yaml -i $S/dfe_care_leavers.csv $R/series.lua > "$T/out" 2>&1
check_rc "--catalogue: a council's catalogue maps a DfE column with filters" 1 $?
has "DfE filters: the row of the breakdown and age asked for" "$T/out" 'dfe_care_leavers\.csv:6:147: info \[test\.series\] Westbrook care_leavers_accommodation latest=91\.0 \(2023/24\)'
has "DfE filters: a filter not named must read Total" "$T/out" 'dfe_care_leavers\.csv:8:152: info \[test\.series\] Westbrook care_leavers_neet latest=41\.0 \(2023/24\)'
count_is "DfE filters: one observation per indicator" "$T/out" 'test\.series' 2
$SCRUTINY -i $S/dfe_care_leavers.csv $R/series.lua > "$T/out" 2>&1
check_rc "without the catalogue the DfE column is unknown" 2 $?
printf 'indicators:\n  - id: caseload\n    dfe: [{ colum: caseload_fte }]\n' > "$T/bad.catalogue.yaml"
$SCRUTINY --catalogue "$T/bad.catalogue.yaml" -i $S/v1.csv $R/series.lua > "$T/out" 2>&1
check_rc "a bad catalogue is an error" 2 $?
has "bad catalogue located with a suggestion" "$T/out" "bad\.catalogue\.yaml:3:13: unknown key 'colum' in a dfe entry \(did you mean 'column'\?\)"
printf 'catalogues: [care_leavers.catalogue.yaml]\n' > "$T/cat.yaml"; cp $S/care_leavers.catalogue.yaml "$T/"
$SCRUTINY --config "$T/cat.yaml" -i $S/dfe_care_leavers.csv $R/series.lua > "$T/out" 2>&1
count_is "catalogues: in scrutiny.yaml, relative to it" "$T/out" 'test\.series' 2

# --- the standard rule pack on the real seeds (issue 5's criteria) -------------------------------
if [ -d "$SEEDS" ]; then
    $SCRUTINY -i "$SEEDS" rules/ > "$T/pack" 2>&1
    for want in "000_[0-9a-f]*\.txt:43:1: warning \[outcomes\.noted-only\]" "002_[0-9a-f]*\.txt:63:1: warning \[outcomes\.noted-only\]" \
                "003_[0-9a-f]*\.txt:47:1: warning \[outcomes\.noted-only\]" "000_[0-9a-f]*\.txt:19:206: notice \[followup\.promised-information\]" \
                "004_[0-9a-f]*\.txt:23:356: notice \[followup\.promised-information\]" "002_[0-9a-f]*\.txt:17:104: warning \[delivery\.not-achieved\]" \
                "001_[0-9a-f]*\.txt:19:79: warning \[performance\.low-percentage\] 28\.5%" "004_[0-9a-f]*\.txt:27:11: notice \[workforce\.recruitment\]"; do
        has "pack on seeds: $(echo "$want" | sed 's/\\//g; s/_\[0-9a-f\]\*//')" "$T/pack" "$want"
    done
    hasnt "pack on seeds: 001 not flagged noted-only" "$T/pack" '001_[0-9a-f]*\.txt:[0-9:]+ warning \[outcomes\.noted-only\]'
    hasnt "pack on seeds: 004 not flagged noted-only" "$T/pack" '004_[0-9a-f]*\.txt:[0-9:]+ warning \[outcomes\.noted-only\]'
fi
