#!/bin/sh
# Never a silent pass: each mistake that used to run nothing (or the wrong thing) and exit 0 is
# now an error (exit 2) or a warning; and the pipeline options --inputs-from and --stdin-filename.
. tests/lib/tap.sh
R=tests/data/rules

printf 'Agenda item\n\nBudget\n\nMinutes:\n\nRESOLVED: That the report be noted.\n' > "$T/m.txt"

# a rules folder with no *.lua
mkdir "$T/norules"; echo 'not lua' > "$T/norules/README.md"
$SCRUTINY -q -i "$T/m.txt" "$T/norules" > "$T/out" 2>&1
check_rc "a rules folder without *.lua is an error" 2 $?
has "the empty rules folder named" "$T/out" 'norules: error: no rule files \(\*\.lua\) in this folder'
printf 'rule_paths: [norules]\n' > "$T/cfg.yaml"
$SCRUTINY -q -c "$T/cfg.yaml" -i "$T/m.txt" > "$T/out" 2>&1
check_rc "rule_paths: a folder without *.lua is an error" 2 $?

# an input folder with no minutes
mkdir -p "$T/noinputs/sub"; echo x > "$T/noinputs/notes.doc"; echo x > "$T/noinputs/README.txt"
$SCRUTINY -q -i "$T/noinputs" $R/every_resolution.lua > "$T/out" 2>&1
check_rc "an input folder without minutes is an error" 2 $?
has "the empty input folder named, with what was looked for" "$T/out" 'noinputs: error: no minutes or scorecards in this folder \(looked for \*\.txt, \*\.md, \*\.text, \*\.csv, \*\.scorecard\.yaml; README\.\* is skipped\)'
$SCRUTINY -q -i "$T/noinputs" -i "$T/m.txt" $R/every_resolution.lua > "$T/out" 2>&1
check_rc "the other inputs still run, exit 2" 2 $?
has "the other inputs' findings" "$T/out" 'm\.txt:7:11: info \[test\.every-resolution\]'

# --select and select: that match nothing
$SCRUTINY -q -s 'outcome.*' -i examples/minutes rules > "$T/out" 2>&1
check_rc "--select 'outcome.*' matching nothing is an error" 2 $?
has "a glob that names no family suggests one" "$T/out" "--select: 'outcome\.\*' names no rule or tag \(did you mean 'outcomes\.\*'\?\)"
$SCRUTINY -q -s 'tag:worforce' -i examples/minutes rules > "$T/out" 2>&1
check_rc "--select tag:worforce is an error" 2 $?
has "a misspelt tag suggests the tag" "$T/out" "'tag:worforce' names no rule or tag \(did you mean 'tag:workforce'\?\)"
$SCRUTINY -q -s 'outcomes.* or tag:worforce' -i examples/minutes rules > "$T/out" 2>&1
check_rc "one name of an expression matching nothing is an error" 2 $?
$SCRUTINY -q -s 'workforce.vacancy' -i examples/minutes rules > "$T/out" 2>&1
has "a misspelt id suggests the id" "$T/out" "did you mean 'workforce\.vacancies'"
$SCRUTINY -q -s 'outcomes.* and not tag:outcomes' -i examples/minutes rules > "$T/out" 2>&1
check_rc "an expression selecting no rule is an error" 2 $?
has "selecting no rule says so" "$T/out" "selects none of the [0-9]+ rules loaded"
$SCRUTINY -q -s 'outcomes.*' -i examples/minutes rules > "$T/out" 2>&1
check_rc "a good --select still runs" 1 $?
printf 'rule_paths: [%s/rules]\nselect: "tag:worforce"\n' "$PWD" > "$T/sel.yaml"
$SCRUTINY -q -c "$T/sel.yaml" -i examples/minutes > "$T/out" 2>&1
check_rc "select: matching nothing in scrutiny.yaml is an error" 2 $?
has "select: error names file:line:col" "$T/out" "sel\.yaml:2:10: select: 'tag:worforce' names no rule or tag"

# waivers that silence nothing
cat > "$T/w.yaml" <<'YAML'
waivers:
  - rule: workforce.vacancy
    reason: "typo"
    approved_by: "Chair"
    expires: 2099-01-01
  - fingerprint: 0123456789abcdef
    reason: "a finding that no longer occurs"
    approved_by: "Chair"
    expires: 2099-01-01
  - rule: outcomes.noted-only
    reason: "used"
    approved_by: "Chair"
    expires: 2099-01-01
YAML
$SCRUTINY -q --waivers "$T/w.yaml" -i examples/minutes rules > "$T/out" 2> "$T/err"
check_rc "waivers that silence nothing: warnings, the run goes on" 1 $?
has "a waiver for a rule that does not exist is a warning with a suggestion" "$T/err" "w\.yaml:2:5: warning: no rule loaded is 'workforce\.vacancy' \(did you mean 'workforce\.vacancies'\?\): this waiver silences nothing"
has "a waiver that matched nothing is a warning" "$T/err" 'w\.yaml:6:5: warning: this waiver matched no finding of the run'
count_is "a waiver that matched is not reported" "$T/err" 'w\.yaml:10:' 0
count_is "an unknown rule is reported once" "$T/err" 'w\.yaml:2:' 1
hasnt "the waived rule is silenced" "$T/out" 'outcomes\.noted-only'

# duplicates
mkdir "$T/dups"
for i in 1 2 3 4; do cp "$T/m.txt" "$T/dups/copy$i.txt"; done
$SCRUTINY -i "$T/dups" $R/every_resolution.lua > "$T/out" 2> "$T/err"
check_rc "duplicate inputs: checked once" 1 $?
count_is "one finding for four copies" "$T/out" 'every-resolution' 1
has "duplicates are a warning with counts and an example" "$T/err" "^scrutiny-run: warning: 3 inputs repeat the content of another and are checked once \(.*copy2\.txt is the same as .*copy1\.txt\)"
has "the summary counts the warning" "$T/err" '1 document, 1 rule, [0-9.]+ s; 0 errors, 1 warning$'

# -i a.txt b.txt (a glob spread into the rule list)
$SCRUTINY -i "$T/m.txt" "$T/dups/copy1.txt" $R/every_resolution.lua > "$T/out" 2>&1
check_rc "a minutes file among the rules is an error" 2 $?
has "the stray input named with the fix" "$T/out" "'.*copy1\.txt' is not a rule file \(\*\.lua\) or a folder of them; inputs need -i each"
hasnt "nothing ran" "$T/out" 'every-resolution|syntax'

# --inputs-from
printf '%s\n\n%s\r\n' "$T/m.txt" "$T/dups/copy1.txt" > "$T/list.txt"
$SCRUTINY -q -f jsonl --inputs-from "$T/list.txt" $R/every_resolution.lua > "$T/out" 2>&1
check_rc "--inputs-from a file of lines" 1 $?
has "--inputs-from: the inputs listed ran" "$T/out" '"file":".*m\.txt"'
printf '%s\0%s\0' "$T/m.txt" "$T/dups" | $SCRUTINY --inputs-from - $R/every_resolution.lua > "$T/out" 2> "$T/err"
check_rc "--inputs-from - with NUL separators" 1 $?
has "NUL-separated paths, a folder among them" "$T/err" 'warning: 4 inputs repeat'
: > "$T/none.txt"
$SCRUTINY -q --inputs-from "$T/none.txt" $R/every_resolution.lua > "$T/out" 2>&1
check_rc "--inputs-from an empty list is an error" 2 $?
has "an empty list named" "$T/out" 'none\.txt: no paths in it'
$SCRUTINY -q --inputs-from "$T/missing.txt" $R/every_resolution.lua > "$T/out" 2>&1
check_rc "--inputs-from a missing file is an error" 2 $?
$SCRUTINY -q --inputs-from - -i - $R/every_resolution.lua < "$T/list.txt" > "$T/out" 2>&1
check_rc "standard input twice is an error" 2 $?

# --stdin-filename
$SCRUTINY -q --stdin-filename council/2024-03-14.txt -i - $R/every_resolution.lua < "$T/m.txt" > "$T/out" 2>&1
check_rc "--stdin-filename run" 1 $?
has "findings carry the stdin name" "$T/out" '^council/2024-03-14\.txt:7:11: info \[test\.every-resolution\]'
$SCRUTINY -q -f jsonl --stdin-filename council/2024-03-14.txt -i - $R/every_resolution.lua < "$T/m.txt" > "$T/out" 2>&1
has "the stdin name gives the meeting date" "$T/out" '"date":"2024-03-14"'
$SCRUTINY -q --dump --stdin-filename north.csv -i - < examples/scorecards/ashcombe_scorecard_long.csv > "$T/out" 2>&1
check_rc "--stdin-filename with .csv reads a scorecard" 0 $?
has "the scorecard loader read it" "$T/out" '^scorecard north\.csv shape=long observations=120$'
$SCRUTINY -q --stdin-filename x.txt -i "$T/m.txt" $R/every_resolution.lua > "$T/out" 2>&1
check_rc "--stdin-filename without -i - is an error" 2 $?
