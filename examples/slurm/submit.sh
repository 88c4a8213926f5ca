#!/bin/sh
# Runs scrutiny over a corpus as a Slurm job array: one task per shard, then the merge.
#   examples/slurm/submit.sh SHARDS INPUTS OUT [RULES...]
# e.g. examples/slurm/submit.sh 8 /data/minutes /scratch/run1 rules/
# OUT must be on a file system every node sees. Prints the two job ids; the findings end in
# OUT/findings.jsonl. SCRUTINY, SCRUTINY_ARGS (options for every shard, e.g. "-c scrutiny.yaml")
# and SBATCH_ARGS (e.g. "--partition=short") pass through; WAIT=1 waits for the merge and exits
# with its status (0 clean, 1 findings, 2 an error, as one scrutiny-run would).
set -eu
[ $# -ge 3 ] || { echo "usage: $0 SHARDS INPUTS OUT [RULES...]" >&2; exit 2; }
mkdir -p "$3"
# the jobs run in OUT: every path they are given is made absolute here
SHARDS=$1 INPUTS=$(realpath "$2") OUT=$(realpath "$3")
shift 3
RULES=""
for r in "$@"; do RULES="$RULES $(realpath "$r")"; done
case "${SCRUTINY:-}" in */*) SCRUTINY=$(realpath "$SCRUTINY"); export SCRUTINY ;; esac
here=$(cd "$(dirname "$0")" && pwd)
export SHARDS INPUTS OUT RULES
# shellcheck disable=SC2086
array=$(sbatch --parsable --export=ALL --chdir="$OUT" --array="1-$SHARDS" ${SBATCH_ARGS:-} "$here/shard.sbatch")
echo "shards: job ${array%%;*}"
merge="sbatch --export=ALL --chdir=$OUT --dependency=afterok:${array%%;*} ${SBATCH_ARGS:-}"
if [ "${WAIT:-0}" = 1 ]; then
    rc=0
    $merge --wait "$here/merge.sbatch" || rc=$?
    echo "merge: exit $rc (findings in $OUT/findings.jsonl)"
    exit "$rc"
fi
echo "merge: job $($merge --parsable "$here/merge.sbatch") (findings in $OUT/findings.jsonl)"
