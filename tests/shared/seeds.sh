#!/bin/sh
# Checks against the real seed minutes in ../shared/seeds (or $SHARED/seeds). Not part of
# `make test`: a user's clone has no ../shared. Run by `make eval` and by .ci/run when present.
. tests/lib/tap.sh
R=tests/data/rules
SEEDS=${SHARED:-../shared}/seeds

if [ -d "$SEEDS" ]; then
    $SCRUTINY --format jsonl -i "$SEEDS" $R/every_resolution.lua $R/every_percent.lua > "$T/seeds.jsonl" 2> "$T/err"
    check_rc "seeds run finds something" 1 $?
    for pair in 000:1 001:3 002:1 003:2 004:4; do
        f=${pair%%:*}; n=${pair#*:}
        count_is "seed $f has $n resolutions" "$T/seeds.jsonl" "\"rule\":\"test.every-resolution\".*\"file\":\"[^\"]*/${f}_"  "$n"
    done
    count_is "seeds hold three percentages" "$T/seeds.jsonl" '"rule":"test.every-percent"' 3
    has "40% on line 35 of 000" "$T/seeds.jsonl" '"message":"percentage 40%","file":"[^"]*/000_[^"]*","line":35,'
    has "28.5% on line 19 of 001" "$T/seeds.jsonl" '"message":"percentage 28.5%","file":"[^"]*/001_[^"]*","line":19,'
    has "86% on line 23 of 004" "$T/seeds.jsonl" '"message":"percentage 86%","file":"[^"]*/004_[^"]*","line":23,'
    has "jsonl carries every key" "$T/seeds.jsonl" '^\{"rule":.*"severity":.*"message":.*"file":.*"line":.*"column":.*"end_line":.*"end_column":.*"excerpt":.*"council":.*"meeting":.*"item":.*\}$'
    has "excerpt is the quoted text" "$T/seeds.jsonl" '"excerpt":"28.5%"'
    $SCRUTINY -i "$SEEDS" $R/every_resolution.lua > "$T/a.txt" 2>/dev/null
    $SCRUTINY -i "$SEEDS" $R/every_resolution.lua > "$T/b.txt" 2>/dev/null
    if cmp -s "$T/a.txt" "$T/b.txt" && [ -s "$T/a.txt" ]; then ok "output is deterministic"; else notok "output is deterministic"; fi
    if sort -t: -k1,1 -k2,2n -k3,3n "$T/a.txt" | cmp -s - "$T/a.txt"; then ok "findings ordered by file, line, column"; else notok "findings ordered by file, line, column" "$(cat "$T/a.txt")"; fi
    has "text format" "$T/a.txt" '^[^:]+/001_[0-9a-f]+\.txt:26:1: info \[test\.every-resolution\] resolution 1$'
else
    echo "# $SEEDS not found: nothing to check"
fi
