#!/usr/bin/env python3
"""Fit the tempo octave decision (TempoLevelModel) and its confidence calibration; validate leave-one-source-out.

Usage:
  .build/release/audiowave-bench tempo-levels --truth ../shared/eval-dev/truth.csv --output /tmp/tempo-dev.jsonl \
      --alternative-peak-regularity 1
  python3 scripts/fit_tempo_levels.py /tmp/tempo-dev.jsonl --truth ../shared/eval-dev/truth.csv \
      --tried-under=W1,...,W7 [--check NAME=/tmp/tempo-stress.jsonl ...] [--swift TempoLevelModel.swift]

Each JSON line is one file: its truth BPM and the estimator's trace (every metrical level of every tempogram peak
tried, with the features of TempoLevelModel.featureNames). The script

1. fits a conditional logit (softmax over the levels of one peak; L2-regularised maximum likelihood on
   standardised features) on every peak family that contains a right level (within 4% of the truth);
2. replays the estimator's decision (level by utility, family switch by salience score x regularity^2 when the
   first family's beats are irregular, dominance from the sharp tempogram peaks) to score ACC1 / ACC2;
3. fits the confidence calibration, a logistic regression of "ACC1 right" on logit(P(level)), regularity and
   dominance;
4. repeats 1-3 leaving each source (truth.csv's `source` column) out and scoring it with the others' model;
5. prints the weights in raw feature units, ready to paste into TempoLevelModel.swift;
6. with --swift PATH (TempoLevelModel.swift): replays the constants in the source on the same dumps and says
   whether they equal the fit at the printed precision (--check-swift: exit 1 if not; --write-swift: write the
   fit into the source).

Which unrelated peaks' families a dump holds depends on the level weights of the estimator that made it (they
are tried only when the level it chooses in the first family has irregular beats), so the documented fit reads
dumps of every family (`tempo-levels --alternative-peak-regularity 1`) and keeps those the estimator holding
--tried-under's weights tries. The shipped constants are the fit on the families tried under the previous
fit's weights (docs/tempo.md, "Reproducing the weights"); the committed compact dumps (scripts/data/, features
only, no audio; scripts/compact_tempo_dump.py) rerun it without the audio or a build:

  D=scripts/data/tempo-levels
  python3 scripts/fit_tempo_levels.py $D-eval-dev.jsonl \
      --check stress=$D-stress.jsonl --check fixtures=$D-fixtures.jsonl \
      --calibrate-with stress=$D-stress.jsonl --calibrate-with fixtures=$D-fixtures.jsonl \
      --tried-under=-3.322,1.4,0.2099,0.6815,0.2324,2.609,3.044 \
      --swift Sources/AudioWave/analysis/TempoLevelModel.swift --check-swift

--augment DUMP adds altered copies of eval-dev's files (a compact dump of, e.g., `bench/make_retimed_sets.sh`'s
copies, made with their truth.csv so that each keeps its source) to the level weights' training rows of their
source; a source left out leaves with its copies, which are scored apart ("copies"). docs/tempo.md ("Faster and
slower copies") has the measurement; the shipped fit uses none.

numpy and scipy only. Deterministic.
"""
import argparse, csv, json, math, os, re, sys
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
                # truth.csv's source, else the one a compact dump carries (scripts/compact_tempo_dump.py)
                row["source"] = sources.get(row["path"]) or row.get("source") or os.path.basename(path)
                rows.append(row)
    return rows


def tried_under(rows, weights, threshold=0.8):
    """The rows as the estimator holding `weights` would have dumped them, from a dump of every family
    (`tempo-levels --alternative-peak-regularity 1`): the strongest peak's family, and the unrelated peaks'
    families only when the level the weights choose in the first has beats less regular than `threshold`
    (TempoConfiguration.alternativePeakRegularity). Which families are tried depends on the weights, so a dump
    made by the estimator of the day and the fit on it are two steps of an iteration, not a function of the data:
    on eval-dev it alternates between two weight vectors (docs/tempo.md, "Reproducing the weights")."""
    out = []
    for row in rows:
        trace = row.get("trace")
        if trace and trace["families"] and trace["families"][0]:
            first = trace["families"][0]
            chosen = first[int(np.argmax([np.dot(weights, level["features"]) for level in first]))]
            if chosen["regularity"] >= threshold:
                row = dict(row, trace=dict(trace, families=[first]))
        out.append(row)
    return out


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


def printed(values):
    """The precision the script prints and the Swift source holds: 4 significant digits."""
    return [f"{value:.4g}" for value in values]


SWIFT_CONSTANT = r"(static let {name}: \[Double\] = \[)([^\]]*)(\])"


def read_swift(path):
    """The `weights` and `calibration` arrays of TempoLevelModel.swift."""
    with open(path) as handle:
        text = handle.read()
    out = {}
    for name in ("weights", "calibration"):
        match = re.search(SWIFT_CONSTANT.format(name=name), text)
        if not match:
            sys.exit(f"{path}: no `static let {name}: [Double] = [...]`")
        out[name] = [float(item) for item in match.group(2).split(",")]
    return out


def write_swift(path, constants):
    with open(path) as handle:
        text = handle.read()
    for name, values in constants.items():
        text = re.sub(SWIFT_CONSTANT.format(name=name), lambda m: m.group(1) + ", ".join(printed(values)) + m.group(3),
                      text, count=1)
    with open(path, "w") as handle:
        handle.write(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dev")
    parser.add_argument("--truth", help="truth.csv with a source column (for leave-one-source-out)")
    parser.add_argument("--check", action="append", default=[], help="NAME=jsonl scored with the final model")
    parser.add_argument("--calibrate-with", action="append", default=[],
                        help="NAME=jsonl added to the calibration samples only (decided by level weights not fit on them)")
    parser.add_argument("--augment", action="append", default=[],
                        help="jsonl of altered copies of dev's files (same source column): added to the level "
                             "weights' training rows of their source, left out with it, scored apart")
    parser.add_argument("--features", default=",".join(FEATURES), help="comma-separated subset of the features")
    parser.add_argument("-C", type=float, default=1.0, help="inverse L2 strength (standardised units)")
    parser.add_argument("--balance", type=float, default=0.5, help="file weight n_source ** -balance")
    parser.add_argument("--tried-under", metavar="W1,...,W7|swift",
                        help="keep the families the estimator with these level weights tries (dumps of every family, "
                             "--alternative-peak-regularity 1); `swift`: the weights in --swift")
    parser.add_argument("--swift", help="TempoLevelModel.swift: replay its constants and compare them with the fit")
    parser.add_argument("--check-swift", action="store_true", help="with --swift: exit 1 unless they equal the fit")
    parser.add_argument("--write-swift", action="store_true", help="with --swift: write the fit into the source")
    args = parser.parse_args()
    mask = [FEATURES.index(name) for name in args.features.split(",")]
    source_constants = read_swift(args.swift) if args.swift else None
    if args.tried_under == "swift":
        if not source_constants:
            sys.exit("--tried-under swift needs --swift")
        dump_weights = np.array(source_constants["weights"])
    elif args.tried_under:
        dump_weights = np.array([float(item) for item in args.tried_under.split(",")])
    else:
        dump_weights = None

    def dumped(path, truth=None):
        rows = [row for row in load(path, truth) if row["truth"]]
        return tried_under(rows, dump_weights) if dump_weights is not None else rows

    rows = dumped(args.dev, args.truth)
    extras = [dumped(spec.split("=", 1)[1]) for spec in args.calibrate_with]
    copies = [row for path in args.augment for row in dumped(path)]

    def with_copies(train):
        """`train` and the altered copies of its sources' files (a source left out leaves with its copies)."""
        kept = {row["source"] for row in train}
        return train + [row for row in copies if row["source"] in kept]

    def model(train):
        """Level weights fit on `train`; the calibration fit on out-of-source predictions: each source of
        `train` decided by level weights fit on the other sources, so that the confidence learns how far
        the level model transfers to music it was not fit on (not how well it fits its own data)."""
        weights = fit_levels(with_copies(train), mask, args.C, args.balance)
        train_sources = sorted({row["source"] for row in train})
        samples = []
        for source in train_sources if len(train_sources) > 2 else []:
            inner = fit_levels(with_copies([r for r in train if r["source"] != source]), mask, args.C, args.balance)
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
    held, held_copies = [], []
    for source in sources:
        train = [r for r in rows if r["source"] != source]
        test = [r for r in rows if r["source"] == source]
        w, cal = model(train)
        predict = predictor(w, cal)
        print(f"  {source:40s}", fmt(score(test, predict)))
        held += [(r, predict(r)) for r in test]
        held_copies += [(r, predict(r)) for r in copies if r["source"] == source]
    print("all     ", fmt(score([r for r, _ in held], lambda r, d={id(r): p for r, p in held}: d[id(r)])))
    if copies:
        print("copies  ", fmt(score([r for r, _ in held_copies], lambda r, d={id(r): p for r, p in held_copies}: d[id(r)])))
    for spec in args.check:
        name, path = spec.split("=", 1)
        check = dumped(path)
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
    print("    static let weights: [Double] = [" + ", ".join(printed(weights)) + "]")
    print("    static let calibration: [Double] = [" + ", ".join(printed(calibration)) + "]")
    if not args.swift:
        return
    fitted = {"weights": list(weights), "calibration": list(calibration)}
    if args.write_swift:
        write_swift(args.swift, fitted)
        print(f"## wrote the fit into {args.swift}")
    source = read_swift(args.swift)
    replay = predictor(np.array(source["weights"]), np.array(source["calibration"]))
    print(f"## the constants in {args.swift}, replayed")
    print("eval-dev", fmt(score(rows, replay)))
    for spec in args.check:
        name, path = spec.split("=", 1)
        print(f"{name:8s}", fmt(score(dumped(path), replay)))
    same = True
    for name in ("weights", "calibration"):
        equal = [float(a) for a in printed(fitted[name])] == [float(b) for b in printed(source[name])]
        same = same and equal
        gap = max(abs(a - b) for a, b in zip(fitted[name], source[name]))
        print(f"  {name}: {'equal to the fit' if equal else f'DIFFER from the fit (max |difference| {gap:.4g})'}")
    if args.check_swift and not same:
        sys.exit(1)


if __name__ == "__main__":
    main()
