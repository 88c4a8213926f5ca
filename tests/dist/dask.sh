#!/bin/sh
# examples/dask/run.py on a Dask LocalCluster (Debian python3-distributed) over generated minutes
# of 20 councils: the Python binding mapped over shards, merged, must give byte for byte the
# JSON Lines of one scrutiny-run, and exit as it does. Skipped, saying why, without
# python3-distributed or python3-cffi. DIST_ITEMS (default 400), DIST_SHARDS (default 4).
. tests/lib/tap.sh
BIN=${SCRUTINY_BIN:-build/scrutiny-run}
ITEMS=${DIST_ITEMS:-400} SHARDS=${DIST_SHARDS:-4}
PY=""
for p in /usr/bin/python3 python3; do
    if command -v "$p" > /dev/null 2>&1 && "$p" -c 'import cffi, distributed' 2> /dev/null; then PY=$p; break; fi
done
[ -n "$PY" ] || { skip "dask shards = one run" "python3-distributed or python3-cffi is not installed"; exit 0; }
took() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

"$PY" tests/bench/gen.py "$T/minutes" --items "$ITEMS" --councils 20 --seed 7 > /dev/null
t0=$(date +%s.%N)
"$BIN" -q --no-config -f jsonl -o "$T/one.jsonl" -i "$T/minutes" rules; one_rc=$?
t1=$(date +%s.%N)
SCRUTINY_LIB="$(dirname "$BIN")/libscrutiny.so" PYTHONPATH=python "$PY" examples/dask/run.py --timing --shards "$SHARDS" --workers 2 \
    "$T/minutes" "$T/dask.jsonl" rules > "$T/dask.out" 2>&1
dask_rc=$?
t2=$(date +%s.%N)
check_rc "the dask run exits as one run does" "$one_rc" "$dask_rc"
if [ -s "$T/one.jsonl" ] && cmp -s "$T/one.jsonl" "$T/dask.jsonl"; then
    ok "dask ($SHARDS shards, 2 workers) merged = one run, byte for byte ($(wc -l < "$T/one.jsonl") findings)"
else
    notok "dask ($SHARDS shards, 2 workers) merged = one run, byte for byte" \
        "$(tail -5 "$T/dask.out"; diff "$T/one.jsonl" "$T/dask.jsonl" 2>&1 | head -5)"
fi
echo "# $ITEMS items, 20 councils: one process $(took "$t0" "$t1") s, dask LocalCluster $(took "$t1" "$t2") s (with its start; $(grep '^dask:' "$T/dask.out"))"
