#!/usr/bin/env python3
"""Generate the fuzzer's seed corpus, fuzz/corpus/: one small file per container and encoding libsndfile reads.

Run from anywhere: `python3 fuzz/make_seeds.py` (needs `pip install soundfile numpy`; the soundfile wheel
bundles a libsndfile that writes every format below, MP3 and Opus included). The output is committed; rerun
it only to change the seeds. Every signal comes from a seeded generator, so the PCM seeds are byte-for-byte
reproducible, each from its own seed; the float and MAT5 files carry libsndfile's time stamps, the Ogg streams
random serial numbers, and the lossy encoders may differ between library versions.

The seeds are short (most under 0.5 s) so that libFuzzer's mutations land in headers and the first frames,
where the parsers are, and each file stays under 20 KB (the whole corpus under 300 KB). A few are
deliberately hostile (lying rates and sizes, huge and NaN floats, cut short), so that mutation starts from
the shapes of the bugs already found (issue 14).

It then calls make_ffmpeg_seeds.py for the formats only FFmpeg decodes (AAC and ALAC in M4A, Opus in WebM, WMA,
AC-3, WavPack, and two broken M4A files); those need the `ffmpeg` command and are skipped, with a message on
standard error, without it.
"""
import io
import os
import struct
import zlib

import numpy as np
import soundfile as sf

import make_ffmpeg_seeds  # beside this file (the script's folder is on sys.path)

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")
MAX_BYTES = 20 * 1024


def signal(rate, channels, seconds, seed):
    """A decaying two-partial tone with a little noise, a different pitch per channel, in [-0.8, 0.8]."""
    rng = np.random.default_rng(zlib.crc32(seed.encode()))
    t = np.arange(int(rate * seconds)) / rate
    columns = []
    for c in range(channels):
        f = 220.0 * (1 + c / 4)
        x = np.sin(2 * np.pi * f * t) + 0.3 * np.sin(2 * np.pi * 3 * f * t) + 0.05 * rng.standard_normal(len(t))
        columns.append(0.6 * x * np.exp(-t / max(seconds, 0.05)))
    return np.clip(np.stack(columns, axis=1), -0.8, 0.8)


# (file name, soundfile format, subtype, rate, channels, seconds)
SEEDS = [
    # WAV and its relatives: every encoding libsndfile reads in RIFF.
    ("wav_pcm16.wav", "WAV", "PCM_16", 8000, 1, 0.25),
    ("wav_pcm16_stereo_44k.wav", "WAV", "PCM_16", 44100, 2, 0.02),
    ("wav_pcm24.wav", "WAV", "PCM_24", 8000, 1, 0.15),
    ("wav_pcm32.wav", "WAV", "PCM_32", 8000, 1, 0.1),
    ("wav_u8.wav", "WAV", "PCM_U8", 11025, 1, 0.2),
    ("wav_float.wav", "WAV", "FLOAT", 8000, 1, 0.1),
    ("wav_double.wav", "WAV", "DOUBLE", 8000, 1, 0.1),
    ("wav_ulaw.wav", "WAV", "ULAW", 8000, 1, 0.2),
    ("wav_alaw.wav", "WAV", "ALAW", 8000, 1, 0.2),
    ("wav_ima_adpcm.wav", "WAV", "IMA_ADPCM", 8000, 2, 0.5),
    ("wav_ms_adpcm.wav", "WAV", "MS_ADPCM", 8000, 1, 0.5),
    ("wav_gsm610.wav", "WAV", "GSM610", 8000, 1, 1.0),
    ("wav_g721.wav", "WAV", "G721_32", 8000, 1, 1.0),
    ("wav_nms_adpcm.wav", "WAV", "NMS_ADPCM_16", 8000, 1, 1.0),
    ("wavex_pcm16_6ch.wav", "WAVEX", "PCM_16", 8000, 6, 0.03),
    ("wavex_float.wav", "WAVEX", "FLOAT", 8000, 2, 0.05),
    ("rf64_pcm16.rf64", "RF64", "PCM_16", 8000, 1, 0.2),
    ("w64_pcm24.w64", "W64", "PCM_24", 8000, 1, 0.2),
    ("w64_ms_adpcm.w64", "W64", "MS_ADPCM", 8000, 1, 0.5),
    # AIFF and AIFC.
    ("aiff_pcm16.aiff", "AIFF", "PCM_16", 8000, 1, 0.2),
    ("aiff_pcm24_stereo.aiff", "AIFF", "PCM_24", 8000, 2, 0.05),
    ("aifc_float.aiff", "AIFF", "FLOAT", 8000, 1, 0.1),
    ("aifc_ima_adpcm.aiff", "AIFF", "IMA_ADPCM", 8000, 1, 0.5),
    ("aifc_ulaw.aiff", "AIFF", "ULAW", 8000, 1, 0.3),
    ("aifc_gsm610.aiff", "AIFF", "GSM610", 8000, 1, 1.0),
    # Apple CAF, Sun AU.
    ("caf_pcm16.caf", "CAF", "PCM_16", 8000, 1, 0.1),
    ("caf_alac16.caf", "CAF", "ALAC_16", 8000, 2, 0.2),
    ("au_pcm16.au", "AU", "PCM_16", 8000, 1, 0.1),
    ("au_g723.au", "AU", "G723_24", 8000, 1, 1.0),
    # Lossless and lossy codecs.
    ("flac_16.flac", "FLAC", "PCM_16", 22050, 1, 0.25),
    ("flac_24_stereo.flac", "FLAC", "PCM_24", 8000, 2, 0.15),
    ("ogg_vorbis.ogg", "OGG", "VORBIS", 22050, 1, 0.5),
    ("ogg_vorbis_stereo.ogg", "OGG", "VORBIS", 44100, 2, 0.3),
    ("opus.opus", "OGG", "OPUS", 48000, 1, 0.5),
    ("opus_stereo_16k.opus", "OGG", "OPUS", 16000, 2, 0.5),
    ("mp3_layer3.mp3", "MP3", "MPEG_LAYER_III", 22050, 1, 1.0),
    ("mp3_layer3_stereo_44k.mp3", "MP3", "MPEG_LAYER_III", 44100, 2, 0.5),
    # The other containers libsndfile reads.
    ("ircam.sf", "IRCAM", "PCM_16", 8000, 1, 0.2),
    ("nist.nist", "NIST", "PCM_16", 8000, 1, 0.2),
    ("voc.voc", "VOC", "PCM_U8", 8000, 1, 0.3),
    ("paf.paf", "PAF", "PCM_24", 8000, 1, 0.1),
    ("svx.iff", "SVX", "PCM_16", 8000, 1, 0.2),
    ("mat4.mat", "MAT4", "FLOAT", 8000, 1, 0.1),
    ("mat5.mat", "MAT5", "PCM_16", 8000, 1, 0.2),
    ("mpc2k.snd", "MPC2K", "PCM_16", 8000, 1, 0.2),
    ("htk.htk", "HTK", "PCM_16", 8000, 1, 0.2),
    ("sds.sds", "SDS", "PCM_16", 8000, 1, 0.1),
    ("pvf.pvf", "PVF", "PCM_16", 8000, 1, 0.2),
    ("wve.wve", "WVE", "ALAW", 8000, 1, 0.3),
    ("xi.xi", "XI", "DPCM_16", 8000, 1, 0.2),
    ("avr.avr", "AVR", "PCM_16", 8000, 1, 0.2),
]


def encode(name, fmt, subtype, rate, channels, seconds):
    data = signal(rate, channels, seconds, name)
    buffer = io.BytesIO()
    buffer.name = "seed"  # soundfile wants a name for some formats
    sf.write(buffer, data, rate, format=fmt, subtype=subtype)
    return buffer.getvalue()


def wav_header(rate, channels, bits, fmt_tag, data_bytes, riff_bytes=None):
    """A canonical 44-byte WAV header; sizes may lie."""
    block_align = channels * bits // 8
    riff = 36 + data_bytes if riff_bytes is None else riff_bytes
    return (
        b"RIFF" + struct.pack("<I", riff & 0xFFFFFFFF) + b"WAVE"
        + b"fmt " + struct.pack(
            "<IHHIIHH", 16, fmt_tag, channels, rate, (rate * block_align) & 0xFFFFFFFF, block_align & 0xFFFF, bits
        )
        + b"data" + struct.pack("<I", data_bytes & 0xFFFFFFFF)
    )


def hostile():
    """Small files in the shapes of issue 14's findings."""
    pcm = (signal(8000, 1, 0.2, "hostile")[:, 0] * 32767).astype("<i2").tobytes()
    seeds = {
        # 1 Hz and 0 Hz rates (the 15 GB memory bomb).
        "hostile_wav_rate_1hz.wav": wav_header(1, 1, 16, 1, len(pcm)) + pcm,
        "hostile_wav_rate_0hz.wav": wav_header(0, 1, 16, 1, len(pcm)) + pcm,
        # A data chunk claiming 4 GB, and a RIFF size claiming less than the file.
        "hostile_wav_data_4gb.wav": wav_header(8000, 1, 16, 1, 0xFFFFFFF0) + pcm,
        "hostile_wav_riff_short.wav": wav_header(8000, 1, 16, 1, len(pcm), riff_bytes=20) + pcm,
        # Cut short in the middle of the samples.
        "hostile_wav_truncated.wav": wav_header(8000, 1, 16, 1, len(pcm) * 4) + pcm,
        # 64 channels, the most accepted, and 65535, beyond it.
        "hostile_wav_64ch.wav": wav_header(8000, 64, 16, 1, 64 * 2 * 20) + bytes(64 * 2 * 20),
        "hostile_wav_65535ch.wav": wav_header(8000, 65535, 16, 1, 4096) + bytes(4096),
    }
    # Float samples of 1e30 and NaN (impossible loudness, non-finite samples).
    huge = np.full(800, 1e30, dtype="<f4").tobytes()
    seeds["hostile_float_1e30.wav"] = wav_header(8000, 1, 32, 3, len(huge)) + huge
    nan = np.concatenate([np.zeros(400), np.full(400, np.nan)]).astype("<f4").tobytes()
    seeds["hostile_float_nan.wav"] = wav_header(8000, 1, 32, 3, len(nan)) + nan
    # AIFF with a 0 Hz rate (an 80-bit extended of zero) and with a frame count far above the data.
    aiff = bytearray(encode("hostile_aiff", "AIFF", "PCM_16", 8000, 1, 0.2))
    comm = aiff.index(b"COMM")
    zero_rate = bytearray(aiff)
    zero_rate[comm + 16 : comm + 26] = bytes(10)
    seeds["hostile_aiff_rate_0hz.aiff"] = bytes(zero_rate)
    many_frames = bytearray(aiff)
    many_frames[comm + 10 : comm + 14] = struct.pack(">I", 0x7FFFFFFF)
    seeds["hostile_aiff_frames_2g.aiff"] = bytes(many_frames)
    # A FLAC whose STREAMINFO claims 60 000 frames per byte (under the 65 536 open refuses): decodeMono reserved
    # room for all of them, 2 GB for this file, before reading a block.
    flac = bytearray(encode("hostile_flac_frames", "FLAC", "PCM_16", 22050, 1, 0.25))
    frames = len(flac) * 60000
    flac[21] = (flac[21] & 0xF0) | ((frames >> 32) & 0x0F)
    flac[22:26] = (frames & 0xFFFFFFFF).to_bytes(4, "big")
    seeds["hostile_flac_frames_60000_per_byte.flac"] = bytes(flac)
    # Lossy streams cut short: the Ogg stream's last page and the MP3's frames after the first few.
    seeds["hostile_opus_truncated.opus"] = encode("hostile_opus", "OGG", "OPUS", 48000, 1, 1.0)[:1500]
    seeds["hostile_mp3_truncated.mp3"] = encode("hostile_mp3", "MP3", "MPEG_LAYER_III", 22050, 1, 1.0)[:100]
    seeds["hostile_flac_truncated.flac"] = encode("hostile_flac", "FLAC", "PCM_16", 22050, 1, 0.5)[:600]
    # A chained Ogg file, links of two rates (its length is read from each link's granule positions), and the
    # same chain cut inside its second link.
    chain = encode("chain_a", "OGG", "VORBIS", 22050, 1, 0.3) + encode("chain_b", "OGG", "VORBIS", 44100, 1, 0.3)
    seeds["hostile_ogg_chained.ogg"] = chain
    seeds["hostile_ogg_chained_cut.ogg"] = chain[: len(chain) * 3 // 4]
    # A PCM CAF whose data chunk runs past the end (ContainerCut).
    seeds["hostile_caf_cut.caf"] = encode("hostile_caf", "CAF", "PCM_16", 22050, 1, 0.5)[:12000]
    # Recordings whose header was never finalised (UnwrittenDataSize): a WAV data chunk of 0 bytes and an AIFF
    # SSND chunk of 8 (its offset and block-size fields), the audio after them.
    seeds["hostile_wav_unfinalised.wav"] = wav_header(8000, 1, 16, 1, 0, riff_bytes=36) + pcm
    unfinalised = bytearray(aiff)
    sound = unfinalised.index(b"SSND")
    unfinalised[sound + 4 : sound + 8] = struct.pack(">I", 8)
    unfinalised[comm + 10 : comm + 14] = struct.pack(">I", 0)
    unfinalised[4:8] = struct.pack(">I", sound + 16 - 8)
    seeds["hostile_aiff_unfinalised.aiff"] = bytes(unfinalised)
    return seeds


def main():
    os.makedirs(OUT, exist_ok=True)
    files = {name: encode(name, *spec) for name, *spec in SEEDS}
    files.update(hostile())
    for name, data in sorted(files.items()):
        if len(data) > MAX_BYTES:
            raise SystemExit(f"{name} is {len(data)} bytes, over {MAX_BYTES}: shorten it")
        with open(os.path.join(OUT, name), "wb") as handle:
            handle.write(data)
    total = sum(len(d) for d in files.values())
    print(f"{len(files)} seeds, {total} bytes in {OUT}")
    # The formats only FFmpeg decodes (M4A, WebM, WMA, AC-3, WavPack), made with the ffmpeg command; skipped
    # with a message on standard error when it is missing.
    ffmpeg_files = make_ffmpeg_seeds.make(OUT)
    if ffmpeg_files:
        total = sum(len(d) for d in ffmpeg_files.values())
        print(f"{len(ffmpeg_files)} FFmpeg seeds, {total} bytes in {OUT}")


if __name__ == "__main__":
    main()
