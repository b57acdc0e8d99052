#!/usr/bin/env python3
"""Strip an `audiowave-bench tempo-levels` dump to what scripts/fit_tempo_levels.py reads.

Usage: python3 scripts/compact_tempo_dump.py IN.jsonl OUT.jsonl [--truth truth.csv]

Keeps, per file: the path, the truth BPM, the source (from truth.csv's `source` column when given), and of the
trace the levels of each family (refined BPM, regularity, salience score, features, utility, beat count), the
sharp tempogram peaks, the periodicity and the reported BPM and confidence, floats to 8 significant digits (the
fit prints 4). Drops the beat times and everything else, so that the dumps of eval-dev, the stress set and the
fixtures (made with `--alternative-peak-regularity 1`) weigh under 200 kB of numbers, no audio, and are committed
in scripts/data/: the fit reruns on them without the audio or a build (docs/tempo.md, "Reproducing the weights").
"""
import argparse, csv, json

LEVEL_KEYS = ("refinedBPM", "regularity", "salienceScore", "features", "utility", "beatCount")


def rounded(value):
    """Floats to 8 significant digits (the fit prints 4): keeps the committed dumps small."""
    if isinstance(value, float):
        return float(f"{value:.8g}")
    if isinstance(value, list):
        return [rounded(item) for item in value]
    if isinstance(value, dict):
        return {key: rounded(item) for key, item in value.items()}
    return value


def compact(row, sources):
    out = {"path": row["path"], "truth": row.get("truth")}
    if row["path"] in sources:
        out["source"] = sources[row["path"]]
    trace = row.get("trace")
    if trace:
        estimate = trace.get("estimate") or {}
        out["trace"] = {
            "families": [[{key: level[key] for key in LEVEL_KEYS} for level in family] for family in trace["families"]],
            "sharp_peaks": trace["sharp_peaks"],
            "periodicity": trace["periodicity"],
            "estimate": {key: estimate[key] for key in ("bpm", "confidence") if key in estimate} or None,
        }
    return rounded(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("input")
    parser.add_argument("output")
    parser.add_argument("--truth", help="truth.csv whose `source` column is copied into each line")
    args = parser.parse_args()
    sources = {}
    if args.truth:
        with open(args.truth) as handle:
            sources = {row["path"]: row.get("source") or "unknown" for row in csv.DictReader(handle)}
    with open(args.input) as handle, open(args.output, "w") as out:
        for line in handle:
            if line.strip():
                out.write(json.dumps(compact(json.loads(line), sources), separators=(",", ":"), sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
