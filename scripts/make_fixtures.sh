#!/usr/bin/env bash
# Regenerate fixtures/ (not run by CI: the generated files are committed).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v sox >/dev/null || ! sox -h 2>/dev/null | grep -q mp3; then
    apt-get update -qq && apt-get install -y -qq sox libsox-fmt-all
fi
python3 -c 'import numpy' 2>/dev/null || pip install numpy
rm -rf fixtures/tempo fixtures/key fixtures/formats fixtures/rates fixtures/silence fixtures/bad
python3 scripts/make_fixtures.py
