#!/bin/sh
# Crash safety of --db: SIGKILL at 20 random moments of runs under way over many documents. After each
# kill the database must pass PRAGMA integrity_check and hold every document wholly or not at
# all; at the end a re-run must complete and print findings byte-identical to a run that was
# never interrupted. Then two runs at once on one database must both succeed.
SCRUTINY=${SCRUTINY:-build/scrutiny-run}
R=examples/rules
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
ok() { echo "ok - $1"; }
notok() { echo "not ok - $1"; [ -n "$2" ] && printf '%s\n' "$2" | sed 's/^/#   /' | head -10; }
command -v sqlite3 >/dev/null || { echo "# sqlite3 not installed: crash tests skipped"; exit 0; }

mkdir "$T/in"
copies=150
[ -n "$VALGRIND" ] && copies=5   # under valgrind the point is memory errors, not timing
i=0
while [ $i -lt $copies ]; do
    for f in examples/minutes/*.txt; do
        b=$(basename "$f" .txt)
        { printf -- '---\ncouncil: Crash Council %d\ndate: 2021-02-%02d\n---\n' $i $((i % 28 + 1))
          sed '/^---$/,/^---$/d' "$f"; } > "$T/in/$b-$i.txt"
    done
    i=$((i + 1))
done
ndocs=$(ls "$T/in" | wc -l)

start=$(date +%s%N)
$SCRUTINY -q --db "$T/clean.db" -i "$T/in" $R > "$T/clean.out" 2>&1
end=$(date +%s%N)
ms=$(( (end - start) / 1000000 ))
[ $ms -lt 50 ] && ms=50
echo "# clean ingest of $ndocs documents: $ms ms"

# a document is whole when its meeting arrived with it (its model's rows come in one transaction
# when it is first checked), and one counted as checked has its items
whole_check() {
    sqlite3 "$1" "SELECT count(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM meetings m WHERE m.document_id = d.id)
                  OR (d.id IN (SELECT document_id FROM checked)
                      AND (SELECT count(*) FROM items i JOIN meetings m ON i.meeting_id = m.id WHERE m.document_id = d.id) = 0);"
}

# Only a kill that lands while the run is under way tests anything: a run killed by SIGKILL exits
# with 137. A run that ended first (later runs have less to store) is not counted, and the range
# of delays shrinks to half until the kills land again.
bad=0
hits=0
tries=0
seed=1
while [ $hits -lt 20 ] && [ $tries -lt 80 ]; do
    delay=$(awk -v s="$seed" -v ms="$ms" 'BEGIN { srand(s * 7919); printf "%.3f", rand() * ms / 1000 }')
    seed=$((seed + 1)) tries=$((tries + 1))
    $SCRUTINY -q --db "$T/kill.db" -i "$T/in" $R > /dev/null 2>&1 &
    pid=$!
    sleep "$delay"
    kill -9 $pid 2>/dev/null
    wait $pid 2>/dev/null
    if [ $? -ne 137 ]; then
        ms=$((ms / 2)); [ $ms -lt 20 ] && ms=20
        continue
    fi
    hits=$((hits + 1))
    integ=$(sqlite3 "$T/kill.db" 'PRAGMA integrity_check;' 2>&1)
    partial=$(whole_check "$T/kill.db" 2>&1)
    if [ "$integ" != "ok" ] || [ "$partial" != "0" ]; then
        bad=$((bad + 1))
        echo "# kill $hits (after ${delay}s): integrity '$integ', partial documents '$partial'"
    fi
done
echo "# $hits kills landed in a run under way, in $tries tries"
if [ $hits -lt 20 ]; then notok "20 kills land while a run is under way" "only $hits of $tries tries did"
else ok "20 kills land while a run is under way"; fi
if [ $bad -eq 0 ]; then ok "20 kills: database intact, documents whole or absent"; else notok "20 kills: database intact, documents whole or absent" "$bad trials failed"; fi

$SCRUTINY -q --db "$T/kill.db" -i "$T/in" $R > "$T/rerun.out" 2>&1
if cmp -s "$T/clean.out" "$T/rerun.out" && [ -s "$T/clean.out" ]; then ok "re-run after kills gives identical findings"
else notok "re-run after kills gives identical findings" "$(diff "$T/clean.out" "$T/rerun.out" | head -5)"; fi
n=$(sqlite3 "$T/kill.db" 'SELECT count(*) FROM documents;')
if [ "$n" = "$ndocs" ]; then ok "re-run completes the corpus"; else notok "re-run completes the corpus" "$n of $ndocs documents"; fi

# two runs at once on one database: the second waits for the first
$SCRUTINY -q --db "$T/both.db" -i "$T/in" $R > "$T/a.out" 2>&1 &
p1=$!
$SCRUTINY -q --db "$T/both.db" -i "$T/in" $R > "$T/b.out" 2>&1 &
p2=$!
wait $p1; r1=$?
wait $p2; r2=$?
if [ $r1 -le 1 ] && [ $r2 -le 1 ] && cmp -s "$T/a.out" "$T/clean.out" && cmp -s "$T/b.out" "$T/clean.out"; then
    ok "concurrent runs both succeed with the same findings"
else
    notok "concurrent runs both succeed with the same findings" "exit $r1/$r2: $(head -3 "$T/a.out" "$T/b.out")"
fi
integ=$(sqlite3 "$T/both.db" 'PRAGMA integrity_check;'); n=$(sqlite3 "$T/both.db" 'SELECT count(*) FROM documents;')
if [ "$integ" = ok ] && [ "$n" = "$ndocs" ]; then ok "concurrent runs leave one copy of each document"; else notok "concurrent runs leave one copy of each document" "$integ, $n documents"; fi
