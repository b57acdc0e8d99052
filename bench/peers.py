#!/usr/bin/env python3
"""Run peer tempo/key estimators (essentia, librosa) over a truth.csv folder and score them.

Usage:
    /work/venv-peers/bin/python bench/peers.py /path/to/eval-dev [--json out.json] [--tools essentia,librosa]

truth.csv columns: path,bpm,key[,source]; paths relative to the CSV; either label may be empty.

Peers and settings (versions printed at run time; measured with essentia 2.1b6.dev1389, librosa 0.11.0):
- essentia: MonoLoader at 44100 Hz; RhythmExtractor2013(method="multifeature") -> bpm;
  KeyExtractor(profileType="edma") -> key, scale.
- librosa: librosa.load at 22050 Hz mono; beat_track(y, sr) -> tempo (hop 512, default prior);
  key = argmax over the 24 rotations of the Krumhansl-Kessler profiles of the Pearson correlation with
  the mean of chroma_cqt(y, sr) (tuning estimated by chroma_cqt's default).

Metrics (same definitions as AudioWave's Evaluation):
- ACC1: |est - ref| <= 4% of ref. ACC2: ACC1 against ref x {1, 2, 3, 1/2, 1/3}.
- MIREX key: 1.0 same key, 0.5 perfect fifth either way (same mode), 0.3 relative, 0.2 parallel, 0 other.
Speed: files/s (wall) and audio seconds per CPU second (process CPU time, decode included, each tool
decoding for itself, both estimators on every file unless --labelled-only; numba/first-call warm-up is done on a synthetic signal before timing).
"""
import argparse
import csv
import json
import os
import sys
import time

import numpy as np

PITCHES = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"]
FLAT_TO_SHARP = {"Db": "C#", "Eb": "D#", "Gb": "F#", "Ab": "G#", "Bb": "A#", "Cb": "B", "Fb": "E",
                 "E#": "F", "B#": "C"}


def parse_key(text):
    """'F# minor' / 'Gb major' / 'f#m' -> (pitch class, 'major'|'minor') or None."""
    if not text:
        return None
    t = text.strip().replace("♯", "#").replace("♭", "b")
    parts = t.split()
    if len(parts) == 2:
        tonic, mode = parts[0], parts[1].lower()
    elif t.endswith("m") and not t.endswith("maj"):
        tonic, mode = t[:-1], "minor"
    else:
        tonic, mode = t, "major"
    tonic = tonic[0].upper() + tonic[1:]
    tonic = FLAT_TO_SHARP.get(tonic, tonic)
    if tonic not in PITCHES or mode not in ("major", "minor"):
        return None
    return PITCHES.index(tonic), mode


def mirex_key_score(est, ref):
    """MIREX weighted key score and category name."""
    if est is None:
        return 0.0, "other"
    (ep, em), (rp, rm) = est, ref
    if ep == rp and em == rm:
        return 1.0, "correct"
    if em == rm and ((ep - rp) % 12 in (5, 7)):
        return 0.5, "fifth"
    if em != rm:
        # relative: minor tonic is 9 semitones above (3 below) the major tonic
        if rm == "major" and em == "minor" and (ep - rp) % 12 == 9:
            return 0.3, "relative"
        if rm == "minor" and em == "major" and (ep - rp) % 12 == 3:
            return 0.3, "relative"
        if ep == rp:
            return 0.2, "parallel"
    return 0.0, "other"


def acc1(est, ref, tol=0.04):
    return est is not None and abs(est - ref) <= tol * ref


def acc2(est, ref, tol=0.04):
    return est is not None and any(acc1(est, ref * f, tol) for f in (1.0, 2.0, 3.0, 0.5, 1.0 / 3.0))


# Krumhansl & Kessler (1982) probe-tone profiles, as tabulated in Krumhansl (1990),
# "Cognitive Foundations of Musical Pitch", table 2.1.
KK_MAJOR = np.array([6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88])
KK_MINOR = np.array([6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17])


def kk_key(mean_chroma):
    best = (-2.0, 0, "major")
    for mode, prof in (("major", KK_MAJOR), ("minor", KK_MINOR)):
        for tonic in range(12):
            r = np.corrcoef(mean_chroma, np.roll(prof, tonic))[0, 1]
            if r > best[0]:
                best = (r, tonic, mode)
    return best[1], best[2]


class Essentia:
    name = "essentia"

    def __init__(self):
        import essentia
        import essentia.standard as es
        essentia.log.warningActive = False
        self.es = es
        self.version = essentia.__version__
        self.rhythm = es.RhythmExtractor2013(method="multifeature")
        self.key = es.KeyExtractor(profileType="edma")
        warm = (np.random.RandomState(0).randn(44100 * 3) * 0.1).astype(np.float32)
        self.rhythm(warm)
        self.key(warm)

    def run(self, path, want_tempo, want_key):
        audio = self.es.MonoLoader(filename=path, sampleRate=44100)()
        bpm = key = None
        if want_tempo:
            bpm = float(self.rhythm(audio)[0])
        if want_key:
            k, scale, _strength = self.key(audio)
            key = parse_key(f"{k} {scale}")
        return bpm, key, len(audio) / 44100.0


class Librosa:
    name = "librosa"

    def __init__(self):
        import librosa
        self.librosa = librosa
        self.version = librosa.__version__
        warm = (np.random.RandomState(0).randn(22050 * 3) * 0.1).astype(np.float32)
        librosa.beat.beat_track(y=warm, sr=22050)
        librosa.feature.chroma_cqt(y=warm, sr=22050)

    def run(self, path, want_tempo, want_key):
        lr = self.librosa
        y, sr = lr.load(path, sr=22050, mono=True)
        bpm = key = None
        if want_tempo:
            tempo, _beats = lr.beat.beat_track(y=y, sr=sr)
            bpm = float(np.atleast_1d(tempo)[0])
        if want_key:
            chroma = lr.feature.chroma_cqt(y=y, sr=sr)
            key = kk_key(chroma.mean(axis=1))
        return bpm, key, len(y) / float(sr)


def read_truth(folder):
    csv_path = folder if folder.endswith(".csv") else os.path.join(folder, "truth.csv")
    base = os.path.dirname(os.path.abspath(csv_path))
    rows = []
    with open(csv_path, newline="") as f:
        for r in csv.DictReader(f):
            bpm = float(r["bpm"]) if r.get("bpm") else None
            key = parse_key(r.get("key", ""))
            rows.append({"path": os.path.join(base, r["path"]), "rel": r["path"], "bpm": bpm, "key": key})
    return rows


def key_name(k):
    return None if k is None else f"{PITCHES[k[0]]} {k[1]}"


def evaluate(tool, rows, verbose, labelled_only):
    per_file = []
    cpu0, wall0 = time.process_time(), time.perf_counter()
    audio_seconds = 0.0
    for r in rows:
        if labelled_only:
            bpm, key, dur = tool.run(r["path"], r["bpm"] is not None, r["key"] is not None)
        else:
            bpm, key, dur = tool.run(r["path"], True, True)
        audio_seconds += dur
        row = {"path": r["rel"], "ref_bpm": r["bpm"], "est_bpm": bpm,
               "ref_key": key_name(r["key"]), "est_key": key_name(key)}
        if r["bpm"] is not None:
            row["acc1"], row["acc2"] = acc1(bpm, r["bpm"]), acc2(bpm, r["bpm"])
        if r["key"] is not None:
            row["key_score"], row["key_category"] = mirex_key_score(key, r["key"])
        per_file.append(row)
        if verbose:
            print(f"  {tool.name} {r['rel']}: bpm={bpm} key={key_name(key)}", file=sys.stderr)
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    tempo_rows = [p for p in per_file if "acc1" in p]
    key_rows = [p for p in per_file if "key_score" in p]
    cats = {c: sum(1 for p in key_rows if p["key_category"] == c)
            for c in ("correct", "fifth", "relative", "parallel", "other")}
    totals = {
        "tool": tool.name, "version": tool.version, "files": len(rows),
        "tempo_files": len(tempo_rows),
        "acc1": sum(p["acc1"] for p in tempo_rows) / max(1, len(tempo_rows)),
        "acc2": sum(p["acc2"] for p in tempo_rows) / max(1, len(tempo_rows)),
        "key_files": len(key_rows),
        "key_score": sum(p["key_score"] for p in key_rows) / max(1, len(key_rows)),
        "key_counts": cats,
        "wall_seconds": wall, "cpu_seconds": cpu, "audio_seconds": audio_seconds,
        "files_per_second": len(rows) / wall if wall > 0 else None,
        "audio_seconds_per_cpu_second": audio_seconds / cpu if cpu > 0 else None,
    }
    return totals, per_file


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", help="folder holding truth.csv, or the CSV itself")
    ap.add_argument("--json", help="write per-file rows and totals to this file")
    ap.add_argument("--tools", default="essentia,librosa")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--labelled-only", action="store_true",
                    help="run tempo only where a bpm label exists and key only where a key label exists "
                         "(default: both estimators on every file, as an analyzer would)")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    rows = read_truth(args.folder)
    if args.limit:
        rows = rows[: args.limit]
    makers = {"essentia": Essentia, "librosa": Librosa}
    results = {}
    for name in args.tools.split(","):
        tool = makers[name]()
        totals, per_file = evaluate(tool, rows, args.verbose, args.labelled_only)
        results[name] = {"totals": totals, "files": per_file}
        t = totals
        c = t["key_counts"]
        print(f"{name} {t['version']}: tempo {t['tempo_files']} files ACC1 {t['acc1']:.3f} ACC2 {t['acc2']:.3f} | "
              f"key {t['key_files']} files score {t['key_score']:.3f} (correct {c['correct']}, fifth {c['fifth']}, "
              f"relative {c['relative']}, parallel {c['parallel']}, other {c['other']}) | "
              f"{t['files_per_second']:.2f} files/s, {t['audio_seconds_per_cpu_second']:.1f} audio s/CPU s "
              f"(cpu {t['cpu_seconds']:.1f} s, wall {t['wall_seconds']:.1f} s)")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
