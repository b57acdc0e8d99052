#!/usr/bin/env python3
"""Mixes eval-dev's key-labelled renders with its drum renders: a robustness set for the key estimator.

eval-dev holds no real key-labelled recording with drums, while real songs (the held-out set's GTZAN pop,
reggae, metal clips) put drums over the harmony. This script lays each key-labelled render (piano, folk) over
one of the drum renders (which carry no key), looped to the render's length, at a chosen drum-to-music RMS
ratio, and writes `audio/*.wav` and a `truth.csv` (path,bpm,key,source) for `audiowave eval`. Nothing it
writes belongs in the repository; it reads the audio where it is.

    python3 scripts/make_key_drum_mixes.py ../shared/eval-dev /tmp/keymix0 0     # drums as loud as the music
    python3 scripts/make_key_drum_mixes.py ../shared/eval-dev /tmp/keymix6 6     # drums 6 dB louder
    .build/release/audiowave eval --truth /tmp/keymix6/truth.csv

Needs numpy and soundfile (PyPI; its bundled libsndfile reads MP3). Files are mixed in mono at 44.1 kHz
(linear interpolation when a source has another rate) and scaled down only if they would clip.
"""
import csv, os, sys

import numpy as np
import soundfile as sf


def load(path, rate=44100):
    samples, source_rate = sf.read(path, always_2d=True)
    mono = samples.mean(axis=1)
    if source_rate != rate:
        count = int(len(mono) * rate / source_rate)
        mono = np.interp(np.linspace(0, len(mono) - 1, count), np.arange(len(mono)), mono)
    return mono


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    root, out, ratio_db = sys.argv[1], sys.argv[2], float(sys.argv[3])
    rows = list(csv.DictReader(open(os.path.join(root, "truth.csv"))))
    drums = [row["path"] for row in rows if not row["key"] and "gmd__" in row["path"]]
    keyed = [row for row in rows if row["key"]]
    if not drums or not keyed:
        sys.exit("no drum renders (gmd__*) or no key-labelled files in " + root)
    os.makedirs(os.path.join(out, "audio"), exist_ok=True)
    loops = {}
    with open(os.path.join(out, "truth.csv"), "w") as truth:
        truth.write("path,bpm,key,source\n")
        for index, row in enumerate(keyed):
            music = load(os.path.join(root, row["path"]))
            drum_path = drums[index % len(drums)]
            if drum_path not in loops:
                loops[drum_path] = load(os.path.join(root, drum_path))
            drum = np.tile(loops[drum_path], int(np.ceil(len(music) / len(loops[drum_path]))))[: len(music)]
            music_rms = np.sqrt(np.mean(music**2)) + 1e-9
            drum_rms = np.sqrt(np.mean(drum**2)) + 1e-9
            mix = music + drum * (music_rms / drum_rms) * 10 ** (ratio_db / 20)
            mix /= max(1.0, np.abs(mix).max() / 0.99)
            name = "audio/mix%02d_%s.wav" % (index, os.path.splitext(os.path.basename(row["path"]))[0])
            sf.write(os.path.join(out, name), mix.astype(np.float32), 44100, subtype="PCM_16")
            truth.write(f"{name},,{row['key']},{row['source']}\n")
    print(f"wrote {len(keyed)} mixes (drums {ratio_db:+g} dB against the music) to {out}")


if __name__ == "__main__":
    main()
