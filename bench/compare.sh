#!/usr/bin/env bash
# AudioWave side by side with essentia and librosa on one folder, in one run, one tool after another.
#
#   bench/compare.sh [FOLDER]
#
# Runs the real CLI (release build) four times, `audiowave analyze FOLDER --jobs 1` (progressive, the
# default), with `--no-early-exit`, with `--quality-threshold 0` (the fast path forced on every file:
# what progressive mode costs when every excerpt is confident), and with `--only tempo,key` (just what
# the peers compute: the like-for-like speed comparison), then bench/peers.py for essentia (RhythmExtractor2013 + KeyExtractor) and
# librosa (beat_track + chroma key), each under /usr/bin/time. Prints per tool: files, files/s (wall),
# audio seconds per CPU second, peak RSS, the ratio of each tool's CPU time to AudioWave progressive's,
# and, when FOLDER has a truth.csv (path,bpm,key), ACC1, ACC2 and the MIREX key score.
#
# Environment:
#   PYTHON   an interpreter that already has essentia and librosa; by default a venv is created in
#            $SCRATCH/venv-peers and bench/requirements-peers.txt (pinned) is installed from PyPI.
#   SCRATCH  Swift scratch path (default .build); OUT the output folder (default $SCRATCH/compare).
#   REUSE_PEERS=1  keep $OUT/{essentia,librosa}.{json,time} from an earlier run on the same folder and
#            run only AudioWave (for re-measuring AudioWave after a change; the table says so).
# FOLDER defaults to ../shared/eval-dev. Never run in CI: it takes minutes and needs PyPI.
# Peers decode and analyze whole files on one thread; AudioWave runs with one job, so every figure is
# single-core CPU time (user + sys), which a shared machine disturbs less than wall time.
set -euo pipefail
cd "$(dirname "$0")/.."
folder="${1:-../shared/eval-dev}"
scratch="${SCRATCH:-.build}"
out="${OUT:-$scratch/compare}"
mkdir -p "$out"
[ -d "$folder" ] || { echo "no folder $folder" >&2; exit 2; }

swift build -c release --scratch-path "$scratch" --product audiowave >/dev/null
audiowave="$scratch/release/audiowave"

if [ -z "${PYTHON:-}" ]; then
    venv="$scratch/venv-peers"
    if [ ! -x "$venv/bin/python" ]; then
        python3 -m venv "$venv"
        "$venv/bin/pip" install --quiet -r bench/requirements-peers.txt
    fi
    PYTHON="$venv/bin/python"
fi

# peers.py reads a truth.csv; a folder without one gets an unlabelled list of its audio files.
truth="$folder/truth.csv"
if [ ! -f "$truth" ]; then
    truth="$out/truth.csv"
    echo "path,bpm,key" >"$truth"
    find "$(cd "$folder" && pwd)" -type f \( -iname '*.wav' -o -iname '*.flac' -o -iname '*.mp3' -o -iname '*.ogg' \
        -o -iname '*.aif' -o -iname '*.aiff' \) ! -name '.*' | sort | sed 's/$/,,/' >>"$truth"
fi

timed() { # timed NAME COMMAND...: user sys elapsed maxrss_kb into $out/NAME.time
    local name="$1"; shift
    /usr/bin/time -f '%U %S %e %M' -o "$out/$name.time" "$@"
}

echo "== $(date -u +%FT%TZ) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== AudioWave $(git rev-parse --short HEAD) on $folder"
for mode in progressive no-early-exit fast-path tempo-key; do
    flags=(--jobs 1 --no-progress)
    [ "$mode" = no-early-exit ] && flags+=(--no-early-exit)
    [ "$mode" = fast-path ] && flags+=(--quality-threshold 0)
    [ "$mode" = tempo-key ] && flags+=(--only tempo,key)
    rm -f "$out/audiowave-$mode.jsonl"
    timed "audiowave-$mode" "$audiowave" analyze "$folder" --jsonl "$out/audiowave-$mode.jsonl" "${flags[@]}" >/dev/null || [ $? -eq 1 ]
done
for tool in essentia librosa; do
    if [ "${REUSE_PEERS:-0}" = 1 ] && [ -f "$out/$tool.json" ] && [ -f "$out/$tool.time" ]; then
        echo "== $tool: reusing $out/$tool.json from $(date -u -r "$out/$tool.json" +%FT%TZ)"
        continue
    fi
    echo "== $tool"
    timed "$tool" "$PYTHON" bench/peers.py "$truth" --tools "$tool" --json "$out/$tool.json" 2>/dev/null
done
echo "== load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
"$PYTHON" bench/compare_table.py "$out" "$truth" | tee "$out/table.md"
