#!/bin/sh
# Trust boundaries of scrutiny-run: what -o writes (never replacing a device, a FIFO or a link,
# keeping the target's mode). Prints "ok - name" / "not ok - name" per check.
SCRUTINY=${SCRUTINY:-build/scrutiny-run}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
ok() { echo "ok - $1"; }
notok() { echo "not ok - $1"; [ -n "$2" ] && printf '%s\n' "$2" | sed 's/^/#   /' | head -20; }
check_rc() { if [ "$2" = "$3" ]; then ok "$1"; else notok "$1" "expected exit $2, got $3: $(cat "$T/err" 2>/dev/null)"; fi; }
is() { if [ "$2" = "$3" ]; then ok "$1"; else notok "$1" "expected '$3', got '$2'"; fi; }
RUN="-q -i examples/minutes examples/rules"

# --- -o: a regular file keeps its mode, and no temporary file is left -------------------------
printf 'old\n' > "$T/out.txt" && chmod 600 "$T/out.txt"
$SCRUTINY $RUN -o "$T/out.txt" 2> "$T/err"; check_rc "-o regular file" 1 $?
is "-o keeps a 0600 file's mode" "$(stat -c %a "$T/out.txt")" 600
if grep -q '^examples/minutes/' "$T/out.txt"; then ok "-o regular file written"; else notok "-o regular file written"; fi
is "-o leaves no temporary file" "$(ls "$T" | grep -c tmp)" 0
$SCRUTINY $RUN -o "$T/new.txt" 2> "$T/err"
is "-o new file: 0666 less the umask" "$(stat -c %a "$T/new.txt")" "$(printf '%o' $((0666 & ~$(umask))))"

# --- -o through a symbolic link: the target is written, the link stays ------------------------
printf 'old\n' > "$T/target.txt" && chmod 640 "$T/target.txt" && ln -s target.txt "$T/link.txt"
$SCRUTINY $RUN -o "$T/link.txt" 2> "$T/err"; check_rc "-o symlink" 1 $?
if [ -L "$T/link.txt" ]; then ok "-o symlink: the link stays a link"; else notok "-o symlink: the link stays a link"; fi
if grep -q '^examples/minutes/' "$T/target.txt"; then ok "-o symlink: its target is written"; else notok "-o symlink: its target is written"; fi
is "-o symlink: the target keeps its mode" "$(stat -c %a "$T/target.txt")" 640
ln -s nowhere.txt "$T/dangling.txt"
$SCRUTINY $RUN -o "$T/dangling.txt" 2> "$T/err"; check_rc "-o dangling symlink is an error" 2 $?
if [ -e "$T/nowhere.txt" ]; then notok "-o dangling symlink: nothing created"; else ok "-o dangling symlink: nothing created"; fi

# --- -o a FIFO or a device: written in place, the node stays -----------------------------------
mkfifo "$T/fifo"
timeout 20 cat "$T/fifo" > "$T/from-fifo" &  # a regression replaces the FIFO: the reader waits for ever
reader=$!
$SCRUTINY $RUN -o "$T/fifo" 2> "$T/err"; check_rc "-o FIFO" 1 $?
wait $reader
if [ -p "$T/fifo" ]; then ok "-o FIFO: still a FIFO"; else notok "-o FIFO: still a FIFO"; fi
if grep -q '^examples/minutes/' "$T/from-fifo"; then ok "-o FIFO: the reader got the findings"; else notok "-o FIFO: the reader got the findings"; fi
# (a device node of our own, never the system's /dev/null: a regression would replace it)
if mknod "$T/null" c 1 3 2>/dev/null; then
    $SCRUTINY $RUN -o "$T/null" 2> "$T/err"; check_rc "-o device" 1 $?
    if [ -c "$T/null" ]; then ok "-o device: still a device"; else notok "-o device: still a device"; fi
else
    echo "ok - -o device # SKIP mknod not allowed here"
fi
mkdir "$T/dir"
$SCRUTINY $RUN -o "$T/dir" 2> "$T/err"; check_rc "-o a directory is an error" 2 $?

# --- --db: only a scrutiny corpus (or a new file) is changed -------------------------------------
sqlite3 "$T/foreign.db" "CREATE TABLE accounts(id INTEGER PRIMARY KEY, name TEXT); INSERT INTO accounts(name) VALUES ('a');"
before=$(md5sum < "$T/foreign.db")
$SCRUTINY $RUN --db "$T/foreign.db" > /dev/null 2> "$T/err"; check_rc "--db another program's database is an error" 2 $?
if grep -q "is not a scrutiny corpus" "$T/err"; then ok "--db foreign: the message says why"; else notok "--db foreign: the message says why" "$(cat "$T/err")"; fi
is "--db foreign: the file is unchanged" "$(md5sum < "$T/foreign.db")" "$before"
if [ -e "$T/foreign.db-wal" ]; then notok "--db foreign: not switched to WAL"; else ok "--db foreign: not switched to WAL"; fi
$SCRUTINY $RUN --db "$T/corpus.db" > /dev/null 2> "$T/err"; check_rc "--db a new file" 1 $?
$SCRUTINY $RUN --db "$T/corpus.db" > /dev/null 2> "$T/err"; check_rc "--db the corpus again" 1 $?
is "--db: the corpus carries scrutiny's application_id" "$(sqlite3 "$T/corpus.db" 'PRAGMA application_id')" 1396920916
sqlite3 "$T/corpus.db" 'PRAGMA application_id = 0'
$SCRUTINY $RUN --db "$T/corpus.db" > /dev/null 2> "$T/err"; check_rc "--db a corpus made before the application_id" 1 $?
: > "$T/empty.db"
$SCRUTINY $RUN --db "$T/empty.db" > /dev/null 2> "$T/err"; check_rc "--db an empty file" 1 $?

# --- --db written before facts belonged to their rule file (bare kinds): upgraded, old facts dropped
# The old corpus is made from a new one by SQL: kinds back to bare names, the tables of later
# versions dropped, the old version number; plus a bare-kind fact a hostile rule forged.
SERIES="-q -f jsonl -i examples/series rules"
$SCRUTINY $SERIES --db "$T/fresh.db" > "$T/fresh.jsonl" 2> "$T/err"
facts_new=$(sqlite3 "$T/fresh.db" "SELECT count(*) FROM facts WHERE kind LIKE '%/%'")
sqlite3 "$T/fresh.db" "UPDATE facts SET kind = substr(kind, instr(kind, '/') + 1);
  INSERT INTO facts(document_id, council, meeting_date, rule, kind, item, line, col, end_line, end_col, text, fields)
    SELECT document_id, council, meeting_date, 'evil.forger', 'commitment-kept', item, line, col, end_line, end_col, text, '{}' FROM facts LIMIT 1;
  DROP TABLE checked; PRAGMA user_version = 5;
  DROP INDEX sections_meeting; DROP INDEX paragraphs_meeting; DROP INDEX findings_council;"
if [ "$facts_new" -gt 0 ] && [ "$(sqlite3 "$T/fresh.db" "SELECT count(*) FROM facts WHERE kind NOT LIKE '%/%'")" = $((facts_new + 1)) ]; then
    ok "--db old kinds: the old corpus is made"; else notok "--db old kinds: the old corpus is made" "$facts_new facts"; fi
$SCRUTINY -q -f jsonl rules --db "$T/fresh.db" > "$T/old.jsonl" 2> "$T/err"; check_rc "--db old kinds: the corpus is upgraded and checked" 1 $?
if grep -q "fresh.db.*$((facts_new + 1)) facts kept by an older version under a bare kind were dropped" "$T/err"; then
    ok "--db old kinds: a warning says how many facts were dropped and why"; else notok "--db old kinds: a warning says how many facts were dropped and why" "$(cat "$T/err")"; fi
is "--db old kinds: no bare kind is left" "$(sqlite3 "$T/fresh.db" "SELECT count(*) FROM facts WHERE kind NOT LIKE '%/%'")" 0
is "--db old kinds: the facts are recorded again under their file" "$(sqlite3 "$T/fresh.db" "SELECT count(*) FROM facts")" "$facts_new"
is "--db old kinds: the schema is current" "$(sqlite3 "$T/fresh.db" 'PRAGMA user_version')" "$(sqlite3 "$T/corpus.db" 'PRAGMA user_version')"
grep '"type":"finding"' "$T/fresh.jsonl" | sed 's/.*"fingerprint":"\([0-9a-f]*\)".*/\1/' | sort > "$T/fp.fresh"
grep '"type":"finding"' "$T/old.jsonl" | sed 's/.*"fingerprint":"\([0-9a-f]*\)".*/\1/' | sort > "$T/fp.old"
if [ -s "$T/fp.fresh" ] && cmp -s "$T/fp.fresh" "$T/fp.old"; then ok "--db old kinds: the same findings as a fresh corpus (the forged fact hides nothing)"
else notok "--db old kinds: the same findings as a fresh corpus (the forged fact hides nothing)" "$(diff "$T/fp.fresh" "$T/fp.old")"; fi
$SCRUTINY -q -f jsonl rules --db "$T/fresh.db" > /dev/null 2> "$T/err"
if grep -q "bare kind" "$T/err"; then notok "--db old kinds: the warning comes once"; else ok "--db old kinds: the warning comes once"; fi

# --- ctx:query over a corpus file: another council's findings and meetings stay out of reach ------
cat > "$T/peek.lua" <<'LUA'
local probes = {
  "SELECT count(*) AS n FROM findings WHERE council <> ?",
  "SELECT count(*) AS n FROM main.findings WHERE council <> ?",
  "WITH f AS (SELECT * FROM main.findings) SELECT count(*) AS n FROM f WHERE council <> ?",
  "SELECT count(*) AS n FROM (SELECT council FROM meetings UNION ALL SELECT council FROM main.findings) WHERE council <> ?",
  "SELECT count(*) AS n FROM json_each((SELECT json_group_array(council) FROM meetings)) WHERE value <> ?",
}
rule { id = "red.peek", scope = "meeting", check = function(m, ctx)
  local out = { "own=" .. ctx:query("SELECT count(*) AS n FROM findings")[1].n }
  for _, sql in ipairs(probes) do out[#out + 1] = ctx:query(sql, m.council)[1].n end
  local ok, err = pcall(ctx.query, ctx, "VACUUM INTO ?", (m.path:gsub("[^/]*$", "")) .. "../stolen.db")
  out[#out + 1] = ok and "vacuum ran" or (tostring(err):match("only one read%-only statement") and "vacuum refused" or tostring(err))
  ctx:flag{ at = m, message = table.concat(out, " ") }
end }
LUA
mkdir -p "$T/peekdb/in" && cp examples/minutes/*.txt "$T/peekdb/in/"
$SCRUTINY -q --db "$T/peekdb/c.db" -i "$T/peekdb/in" rules > /dev/null 2>&1
$SCRUTINY -q --db "$T/peekdb/c.db" "$T/peek.lua" > "$T/out" 2> "$T/err"
is "ctx:query: each council's own findings, none of another's (base names, CTE, union, json_each)" \
   "$(grep -Ec 'red\.peek\] own=[1-9][0-9]* 0 0 0 0 0 vacuum refused$' "$T/out")" 4
if [ -e "$T/peekdb/stolen.db" ] || [ -e "$T/stolen.db" ]; then notok "ctx:query: VACUUM INTO writes no file"; else ok "ctx:query: VACUUM INTO writes no file"; fi

# --- -i: a pipe is read when its writer comes, a pipe with none or a device is refused ------------
mkfifo "$T/in.txt"
$SCRUTINY -q -i "$T/in.txt" examples/rules > /dev/null 2> "$T/err" &
run=$!
cat examples/minutes/ashcombe_2024-03-14.txt > "$T/in.txt"
wait $run; check_rc "-i a pipe with a writer is read" 1 $?
mkfifo "$T/silent.txt"
timeout 30 $SCRUTINY -q -i "$T/silent.txt" -i examples/minutes examples/rules > "$T/out" 2> "$T/err"
check_rc "-i a pipe nobody writes to is an error, not a hang" 2 $?
if grep -q "silent.txt.*a pipe with no writer" "$T/err"; then ok "-i silent pipe: named"; else notok "-i silent pipe: named" "$(cat "$T/err")"; fi
if grep -q '^examples/minutes/' "$T/out"; then ok "-i silent pipe: the other inputs still run"; else notok "-i silent pipe: the other inputs still run"; fi
$SCRUTINY -q -i /dev/zero examples/rules > /dev/null 2> "$T/err"; check_rc "-i a device is an error" 2 $?
if grep -q "not a regular file or a pipe" "$T/err"; then ok "-i device: named"; else notok "-i device: named" "$(cat "$T/err")"; fi
