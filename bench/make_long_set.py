#!/usr/bin/env python3
"""Make a folder of long test files from a truth.csv folder, keeping the labels.

Usage:
    python3 bench/make_long_set.py SRC_FOLDER OUT_FOLDER [--seconds 180] [--format wav|mp3|flac|ogg] [--limit N]

Each file listed in SRC_FOLDER/truth.csv is repeated end to end with sox until it lasts --seconds,
converted to 44.1 kHz stereo, and written to OUT_FOLDER under the same relative path (with the new
extension); OUT_FOLDER/truth.csv carries the same bpm and key labels. Repeating a clip keeps its tempo
and key, so the labels still hold; the seams are the only new material. Needs `sox` (with MP3 support
for --format mp3). The output is scratch audio: never commit it.
"""
import argparse
import csv
import math
import os
import subprocess


def duration(path):
    out = subprocess.run(["soxi", "-D", path], check=True, capture_output=True, text=True).stdout
    return float(out.strip())


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("src")
    ap.add_argument("out")
    ap.add_argument("--seconds", type=float, default=180.0)
    ap.add_argument("--format", default="wav", choices=["wav", "mp3", "flac", "ogg"])
    ap.add_argument("--limit", type=int, default=0)
    args = ap.parse_args()
    with open(os.path.join(args.src, "truth.csv"), newline="") as f:
        reader = csv.DictReader(f)
        fields = reader.fieldnames
        rows = list(reader)
    if args.limit:
        rows = rows[: args.limit]
    os.makedirs(args.out, exist_ok=True)
    written = []
    for row in rows:
        src = os.path.join(args.src, row["path"])
        rel = os.path.splitext(row["path"])[0] + "." + args.format
        dst = os.path.join(args.out, rel)
        os.makedirs(os.path.dirname(dst) or ".", exist_ok=True)
        if not os.path.exists(dst):
            repeats = max(0, math.ceil(args.seconds / duration(src)) - 1)
            # MP3 as VBR (LAME V2): its Xing header gives libsndfile an exact frame count. A CBR file
            # from sox has none, libsndfile over-estimates its length, and AudioWave reports it truncated.
            options = ["-C", "-2.2"] if args.format == "mp3" else []
            subprocess.run(["sox", src, "-r", "44100", "-c", "2"] + options + [dst, "repeat", str(repeats),
                            "trim", "0", str(args.seconds)], check=True)
        written.append(dict(row, path=rel))
    with open(os.path.join(args.out, "truth.csv"), "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields)
        writer.writeheader()
        writer.writerows(written)
    print(f"{len(written)} files of {args.seconds:.0f} s ({args.format}) in {args.out}")


if __name__ == "__main__":
    main()
