#!/bin/bash
# AudioWave on SLURM: one job array, N shards, one JSONL file per shard.
#
#   sbatch docs/slurm-array.sh                 # N = 64 shards, at most 16 running at once
#   sbatch --dependency=afterany:<jobid> --wrap \
#     "audiowave merge $OUT/all.jsonl $OUT/shard-*.jsonl --expect $IN"
#
# `audiowave analyze` reads SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_MIN (so --array=1-64 works as
# well as 0-63) and SLURM_ARRAY_TASK_COUNT itself; --shards N is passed as well so that a
# mismatch between the array and N is an error rather than silently missing files.
# A requeued or re-submitted task resumes its shard: --resume skips what is already recorded.
#
#SBATCH --job-name=audiowave
#SBATCH --array=0-63%16
#SBATCH --cpus-per-task=4
#SBATCH --mem=8G
#SBATCH --time=12:00:00
#SBATCH --requeue
#SBATCH --output=logs/audiowave-%A_%a.log

set -u

SHARDS=64                                  # must match the size of --array
IN=${IN:-/shared/audio-library}
OUT=${OUT:-/shared/audiowave-reports}
CONFIG=${CONFIG:-/shared/audiowave.json}
TASK=$((SLURM_ARRAY_TASK_ID - ${SLURM_ARRAY_TASK_MIN:-0}))

mkdir -p "$OUT" logs

audiowave analyze "$IN" \
    --shards "$SHARDS" \
    --jsonl "$OUT/shard-$TASK.jsonl" \
    --resume \
    --jobs "${SLURM_CPUS_PER_TASK:-4}" \
    --config "$CONFIG" \
    --no-progress
status=$?

# 1 = the batch completed and some files failed (they have `failed` records): the task succeeded.
if [ "$status" -eq 1 ]; then
    exit 0
fi
exit "$status"
