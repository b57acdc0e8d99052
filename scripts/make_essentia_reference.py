#!/usr/bin/env python3
"""Reference values for AudioWave's rhythm/dynamics descriptors, computed once with essentia.

Not run by CI. Regenerate with:

    python3 -m venv /tmp/ess && /tmp/ess/bin/pip install essentia==2.1b6.dev1389 numpy
    /tmp/ess/bin/python scripts/make_essentia_reference.py

Writes Tests/AudioWaveTests/Resources/descriptors/essentia_reference.json: for each fixture in fixtures/
(see fixtures/truth.csv), essentia's outputs of OnsetRate, Danceability, DynamicComplexity and BeatsLoudness
with their default parameters (recorded in the file). Input: the fixture decoded by essentia's MonoLoader at
44100 Hz (downmix "mix", resampleQuality 1), so the 22050 Hz fixtures are resampled by essentia; the Swift
tests decode the same file with AudioDecoder at 44100 Hz (soxr) and compare at that rate. Beats for
BeatsLoudness are the fixture's known grid k * 60 / BPM from 0 (fixtures/README.md), kept while
beat + 0.15 s fits in the file, and stored in the JSON so both sides use the same times.

Resamplers differ (essentia's vs soxr) by far less than a dB but enough to move quiet frames of the click tracks,
so each fixture also gets a "native" block: Danceability, DynamicComplexity and BeatsLoudness (which take a
sampleRate parameter) on the file decoded at its own rate (MonoLoader(sampleRate=<file rate>): no resampling).
OnsetRate is fixed at 44100 Hz and has no native block.
"""
import csv
import json
import os

import essentia
import essentia.standard as es

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OUT = os.path.join(ROOT, "Tests", "AudioWaveTests", "Resources", "descriptors", "essentia_reference.json")
SR = 44100.0


def rounded(values, digits=6):
    return [float(f"{float(v):.{digits}g}") for v in values]


def main():
    with open(os.path.join(ROOT, "fixtures", "truth.csv")) as handle:
        rows = [row for row in csv.DictReader(handle) if row["path"].endswith(".wav") and "/rates/" not in "/" + row["path"]]
    fixtures = []
    for row in rows:
        path = row["path"]
        audio = es.MonoLoader(filename=os.path.join(ROOT, "fixtures", path), sampleRate=SR)()
        duration = len(audio) / SR
        onset_times, onset_rate = es.OnsetRate()(audio)
        danceability, dfa = es.Danceability(sampleRate=SR)(audio)
        complexity, loudness = es.DynamicComplexity(sampleRate=SR)(audio)
        beats = []
        if row["bpm"]:
            period = 60.0 / float(row["bpm"])
            k = 0
            while k * period + 0.15 < duration:
                beats.append(round(k * period, 6))
                k += 1
        beat_energy, band_ratio = [], []
        if beats:
            beat_energy, band_ratio = es.BeatsLoudness(sampleRate=SR, beats=beats)(audio)
        native_rate = float(es.MetadataReader(filename=os.path.join(ROOT, "fixtures", path))()[-2])
        native = es.MonoLoader(filename=os.path.join(ROOT, "fixtures", path), sampleRate=native_rate)()
        n_dance, _ = es.Danceability(sampleRate=native_rate)(native)
        n_complexity, n_loudness = es.DynamicComplexity(sampleRate=native_rate)(native)
        n_energy, n_ratio = [], []
        if beats:
            n_energy, n_ratio = es.BeatsLoudness(sampleRate=native_rate, beats=beats)(native)
        fixtures.append({
            "path": path,
            "sample_count": len(audio),
            "onset_rate": float(onset_rate),
            "onset_times": rounded(onset_times),
            "danceability": float(danceability),
            "dfa": rounded(dfa),
            "dynamic_complexity": float(complexity),
            "loudness_db": float(loudness),
            "beats": beats,
            "beats_loudness": rounded(beat_energy),
            "beats_loudness_band_ratio": [rounded(r) for r in band_ratio],
            "native": {
                "sample_rate": native_rate,
                "sample_count": len(native),
                "danceability": float(n_dance),
                "dynamic_complexity": float(n_complexity),
                "loudness_db": float(n_loudness),
                "beats_loudness": rounded(n_energy),
                "beats_loudness_band_ratio": [rounded(r) for r in n_ratio],
            },
        })
    document = {
        "made_by": "scripts/make_essentia_reference.py",
        "essentia_version": essentia.__version__,
        "essentia_pypi": "essentia==2.1b6.dev1389",
        "input": "fixtures/<path> decoded with essentia.standard.MonoLoader(sampleRate=44100, downmix='mix', "
                 "resampleQuality=1): 22050 Hz fixtures are resampled by essentia",
        "algorithms": {
            "OnsetRate": "defaults (fixed 44100 Hz, frame 1024, hop 512, hann, HFC Brossier + complex, Onsets "
                         "alpha 0.1 delay 5 silenceThreshold 0.02); rate = onsets / (samples / 44100)",
            "Danceability": "minTau 310 ms, maxTau 8800 ms, tauMultiplier 1.1, sampleRate 44100",
            "DynamicComplexity": "frameSize 0.2 s, sampleRate 44100",
            "BeatsLoudness": "beatDuration 0.05 s, beatWindowDuration 0.1 s, frequencyBands "
                             "[20, 150, 400, 3200, 7000, 22000] Hz, sampleRate 44100; beats = k*60/bpm from 0 "
                             "while beat + 0.15 s < duration",
        },
        "fixtures": fixtures,
    }
    with open(OUT, "w") as handle:
        json.dump(document, handle, indent=1)
        handle.write("\n")
    print("wrote", OUT, len(fixtures), "fixtures")


if __name__ == "__main__":
    main()
