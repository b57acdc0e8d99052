#!/usr/bin/env python3
"""Prototype (not used by AudioWave): kick/snare placement as evidence for the tempo's metrical level.

Usage: python3 bench/tempo_backbeat_prototype.py TRACE.jsonl AUDIO_ROOT OUT.jsonl
  TRACE.jsonl from `audiowave-bench tempo-levels`; AUDIO_ROOT is the folder of the truth CSV (librosa 0.11).

Hypothesis: a fast song read at half its tempo puts its snare (mid/high-band onsets) between the beats and its
kick on them. For every level of every family the beats are tracked on the mel-flux envelope at the level's
tempo (librosa's Ellis tracker, tightness 100, as BeatTracker), and three features are appended, in this order:

  backbeat_hinge  clip(min(snare_offbeat, kick_onbeat), 0, 1): both at once (expected weight < 0: too slow)
  snare_offbeat   clip(log(high(mid-points) / high(beats)), -1, 1), high = flux of the mel bands >= 200 Hz
  kick_onbeat     clip(log(low(beats) / low(mid-points)), -1, 1),  low  = flux of the mel bands < 200 Hz

each band value the mean over beats of the band envelope's maximum within +-2 frames. Fit with
scripts/fit_tempo_levels.py after appending those names to FEATURES. Result: docs/tempo.md, round 2.
"""
import json, os, sys
from concurrent.futures import ProcessPoolExecutor
import numpy as np
import librosa

MEL_HZ = librosa.mel_frequencies(130, fmax=11025)[1:-1]


def envelopes(path):
    y, sr = librosa.load(path, sr=22050, mono=True)
    mel = librosa.feature.melspectrogram(y=y, sr=sr, n_fft=2048, hop_length=512, n_mels=128)
    L = librosa.power_to_db(mel, top_db=80)
    flux = np.concatenate([np.zeros((128, 1)), np.maximum(0, np.diff(L, axis=1))], 1)
    return flux.mean(0), flux[MEL_HZ < 200].mean(0), flux[MEL_HZ >= 200].mean(0)


def at(envelope, frames):
    frames = [int(round(f)) for f in frames if 0 <= f < len(envelope)]
    return (np.mean([envelope[max(0, f - 2):f + 3].max() for f in frames]) if frames else 0) + 1e-6


def process(args):
    line, root = args
    row = json.loads(line)
    if not row.get('trace'):
        return json.dumps(row)
    full, low, high = envelopes(os.path.join(root, row['path']))
    for family in row['trace']['families']:
        for level in family:
            _, beats = librosa.beat.beat_track(onset_envelope=full, sr=22050, hop_length=512, bpm=level['bpm'],
                                               tightness=100, trim=False)
            beats = np.asarray(beats, float)
            if len(beats) < 3:
                level['features'] += [0.0, 0.0, 0.0]
                continue
            mids, ons = (beats[1:] + beats[:-1]) / 2, beats[:-1]
            snare = float(np.log(at(high, mids) / at(high, ons)))
            kick = float(np.log(at(low, ons) / at(low, mids)))
            level['features'] += [float(np.clip(min(snare, kick), 0, 1)), float(np.clip(snare, -1, 1)),
                                  float(np.clip(kick, -1, 1))]
    return json.dumps(row)


def main():
    trace, root, out = sys.argv[1:4]
    lines = [line for line in open(trace) if line.strip()]
    with ProcessPoolExecutor(2) as pool:
        rows = list(pool.map(process, [(line, root) for line in lines]))
    with open(out, 'w') as handle:
        handle.write('\n'.join(rows) + '\n')


if __name__ == '__main__':
    main()
