import sys, os, json, numpy as np
sys.path.insert(0,'/work/wt-analysis/bench')
from peers import read_truth
rows=read_truth('/work/shared/eval-dev')
os.makedirs('/work/wt-analysis/.build-analysis/proto/json',exist_ok=True)
for r in rows:
    name=os.path.basename(r['path'])
    d=np.load(f'/work/wt-analysis/.build-analysis/proto/{name}.npz')
    json.dump({'env':d['env'].astype(float).round(5).tolist(),'chroma':d['chroma'].T.reshape(-1).astype(float).round(5).tolist(),'tuning':float(d['tuning'])},
              open(f'/work/wt-analysis/.build-analysis/proto/json/{name}.json','w'))
