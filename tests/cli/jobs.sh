#!/bin/sh
# -j N: councils checked on N threads must give exactly what one thread gives: every output
# format, byte for byte, the errors and warnings (in the same order), the exit status; in memory
# and with --db (threads sharing the file), and when a --db re-run reports documents unchanged.
. tests/lib/tap.sh

# many councils, each a history of meetings: the examples copied under other councils' names,
# plus the series, the scorecards, a document with invalid UTF-8 (a warning) and a rule that
# fails on one council's meetings (errors, reported from a thread)
mkdir "$T/in"
i=0
while [ $i -lt 6 ]; do
    for f in examples/minutes/*.txt examples/series/*.txt; do
        b=$(basename "$f" .txt)
        { printf -- '---\ncouncil: Jobs Council %d\ndate: 2023-%02d-%02d\n---\n' $((i % 5)) $((i % 12 + 1)) $((i + 1))
          sed '/^---$/,/^---$/d' "$f"; } > "$T/in/$b-$i.txt"
    done
    i=$((i + 1))
done
cp examples/minutes/*.txt examples/series/*.txt examples/scorecards/*.csv "$T/in/"
printf 'Agenda item\n\nBudget\n\nMinutes:\nThe Panel noted the caf\351 report.\n' > "$T/in/bad-utf8.txt"
mkdir "$T/rules"
cp -r rules/. "$T/rules/"
cat > "$T/rules/zz_fails.lua" <<'EOF'
rule { id = "test.fails-once", scope = "meeting", check = function(meeting, ctx)
  if meeting.council == "Jobs Council 3" and meeting.date == "2023-04-04" then error("planted failure") end
  if meeting.council == "Jobs Council 1" then
    local rows = ctx:query("SELECT count(*) AS n FROM items")
    local m = ctx:query("SELECT count(*) AS n FROM meetings WHERE council = ?", meeting.council)
    ctx:flag{ at = meeting, message = "items in the store: " .. tostring(rows[1].n > 0) .. "; meetings of the council: " .. m[1].n }
  end
end }
EOF

# run NAME ARGS...: every format to files, stderr and the exit status beside them
run() {
    name=$1; shift
    mkdir -p "$T/$name"
    $SCRUTINY --no-config "$@" -f text -o "$T/$name/out.txt" -f jsonl -o "$T/$name/out.jsonl" -f csv -o "$T/$name/out.csv" \
        -f sarif -o "$T/$name/out.sarif" -f html -o "$T/$name/out.html" > "$T/$name/stdout" 2> "$T/$name/stderr"
    echo "exit $?" >> "$T/$name/stderr"
    # the summary's seconds differ from run to run
    sed -i 's/ in [0-9.]* s/ in N s/; s/[0-9.]* s;/N s;/' "$T/$name/stderr"
}
same() {
    d=""
    for f in out.txt out.jsonl out.csv out.sarif out.html stdout stderr; do
        cmp -s "$T/$2/$f" "$T/$3/$f" || d="$d $f: $(diff "$T/$2/$f" "$T/$3/$f" | head -4)"
    done
    if [ -z "$d" ]; then ok "$1"; else notok "$1" "$d"; fi
}

run one -j 1 -i "$T/in" "$T/rules"
run two -j 2 -i "$T/in" "$T/rules"
run four -j 4 -i "$T/in" "$T/rules"
has "a multi-council run has findings" "$T/one/out.jsonl" '"type":"finding"'
has "the planted failure is reported" "$T/one/stderr" 'planted failure'
has "a thread's rule reads its council's items from the store" "$T/one/out.txt" 'items in the store: true'
has "the warning of a document is reported" "$T/one/stderr" 'invalid UTF-8'
same "-j 2 writes what -j 1 writes: every format, errors and warnings, exit status" one two
same "-j 4 writes what -j 1 writes" one four

# file names that ascend with the dates: each meeting's findings (and the warnings and errors
# before them) are written as it is checked, on any -j
mkdir "$T/asc"
for f in "$T"/in/*-[0-9].txt; do
    d=$(sed -n 's/^date: //p' "$f" | head -1)
    cp "$f" "$T/asc/$d-$(basename "$f")"
done
printf -- '---\ncouncil: Jobs Council 2\ndate: 2023-12-30\n---\nAgenda item\n\nBudget\n\nMinutes:\nThe Panel noted the caf\351 report.\n' > "$T/asc/2023-12-30-bad-utf8.txt"
run asc1 -j 1 -i "$T/asc" "$T/rules"
run asc2 -j 2 -i "$T/asc" "$T/rules"
has "meeting by meeting: the warning of a document is reported" "$T/asc1/stderr" 'invalid UTF-8'
same "meeting by meeting: -j 2 writes what -j 1 writes, errors and warnings in the same order" asc1 asc2
$SCRUTINY --no-config -q -j 1 -i "$T/asc" "$T/rules" > "$T/ascs1" 2>/dev/null
$SCRUTINY --no-config -q -j 2 -i "$T/asc" "$T/rules" > "$T/ascs2" 2>/dev/null
if cmp -s "$T/ascs1" "$T/ascs2" && cmp -s "$T/ascs1" "$T/asc1/out.txt"; then ok "meeting by meeting: streamed text is what a kept run writes, on any -j"
else notok "meeting by meeting: streamed text is what a kept run writes, on any -j" "$(diff "$T/ascs1" "$T/ascs2" | head -5)"; fi

# streaming outputs (text to standard output) and the default, one thread per core
$SCRUTINY --no-config -q -j 1 -i "$T/in" "$T/rules" > "$T/s1" 2>/dev/null
$SCRUTINY --no-config -q -i "$T/in" "$T/rules" > "$T/s2" 2>/dev/null
if cmp -s "$T/s1" "$T/s2" && [ -s "$T/s1" ]; then ok "streamed text: the default -j is -j 1's output"
else notok "streamed text: the default -j is -j 1's output" "$(diff "$T/s1" "$T/s2" | head -5)"; fi

# --db: threads share the file; a re-run reports unchanged documents from it
run db1 -j 1 --db "$T/a.db" -i "$T/in" "$T/rules"
run db2 -j 2 --db "$T/b.db" -i "$T/in" "$T/rules"
same "--db: -j 2 writes what -j 1 writes" db1 db2
run db2again -j 2 --db "$T/b.db" -i "$T/in" "$T/rules"
run db1again -j 1 --db "$T/a.db" -i "$T/in" "$T/rules"
same "--db re-run: -j 2 writes what -j 1 writes" db1again db2again
has "--db re-run: documents reported unchanged" "$T/db2again/stderr" 'unchanged, not checked again'
n1=$(sqlite3 "$T/a.db" "SELECT count(*) FROM facts" 2>/dev/null)
n2=$(sqlite3 "$T/b.db" "SELECT count(*) FROM facts" 2>/dev/null)
if [ "$n1" = "$n2" ]; then ok "--db: the threads keep the facts one thread keeps ($n1)"; else notok "--db: the threads keep the facts one thread keeps" "$n1 vs $n2"; fi

$SCRUTINY -j 0 -i "$T/in" "$T/rules" > /dev/null 2> "$T/err0"
check_rc "-j 0 is a usage error" 2 $?
has "-j 0 says what -j takes" "$T/err0" 'jobs'

# findings count against the rules' memory limit while their council is checked, not for the
# rest of the run: a long run of councils each within the limit is never stopped for the sum
mkdir "$T/flood"
for c in $(seq 1 40); do
    { printf -- "---\ncouncil: Flood Council %d\ndate: 2024-01-10\n---\n" $c
      for i in $(seq 1 50); do printf "Agenda item\n\nReport %d\n\nMinutes:\nThe Panel noted the report.\n\n" $i; done; } > "$T/flood/c$c.txt"
done
echo 'rule { id = "t.flood", check = function(item, ctx) ctx:flag{ at = item, message = string.rep("x", 1900) } end }' > "$T/flood.lua"
$SCRUTINY --no-config -q -j 1 --memory-limit 3 -f jsonl -i "$T/flood" "$T/flood.lua" > "$T/flood1" 2> "$T/flood1.err"
check_rc "4 MB of findings over 40 councils under a 3 MiB limit: the run goes on" 1 $?
count_is "every item's finding is written" "$T/flood1" '"rule":"t.flood"' 2000
$SCRUTINY --no-config -q -j 2 --memory-limit 3 -f jsonl -i "$T/flood" "$T/flood.lua" > "$T/flood2" 2>&1
if cmp -s "$T/flood1" "$T/flood2"; then ok "the same on two threads"; else notok "the same on two threads" "$(head -c 300 "$T/flood2")"; fi
