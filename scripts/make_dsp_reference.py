#!/usr/bin/env python3
"""Reference values for AudioWave's DSP tests, computed with librosa.

Not run by CI. Regenerate with:

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install librosa==0.11.0 numpy==2.4.6 scipy==1.17.1
    /tmp/venv/bin/python scripts/make_dsp_reference.py

For each synthetic signal it writes, into Tests/AudioWaveTests/Resources/dsp/:
  <name>.f32   the input, raw little-endian float32 mono at 22050 Hz
  <name>.json  librosa's outputs (6 significant digits) and every convention used.
Matrices are frame-major lists of frames; large ones are subsampled (the frame indices are recorded).
"""
import json
import os

import librosa
import numpy as np
import scipy

SR = 22050
N_FFT = 2048
HOP = 512
N_MELS = 128
N_MFCC = 20
DURATION = 1.5
OUT = os.path.join(os.path.dirname(__file__), "..", "Tests", "AudioWaveTests", "Resources", "dsp")


def tone(freq, t, amplitude):
    return amplitude * np.sin(2 * np.pi * freq * t)


def make_signals():
    n = int(SR * DURATION)
    t = np.arange(n) / SR
    signals = {}
    # Tonal signals get a faint noise floor (-80 dBFS) so that every band holds real signal rather than
    # window sidelobes far below float32 resolution (which would make spectral contrast compare rounding noise).
    floor = np.random.default_rng(7).standard_normal(n) * 1e-4
    # A 440 Hz tone with two harmonics, exactly at A440 tuning.
    signals["harmonic"] = tone(440.0, t, 0.5) + tone(880.0, t, 0.25) + tone(1320.0, t, 0.125) + floor
    # C major then F major triads, tuned 15 cents sharp, with a short attack at each chord.
    cents = 2 ** (15 / 1200)
    half = n // 2
    chord = np.zeros(n)
    for start, stop, notes in [(0, half, [60, 64, 67]), (half, n, [65, 69, 72])]:
        seg = t[start:stop] - t[start]
        env = np.minimum(1.0, seg / 0.01) * np.exp(-seg * 1.5)
        for midi in notes:
            chord[start:stop] += env * tone(440.0 * 2 ** ((midi - 69) / 12) * cents, seg, 0.2)
    signals["chord"] = chord + floor
    # A click train at 120 BPM: 10 ms decaying 1 kHz bursts, exact silence between them.
    clicks = np.zeros(n)
    burst_len = int(0.01 * SR)
    bt = np.arange(burst_len) / SR
    burst = np.sin(2 * np.pi * 1000 * bt) * np.exp(-bt * 400) * 0.9
    for start in range(int(0.1 * SR), n - burst_len, int(0.5 * SR)):
        clicks[start : start + burst_len] += burst
    signals["clicks"] = clicks
    # Seeded Gaussian white noise.
    rng = np.random.default_rng(20261123)
    signals["noise"] = 0.1 * rng.standard_normal(n)
    return {k: v.astype(np.float32) for k, v in signals.items()}


def r6(x):
    """Round to 6 significant digits, as nested lists of floats."""
    a = np.asarray(x, dtype=np.float64)
    return np.vectorize(lambda v: float(f"{v:.6g}"), otypes=[float])(a).tolist() if a.size else []


def frame_major(m, frames):
    return r6(np.asarray(m)[:, frames].T)


def reference(y):
    common = dict(n_fft=N_FFT, hop_length=HOP, window="hann", center=True, pad_mode="constant")
    D = librosa.stft(y, **common)
    mag = np.abs(D)
    n_frames = mag.shape[1]
    frames = list(range(0, n_frames, 8))
    mel = librosa.feature.melspectrogram(y=y, sr=SR, power=2.0, n_mels=N_MELS, htk=False, norm="slaney", **common)
    mfcc = librosa.feature.mfcc(y=y, sr=SR, n_mfcc=N_MFCC, dct_type=2, norm="ortho", lifter=0,
                                n_mels=N_MELS, htk=False, **common)
    S_power = mag ** 2
    tuning = librosa.estimate_tuning(S=S_power, sr=SR, n_fft=N_FFT, bins_per_octave=12)
    chroma = librosa.feature.chroma_stft(y=y, sr=SR, n_chroma=12, norm=np.inf, tuning=None, **common)
    centroid = librosa.feature.spectral_centroid(y=y, sr=SR, **common)[0]
    bandwidth = librosa.feature.spectral_bandwidth(y=y, sr=SR, p=2, **common)[0]
    rolloff = librosa.feature.spectral_rolloff(y=y, sr=SR, roll_percent=0.85, **common)[0]
    flatness = librosa.feature.spectral_flatness(y=y, amin=1e-10, power=2.0, **common)[0]
    contrast = librosa.feature.spectral_contrast(y=y, sr=SR, fmin=200.0, n_bands=6, quantile=0.02, linear=False,
                                                 **common)
    onset = librosa.onset.onset_strength(y=y, sr=SR, n_fft=N_FFT, hop_length=HOP, lag=1, max_size=1,
                                         center=True, detrend=False, n_mels=N_MELS)
    rms = librosa.feature.rms(y=y, frame_length=N_FFT, hop_length=HOP, center=True, pad_mode="constant")[0]
    zcr = librosa.feature.zero_crossing_rate(y, frame_length=N_FFT, hop_length=HOP, center=True)[0]
    return {
        "frame_count": n_frames,
        "subsampled_frames": frames,
        "stft_magnitude_bin_step": 4,
        "stft_magnitude": r6(mag[::4, frames].T),
        "mel_power": frame_major(mel, frames),
        "mfcc": frame_major(mfcc, list(range(n_frames))),
        "tuning_bins": float(tuning),
        "chroma": frame_major(chroma, list(range(n_frames))),
        "spectral_centroid": r6(centroid),
        "spectral_bandwidth": r6(bandwidth),
        "spectral_rolloff": r6(rolloff),
        "spectral_flatness": r6(flatness),
        "spectral_contrast": frame_major(contrast, list(range(n_frames))),
        "onset_strength": r6(onset),
        "rms": r6(rms),
        "zero_crossing_rate": r6(zcr),
    }


CONVENTIONS = {
    "librosa_version": librosa.__version__,
    "numpy_version": np.__version__,
    "scipy_version": scipy.__version__,
    "sample_rate": SR,
    "n_fft": N_FFT,
    "hop_length": HOP,
    "window": "hann (periodic, scipy.signal.get_window fftbins=True)",
    "center": True,
    "pad_mode": "constant (zeros); zero_crossing_rate pads with 'edge' as librosa does",
    "stft": "magnitude |X|, float32 complex64",
    "mel": "n_mels=128, fmin=0, fmax=sr/2, htk=False (Slaney scale), norm='slaney' (area), power=2.0",
    "power_to_db": "ref=1.0, amin=1e-10, top_db=80 (relative to the global maximum)",
    "mfcc": "n_mfcc=20, dct_type=2, norm='ortho', lifter=0, on power_to_db(mel)",
    "chroma": "chroma_stft: power=2.0, n_chroma=12, tuning=estimate_tuning(S=|X|^2) (piptrack fmin=150, "
              "fmax=4000, threshold=0.1, resolution=0.01), ctroct=5.0, octwidth=2, filter norm=2, base_c=True, "
              "frame norm=inf",
    "spectral_centroid": "magnitude spectrum (power=1)",
    "spectral_bandwidth": "magnitude spectrum, p=2, norm=True",
    "spectral_rolloff": "magnitude spectrum, roll_percent=0.85",
    "spectral_flatness": "power=2.0, amin=1e-10",
    "spectral_contrast": "magnitude, fmin=200, n_bands=6, quantile=0.02, linear=False (power_to_db of peak/valley)",
    "onset_strength": "log-mel (power_to_db of the mel spectrogram above), lag=1, max_size=1, aggregate=mean, "
                      "center=True (left pad lag + n_fft//(2*hop)), detrend=False",
    "rms": "time-domain, frame_length=2048, center=True, pad_mode=constant",
    "zero_crossing_rate": "frame_length=2048, center=True (edge padding), threshold=1e-10, zero_pos=True",
    "layout": "matrices are lists of frames (frame-major); stft_magnitude keeps every 4th bin of the "
              "subsampled frames; mel_power keeps the subsampled frames",
    "rounding": "6 significant digits",
}


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, y in make_signals().items():
        y.astype("<f4").tofile(os.path.join(OUT, f"{name}.f32"))
        doc = {"signal": name, "sample_count": int(len(y)), "conventions": CONVENTIONS, **reference(y)}
        with open(os.path.join(OUT, f"{name}.json"), "w") as f:
            json.dump(doc, f, separators=(",", ":"))
        print(name, len(y), "samples")


if __name__ == "__main__":
    main()
