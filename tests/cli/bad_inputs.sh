#!/bin/sh
# Hostile and broken inputs (tests/data/bad): each NAME.txt has NAME.expect holding the exit
# status and a pattern that the diagnostics (or output) must match. Every input runs against a
# fresh --db; an input that is an error must leave nothing stored. Two cases are generated here
# and never kept: a 100 MB single line and a 1 GB file (sparse), the latter also through stdin.
SCRUTINY=${SCRUTINY:-build/scrutiny-run}
D=tests/data/bad
R=tests/data/rules
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
ok() { echo "ok - $1"; }
notok() { echo "not ok - $1"; [ -n "$2" ] && printf '%s\n' "$2" | sed 's/^/#   /' | head -10; }

for f in "$D"/*.txt; do
    name=$(basename "$f" .txt)
    want_rc=$(sed -n 1p "$D/$name.expect")
    pattern=$(sed -n 2p "$D/$name.expect")
    rm -f "$T/c.db"
    $SCRUTINY --db "$T/c.db" -i "$f" $R/every_resolution.lua > "$T/out" 2>&1
    rc=$?
    if [ "$rc" = "$want_rc" ] && grep -Eq -- "$pattern" "$T/out"; then ok "bad input $name"
    else notok "bad input $name" "exit $rc (want $want_rc); want /$pattern/ in: $(cat "$T/out")"; fi
    if [ "$want_rc" = 2 ]; then
        $SCRUTINY -q --db "$T/c.db" $R/count_documents.lua > "$T/out2" 2>&1
        if [ -s "$T/out2" ]; then notok "bad input $name stores nothing" "$(cat "$T/out2")"; else ok "bad input $name stores nothing"; fi
    fi
done

# 100 MB on one line
head -c 100000000 /dev/zero | tr '\0' 'a' > "$T/line.txt"
$SCRUTINY --max-input 200 -i "$T/line.txt" $R/every_resolution.lua > "$T/out" 2>&1
rc=$?
if [ $rc = 2 ] && grep -q 'line\.txt:1:1048577: error: line longer than' "$T/out"; then ok "100 MB single line refused"
else notok "100 MB single line refused" "exit $rc: $(cat "$T/out")"; fi
rm -f "$T/line.txt"

# 1 GB: refused from its size, and from stdin after reading no more than the limit
truncate -s 1G "$T/huge.txt"
$SCRUTINY -i "$T/huge.txt" $R/every_resolution.lua > "$T/out" 2>&1
rc=$?
if [ $rc = 2 ] && grep -q 'huge\.txt:1:1: error: input is larger than the limit of 64 MiB' "$T/out"; then ok "1 GB file refused"
else notok "1 GB file refused" "exit $rc: $(cat "$T/out")"; fi
$SCRUTINY -i - $R/every_resolution.lua < "$T/huge.txt" > "$T/out" 2>&1
rc=$?
if [ $rc = 2 ] && grep -q '<stdin>:1:1: error: input is larger than the limit' "$T/out"; then ok "1 GB stdin refused"
else notok "1 GB stdin refused" "exit $rc: $(cat "$T/out")"; fi
rm -f "$T/huge.txt"
