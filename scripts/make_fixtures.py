#!/usr/bin/env python3
"""Generate AudioWave's bundled test fixtures, deterministically.

Run from the repository root: `python3 scripts/make_fixtures.py` (needs numpy and sox; the
`scripts/make_fixtures.sh` wrapper installs sox); `--rate 96000` rebuilds just that one rates/ file.
Every signal is synthesized here from seeded random numbers and exact formulas, so its tempo and key
are known by construction.
Encoded formats (FLAC, Ogg Vorbis, MP3) are made from the WAV masters with sox.
"""
import argparse
import csv
import os
import subprocess
import wave

import numpy as np

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures")
RNG = np.random.default_rng(20261123)

PITCH_CLASSES = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"]


def write_wav(path, samples, rate, channels=1):
    """Write float samples in [-1, 1] as 16-bit PCM WAV (interleaved when stereo)."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    data = np.clip(samples, -1.0, 1.0)
    pcm = np.round(data * 32767.0).astype("<i2")
    with wave.open(path, "wb") as handle:
        handle.setnchannels(channels)
        handle.setsampwidth(2)
        handle.setframerate(rate)
        handle.writeframes(pcm.tobytes())


def sox(*args):
    subprocess.run(["sox", *args], check=True)


def click(rate, freq, length_s, decay_s):
    t = np.arange(int(length_s * rate)) / rate
    return np.sin(2 * np.pi * freq * t) * np.exp(-t / decay_s)


def click_track(bpm, seconds, rate):
    """A metronome: an accented click on every downbeat of 4/4, plain clicks on other beats."""
    out = np.zeros(int(seconds * rate))
    beat = 60.0 / bpm
    accent = click(rate, 1500.0, 0.03, 0.006)
    plain = click(rate, 1000.0, 0.03, 0.006)
    k = 0
    while k * beat < seconds - 0.05:
        start = int(round(k * beat * rate))
        sound = accent if k % 4 == 0 else plain
        end = min(len(out), start + len(sound))
        out[start:end] += sound[: end - start] * 0.8
        k += 1
    return out


def tone(freq, length_s, rate, harmonics=6):
    """A plucked harmonic tone: decaying partials 1/n in amplitude."""
    t = np.arange(int(length_s * rate)) / rate
    sig = np.zeros_like(t)
    for n in range(1, harmonics + 1):
        if freq * n < rate / 2:
            sig += np.sin(2 * np.pi * freq * n * t) / n
    envelope = np.minimum(1.0, t / 0.01) * np.exp(-t / (length_s * 0.6))
    return sig * envelope


def midi_hz(note):
    return 440.0 * 2 ** ((note - 69) / 12)


def chord_progression(tonic_pc, mode, bpm, seconds, rate, with_drums):
    """Block chords of a cadence (major I-IV-V-I-vi-ii-V-I, minor i-iv-V-i-VI-iv-V-i)
    with a bass note, one chord per bar of 4/4, plus an optional kick/hat pattern."""
    base = 48 + tonic_pc  # the tonic around C3
    if mode == "major":
        chords = [(0, [0, 4, 7]), (5, [0, 4, 7]), (7, [0, 4, 7]), (0, [0, 4, 7]),
                  (9, [0, 3, 7]), (2, [0, 3, 7]), (7, [0, 4, 7]), (0, [0, 4, 7])]
    else:
        chords = [(0, [0, 3, 7]), (5, [0, 3, 7]), (7, [0, 4, 7]), (0, [0, 3, 7]),
                  (8, [0, 4, 7]), (5, [0, 3, 7]), (7, [0, 4, 7]), (0, [0, 3, 7])]
    out = np.zeros(int(seconds * rate))
    bar = 4 * 60.0 / bpm
    beat = 60.0 / bpm
    i = 0
    while i * bar < seconds:
        root, intervals = chords[i % len(chords)]
        start = int(round(i * bar * rate))
        for b in range(4):  # re-strike the chord on every beat so tempo is audible too
            s = start + int(round(b * beat * rate))
            if s >= len(out):
                break
            seg = np.zeros(int(beat * rate))
            seg += tone(midi_hz(base + root - 12), beat, rate) * 0.5
            for iv in intervals:
                seg += tone(midi_hz(base + 12 + root + iv), beat, rate) * 0.3
            end = min(len(out), s + len(seg))
            out[s:end] += seg[: end - s]
        i += 1
    if with_drums:
        kick = click(rate, 60.0, 0.15, 0.05)
        hat = RNG.standard_normal(int(0.03 * rate)) * np.exp(-np.arange(int(0.03 * rate)) / (0.005 * rate))
        k = 0
        while k * beat < seconds - 0.2:
            s = int(round(k * beat * rate))
            out[s:s + len(kick)] += kick[: len(out) - s] * 0.7
            h = int(round((k + 0.5) * beat * rate))
            if h + len(hat) < len(out):
                out[h:h + len(hat)] += hat * 0.15
            k += 1
    return out / max(1e-9, np.max(np.abs(out))) * 0.8


RATES = (8000, 96000)


def make_rate_fixture(master, rate):
    """The formats/ master mixed to mono and resampled to `rate`, all 8 s; returns its path in truth.csv.

    sox -R makes the dither repeatable, so rebuilding one file gives the same bytes each time.
    """
    path = f"rates/song_d_major_120bpm_mono_{rate // 1000}k.wav"
    out = os.path.join(ROOT, path)
    os.makedirs(os.path.dirname(out), exist_ok=True)
    sox("-R", master, "-b", "16", out, "remix", "-", "rate", "-v", str(rate), "trim", "0", "8")
    return path


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=int, choices=RATES,
                        help="rebuild only rates/ at this sample rate from the committed formats/ master")
    args = parser.parse_args()
    if args.rate:
        make_rate_fixture(os.path.join(ROOT, "formats/song_d_major_120bpm.wav"), args.rate)
        return
    truth = []
    rate = 22050
    for bpm in (90, 120, 128, 174):
        path = f"tempo/click_{bpm}bpm.wav"
        write_wav(os.path.join(ROOT, path), click_track(bpm, 10.0, rate), rate)
        truth.append((path, bpm, ""))

    keys = [(0, "major", 120), (9, "minor", 100), (7, "major", 110), (4, "minor", 96),
            (6, "minor", 128), (3, "major", 90)]
    for pc, mode, bpm in keys:
        name = f"{PITCH_CLASSES[pc]} {mode}"
        slug = f"{PITCH_CLASSES[pc].replace('#', 's').lower()}_{mode}"
        path = f"key/chords_{slug}_{bpm}bpm.wav"
        write_wav(os.path.join(ROOT, path), chord_progression(pc, mode, bpm, 10.0, rate, True), rate)
        truth.append((path, bpm, name))

    # One piece in every container: 44.1 kHz stereo master (slightly different channels).
    song = chord_progression(2, "major", 120, 8.0, 44100, True)
    stereo = np.stack([song, np.roll(song, 20) * 0.9], axis=1).reshape(-1)
    master = os.path.join(ROOT, "formats/song_d_major_120bpm.wav")
    write_wav(master, stereo, 44100, channels=2)
    truth.append(("formats/song_d_major_120bpm.wav", 120, "D major"))
    for ext, extra, effects in (("flac", [], []), ("ogg", ["-C", "5"], []), ("mp3", ["-C", "192"], []),
                                ("aiff", [], ["rate", "-v", "22050"])):
        out = os.path.join(ROOT, f"formats/song_d_major_120bpm.{ext}")
        sox(master, *extra, out, *effects)
        truth.append((f"formats/song_d_major_120bpm.{ext}", 120, "D major"))
    for r in RATES:
        truth.append((make_rate_fixture(master, r), 120, "D major"))

    write_wav(os.path.join(ROOT, "silence/silence_3s.wav"), np.zeros(3 * rate), rate)
    truth.append(("silence/silence_3s.wav", "", ""))

    bad = os.path.join(ROOT, "bad")
    os.makedirs(bad, exist_ok=True)
    open(os.path.join(bad, "empty.wav"), "wb").close()
    with open(os.path.join(bad, "not_audio.wav"), "w") as handle:
        handle.write("This is a text file with a .wav name, not audio.\n")
    full = os.path.join(bad, "_full.wav")
    write_wav(full, click_track(120, 4.0, rate), rate)
    with open(full, "rb") as handle:
        data = handle.read()
    with open(os.path.join(bad, "truncated.wav"), "wb") as handle:
        handle.write(data[: 44 + rate * 2])  # header promises 4 s, 1 s of data follows
    os.remove(full)

    with open(os.path.join(ROOT, "truth.csv"), "w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["path", "bpm", "key"])
        writer.writerows(truth)


if __name__ == "__main__":
    main()
