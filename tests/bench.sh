#!/bin/sh
# Throughput benchmark: N copies (default 1000) of each seed minutes file, each copy made a
# distinct document by its front matter, loaded and checked by two rules. Three runs side by
# side on the same corpus, so their ratios hold on a noisy machine:
#   parse   --dump to /dev/null (load, store, parse again, no Lua)
#   noop    one rule that does nothing (the cost of the engine and bindings)
#   rules   two real rules (examples/rules/outcomes.lua and followup.lua)
#   pack    the standard rule pack (rules/), which leans on item:find_any/has_any
#   db      the two rules with --db FILE (a new file), then
#   rerun   the same again into that file: nothing new to store, only the run
#   small   noop over every fifth document (the same mix of seeds): noop/small per document
#           should stay near 1
#           (a per-document cost that grows with the corpus shows as a ratio well above 1)
# Usage: tests/bench.sh BUILD [COPIES]
BUILD=${1:-build}
N=${2:-${BENCH_COPIES:-1000}}
SRC=../shared/seeds
[ -d "$SRC" ] || SRC=examples/minutes
T=$(mktemp -d)
trap 'rm -rf "$T" "$T".*' EXIT
i=0
while [ $i -lt "$N" ]; do
    for f in "$SRC"/*.txt; do
        b=$(basename "$f" .txt)
        { printf -- '---\ncouncil: Bench Council %d\ndate: 2020-01-%02d\n---\n' "$i" $((i % 28 + 1))
          sed '/^---$/,/^---$/d' "$f"; } > "$T/$b-$i.txt"
    done
    i=$((i + 1))
done
docs=$(ls "$T" | wc -l)
bytes=$(cat "$T"/* | wc -c)
printf 'rule { id = "bench.noop", check = function(item, ctx) end }\n' > "$T.noop.lua"
echo "corpus: $docs documents, $bytes bytes (from $SRC)"
run() {
    name=$1; shift
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f "%e %M" -o "$T.time" "$@" > /dev/null 2>&1
        set -- $(tail -n 1 "$T.time")
        printf '%-6s %8.2f s  %8d KB peak\n' "$name" "$1" "$2"
        echo "$1" > "$T.$name"
    else
        s=$(date +%s.%N); "$@" > /dev/null 2>&1; e=$(date +%s.%N)
        echo "$e - $s" | bc > "$T.$name" 2>/dev/null
        printf '%-6s %8s s\n' "$name" "$(cat "$T.$name")"
    fi
}
mkdir "$T.sub"
ls "$T" | awk 'NR % 5 == 0' | while read -r f; do ln "$T/$f" "$T.sub/$f"; done
small=$(ls "$T.sub" | wc -l)
run parse "$BUILD/scrutiny-run" --dump -q -i "$T"
run noop "$BUILD/scrutiny-run" -q -i "$T" "$T.noop.lua"
run small "$BUILD/scrutiny-run" -q -i "$T.sub" "$T.noop.lua"
run rules "$BUILD/scrutiny-run" -q -i "$T" examples/rules/outcomes.lua examples/rules/followup.lua
run pack "$BUILD/scrutiny-run" -q -i "$T" rules/
run db "$BUILD/scrutiny-run" -q --db "$T.sqlite" -i "$T" examples/rules/outcomes.lua examples/rules/followup.lua
run rerun "$BUILD/scrutiny-run" -q --db "$T.sqlite" -i "$T" examples/rules/outcomes.lua examples/rules/followup.lua
awk -v p="$(cat "$T.parse")" -v n="$(cat "$T.noop")" -v r="$(cat "$T.rules")" -v d="$docs" \
    -v k="$(cat "$T.pack")" -v b="$(cat "$T.db")" -v rr="$(cat "$T.rerun")" -v s="$(cat "$T.small")" -v sd="$small" 'BEGIN {
    if (p > 0 && r > 0) printf "ratios: noop/parse %.2f, rules/parse %.2f; %.0f documents/s with two rules\n", n / p, r / p, d / r
    if (r > 0 && k > 0 && b > 0) printf "ratios: pack/rules %.2f, db/rules %.2f, rerun/db %.2f\n", k / r, b / r, rr / b
    if (s > 0 && sd > 0) printf "scale: per document, %d documents / %d documents %.2f\n", d, sd, (n / d) / (s / sd) }'
rm -rf "$T.noop.lua" "$T.time" "$T.parse" "$T.noop" "$T.rules" "$T.pack" "$T.db" "$T.sqlite" "$T.sqlite-wal" "$T.sqlite-shm" "$T.rerun" \
    "$T.small" "$T.sub"
