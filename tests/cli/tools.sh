#!/bin/sh
# The measuring tools: make eval's scorer (tests/eval/score.py) on a labelled corpus of our own
# (tests/data/eval), and make bench's generator and Python checks (tests/bench). They need
# python3; without it every check is skipped. Prints "ok - ..." / "not ok - ..." per check.
SCRUTINY_BIN=${SCRUTINY_BIN:-build/scrutiny-run}
E=tests/data/eval
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
ok() { echo "ok - $1"; }
notok() { echo "not ok - $1"; [ -n "$2" ] && printf '%s\n' "$2" | sed 's/^/#   /' | head -20; }
check_rc() { if [ "$2" = "$3" ]; then ok "$1"; else notok "$1" "expected exit $2, got $3"; fi; }
has() { if grep -Eq -- "$3" "$2"; then ok "$1"; else notok "$1" "no line matches /$3/ in: $(cat "$2")"; fi; }
if ! command -v python3 > /dev/null; then
    echo "ok - tools # SKIP python3 not found"; exit 0
fi

score() { python3 tests/eval/score.py --scrutiny "$SCRUTINY_BIN" --realdev $E --rules $E/rules.lua --floors "$1"; }
printf '# two floors on one line\nfollowup.precision 1  followup.recall 1\nparse.loaded 2\n' > "$T/floors"
score "$T/floors" > "$T/out" 2>&1
check_rc "eval: at the floors" 0 $?
has "eval: true positive with its evidence line" "$T/out" '^followup +1 +1 +0 +0 +1\.00 +1\.00 +1 +1 +1\.00 +1$'
has "eval: false positive and false negative" "$T/out" '^outcomes +1 +0 +1 +1 +0\.00 +0\.00 '
has "eval: unclear left out, no finding no precision" "$T/out" '^voice +1 +0 +0 +1 +- +0\.00 '
has "eval: parse summary" "$T/out" '^parse: 2/2 files loaded; item count as labelled in 1, resolution count in 2; items 3 \(labels 4\)'
has "eval: a file whose items differ is listed" "$T/out" '^quarrybank_2024-06-20\.txt +1 +2 +1 +1 *$'
has "eval: says the floors hold" "$T/out" '^eval: every figure at or above its floor'
python3 tests/eval/score.py --scrutiny "$SCRUTINY_BIN" --realdev $E --rules $E/rules.lua --floors "$T/floors" \
    --misses outcomes > "$T/out" 2>&1
has "eval: --misses lists a false negative with its label" "$T/out" '^  FN hollow_2024-05-02\.txt: only noted$'
has "eval: --misses lists a false positive with its finding" "$T/out" '^ +[0-9]+: \[outcomes\.test-thanked\] thanked$'
printf 'outcomes.recall 0.5\nparse.loaded 3\n' > "$T/floors"
score "$T/floors" > "$T/out" 2>&1
check_rc "eval: below a floor fails" 1 $?
has "eval: names the figure below its floor" "$T/out" '^eval: outcomes\.recall 0\.00 is below its floor 0\.5$'
has "eval: names the parse figure below its floor" "$T/out" '^eval: parse\.loaded 2 is below its floor 3$'
printf 'followup.recall\n' > "$T/floors"
score "$T/floors" > "$T/out" 2>&1
check_rc "eval: a bad floors file is an error" 2 $?
has "eval: error names the floors line" "$T/out" 'floors:1:1: error: expected pairs'
printf 'followup.recal 0.5\n' > "$T/floors"
score "$T/floors" > "$T/out" 2>&1
check_rc "eval: a misspelt metric fails" 1 $?

# bench: the generator is deterministic, every item it writes is an item to the loader, and
# the Python checks find each kind they look for
python3 tests/bench/gen.py "$T/a" --items 300 --seed 7 > "$T/gen.out"
python3 tests/bench/gen.py "$T/b" --items 300 --seed 7 > /dev/null
if diff -r "$T/a" "$T/b" > /dev/null; then ok "bench: same seed, same corpus"; else notok "bench: same seed, same corpus"; fi
python3 tests/bench/gen.py "$T/c" --items 300 --seed 8 > /dev/null
if diff -r "$T/a" "$T/c" > /dev/null; then notok "bench: another seed, another corpus"; else ok "bench: another seed, another corpus"; fi
set -- $(cat "$T/gen.out")
if [ "$1" -ge 30 ] && [ "$2" -ge 300 ] && [ "$(ls "$T/a" | sed 's/_.*//' | sort -u | wc -l)" -ge 3 ]; then
    ok "bench: at least the items asked for, many meetings, three councils"
else notok "bench: at least the items asked for, many meetings, three councils" "$(cat "$T/gen.out"; ls "$T/a")"; fi
"$SCRUTINY_BIN" --dump -i "$T/a" > "$T/dump" 2> "$T/err"
check_rc "bench: the loader takes every generated document" 0 $?
n=$(grep -c '^item ' "$T/dump")
if [ "$n" = "$2" ]; then ok "bench: every generated item is an item"; else notok "bench: every generated item is an item" "generated $2, loaded $n"; fi
if grep '^document' "$T/dump" | grep -q -e 'council=""' -e 'date=""'; then
    notok "bench: every document has its council and date" "$(grep '^document' "$T/dump" | grep -e 'council=""' -e 'date=""' | head -5)"
else ok "bench: every document has its council and date"; fi
has "bench: resolutions are found" "$T/dump" '^  resolution '
python3 tests/bench/checks.py "$T/a" > "$T/checks"
for c in noted-only no-resolution promised-information report-back undated-report-back still-awaited \
         below-target reassurance vacancies-agency caseloads voice-absent; do
    has "bench: python check $c finds something" "$T/checks" ": $c\$"
done
