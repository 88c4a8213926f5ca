#!/bin/sh
# Runs every suite against the build in $1 (default: build) and ends with
# "N passed, N failed, N skipped" (then the names of the failing tests, if any).
#   unit   cmocka binaries build/tests/test_* (TAP output, one line per test)
#   cli    tests/cli/*.sh end-to-end scripts; each prints "ok - name" / "not ok - name" lines
#   rules  scrutiny-run --test over the standard pack's fixtures
# A TAP line "ok ... # SKIP" or "not ok ... # SKIP" counts as skipped, never as passed or failed.
# $VALGRIND, when set, prefixes every program run (make valgrind).
BUILD=${1:-build}
export SCRUTINY="${VALGRIND:+$VALGRIND }$BUILD/scrutiny-run"
export SCRUTINY_BIN="$BUILD/scrutiny-run"
case "$BUILD" in *asan*) export SAN_FLAGS="-fsanitize=address,undefined" ;; esac
export CMOCKA_MESSAGE_OUTPUT=TAP
pass=0 fail=0 skip=0
log=$(mktemp)
failed=$(mktemp)
trap 'rm -f "$log" "$failed"' EXIT
# count SUITE EXIT_STATUS: adds up the suite's TAP lines in $log and records its failures
count() {
    p=$(grep -v '# *SKIP' "$log" | grep -c '^ok ')
    f=$(grep -v '# *SKIP' "$log" | grep -c '^not ok ')
    s=$(grep -Ec '^(not )?ok .*# *SKIP' "$log")
    pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + s))
    grep -v '# *SKIP' "$log" | grep '^not ok ' | sed "s/^not ok [0-9]* *-* */$1: /" >> "$failed"
    if [ "$2" -ne 0 ] && [ "$f" -eq 0 ]; then
        echo "not ok - $1 exited with $2"; tail -20 "$log"
        fail=$((fail + 1)); echo "$1: exited with $2" >> "$failed"
    fi
}
# suite NAME COMMAND...: runs one suite, shows its failures and comments, counts it
suite() {
    name=$1; shift
    echo "== $name"
    "$@" > "$log" 2>&1
    rc=$?
    grep -E '^(not ok|#|ok .*# *SKIP)' "$log"
    count "$name" $rc
}
# SCRIPTS: the folder of end-to-end scripts; another than tests/cli (make test-dist: tests/dist)
# runs its scripts alone, without the unit and rule suites
SCRIPTS=${SCRIPTS:-tests/cli}
for t in "$BUILD"/tests/test_*; do
    [ -x "$t" ] && [ "$SCRIPTS" = tests/cli ] || continue
    suite "$(basename "$t")" $VALGRIND "$t"
done
for t in "$SCRIPTS"/*.sh; do
    [ -f "$t" ] || continue
    suite "$(basename "$t")" sh "$t"
done
[ "$SCRIPTS" = tests/cli ] && [ -d rules/tests ] && suite "rules (scrutiny-run --test)" $SCRUTINY --test rules
echo "$pass passed, $fail failed, $skip skipped"
if [ "$fail" -ne 0 ]; then
    echo "failing:"; sed 's/^/  /' "$failed"
    exit 1
fi
