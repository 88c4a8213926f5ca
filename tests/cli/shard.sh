#!/bin/sh
# --shard I/N and --merge: shards of a run merged give the bytes of one run (-f jsonl), over a
# generated corpus of 20 councils and over the demo (scorecards, escalations, a configuration);
# a council never splits; error records every shard repeats come once; broken or overlapping
# shard outputs are refused and nothing is written.
. tests/lib/tap.sh

# one_vs_shards NAME N ARGS...: one run and N shards of it, merged, compared byte for byte
one_vs_shards() {
    name=$1 n=$2; shift 2
    $SCRUTINY -q "$@" -f jsonl -o "$T/one.jsonl" 2> "$T/err"; one_rc=$?
    set_files=""
    i=1
    while [ "$i" -le "$n" ]; do
        $SCRUTINY -q --shard "$i/$n" --fail-on never "$@" -f jsonl -o "$T/shard$i.jsonl" 2>> "$T/err"
        set_files="$set_files $T/shard$i.jsonl"
        i=$((i + 1))
    done
    # shellcheck disable=SC2086
    $SCRUTINY --merge $set_files -o "$T/merged.jsonl" 2>> "$T/err"; merge_rc=$?
    if cmp -s "$T/one.jsonl" "$T/merged.jsonl"; then ok "$name: $n shards merged = one run, byte for byte"
    else notok "$name: $n shards merged = one run, byte for byte" "$(diff "$T/one.jsonl" "$T/merged.jsonl" | head -8; cat "$T/err")"; fi
    check_rc "$name: the merge exits as the run did" "$one_rc" "$merge_rc"
}

if command -v python3 > /dev/null 2>&1; then
    python3 tests/bench/gen.py "$T/gen" --items 200 --councils 20 --seed 5 > /dev/null
    one_vs_shards "20 councils" 3 --no-config -i "$T/gen" rules
    one_vs_shards "20 councils" 7 --no-config -i "$T/gen" rules
    # every council in exactly one of the 7 shards
    for i in 1 2 3 4 5 6 7; do grep -o '"council":"[^"]*"' "$T/shard$i.jsonl" | sort -u; done | sort > "$T/councils"
    grep -o '"council":"[^"]*"' "$T/one.jsonl" | sort -u > "$T/all"
    if cmp -s "$T/councils" "$T/all" && [ "$(wc -l < "$T/all")" -eq 20 ]; then ok "each of the 20 councils in exactly one shard"
    else notok "each of the 20 councils in exactly one shard" "$(diff "$T/councils" "$T/all" | head)"; fi
else
    skip "20 councils: shards merged = one run" "python3 is not installed (tests/bench/gen.py writes the corpus)"
fi

one_vs_shards "demo" 3 --config examples/scrutiny.yaml
one_vs_shards "demo, one shard" 1 --config examples/scrutiny.yaml
# an input every shard reports as bad: its error record comes once, after the findings
: > "$T/empty.txt"
one_vs_shards "a bad input" 2 --no-config -i examples/minutes -i "$T/empty.txt" rules
count_is "the bad input's error record once" "$T/merged.jsonl" '"type":"error".*empty\.txt' 1

# waivers: one matched in a single shard is not stale; one no shard matched is, once and last
cat > "$T/w.yaml" <<'EOF2'
waivers:
  - rule: workforce.*
    council: Hartwell County Council
    reason: "tracked by the HR committee"
    approved_by: "Chair"
    expires: 2099-06-30
  - rule: outcomes.noted-only
    council: Nowhere Council
    reason: "a council with no minutes"
    approved_by: "Chair"
    expires: 2099-06-30
EOF2
one_vs_shards "waivers" 3 --config examples/scrutiny.yaml --waivers "$T/w.yaml"
count_is "only the waiver no shard matched is stale" "$T/merged.jsonl" 'matched no finding of the run.*w\.yaml","line":7' 1
count_is "the waiver one shard matched is not" "$T/merged.jsonl" 'matched no finding of the run.*w\.yaml","line":2' 0
# a rule failing at run time: each shard reports its own first failures; the merge exits 2
$SCRUTINY -q --shard 1/2 --fail-on never --no-config -i examples/minutes tests/data/rules/raises.lua -f jsonl -o "$T/r1.jsonl" 2> /dev/null
$SCRUTINY -q --shard 2/2 --fail-on never --no-config -i examples/minutes tests/data/rules/raises.lua -f jsonl -o "$T/r2.jsonl" 2> /dev/null
$SCRUTINY --merge "$T/r1.jsonl" "$T/r2.jsonl" -o "$T/rm.jsonl" 2> /dev/null
check_rc "a rule error in a shard: the merge exits 2" 2 $?
has "the rule error is among the records" "$T/rm.jsonl" '^\{"type":"error","message":"tests/data/rules/raises\.lua:5: deliberate failure'
# --db: one corpus per shard; the second run of each reports from it, and merges the same
for i in 1 2 3; do
    $SCRUTINY -q --shard "$i/3" --fail-on never --db "$T/c$i.db" --config examples/scrutiny.yaml -f jsonl -o "$T/d$i.jsonl"
done
for i in 1 2 3; do
    $SCRUTINY --shard "$i/3" --fail-on never --db "$T/c$i.db" --config examples/scrutiny.yaml -f jsonl -o "$T/e$i.jsonl" 2> "$T/err$i"
done
$SCRUTINY --merge "$T/e1.jsonl" "$T/e2.jsonl" "$T/e3.jsonl" -o "$T/em.jsonl"
$SCRUTINY -q --config examples/scrutiny.yaml -f jsonl -o "$T/one.jsonl"
if cmp -s "$T/one.jsonl" "$T/em.jsonl"; then ok "shards again over their own --db: merged = one run"
else notok "shards again over their own --db: merged = one run" "$(diff "$T/one.jsonl" "$T/em.jsonl" | head -5)"; fi
has "a shard's second run reports from its corpus" "$T/err3" "unchanged, not checked again"

# --shard values
for bad in 0/3 4/3 3 a/3 1/0 2/; do
    $SCRUTINY -q --shard "$bad" -i examples/minutes rules > /dev/null 2> "$T/err"
    check_rc "--shard $bad is refused" 2 $?
done
has "--shard says what it wants" "$T/err" "--shard: '2/' is not I/N"

# broken merges: nothing written, exit 2, the file named
$SCRUTINY -q --shard 1/2 --fail-on never --config examples/scrutiny.yaml -f jsonl -o "$T/a.jsonl"
$SCRUTINY --merge "$T/a.jsonl" "$T/a.jsonl" -o "$T/out.jsonl" 2> "$T/err"
check_rc "the same shard twice is refused" 2 $?
has "overlap names the council" "$T/err" "council '.*' is also in"
[ -e "$T/out.jsonl" ] && notok "a refused merge writes nothing" || ok "a refused merge writes nothing"
head -c -1 "$T/a.jsonl" > "$T/cut.jsonl"
$SCRUTINY --merge "$T/cut.jsonl" > /dev/null 2> "$T/err"
check_rc "a shard output cut short is refused" 2 $?
has "cut short: file and line" "$T/err" "cut\.jsonl:[0-9]+:1: the last line has no newline"
printf 'not json\n' > "$T/junk.jsonl"
$SCRUTINY --merge "$T/a.jsonl" "$T/junk.jsonl" > /dev/null 2> "$T/err"
check_rc "a file that is not jsonl is refused" 2 $?
has "not jsonl: file and line" "$T/err" "junk\.jsonl:1:1: not a JSON Lines record"
$SCRUTINY --merge > /dev/null 2>&1
check_rc "--merge without files" 2 $?
$SCRUTINY --merge -f csv "$T/a.jsonl" > /dev/null 2>&1
check_rc "--merge writes jsonl only" 2 $?
$SCRUTINY --merge --fail-on never "$T/a.jsonl" > /dev/null 2>&1
check_rc "--merge --fail-on never" 0 $?
