#!/bin/sh
# Runs every suite against the build in $1 (default: build) and ends with "N passed, N failed".
#   unit   cmocka binaries build/tests/test_* (TAP output, one line per test)
#   cli    tests/cli/*.sh end-to-end scripts; each prints "ok - name" / "not ok - name" lines
# $VALGRIND, when set, prefixes every program run (make valgrind).
BUILD=${1:-build}
export SCRUTINY="${VALGRIND:+$VALGRIND }$BUILD/scrutiny-run"
export SCRUTINY_BIN="$BUILD/scrutiny-run"
case "$BUILD" in *asan*) export SAN_FLAGS="-fsanitize=address,undefined" ;; esac
export CMOCKA_MESSAGE_OUTPUT=TAP
pass=0 fail=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT
count() {
    p=$(grep -c '^ok ' "$log")
    f=$(grep -c '^not ok ' "$log")
    pass=$((pass + p))
    fail=$((fail + f))
}
for t in "$BUILD"/tests/test_*; do
    [ -x "$t" ] || continue
    echo "== $(basename "$t")"
    $VALGRIND "$t" > "$log" 2>&1
    rc=$?
    grep -E '^(not ok|# )' "$log"
    count
    if [ $rc -ne 0 ] && ! grep -q '^not ok ' "$log"; then
        echo "not ok - $(basename "$t") exited with $rc"; tail -20 "$log"; fail=$((fail + 1))
    fi
done
for t in tests/cli/*.sh; do
    [ -f "$t" ] || continue
    echo "== $(basename "$t")"
    sh "$t" > "$log" 2>&1
    rc=$?
    grep -E '^(not ok|#)' "$log"
    count
    if [ $rc -ne 0 ] && ! grep -q '^not ok ' "$log"; then
        echo "not ok - $(basename "$t") exited with $rc"; tail -20 "$log"; fail=$((fail + 1))
    fi
done
for pack in rules; do
    [ -d "$pack/tests" ] || continue
    echo "== $pack (scrutiny-run --test)"
    $SCRUTINY --test "$pack" > "$log" 2>&1
    rc=$?
    grep -E '^(not ok|#)' "$log"
    count
    if [ $rc -ne 0 ] && ! grep -q '^not ok ' "$log"; then
        echo "not ok - $pack exited with $rc"; tail -20 "$log"; fail=$((fail + 1))
    fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
