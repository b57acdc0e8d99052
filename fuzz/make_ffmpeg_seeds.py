#!/usr/bin/env python3
"""Add to the fuzzer's seed corpus, fuzz/corpus/, one small file per format only FFmpeg decodes.

`python3 fuzz/make_seeds.py` calls this after its own seeds; `python3 fuzz/make_ffmpeg_seeds.py` runs it alone
(it needs only the `ffmpeg` command, no Python packages). Without `ffmpeg` on the PATH it writes nothing, says
so on standard error and exits 0, so the libsndfile seeds are still made. The output is committed like the
other seeds.

Every seed encodes the same kind of fixed signal, a decaying two-partial tone (220 Hz and 660 Hz) with a little
noise from aevalsrc's `random(0)` (seeded, so deterministic), made by FFmpeg's lavfi `aevalsrc` source, 0.5 s
long (AC-3 0.25 s: its frames are large), with `-fflags +bitexact -flags:a +bitexact` so that the muxers leave
out version strings, time stamps and random track UIDs: rerunning gives the same bytes with the same FFmpeg
(checked with FFmpeg 5.1 on Debian 12; another version's encoders may produce other bytes). Each file is under
20 KB.

    ffmpeg_aac.m4a            AAC-LC, 22050 Hz mono, 32 kb/s, MP4 (`-f mp4 -movflags +faststart`: the `moov`
                              atom before `mdat`, as iTunes writes it)
    ffmpeg_alac.m4a           ALAC, 8000 Hz stereo, 16 bit, MP4 (`-f mp4`: `moov` after `mdat`, FFmpeg's default)
    ffmpeg_opus.webm          Opus (libopus), 48000 Hz mono, 24 kb/s, WebM (Matroska)
    ffmpeg_wmav2.wma          WMA version 2, 22050 Hz mono, 32 kb/s, ASF
    ffmpeg_ac3.ac3            AC-3, 48000 Hz stereo, 96 kb/s, raw A/52 stream
    ffmpeg_wavpack.wv         WavPack lossless, 8000 Hz mono, 16 bit, raw WavPack stream
    ffmpeg_vorbis_live.webm   Vorbis, 22050 Hz mono, WebM written as a live stream (`-live 1`: no duration, no
                              cues; the length is read from the packets)

a WMA cut to 60% of its bytes (hostile_wma_cut.wma: smaller than its header's file size), and two hostile ones
derived from ffmpeg_aac.m4a:

    hostile_m4a_truncated_moov.m4a   the file cut halfway through its `moov` atom (no sample table, no `mdat`)
    hostile_m4a_mdat_2gb.m4a         `ftyp`, then `mdat` with its 32-bit size set to 0x7FFFFFF0 (claims ~2 GB;
                                     the file is 3 KB), then `moov` (moved after `mdat`, the layout of
                                     ffmpeg_alac.m4a, and the `free` atom dropped) so that the demuxer must
                                     skip the claimed 2 GB to reach the sample table
"""
import os
import shutil
import struct
import subprocess
import sys
import tempfile

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")
MAX_BYTES = 20 * 1024

BITEXACT = ["-fflags", "+bitexact", "-flags:a", "+bitexact"]

# (file name, rate, channels, seconds, ffmpeg output options)
SEEDS = [
    ("ffmpeg_aac.m4a", 22050, 1, 0.5, ["-c:a", "aac", "-b:a", "32k", "-movflags", "+faststart", "-f", "mp4"]),
    ("ffmpeg_alac.m4a", 8000, 2, 0.5, ["-c:a", "alac", "-sample_fmt", "s16p", "-f", "mp4"]),
    ("ffmpeg_opus.webm", 48000, 1, 0.5, ["-c:a", "libopus", "-b:a", "24k", "-f", "webm"]),
    ("ffmpeg_wmav2.wma", 22050, 1, 0.5, ["-c:a", "wmav2", "-b:a", "32k", "-f", "asf"]),
    ("ffmpeg_ac3.ac3", 48000, 2, 0.25, ["-c:a", "ac3", "-b:a", "96k", "-f", "ac3"]),
    ("ffmpeg_wavpack.wv", 8000, 1, 0.5, ["-c:a", "wavpack", "-sample_fmt", "s16p", "-f", "wv"]),
    ("ffmpeg_vorbis_live.webm", 22050, 1, 0.5, ["-c:a", "libvorbis", "-live", "1", "-f", "webm"]),
]


def signal(rate, channels, seconds):
    """lavfi source: the decaying two-partial tone with seeded noise in [-0.8, 0.8], one expression per channel."""
    tone = "0.6*exp(-t/0.5)*(sin(2*PI*{f}*t)+0.3*sin(2*PI*{f3}*t))+0.03*(2*random(0)-1)"
    # A different pitch per channel, as make_seeds.py does.
    exprs = "|".join(tone.format(f=220 * (1 + c / 4), f3=660 * (1 + c / 4)) for c in range(channels))
    return f"aevalsrc=exprs={exprs}:s={rate}:d={seconds}"


def encode(ffmpeg, workdir, name, rate, channels, seconds, options):
    path = os.path.join(workdir, name)
    command = [ffmpeg, "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
               "-f", "lavfi", "-i", signal(rate, channels, seconds), *BITEXACT, *options, path]
    subprocess.run(command, check=True)
    with open(path, "rb") as handle:
        return handle.read()


def atoms(data):
    """The top-level MP4 atoms: (type, offset, size), for 32-bit sizes only (all FFmpeg writes for these)."""
    found, offset = [], 0
    while offset + 8 <= len(data):
        size, kind = struct.unpack(">I4s", data[offset : offset + 8])
        if size < 8:
            raise SystemExit(f"unexpected MP4 atom size {size} at {offset}")
        found.append((kind.decode("latin-1"), offset, size))
        offset += size
    return found


def hostile(m4a):
    """The two broken M4A files, from ffmpeg_aac.m4a (moov before mdat)."""
    top = {kind: (offset, size) for kind, offset, size in atoms(m4a)}
    moov_at, moov_size = top["moov"]
    mdat_at, mdat_size = top["mdat"]
    if not moov_at < mdat_at:
        raise SystemExit("ffmpeg_aac.m4a: expected moov before mdat (-movflags +faststart)")
    seeds = {"hostile_m4a_truncated_moov.m4a": m4a[: moov_at + moov_size // 2]}
    # Move mdat before moov. Its sample offsets (stco) then point elsewhere, but the demuxer reaches the
    # sample table only after skipping the 2 GB mdat claims, which is the path in question.
    mdat = bytearray(m4a[mdat_at : mdat_at + mdat_size])
    mdat[0:4] = struct.pack(">I", 0x7FFFFFF0)
    moov = m4a[moov_at : moov_at + moov_size]
    seeds["hostile_m4a_mdat_2gb.m4a"] = m4a[:moov_at] + bytes(mdat) + moov + m4a[mdat_at + mdat_size :]
    return seeds


def make(out=OUT):
    """Writes the seeds into `out`; returns {name: bytes}, empty when ffmpeg is missing."""
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        print("make_ffmpeg_seeds: ffmpeg not found on PATH: skipping the FFmpeg-only seeds "
              "(M4A, WebM, WMA, AC-3, WavPack)", file=sys.stderr)
        return {}
    os.makedirs(out, exist_ok=True)
    with tempfile.TemporaryDirectory() as workdir:
        files = {name: encode(ffmpeg, workdir, name, *spec) for name, *spec in SEEDS}
    files.update(hostile(files["ffmpeg_aac.m4a"]))
    # An ASF file smaller than its header's file size (ContainerCut).
    wma = files["ffmpeg_wmav2.wma"]
    files["hostile_wma_cut.wma"] = wma[: len(wma) * 6 // 10]
    for name, data in sorted(files.items()):
        if len(data) > MAX_BYTES:
            raise SystemExit(f"{name} is {len(data)} bytes, over {MAX_BYTES}: shorten it")
        with open(os.path.join(out, name), "wb") as handle:
            handle.write(data)
    return files


def main():
    files = make()
    if files:
        print(f"{len(files)} FFmpeg seeds, {sum(len(d) for d in files.values())} bytes in {OUT}")


if __name__ == "__main__":
    main()
