#!/usr/bin/env bash
# Tempo/key comparison on one truth-table folder, all tools in the same run, one after another:
# AudioWave (release build of audiowave-bench), essentia and librosa (bench/peers.py).
#
#   bench/compare.sh [FOLDER] [PYTHON]
#
# FOLDER defaults to ../shared/eval-dev; PYTHON to /work/venv-peers/bin/python (a venv with
# `pip install essentia librosa`; measured with essentia 2.1b6.dev1389, librosa 0.11.0).
# Speeds are single-threaded CPU figures: audio seconds analysed per CPU second, decode included.
set -euo pipefail
cd "$(dirname "$0")/.."
folder="${1:-../shared/eval-dev}"
python="${2:-/work/venv-peers/bin/python}"
scratch="${SCRATCH:-.build-analysis}"
out="${OUT:-$scratch/compare}"
mkdir -p "$out"

swift build -c release --scratch-path "$scratch" --product audiowave-bench >/dev/null
bench="$scratch/release/audiowave-bench"

echo "== AudioWave $(git rev-parse --short HEAD) on $folder (3 runs)"
for run in 1 2 3; do
    "$bench" analysis --truth "$folder/truth.csv" --json "$out/audiowave.json" | tee "$out/audiowave-$run.txt"
done
echo "== peers"
"$python" bench/peers.py "$folder" --json "$out/peers.json" 2>/dev/null
