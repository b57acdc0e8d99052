#!/usr/bin/env python3
"""Prototype (not used by AudioWave): does another onset detection function, or several combined, put the
true tempo among the tempogram's candidates more often than the current log-mel flux?

Usage: python3 bench/tempo_candidates_prototype.py TRUTH.csv [CACHE_DIR]
  (librosa 0.11, numpy, scipy; the audio is read next to TRUTH.csv; spectra are cached in CACHE_DIR)

For every tempo-labelled file, each variant's envelope(s) go through a replica of `Tempogram` (metrical ACF
acf'(b) = acf+(b) + acf+(b/2)/2 + acf+(b/4)/4, times (1 + dft(b))/2, times the log-normal prior around 120 BPM,
grid 40-240 BPM by 0.5). Several envelopes are combined by agreement: their normalised ACFs and their
peak-normalised Fourier magnitudes are averaged (a periodicity all functions share survives, one function's
artefact is diluted), as multi-feature and sub-band tempo estimators do (Zapata, Davies & Gomez 2014;
Klapuri, Eronen & Astola 2006). Printed per variant:

  fam    share of files whose strongest peak t has t, t/2 or 2t within 4% of the label: what the level
         model can reach at best without switching peaks;
  top3   the same over the three strongest peaks not metrically related to each other;
  ACC1/ACC2 of the strongest peak alone (no level model).

Variants: the current envelope (mean rectified log-mel flux, librosa onset_strength), band fluxes
(low < 200 Hz, mid 200-2000 Hz, high > 2 kHz of the same mel bands; eight log-spaced bands), high-frequency
content (Masri 1996), SuperFlux (max-filtered reference frame, Bock & Widmer, DAFx 2013), the rectified
complex-domain difference (Bello et al. 2004; Dixon 2006), the chroma flux (harmonic change, which marks
beats in music without drums: Goto & Muraoka 1999), and local autocorrelation (windows of 6-18 s
averaged, as librosa's tempogram) instead of one global ACF. Results: docs/tempo.md, round 2.
"""
import csv, os, sys
import numpy as np
import librosa
from scipy.ndimage import maximum_filter1d

FPS = 22050 / 512
GRID = np.arange(40, 240.001, 0.5)
PRIOR = np.exp(-0.5 * np.log2(GRID / 120) ** 2)
MAXLAG = int(4 * 60 * FPS / 40) + 2
MEL_HZ = librosa.mel_frequencies(130, fmax=11025)[1:-1]


def acf(x, maxlag=MAXLAG):
    x = x - x.mean(); n = len(x); e = (x * x).mean()
    if e <= 0 or n < 8: return np.zeros(maxlag + 1)
    r = np.fft.irfft(np.abs(np.fft.rfft(x, 2 * n)) ** 2)[:min(maxlag, n - 1) + 1]
    r = r / (n - np.arange(len(r))) / e
    return np.pad(r, (0, maxlag + 1 - len(r)))


def local_acf(x, window, hop=16):
    starts = range(0, max(1, len(x) - window + 1), hop)
    return np.mean([acf(x[s:s + window]) for s in starts], axis=0)


def dft(x):
    x = x - x.mean(); n = len(x)
    return np.abs(np.exp(-2j * np.pi * np.outer(GRID / 60 / FPS, np.arange(n))) @ (x * np.hanning(n)))


def at_bpm(a, bpm):
    lag = 60 * FPS / bpm; i = lag.astype(int); f = lag - i
    ok = i + 1 < len(a); out = np.zeros_like(bpm)
    out[ok] = np.maximum(0, a[i[ok]] * (1 - f[ok]) + a[i[ok] + 1] * f[ok])
    return out


def tempogram(envs, window=0):
    a = np.mean([local_acf(e, window) if window else acf(e) for e in envs], axis=0)
    f = np.mean([d / max(d.max(), 1e-12) for d in map(dft, envs)], axis=0)
    metrical = at_bpm(a, GRID) + 0.5 * at_bpm(a, GRID / 2) + 0.25 * at_bpm(a, GRID / 4)
    return metrical * (0.5 + 0.5 * f / max(f.max(), 1e-12)) * PRIOR


def peaks(s):
    idx = [i for i in range(1, len(s) - 1) if s[i] > 0 and s[i] >= s[i - 1] and s[i] > s[i + 1]]
    return [GRID[i] for i in sorted(idx, key=lambda i: -s[i])]


def right(b, t, factors=(1,)): return any(abs(b / (t * x) - 1) <= 0.04 for x in factors)
def related(a, b): return right(a, b, (1, 2, 3, 4, 0.5, 1 / 3, 0.25))


def rectified_diff(values, lag=1):
    return np.concatenate([np.zeros(lag), np.maximum(0, values[:, lag:] - values[:, :-lag]).mean(0)])


def spectra(path, cache):
    name = os.path.join(cache, os.path.basename(path) + '.odf.npz')
    if os.path.exists(name):
        cached = dict(np.load(name))
        if 'chroma' in cached: return cached
    y, sr = librosa.load(path, sr=22050, mono=True)
    X = librosa.stft(y, n_fft=2048, hop_length=512)
    mag, phase = np.abs(X), np.angle(X)
    mel = librosa.feature.melspectrogram(S=mag ** 2, sr=sr, n_mels=128)
    predicted = np.zeros_like(X)
    predicted[:, 2:] = mag[:, 1:-1] * np.exp(1j * (2 * phase[:, 1:-1] - phase[:, :-2]))
    rising = mag >= np.pad(mag, ((0, 0), (1, 0)))[:, :-1]
    complex_domain = np.where(rising, np.abs(X - predicted), 0); complex_domain[:, :2] = 0
    out = dict(mel=mel.astype(np.float32), hfc=(mag * np.arange(mag.shape[0])[:, None]).sum(0).astype(np.float32),
               cd=complex_domain.sum(0).astype(np.float32),
               chroma=librosa.feature.chroma_stft(S=mag ** 2, sr=sr).astype(np.float32))
    np.savez(name, **out)
    return out


def variants(s):
    L = librosa.power_to_db(s['mel'], top_db=80)
    flux = np.concatenate([np.zeros((128, 1)), np.maximum(0, np.diff(L, axis=1))], 1)
    full = flux.mean(0)
    band = lambda lo, hi: flux[(MEL_HZ >= lo) & (MEL_HZ < hi)].mean(0)
    low, mid, high = band(0, 200), band(200, 2000), band(2000, 1e5)
    hfc = np.concatenate([[0], np.maximum(0, np.diff(np.log1p(s['hfc'])))])
    superflux = np.concatenate([[0], np.maximum(0, L[:, 1:] - maximum_filter1d(L, 3, axis=0)[:, :-1]).mean(0)])
    cd = np.log1p(s['cd'] / (np.median(s['cd']) + 1e-9))
    chroma = s['chroma'] / (s['chroma'].sum(0, keepdims=True) + 1e-9)
    harmonic = np.concatenate([[0], np.maximum(0, np.diff(chroma, axis=1)).sum(0)])
    edges = np.geomspace(30, 11025, 9)
    eight = [band(edges[i], edges[i + 1]) for i in range(8) if ((MEL_HZ >= edges[i]) & (MEL_HZ < edges[i + 1])).any()]
    return {
        'mel flux (current)': ([full], 0), 'bands low/mid/high': ([low, mid, high], 0),
        'mel flux + 3 bands': ([full, low, mid, high], 0), '8 log bands': (eight, 0),
        'mel flux + HFC': ([full, hfc], 0), 'SuperFlux': ([superflux], 0), 'complex domain': ([cd], 0),
        'mel flux + complex domain': ([full, cd], 0), 'chroma flux': ([harmonic], 0),
        'mel flux + chroma flux': ([full, harmonic], 0), 'mel flux, local ACF 6 s': ([full], 256),
        'mel flux, local ACF 9 s': ([full], 384), 'mel flux, local ACF 18 s': ([full], 768),
    }


def main():
    truth = sys.argv[1]; cache = sys.argv[2] if len(sys.argv) > 2 else '/tmp/aw-odf-cache'
    os.makedirs(cache, exist_ok=True)
    rows = [r for r in csv.DictReader(open(truth)) if r.get('bpm')]
    results = {}
    for row in rows:
        t = float(row['bpm'])
        s = spectra(os.path.join(os.path.dirname(truth), row['path']), cache)
        for name, (envs, window) in variants(s).items():
            n = min(map(len, envs)); p = peaks(tempogram([e[:n] for e in envs], window)); top = p[0]
            distinct = [top]
            for b in p[1:]:
                if len(distinct) < 3 and not any(related(b, d) for d in distinct): distinct.append(b)
            results.setdefault(name, []).append((
                right(top, t, (1, 0.5, 2)), any(right(b, t, (1, 0.5, 2)) for b in distinct),
                right(top, t), right(top, t, (1, 2, 3, 0.5, 1 / 3)), row.get('source', '')))
    for name, r in results.items():
        a = np.array([x[:4] for x in r], float)
        sources = {}
        for x in r: sources.setdefault(x[4].split('/')[0], []).append(x[0])
        print(f"{name:28s} fam {a[:, 0].mean():.3f} top3 {a[:, 1].mean():.3f} ACC1 {a[:, 2].mean():.3f} "
              f"ACC2 {a[:, 3].mean():.3f}  fam by source: " + ' '.join(f"{k} {np.mean(v):.2f}" for k, v in sources.items()))


if __name__ == '__main__':
    main()
