#!/bin/sh
# Load time of a 100,000-row long scorecard (whole process, GNU time): 50 councils x 20
# indicators x 100 months. Usage: tests/bench_scorecard.sh BUILD [ROWS_PER_SERIES]
BUILD=${1:-build}
N=${2:-100}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
awk -v n="$N" 'BEGIN {
    split("rereferrals assessments_45_days icpc_15_days cp_second_plan cp_plans_2_years cp_reviews_in_time cp_reports_3_days visits_in_time caseload agency_rate vacancy_rate turnover sickness care_leavers_accommodation care_leavers_neet placements_3_plus placement_stability social_workers_3_plus cla_rate referrals", ind, " ")
    print "council,indicator,period,value,target,england"
    for (c = 1; c <= 50; c++)
        for (i = 1; i <= 20; i++)
            for (m = 0; m < n; m++) {
                y = 2010 + int(m / 12); mo = m % 12 + 1
                printf "Council %d,%s,%04d-%02d,%.1f,50,48.5\n", c, ind[i], y, mo, 40 + (c * 7 + i * 3 + m) % 20
            }
}' > "$T/big.csv"
rows=$(($(wc -l < "$T/big.csv") - 1))
printf 'rule { id = "bench.noop", scope = "indicator", check = function(ind, ctx) end }\n' > "$T/noop.lua"
echo "scorecard: $rows rows, $(wc -c < "$T/big.csv") bytes"
for what in "load:--dump -q" "load+series:-q"; do
    name=${what%%:*}; args=${what#*:}
    if [ "$name" = load ]; then set -- $args -i "$T/big.csv"; else set -- $args -i "$T/big.csv" "$T/noop.lua"; fi
    /usr/bin/time -f "%e %M" -o "$T/time" "$BUILD/scrutiny-run" "$@" > /dev/null 2>&1
    set -- $(tail -n 1 "$T/time")
    printf '%-12s %6.2f s %8d KB peak\n' "$name" "$1" "$2"
done
