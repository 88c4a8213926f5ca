#!/bin/sh
# ctx:query in a run in memory: the model's rows (items, paragraphs, figures ...) go to the store
# only once a rule first queries, for the documents its council has checked so far (parsed
# again) and then for every document as it is parsed. Whenever the first query comes, a query
# must read what a --db run (which stores every model's rows as it goes) reads, on any -j.
. tests/lib/tap.sh

mkdir "$T/in"
for c in 1 2 3; do
    m=1
    for f in examples/minutes/*.txt; do
        { printf -- '---\ncouncil: Rows Council %d\ndate: 2024-%02d-10\n---\n' $c $m
          sed '/^---$/,/^---$/d' "$f"; } > "$T/in/c$c-$m.txt"
        m=$((m + 1))
    done
done

# the council's rows so far, table by table, meeting by meeting (no ids: a --db file numbers
# its rows across councils)
cat > "$T/late.lua" <<'EOF2'
local function tally(ctx)
  local out = {}
  for _, t in ipairs({ "items", "sections", "paragraphs", "resolutions", "speakers", "figures", "dates", "refs" }) do
    local rows = ctx:query("SELECT m.date AS d, count(x.meeting_id) AS n FROM meetings m LEFT JOIN " .. t ..
                           " x ON x.meeting_id = m.id GROUP BY m.id ORDER BY m.date")
    local s = {}
    for _, r in ipairs(rows) do s[#s + 1] = r.d .. "=" .. r.n end
    out[#out + 1] = t .. " " .. table.concat(s, ",")
  end
  local txt = ctx:query("SELECT group_concat(length(text), ',') AS l FROM (SELECT text FROM paragraphs ORDER BY meeting_id, line, col)")
  out[#out + 1] = "paragraph lengths " .. tostring(txt[1].l)
  return table.concat(out, "; ")
end
rule { id = "t.late", scope = "meeting", args = { from = "2024-03-10" }, check = function(m, ctx)
  -- the first query of the run comes at a council's third meeting (Rows Council 2's only)
  if m.council == "Rows Council 2" and m.date >= ctx.args.from then ctx:flag{ at = m, message = tally(ctx) } end
  if m.council == "Rows Council 3" then ctx:flag{ at = m, message = tally(ctx) } end
end }
EOF2

for j in 1 2; do
    $SCRUTINY --no-config -q -j $j -f jsonl -i "$T/in" "$T/late.lua" > "$T/mem$j" 2> "$T/mem$j.err"
    check_rc "in memory, -j $j: the run succeeds" 1 $?
done
$SCRUTINY --no-config -q -j 1 --db "$T/c.db" -f jsonl -i "$T/in" "$T/late.lua" > "$T/db" 2> "$T/db.err"
check_rc "with --db: the run succeeds" 1 $?
count_is "a finding from the third meeting of council 2 and every meeting of council 3" "$T/db" '"rule":"t.late"' 6
has "the third meeting reads the items of the three meetings so far" "$T/db" 'items 2024-01-10=[1-9][0-9]*,2024-02-10=[1-9][0-9]*,2024-03-10=[1-9][0-9]*,2024-04-10=0;'
if cmp -s "$T/mem1" "$T/db" && [ -s "$T/db" ]; then ok "a first query at a council's third meeting reads what a --db run reads"
else notok "a first query at a council's third meeting reads what a --db run reads" "$(diff "$T/mem1" "$T/db" | head -6)"; fi
if cmp -s "$T/mem2" "$T/db"; then ok "the same on two threads"; else notok "the same on two threads" "$(diff "$T/mem2" "$T/db" | head -6)"; fi

# the first query at the council's first meeting, and a run whose rules never query
$SCRUTINY --no-config -q -j 1 --set t.late.from=2024-01-10 -f jsonl -i "$T/in" "$T/late.lua" > "$T/early" 2>/dev/null
$SCRUTINY --no-config -q -j 1 --db "$T/d.db" --set t.late.from=2024-01-10 -f jsonl -i "$T/in" "$T/late.lua" > "$T/early.db" 2>/dev/null
count_is "from the first meeting on: a finding at every meeting of councils 2 and 3" "$T/early" '"rule":"t.late"' 8
if cmp -s "$T/early" "$T/early.db"; then ok "a first query at the first meeting reads what a --db run reads"
else notok "a first query at the first meeting reads what a --db run reads" "$(diff "$T/early" "$T/early.db" | head -6)"; fi
