#!/usr/bin/env python3
"""Synthetic stress set for tempo accuracy and confidence calibration: 60 random 30 s drum grooves.

Usage: python bench/make_stress_grooves.py OUT_FOLDER   (writes WAV files and truth.csv; needs numpy, soundfile)

Tempo 60-180 BPM, kick/snare backbeat, hats in 8ths or 16ths, optional swing, 15% triplet feel, tempo
drift up to +-3% over the file, 4 ms timing jitter, random tonal notes, light noise. The label is the
mean tempo of the synthesized quarter-note beat; slow grooves (snare every other beat) and fast ones are
genuinely ambiguous by an octave, which is what this set probes. Deterministic (seed 1234).
"""
import numpy as np, soundfile as sf, os
rng=np.random.default_rng(1234)
import sys
sr=22050; out=sys.argv[1] if len(sys.argv) > 1 else '/tmp/aw-stress'
os.makedirs(out, exist_ok=True)
def hit(kind, n):
    t=np.arange(n)/sr
    if kind=='kick': return np.sin(2*np.pi*(50+80*np.exp(-t*30))*t)*np.exp(-t*12)
    if kind=='snare': return (rng.standard_normal(n)*0.6+np.sin(2*np.pi*190*t))*np.exp(-t*25)
    if kind=='hat': return rng.standard_normal(n)*np.exp(-t*80)*0.3
    if kind=='tone':
        f=rng.choice([220,247,262,294,330,349,392,440])
        return (np.sin(2*np.pi*f*t)+0.5*np.sin(4*np.pi*f*t))*np.exp(-t*3)*0.4
rows=['path,bpm,key']
for i in range(60):
    bpm=float(rng.uniform(60,180)); dur=30.0
    y=np.zeros(int(sr*(dur+1)))
    swing=rng.choice([0,0,0.1,0.2]); sub=rng.choice([2,4]); triplet=rng.random()<0.15
    drift=rng.uniform(-0.03,0.03)
    pattern_k=rng.random(8)<0.35; pattern_k[0]=True
    t=0.0; beat=0
    while t<dur:
        period=60/(bpm*(1+drift*t/dur))
        subs=3 if triplet else sub
        for s in range(subs):
            ts=t+period*s/subs
            if s%2==1 and not triplet: ts+=swing*period/subs
            ts+=rng.normal(0,0.004)
            i0=int(ts*sr)
            if i0<0 or i0>=len(y)-sr//2: continue
            n=sr//2
            if s==0 and beat%2==1: y[i0:i0+n]+=hit('snare',n)*rng.uniform(0.7,1)
            if s==0 and pattern_k[(beat*2)%8]: y[i0:i0+n]+=hit('kick',n)
            elif s>0 and not triplet and rng.random()<0.1 and pattern_k[(beat*2+1)%8]: y[i0:i0+n]+=hit('kick',n)*0.8
            y[i0:i0+n//4]+=hit('hat',n//4)*(1.0 if s==0 else rng.uniform(0.4,0.9))
            if rng.random()<0.3: y[i0:i0+n]+=hit('tone',n)
        t+=period; beat+=1
    y=y[:int(sr*dur)]; y+=rng.standard_normal(len(y))*0.003
    y=y/np.max(np.abs(y))*0.8
    name=f'groove_{i:02d}_{bpm:.1f}{"_trip" if triplet else ""}.wav'
    sf.write(os.path.join(out,name), y.astype(np.float32), sr, subtype='PCM_16')
    rows.append(f'{name},{bpm*(1+drift/2):.2f},')
open(os.path.join(out,'truth.csv'),'w').write('\n'.join(rows)+'\n')
