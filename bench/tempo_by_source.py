#!/usr/bin/env python3
"""Tempo ACC1 / ACC2 / confidence>=0.95 per source, from `audiowave eval --json` rows and truth.csv's source column.

Usage: python3 bench/tempo_by_source.py EVAL.json TRUTH.csv
Also prints the octave error classes (x2: reported double the truth, x1/2: half).
"""
import csv, json, sys
from collections import defaultdict

rows = json.load(open(sys.argv[1]))["rows"]
source = {r["path"]: r.get("source") or "-" for r in csv.DictReader(open(sys.argv[2]))}
groups = defaultdict(list)
for row in rows:
    if row.get("reference_bpm"):
        groups[source.get(row["path"], "-")].append(row)
        groups["ALL"].append(row)
print(f"{'source':40s} {'n':>3s} {'ACC1':>6s} {'ACC2':>6s} {'x2':>3s} {'x1/2':>4s} {'c>=.95':>6s} {'right':>5s}")
for name in sorted(groups, key=lambda k: (k == "ALL", k)):
    g = groups[name]
    acc1 = sum(bool(r.get("acc1")) for r in g) / len(g)
    acc2 = sum(bool(r.get("acc2")) for r in g) / len(g)
    def ratio(r, f):
        return r.get("estimated_bpm") and abs(r["estimated_bpm"] / (r["reference_bpm"] * f) - 1) <= 0.04
    double = sum(bool(ratio(r, 2)) for r in g)
    half = sum(bool(ratio(r, 0.5)) for r in g)
    confident = [r for r in g if (r.get("tempo_confidence") or 0) >= 0.95]
    print(f"{name:40s} {len(g):3d} {acc1:6.3f} {acc2:6.3f} {double:3d} {half:4d} {len(confident):6d} "
          f"{sum(bool(r.get('acc1')) for r in confident):5d}")
