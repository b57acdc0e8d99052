#!/usr/bin/env python3
"""Print the bench/compare.sh table from its output folder (a Markdown table).

Usage: python bench/compare_table.py OUT_DIR TRUTH_CSV

Reads OUT_DIR/audiowave-{progressive,no-early-exit,fast-path,tempo-key}.{jsonl,time} and OUT_DIR/{essentia,librosa}.{json,time}
(`/usr/bin/time -f '%U %S %e %M'`). AudioWave's CPU time is the whole CLI process (start-up, scan and
writing included); a peer's is bench/peers.py's own measurement over the files (Python start-up, imports
and numba warm-up excluded, which favours the peers), and its peak RSS that of the whole process.
Accuracy uses bench/peers.py's definitions (ACC1 4 %, ACC2 with octave/third factors, MIREX key score).
"""
import datetime
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peers import acc1, acc2, mirex_key_score, parse_key, read_truth  # noqa: E402


def read_time(path):
    user, system, elapsed, rss_kb = open(path).read().split()[-4:]
    return float(user) + float(system), float(elapsed), float(rss_kb) / 1024


def audiowave_row(out, mode, truth):
    records = [json.loads(line) for line in open(os.path.join(out, f"audiowave-{mode}.jsonl")) if line.strip()]
    cpu, wall, rss = read_time(os.path.join(out, f"audiowave-{mode}.time"))
    by_path = {r.get("relative_path"): r for r in records}
    audio = sum((r.get("file") or {}).get("duration_s", 0) for r in records)
    t1 = t2 = nt = ks = nk = 0
    for row in truth:
        rec = by_path.get(row["rel"]) or by_path.get(os.path.basename(row["rel"]))
        if rec is None:
            continue
        bpm = (rec.get("tempo") or {}).get("bpm")
        key = parse_key((rec.get("key") or {}).get("name", ""))
        if row["bpm"] is not None:
            nt += 1
            t1 += acc1(bpm, row["bpm"])
            t2 += acc2(bpm, row["bpm"])
        if row["key"] is not None:
            nk += 1
            ks += mirex_key_score(key, row["key"])[0]
    early = sum(1 for r in records if r.get("early_exit"))
    return {"tool": f"AudioWave {mode}", "files": len(records), "audio": audio, "cpu": cpu, "wall": wall, "rss": rss,
            "acc1": t1 / nt if nt else None, "acc2": t2 / nt if nt else None, "key": ks / nk if nk else None,
            "note": f"{early} early exits"}


def peer_row(out, name):
    path = os.path.join(out, f"{name}.json")
    data = json.load(open(path))[name]["totals"]
    measured = datetime.datetime.fromtimestamp(os.path.getmtime(path), datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    _cpu, _wall, rss = read_time(os.path.join(out, f"{name}.time"))
    return {"tool": f"{name} {data['version']}", "files": data["files"], "audio": data["audio_seconds"],
            "cpu": data["cpu_seconds"], "wall": data["wall_seconds"], "rss": rss,
            "acc1": data["acc1"] if data["tempo_files"] else None, "acc2": data["acc2"] if data["tempo_files"] else None,
            "key": data["key_score"] if data["key_files"] else None, "note": f"measured {measured}"}


def fmt(value, pattern):
    return "–" if value is None else pattern.format(value)


def main():
    out, truth_csv = sys.argv[1], sys.argv[2]
    truth = read_truth(truth_csv)
    rows = [audiowave_row(out, mode, truth) for mode in ("progressive", "no-early-exit", "fast-path", "tempo-key")
            if os.path.exists(os.path.join(out, f"audiowave-{mode}.jsonl"))]
    audiowave_count = len(rows)
    for name in ("essentia", "librosa"):
        if os.path.exists(os.path.join(out, f"{name}.json")):
            rows.append(peer_row(out, name))
    base = rows[0]
    print("| tool | files | audio min | files/s | audio s per CPU s | peak RSS MB | CPU per audio s vs AudioWave progressive"
          " | ACC1 | ACC2 | key score | note |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        speed = r["audio"] / r["cpu"] if r["cpu"] > 0 else None
        base_speed = base["audio"] / base["cpu"] if base["cpu"] > 0 else None
        ratio = base_speed / speed if speed and base_speed else None
        print(f"| {r['tool']} | {r['files']} | {r['audio'] / 60:.1f} | {fmt(r['files'] / r['wall'] if r['wall'] else None, '{:.2f}')}"
              f" | {fmt(speed, '{:.0f}×')} | {r['rss']:.0f} | {fmt(ratio, '{:.2f}×')} | {fmt(r['acc1'], '{:.3f}')}"
              f" | {fmt(r['acc2'], '{:.3f}')} | {fmt(r['key'], '{:.3f}')} | {r['note']} |")
    peers = [r for r in rows[audiowave_count:] if r["cpu"] > 0]
    if peers and base["cpu"] > 0:
        fastest = max(peers, key=lambda r: r["audio"] / r["cpu"])
        factor = (base["audio"] / base["cpu"]) / (fastest["audio"] / fastest["cpu"])
        print(f"\nAudioWave progressive is {factor:.1f}× faster per CPU second than the fastest peer ({fastest['tool']}); "
              "issue-7 goal: ≥ 20× on WAV, ≥ 10× on MP3.")
        fast = next((r for r in rows if r["tool"].endswith("fast-path") and r["cpu"] > 0), None)
        if fast:
            factor = (fast["audio"] / fast["cpu"]) / (fastest["audio"] / fastest["cpu"])
            print(f"With every file taking the fast path (--quality-threshold 0): {factor:.1f}× the fastest peer.")
        lean = next((r for r in rows if r["tool"].endswith("tempo-key") and r["cpu"] > 0), None)
        if lean:
            factor = (lean["audio"] / lean["cpu"]) / (fastest["audio"] / fastest["cpu"])
            print(f"Computing only what the peers compute (--only tempo,key, whole files): {factor:.1f}× the fastest peer; "
                  "issue-5 goal: ≥ 10×.")


if __name__ == "__main__":
    main()
