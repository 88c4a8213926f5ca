#!/bin/sh
# examples/slurm on a one-node Slurm cluster started here on loopback (Debian slurm-wlm and
# munge): a munge key and a slurm.conf made in a temporary folder, munged, slurmctld and slurmd
# started (and stopped at the end, by their process ids), then the job array over generated
# minutes of 20 councils and its dependent merge. The merged findings must be byte for byte those
# of one scrutiny-run. Skipped, saying why, when Slurm or munge is missing or cannot start.
#   DIST_ITEMS (default 400) items of generated minutes, DIST_SHARDS (default 4) array tasks.
. tests/lib/tap.sh
BIN=$(realpath "${SCRUTINY_BIN:-build/scrutiny-run}")
ITEMS=${DIST_ITEMS:-400} SHARDS=${DIST_SHARDS:-4}
PIDS=""
stop() {
    for p in $PIDS; do kill "$p" 2> /dev/null; done
    for p in $PIDS; do i=0; while kill -0 "$p" 2> /dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done; done
    rm -rf "$T"
}
trap stop EXIT
for c in slurmctld slurmd munged sbatch python3; do
    command -v "$c" > /dev/null 2>&1 || PATH=$PATH:/usr/sbin
    command -v "$c" > /dev/null 2>&1 || { skip "slurm array = one run" "$c is not installed (apt-get install slurm-wlm munge)"; exit 0; }
done
secs() { date +%s.%N; }
took() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

# --- the corpus and the single run ----------------------------------------------------------------
python3 tests/bench/gen.py "$T/minutes" --items "$ITEMS" --councils 20 --seed 7 > /dev/null
t0=$(secs)
"$BIN" -q --no-config -f jsonl -o "$T/one.jsonl" -i "$T/minutes" rules; one_rc=$?
t1=$(secs)

# --- a cluster of one node ----------------------------------------------------------------------
D=$T/slurm
mkdir -p "$D/state" "$D/spool" "$D/munge"
chmod 700 "$D/munge"
dd if=/dev/urandom of="$D/munge/munge.key" bs=1024 count=1 2> /dev/null
chmod 400 "$D/munge/munge.key"
munged --force --key-file="$D/munge/munge.key" --socket="$D/munge/munge.sock" --pid-file="$D/munge/munged.pid" \
    --log-file="$D/munge/munged.log" --seed-file="$D/munge/munge.seed" 2> "$D/munged.err"
sleep 0.5
[ -f "$D/munge/munged.pid" ] && PIDS="$(cat "$D/munge/munged.pid")"
NODE=$(hostname -s)
# ports from the process id, so that two runs of this test on one machine do not meet
PORT=$((20000 + ($$ % 20000)))
USER_NAME=$(id -un)
cat > "$D/slurm.conf" <<CONF
ClusterName=scrutiny-test
SlurmctldHost=$NODE(127.0.0.1)
SlurmctldPort=$PORT
SlurmdPort=$((PORT + 1))
SlurmUser=$USER_NAME
SlurmdUser=$USER_NAME
AuthType=auth/munge
AuthInfo=socket=$D/munge/munge.sock
CredType=cred/munge
StateSaveLocation=$D/state
SlurmdSpoolDir=$D/spool
SlurmctldPidFile=$D/slurmctld.pid
SlurmdPidFile=$D/slurmd.pid
SlurmctldLogFile=$D/slurmctld.log
SlurmdLogFile=$D/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SwitchType=switch/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
JobCompType=jobcomp/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MailProg=/bin/true
NodeName=$NODE NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=test Nodes=$NODE Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$D/slurm.conf"
slurmctld -D -i > "$D/slurmctld.out" 2>&1 &
PIDS="$PIDS $!"
slurmd -D -N "$NODE" > "$D/slurmd.out" 2>&1 &
PIDS="$PIDS $!"
up=0
i=0
while [ $i -lt 60 ]; do
    if sinfo -h -N -o '%T' 2> /dev/null | grep -Eq '^(idle|mixed|allocated)'; then up=1; break; fi
    sleep 0.5
    i=$((i + 1))
done
if [ $up -ne 1 ]; then
    # the daemons' own reasons first (slurmd: "cgroup filesystem not mounted" in a chroot), not
    # the PMIx notices slurmctld prints on every start
    why=$(cat "$D/slurmd.out" "$D/slurmctld.out" "$D/munged.err" 2> /dev/null | grep -iE 'error|fatal' | grep -v -i pmix | head -3 | tr '\n' ' ')
    skip "slurm array = one run" "a one-node Slurm cluster did not start here: $why"
    exit 0
fi
ok "a one-node Slurm cluster started on loopback"

# --- the array and its merge --------------------------------------------------------------------
t2=$(secs)
SCRUTINY=$BIN SCRUTINY_ARGS=--no-config sh examples/slurm/submit.sh "$SHARDS" "$T/minutes" "$T/out" rules > "$T/submit.out" 2>&1
# the merge job's end, polled every 0.2 s (sbatch --wait polls ever more slowly: up to half a
# minute late on a run of 20 s)
MERGE=$(sed -n 's/^merge: job \([0-9]*\).*/\1/p' "$T/submit.out")
merge_rc=none
i=0
while [ -n "$MERGE" ] && [ $i -lt 3000 ]; do
    line=$(scontrol show job -o "$MERGE" 2> /dev/null)
    case "$line" in
    *JobState=COMPLETED* | *JobState=FAILED* | *JobState=CANCELLED* | *JobState=TIMEOUT*)
        merge_rc=$(echo "$line" | sed -n 's/.* ExitCode=\([0-9]*\):.*/\1/p'); break ;;
    esac
    sleep 0.2
    i=$((i + 1))
done
t3=$(secs)
check_rc "the merge job exits as one run does" "$one_rc" "$merge_rc"
n=$(ls "$T/out"/shard-*.jsonl 2> /dev/null | wc -l)
if [ "$n" -eq "$SHARDS" ]; then ok "$SHARDS array tasks wrote their shards"
else notok "$SHARDS array tasks wrote their shards" "$(cat "$T/submit.out" "$T/out"/slurm-*.out 2> /dev/null | head -20)"; fi
if [ -s "$T/one.jsonl" ] && cmp -s "$T/one.jsonl" "$T/out/findings.jsonl"; then
    ok "slurm array ($SHARDS shards) merged = one run, byte for byte ($(wc -l < "$T/one.jsonl") findings)"
else
    notok "slurm array ($SHARDS shards) merged = one run, byte for byte" \
        "$(cat "$T/submit.out"; diff "$T/one.jsonl" "$T/out/findings.jsonl" 2>&1 | head -5; tail -5 "$D/slurmctld.log")"
fi
scontrol show job -o 2> /dev/null | sed -n 's/^JobId=\([0-9]*\) .*JobName=\([^ ]*\).*SubmitTime=\([^ ]*\).*StartTime=\([^ ]*\) EndTime=\([^ ]*\).*/# job \1 \2: submitted \3, ran \4 - \5/p' | sort
echo "# $ITEMS items, 20 councils: one process $(took "$t0" "$t1") s, slurm array of $SHARDS + merge $(took "$t2" "$t3") s"
