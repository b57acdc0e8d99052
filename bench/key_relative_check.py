#!/usr/bin/env python3
"""Score keys of GTZAN clips against Li & Chan's mode-less key labels (the relative major's tonic).

Usage:
    python3 bench/key_relative_check.py REPORTS.jsonl --labels groundkeys.txt [--reports-are essentia]

REPORTS.jsonl: `audiowave analyze --jsonl` records (or any JSON lines with `relative_path` and
`key: {name, confidence}`), one per GTZAN clip whose file name holds `GENRE.NNNNN`.

groundkeys.txt: the annotation file of T. Li and A. B. Chan, "Genre classification and the invariance of
MFCC features to key and tempo", MMM 2011 (published with the GTZAN key annotations of City University
of Hong Kong; also in the gtzan-bind collection, dataset/key/tom2011genre/). One integer per line, 0 = C
... 11 = B, the 1000 clips in alphabetical order (blues 0-99, classical 0-99, country, ...). The labels
name the major scale whose "do" the annotator heard: a minor key is labelled by its relative major (A minor
-> C), so only the key's pitch collection is checked, not its mode. The labels are not shipped with
AudioWave; fetch them yourself.

Prints how many estimated keys name the same pitch collection (their relative major's tonic equals the
label), how many are a fifth away either way (dominant or subdominant collection), the rest, and the
same split per confidence bin. Since mode is ignored and the annotator found classical clips the hardest
to label (their README), this is a check of key estimation on real recordings, not a MIREX score.
"""
import argparse
import json
import re
from collections import Counter

GENRES = ["blues", "classical", "country", "disco", "hiphop", "jazz", "metal", "pop", "reggae", "rock"]
PITCHES = {"C": 0, "D": 2, "E": 4, "F": 5, "G": 7, "A": 9, "B": 11}
BINS = [(0.0, 0.5), (0.5, 0.8), (0.8, 0.95), (0.95, 1.0001)]


def relative_major(name):
    """'F# minor' / 'Bb major' / 'A♯ minor' -> pitch class of the relative major's tonic, or None."""
    match = re.match(r"\s*([A-G])([#b♯♭]?)\s*(major|minor)", name or "")
    if not match:
        return None
    letter, accidental, mode = match.groups()
    pitch = PITCHES[letter] + {"#": 1, "♯": 1, "b": -1, "♭": -1}.get(accidental, 0)
    return (pitch + (3 if mode == "minor" else 0)) % 12


def label_index(path):
    match = re.search(r"(" + "|".join(GENRES) + r")\.(\d{5})", path)
    if not match:
        return None
    return GENRES.index(match.group(1)) * 100 + int(match.group(2))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("reports")
    parser.add_argument("--labels", required=True, help="Li & Chan's groundkeys.txt")
    parser.add_argument("-v", "--verbose", action="store_true", help="one line per clip")
    args = parser.parse_args()
    labels = [int(line) for line in open(args.labels).read().split()]
    classes = Counter()
    per_bin = {b: Counter() for b in BINS}
    for line in open(args.reports):
        record = json.loads(line)
        path = record.get("relative_path") or record.get("path") or ""
        index = label_index(path)
        if index is None:
            continue
        if index >= len(labels):
            raise SystemExit(f"{args.labels}: {len(labels)} labels, none for {path}")
        key = record.get("key") or {}
        estimate = relative_major(key.get("name"))
        if estimate is None:
            verdict = "no key"
        else:
            interval = (labels[index] - estimate) % 12
            verdict = "same" if interval == 0 else "fifth" if interval in (5, 7) else "other"
        classes[verdict] += 1
        confidence = key.get("confidence") or 0.0
        for low, high in BINS:
            if low <= confidence < high:
                per_bin[(low, high)][verdict] += 1
        if args.verbose:
            print(f"{path:40s} {key.get('name') or '-':10s} {confidence:5.2f} label {labels[index]:2d} {verdict}")
    total = sum(classes.values())
    if total == 0:
        raise SystemExit("no GTZAN clip found in the reports")
    print(f"clips {total}: same collection {classes['same']} ({classes['same'] / total:.3f}), "
          f"a fifth away {classes['fifth']}, other {classes['other']}, no key {classes['no key']}")
    print("confidence bin    clips  same  fifth  other  no key")
    for (low, high), counts in per_bin.items():
        print(f"[{low:.2f}, {min(high, 1):.2f}{']' if high > 1 else ')'}  {sum(counts.values()):5d} {counts['same']:5d} "
              f"{counts['fifth']:6d} {counts['other']:6d} {counts['no key']:7d}")


if __name__ == "__main__":
    main()
