#!/usr/bin/env python3
"""Fit the tempo octave decision (TempoLevelModel) and its confidence calibration; validate leave-one-source-out.

Usage:
  .build/release/audiowave-bench tempo-levels --truth ../shared/eval-dev/truth.csv --output /tmp/tempo-dev.jsonl
  python3 scripts/fit_tempo_levels.py /tmp/tempo-dev.jsonl --truth ../shared/eval-dev/truth.csv \
      [--check NAME=/tmp/tempo-stress.jsonl ...]

Each JSON line is one file: its truth BPM and the estimator's trace (every metrical level of every tempogram peak
tried, with the features of TempoLevelModel.featureNames). The script

1. fits a conditional logit (softmax over the levels of one peak; L2-regularised maximum likelihood on
   standardised features) on every peak family that contains a right level (within 4% of the truth);
2. replays the estimator's decision (level by utility, family switch by salience score x regularity^2 when the
   first family's beats are irregular, dominance from the sharp tempogram peaks) to score ACC1 / ACC2;
3. fits the confidence calibration, a logistic regression of "ACC1 right" on logit(P(level)), regularity and
   dominance;
4. repeats 1-3 leaving each source (truth.csv's `source` column) out and scoring it with the others' model;
5. prints the weights in raw feature units, ready to paste into TempoLevelModel.swift.

numpy and scipy only. Deterministic.
"""
import argparse, csv, json, math, os, sys
import numpy as np
from scipy.optimize import minimize

FEATURES = ["log2_bpm_120_sq", "log_beat_salience", "log_raw_strength", "log2_bpm_x_onset_rate",
            "log_periodicity_double_over", "alternation_hinge", "half_difference_hinge"]


def right(bpm, truth, factors=(1.0,)):
    return bpm is not None and truth and any(abs(bpm / (truth * f) - 1) <= 0.04 for f in factors)


def related(a, b):
    return any(abs(a / (b * r) - 1) <= 0.04 for r in (1, 2, 3, 4, 0.5, 1 / 3, 0.25))


def load(path, truth_csv=None):
    sources = {}
    if truth_csv:
        with open(truth_csv) as handle:
            for row in csv.DictReader(handle):
                sources[row["path"]] = row.get("source") or "unknown"
    rows = []
    with open(path) as handle:
        for line in handle:
            if line.strip():
                row = json.loads(line)
                row["source"] = sources.get(row["path"], os.path.basename(path))
                rows.append(row)
    return rows


def groups(rows, feature_mask, balance=0.0):
    """(X, index of right level, weight) for every family that holds a right level. Each file weighs
    n_source ** -balance: 0 counts files equally, 1 sources equally (a source of 49 files no longer outvotes one of 4)."""
    counts = {}
    for row in rows:
        counts[row["source"]] = counts.get(row["source"], 0) + 1
    out = []
    for row in rows:
        trace = row.get("trace")
        if not trace:
            continue
        for family in trace["families"]:
            labels = [right(level["refinedBPM"], row["truth"]) for level in family]
            if sum(labels) == 1 and len(family) > 1:
                x = np.array([[level["features"][i] for i in feature_mask] for level in family])
                out.append((x, labels.index(True), counts[row["source"]] ** -balance))
    return out


def fit_levels(rows, feature_mask, c=1.0, balance=0.0):
    data = groups(rows, feature_mask, balance)
    total_weight = sum(weight for _, _, weight in data)
    data = [(x, k, weight * len(data) / total_weight) for x, k, weight in data]
    allx = np.vstack([x for x, _, _ in data])
    scale = allx.std(axis=0)
    scale[scale < 1e-9] = 1
    d = len(feature_mask)

    def loss(w):
        total, grad = 0.5 * w @ w / c, w / c
        for x, k, weight in data:
            u = (x / scale) @ w
            u -= u.max()
            p = np.exp(u) / np.exp(u).sum()
            total -= weight * math.log(max(p[k], 1e-300))
            grad = grad - weight * ((x[k] - p @ x) / scale)
        return total, grad

    result = minimize(loss, np.zeros(d), jac=True, method="L-BFGS-B")
    full = np.zeros(len(FEATURES))
    full[feature_mask] = result.x / scale
    return full


def decide(row, weights):
    """Replays TempoEstimator: returns (bpm or None, P(level), regularity, dominance)."""
    trace = row.get("trace")
    if not trace:
        return None, 0, 0, 0, 0
    choices = []
    for family in trace["families"]:
        if not family:
            continue
        u = np.array([np.dot(weights, level["features"]) for level in family])
        best = int(u.argmax())
        p = 1 / np.exp(u - u[best]).sum()
        level = family[best]
        choices.append((level, p, level["salienceScore"] * level["regularity"] ** 2))
    if not choices:
        return None, 0, 0, 0, 0
    choice = choices[0]
    if choice[0]["regularity"] < 0.8:
        for alternative in choices[1:]:
            if alternative[2] > 1.25 * choice[2]:
                choice = alternative
    level, p, _ = choice
    if level["beatCount"] < 2:
        return None, 0, 0, 0, 0
    bpm = level["refinedBPM"]
    peaks = trace["sharp_peaks"]
    rival = next((s for b, s in peaks if not related(b, bpm)), 0)
    reference = next((s for b, s in peaks if related(b, bpm)), 0)
    dominance = max(0, 1 - rival / reference) if reference > 0 else 0
    return round(bpm, 1), p, level["regularity"], dominance, trace["periodicity"]


def calibration_inputs(p, regularity, dominance, periodicity):
    p = min(max(p, 0.02), 1 - 0.02)
    return [1.0, math.log(p / (1 - p)), regularity, dominance, periodicity]


def calibration_samples(rows, weights):
    out = []
    for row in rows:
        bpm, p, regularity, dominance, periodicity = decide(row, weights)
        if bpm is not None:
            out.append((calibration_inputs(p, regularity, dominance, periodicity), 1.0 if right(bpm, row["truth"]) else 0.0))
    return out


def fit_calibration(samples, c=1.0):
    """Logistic regression of "ACC1 right" on calibration_inputs (intercept not penalised)."""
    x = np.array([inputs for inputs, _ in samples])
    y = np.array([label for _, label in samples])

    def loss(w):
        z = x @ w
        q = 1 / (1 + np.exp(-z))
        penalty = 0.5 * (w[1:] @ w[1:]) / c
        value = -np.sum(y * np.log(np.maximum(q, 1e-12)) + (1 - y) * np.log(np.maximum(1 - q, 1e-12))) + penalty
        grad = x.T @ (q - y) + np.concatenate([[0], w[1:] / c])
        return value, grad

    return minimize(loss, np.zeros(x.shape[1]), jac=True, method="L-BFGS-B").x


def confidence(calibration, p, regularity, dominance, periodicity):
    z = float(np.dot(calibration, calibration_inputs(p, regularity, dominance, periodicity)))
    return 1 / (1 + math.exp(-z))


def score(rows, predict):
    """predict(row) -> (bpm, confidence). Returns a dict of figures."""
    n = len(rows)
    acc1 = acc2 = 0
    confident = confident_right = 0
    for row in rows:
        bpm, conf = predict(row)
        r1 = right(bpm, row["truth"])
        acc1 += r1
        acc2 += right(bpm, row["truth"], (1, 2, 0.5, 3, 1 / 3))
        if conf >= 0.95:
            confident += 1
            confident_right += r1
    return dict(n=n, acc1=acc1 / max(n, 1), acc2=acc2 / max(n, 1), confident=confident,
                confident_right=confident_right)


def fmt(s):
    ratio = f"{s['confident_right']}/{s['confident']}" if s["confident"] else "0/0"
    return f"n={s['n']:3d} ACC1 {s['acc1']:.3f} ACC2 {s['acc2']:.3f} conf>=0.95 right {ratio}"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dev")
    parser.add_argument("--truth", help="truth.csv with a source column (for leave-one-source-out)")
    parser.add_argument("--check", action="append", default=[], help="NAME=jsonl scored with the final model")
    parser.add_argument("--calibrate-with", action="append", default=[],
                        help="NAME=jsonl added to the calibration samples only (decided by level weights not fit on them)")
    parser.add_argument("--features", default=",".join(FEATURES), help="comma-separated subset of the features")
    parser.add_argument("-C", type=float, default=1.0, help="inverse L2 strength (standardised units)")
    parser.add_argument("--balance", type=float, default=0.5, help="file weight n_source ** -balance")
    args = parser.parse_args()
    mask = [FEATURES.index(name) for name in args.features.split(",")]
    rows = [row for row in load(args.dev, args.truth) if row["truth"]]
    extras = [[row for row in load(spec.split("=", 1)[1]) if row["truth"]] for spec in args.calibrate_with]

    def model(train):
        """Level weights fit on `train`; the calibration fit on out-of-source predictions: each source of
        `train` decided by level weights fit on the other sources, so that the confidence learns how far
        the level model transfers to music it was not fit on (not how well it fits its own data)."""
        weights = fit_levels(train, mask, args.C, args.balance)
        train_sources = sorted({row["source"] for row in train})
        samples = []
        for source in train_sources if len(train_sources) > 2 else []:
            inner = fit_levels([r for r in train if r["source"] != source], mask, args.C, args.balance)
            samples += calibration_samples([r for r in train if r["source"] == source], inner)
        samples = samples or calibration_samples(train, weights)
        for extra in extras:
            samples += calibration_samples(extra, weights)
        return weights, fit_calibration(samples, args.C)

    def predictor(weights, calibration):
        def predict(row):
            bpm, p, regularity, dominance, periodicity = decide(row, weights)
            return bpm, (confidence(calibration, p, regularity, dominance, periodicity) if bpm is not None else 0)
        return predict

    weights, calibration = model(rows)
    sources = sorted({row["source"] for row in rows})
    print("## in sample (fit on all of eval-dev)")
    print("all     ", fmt(score(rows, predictor(weights, calibration))))
    for source in sources:
        print(f"  {source:40s}", fmt(score([r for r in rows if r["source"] == source], predictor(weights, calibration))))
    print("## leave one source out (each source scored by the model fit on the others)")
    held = []
    for source in sources:
        train = [r for r in rows if r["source"] != source]
        test = [r for r in rows if r["source"] == source]
        w, cal = model(train)
        predict = predictor(w, cal)
        print(f"  {source:40s}", fmt(score(test, predict)))
        held += [(r, predict(r)) for r in test]
    print("all     ", fmt(score([r for r, _ in held], lambda r, d={id(r): p for r, p in held}: d[id(r)])))
    for spec in args.check:
        name, path = spec.split("=", 1)
        check = [row for row in load(path) if row["truth"]]
        print(f"## {name} (final model)")
        print("all     ", fmt(score(check, predictor(weights, calibration))))
    bins = [(0, 0.5), (0.5, 0.8), (0.8, 0.95), (0.95, 1.01)]
    predict = predictor(weights, calibration)
    for title, pairs in [("in sample", [(r, predict(r)) for r in rows]), ("leave one source out", held)]:
        print(f"## reliability ({title}, eval-dev): confidence bin, files, share right")
        for low, high in bins:
            hits = [right(b, r["truth"]) for r, (b, c) in pairs if low <= c < high]
            share = f"{sum(hits) / len(hits):.3f}" if hits else "-"
            print(f"  [{low:.2f}, {high:.2f}): {len(hits):3d} files, right {share}")
    print("## Swift")
    print("    static let weights: [Double] = [" + ", ".join(f"{w:.4g}" for w in weights) + "]")
    print("    static let calibration: [Double] = [" + ", ".join(f"{w:.4g}" for w in calibration) + "]")


if __name__ == "__main__":
    main()
