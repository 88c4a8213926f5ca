#!/bin/sh
# The Python binding's pytest suite (tests/python) over the library of this build, one TAP line
# per test. Skipped, saying why, without Debian's python3-cffi and python3-pytest (.ci/run installs
# them), and under sanitizers or valgrind (Python would need their runtime preloaded).
. tests/lib/tap.sh
BIN=${SCRUTINY_BIN:-build/scrutiny-run}
PY=""
for p in /usr/bin/python3 python3; do
    if command -v "$p" > /dev/null 2>&1 && "$p" -c 'import cffi, pytest' 2> /dev/null; then PY=$p; break; fi
done
if [ -n "$SAN_FLAGS$VALGRIND" ]; then
    skip "python binding" "not run under sanitizers or valgrind (the library is tested there through the CLI)"
elif [ -z "$PY" ]; then
    skip "python binding" "python3-cffi or python3-pytest is not installed (apt-get install python3-cffi python3-pytest)"
elif [ ! -f "$(dirname "$BIN")/libscrutiny.so" ]; then
    notok "python binding" "no $(dirname "$BIN")/libscrutiny.so: build it with make"
else
    SCRUTINY_LIB="$(dirname "$BIN")/libscrutiny.so" SCRUTINY_BIN="$BIN" PYTHONPATH=python \
        "$PY" -m pytest -v -p no:cacheprovider tests/python > "$T/pytest.log" 2>&1
    rc=$?
    sed -n 's/^\(tests\/python\/[^ ]*\) PASSED.*/ok - \1/p; s/^\(tests\/python\/[^ ]*\) FAILED.*/not ok - \1/p; s/^\(tests\/python\/[^ ]*\) SKIPPED\(.*\)/ok - \1 # SKIP\2/p' "$T/pytest.log"
    if [ "$rc" -ne 0 ]; then grep -E '^(E |FAILED|ERROR)' "$T/pytest.log" | head -30 | sed 's/^/# /'; fi
    [ "$rc" -eq 0 ] || [ "$rc" -eq 1 ] || { notok "pytest ran" "$(tail -20 "$T/pytest.log")"; }
fi
