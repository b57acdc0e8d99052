#!/usr/bin/env python3
"""Prototype (not used by AudioWave): sub-band periodicity features for the tempo level model.

Usage: python3 bench/tempo_band_prototype.py TRACE.jsonl TRUTH.csv OUT.jsonl
  TRACE.jsonl from `audiowave-bench tempo-levels`; the audio is read next to TRUTH.csv (numpy, scipy, soundfile).
Appends to every level's features, for the spectral flux of three bands of a 40-band log-spaced spectrum
(low < 200 Hz, mid 200-2000 Hz, high > 2 kHz): log(acf(2*bpm)/acf(bpm)) and log(acf(bpm)/acf(bpm/2)), in that
band order (lo_dbl, lo_half, mid_dbl, mid_half, hi_dbl, hi_half). Fit with scripts/fit_tempo_levels.py after
adding those names to FEATURES. Result: docs/tempo.md, "Tried and dropped".
"""
import json, os, sys
import numpy as np
import soundfile as sf
from scipy.signal import resample_poly
def envs(path):
    y, sr = sf.read(path, dtype='float32', always_2d=True); y = y.mean(1)
    if sr != 22050: y = resample_poly(y, 22050, sr).astype(np.float32)
    n=2048; hop=512; w=np.hanning(n).astype(np.float32)
    frames = 1 + max(0,(len(y)-n))//hop
    idx = np.arange(n)[None,:] + hop*np.arange(frames)[:,None]
    S = np.abs(np.fft.rfft(y[idx]*w, axis=1))**2
    f = np.fft.rfftfreq(n, 1/22050)
    # log-spaced bands ~ 32 per edges 30..11000
    edges = np.geomspace(30, 11000, 41)
    B = np.stack([S[:, (f>=edges[i])&(f<edges[i+1])].sum(1)+1e-10 for i in range(40)],1)
    L = 10*np.log10(B); L = np.maximum(L, L.max()-80)
    D = np.maximum(0, np.diff(L, axis=0))
    cen = np.sqrt(edges[:-1]*edges[1:])
    out = {}
    for name,(lo,hi) in {'low':(0,200),'mid':(200,2000),'high':(2000,20000)}.items():
        m=(cen>=lo)&(cen<hi); out[name]=D[:,m].mean(1)
    return out
def acf(x, lag):
    x=x-x.mean(); e=(x*x).mean()
    if e<=0: return 0
    i=int(lag); fr=lag-i
    if i+1>=len(x): return 0
    a=(x[:len(x)-i]*x[i:]).mean()/e; b=(x[:len(x)-i-1]*x[i+1:]).mean()/e
    return max(0,a*(1-fr)+b*fr)
src=sys.argv[1]; root=os.path.dirname(sys.argv[2]); out=open(sys.argv[3],'w')
for l in open(src):
    d=json.loads(l); e=envs(os.path.join(root,d['path']))
    fps=22050/512
    for fam in d['trace']['families']:
        for x in fam:
            b=x['bpm']; extra=[]
            for name in ['low','mid','high']:
                p=max(acf(e[name],60*fps/b),0.01); p2=max(acf(e[name],30*fps/b),0.01); ph=max(acf(e[name],120*fps/b),0.01)
                extra += [np.log(p2/p), np.log(p/ph)]
            x['features'] = x['features'] + [float(v) for v in extra]
    out.write(json.dumps(d)+'\n')
