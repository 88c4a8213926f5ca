#!/bin/sh
# End-to-end tests of rule{ patterns = ... }: where rules are called, what obj:match returns,
# errors inside a pattern, and --set extending a pattern set.
. tests/lib/tap.sh
D=tests/data/rules/patterns
M=tests/data/minutes/patterns_promises.txt

$SCRUTINY -i $M $D/promise.lua > "$T/out" 2> "$T/err"
check_rc "pattern rules run" 1 $?
has "a stemmed verb with a body slot" "$T/out" ':7:[0-9]+: notice \[test.promise\] promise "would be circulated to the Corporate Parenting Board" to the Corporate Parenting Board \(call 1\)$'
has "alternatives and an optional word" "$T/out" ':19:[0-9]+: notice \[test.promise\] promise "agreed to send the information" to - \(call 2\)$'
has "a second match in the same item, same call" "$T/out" '\[test.promise\] promise "would be shared" to - \(call 2\)$'
hasnt "unless vetoes the match in its sentence" "$T/out" ':29:.*test.promise'
count_is "called only for items with a match (two of three)" "$T/out" 'test.promise' 3
count_is "always = true is called for every item" "$T/out" 'test.every-item' 3
has "hits are passed to always rules too" "$T/out" 'item 1: 1 noted'

$SCRUTINY -i $M --set 'test.promise.promises={append: ["officers agreed to provide"]}' $D/promise.lua > "$T/out" 2> "$T/err"
has "--set appends to a pattern set" "$T/out" ':29:[0-9]+: notice \[test.promise\] promise "Officers agreed to provide"'

$SCRUTINY -i $M $D/bad_pattern.lua > "$T/out" 2> "$T/err"
check_rc "a bad pattern fails at load" 2 $?
has "the error names file:line:col inside the pattern" "$T/err" "bad_pattern.lua:4:41: rule 'test.bad-pattern': pattern in 'p': '\(' is not closed"
has "the caret points at the column" "$T/err" '^           \^$'

$SCRUTINY -i $M $D/undeclared.lua > "$T/out" 2> "$T/err"
check_rc "matching an undeclared set is a rule error" 2 $?
has "the error lists the declared sets" "$T/err" "'q' is not one of the patterns rule 'test.undeclared' declares \(p\)"

$SCRUTINY -i $M --set 'test.promise.promises={append: ["officers (agreed"]}' $D/promise.lua > "$T/out" 2> "$T/err"
check_rc "a bad pattern from --set is an error" 2 $?
has "and names the rule" "$T/err" "rule 'test.promise': pattern in 'promises': '\\(' is not closed"
has "with a caret under the column" "$T/err" '^             \^ \[rule disabled\]$'

$SCRUTINY --explain test.promise $D/promise.lua > "$T/out" 2>&1
has "--explain shows a rule's pattern sets" "$T/out" '^patterns: promises \(2\); checks only where they match$'
$SCRUTINY --profile -i $M $D/promise.lua > "$T/out" 2> "$T/err"
has "--profile: the gated rule was called twice and skipped once" "$T/err" '^test.promise +2 +1 +3 +[0-9.]+$'
has "--profile: the always rule was called for every item" "$T/err" '^test.every-item +3 +0 +[0-9]+ +[0-9.]+$'
# --profile's time is the processor time each rule took: three rules doing the same work over
# many short documents get about the same, none nothing (counted in ticks that run through them)
mkdir -p "$T/many"
for i in $(seq 1 300); do printf 'Agenda item\n\n1 Report %d\n\nMinutes:\n\nThe report was noted.\n' "$i" > "$T/many/m$i.txt"; done
for r in a b c; do printf 'rule { id = "spin.%s", check = function() local x = 0 for i = 1, 200000 do x = x + i end end }\n' "$r"; done > "$T/spin.lua"
$SCRUTINY --profile -i "$T/many" "$T/spin.lua" > "$T/out" 2> "$T/err"
ms=$(awk '/^spin\./ { print $NF }' "$T/err" | sort -n | tr '\n' ' ')
if echo "$ms" | awk '{ exit !($1 > 0 && $1 * 2 >= $3) }'; then ok "--profile: equal rules get about equal time ($ms ms)"; else notok "--profile: equal rules get about equal time" "$ms"; fi
# followup.report-back and followup.undated-report-back share the report-backs they work out for
# an item, but only while their args are the same: --set on one must not leak into the other
printf 'Children and Young People Scrutiny Committee\n\nMinutes of the meeting held on 4 February 2020\n\n1 Fostering update\n\nMembers discussed recruitment of foster carers. The Head of Service said that a progress report would be presented to the Committee at its next meeting. Officers would also come back to a future meeting with the new marketing plan.\n\nRESOLVED: that the report be noted.\n' > "$T/rb.txt"
RB='followup.report-back or followup.undated-report-back'
$SCRUTINY -q -s "$RB" -i "$T/rb.txt" rules > "$T/out" 2>&1
count_is "report-backs: one dated, one undated" "$T/out" 'report-back\]' 2
$SCRUTINY -q -s "$RB" --set 'followup.report-back.report=["standing item"]' -i "$T/rb.txt" rules > "$T/out" 2>&1
count_is "--set on report-back: it finds none" "$T/out" '\[followup\.report-back\]' 0
count_is "--set on report-back: undated-report-back still finds its own" "$T/out" '\[followup\.undated-report-back\]' 1
$SCRUTINY -q -s "$RB" --set 'followup.undated-report-back.report=["standing item"]' -i "$T/rb.txt" rules > "$T/out" 2>&1
count_is "--set on undated-report-back: it finds none" "$T/out" '\[followup\.undated-report-back\]' 0
count_is "--set on undated-report-back: report-back still finds its own" "$T/out" '\[followup\.report-back\]' 1
