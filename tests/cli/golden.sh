#!/bin/sh
# Golden dumps: `scrutiny-run --dump` of every minutes fixture (tests/data/minutes) and every
# example (examples/minutes, examples/series) must equal its file under tests/data/golden, so any
# change to what the parser sees shows up as a difference. Prints "ok - name" / "not ok - name".
# A golden file holds the dump (stdout), then the diagnostics (stderr), then "exit N".
# After an intended change: `make golden` (GOLDEN_UPDATE=1) rewrites them; review the git diff.
SCRUTINY=${SCRUTINY:-build/scrutiny-run}
G=tests/data/golden
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

# golden_path INPUT: tests/data/minutes/x.txt -> $G/minutes/x.dump, examples/series/y.txt ->
# $G/examples-series/y.dump
golden_path() {
    dir=$(dirname "$1")
    case "$dir" in
    tests/data/*) sub=${dir#tests/data/} ;;
    *) sub=$(printf '%s' "$dir" | tr '/' '-') ;;
    esac
    b=$(basename "$1")
    echo "$G/$sub/${b%.*}.dump"
}

# render INPUT OUT: the dump, the diagnostics and the exit status, as the golden file holds them
render() {
    $SCRUTINY --dump -i "$1" > "$T/stdout" 2> "$T/stderr"
    rc=$?
    { cat "$T/stdout"; cat "$T/stderr"; echo "exit $rc"; } > "$2"
}

: > "$T/expected"
for f in tests/data/minutes/*.txt examples/minutes/*.txt examples/series/*.txt; do
    [ -f "$f" ] || continue
    g=$(golden_path "$f")
    echo "$g" >> "$T/expected"
    render "$f" "$T/got"
    if [ -n "$GOLDEN_UPDATE" ]; then
        mkdir -p "$(dirname "$g")"
        if ! cmp -s "$T/got" "$g"; then cp "$T/got" "$g"; echo "# wrote $g"; fi
        continue
    fi
    if [ ! -f "$g" ]; then
        echo "not ok - golden $f"
        echo "#   no golden file $g: run make golden and review it"
    elif cmp -s "$T/got" "$g"; then
        echo "ok - golden $f"
    else
        echo "not ok - golden $f"
        diff -u "$g" "$T/got" | head -30 | sed 's/^/#   /'
        echo "#   (if the change is intended: make golden, then review git diff $G)"
    fi
done
# a golden file whose fixture is gone is stale
for g in $(find "$G" -name '*.dump' | sort); do
    if ! grep -qx "$g" "$T/expected"; then
        if [ -n "$GOLDEN_UPDATE" ]; then rm -f "$g"; echo "# removed stale $g"
        else echo "not ok - golden $g has no fixture"; echo "#   run make golden to remove it"; fi
    fi
done
exit 0
