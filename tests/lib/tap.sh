# tap.sh — sourced by the end-to-end scripts of tests/cli: $SCRUTINY, a temporary folder $T
# removed on exit, and checks that print "ok - name" / "not ok - name" (with the evidence as
# "#" lines) or "ok - name # SKIP reason".
SCRUTINY=${SCRUTINY:-build/scrutiny-run}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

ok() { echo "ok - $1"; }
notok() { echo "not ok - $1"; [ -n "$2" ] && printf '%s\n' "$2" | sed 's/^/#   /' | head -20; }
skip() { echo "ok - $1 # SKIP $2"; }
# check_rc NAME EXPECTED ACTUAL: the exit status matched
check_rc() { if [ "$2" = "$3" ]; then ok "$1"; else notok "$1" "expected exit $2, got $3"; fi; }
# has / hasnt NAME FILE REGEX: some line of FILE matches the extended regex / none does
has() { if grep -Eq -- "$3" "$2"; then ok "$1"; else notok "$1" "no line matches /$3/ in: $(head -c 2000 "$2")"; fi; }
hasnt() { if grep -Eq -- "$3" "$2"; then notok "$1" "unexpected /$3/ in: $(grep -Eo -- ".{0,80}$3.{0,80}" "$2" | head -3)"; else ok "$1"; fi; }
# count_is NAME FILE REGEX N: N lines match; count_of: N matches in all (several a line)
count_is() { _n=$(grep -Ec -- "$3" "$2"); if [ "$_n" = "$4" ]; then ok "$1"; else notok "$1" "expected $4 lines /$3/, found $_n"; fi; }
count_of() { _n=$(grep -Eo -- "$3" "$2" | wc -l); if [ "$_n" = "$4" ]; then ok "$1"; else notok "$1" "expected $4 of /$3/, found $_n"; fi; }
