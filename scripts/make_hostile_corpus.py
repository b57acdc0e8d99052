#!/usr/bin/env python3
"""Write AudioWave's hostile corpus: files a hostile user (or a broken disk) hands to `audiowave analyze`.

Usage: python3 scripts/make_hostile_corpus.py OUTDIR [--fixtures DIR]

Python 3 standard library only. Deterministic (seeded). OUTDIR must not exist or be empty; it gets:

  corpus/          the files, in folders by kind:
    truncated/     WAV, AIFF, FLAC, Ogg Vorbis and MP3 fixtures cut at 12, 100 and 1000 bytes, at 25%,
                   50% and 99% of their length; the WMA fixture cut at 60%
    lying/         headers that lie: a data chunk claiming 4 GB, 0, 1 and 4 000 000 000 Hz, 0 and 200
                   channels, AIFF at 0 and 1 Hz, a WAV, an AU, an RF64 and a CAF whose header promises more
                   frames than it holds, a WAV and an AIFF whose sizes were never written
    floats/        32-bit float WAVs holding NaN, infinity, samples near 1e30, one spike of 2000
                   (+66 dBFS), full-scale binary noise, and a full-scale square tone (a fair signal)
    empty/         0 bytes, and a header with no data
    not_audio/     text, a PNG, zeros and random bytes named like audio; random MP3 frames
    names/         good copies under names that are not UTF-8 (Latin-1, 0xFF 0xFE, a lone
                   continuation byte), a name holding a newline, and one holding U+10FF80
    special/       a FIFO and a link to /dev/zero named like audio files, and a broken link
  expected.json    what `audiowave analyze corpus --jsonl …` must write: per relative path (as the
                   report writes it: bytes that are not UTF-8 as \\xHH) the status, the accepted
                   error codes and a piece of the error message; the paths skipped without a record;
                   the exit status.

The fixtures come from fixtures/ beside this script unless --fixtures names another folder. The test
`Tests/AudioWaveTests/cli/HostileCorpusTests.swift` builds the corpus in a temporary folder and checks
the CLI against expected.json.
"""
import argparse
import json
import math
import os
import random
import struct
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
RNG = random.Random(20261202)
SONG = "formats/song_d_major_120bpm"


def riff_wav(fmt_tag, channels, rate, bits, data, declared_data=None, extra_chunks=b""):
    """A RIFF/WAVE file; `declared_data` overrides the data chunk's size field."""
    block_align = channels * bits // 8
    fmt = struct.pack("<HHIIHH", fmt_tag, channels, rate & 0xFFFFFFFF, (rate * block_align) & 0xFFFFFFFF,
                      block_align & 0xFFFF, bits)
    size = len(data) if declared_data is None else declared_data
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt + extra_chunks
    body += b"data" + struct.pack("<I", size & 0xFFFFFFFF) + data
    return b"RIFF" + struct.pack("<I", len(body) & 0xFFFFFFFF) + body


def sun_au(rate, channels, data_be, declared_data):
    """A Sun AU file (big-endian 16-bit PCM) whose header declares `declared_data` bytes of audio."""
    return b".snd" + struct.pack(">IIIII", 24, declared_data, 3, rate, channels) + data_be


def caf_pcm(rate, data_be, declared_data):
    """A mono 16-bit PCM CAF (big-endian samples) whose data chunk declares `declared_data` bytes of audio."""
    desc = struct.pack(">d4sIIIII", float(rate), b"lpcm", 2, 2, 1, 1, 16)
    return (b"caff" + struct.pack(">HH", 1, 0) + b"desc" + struct.pack(">q", len(desc)) + desc
            + b"data" + struct.pack(">q", 4 + declared_data) + struct.pack(">I", 0) + data_be)


def rf64_wav(rate, bits, data, declared_frames):
    """A mono RF64 file whose ds64 chunk declares `declared_frames` frames (and their bytes)."""
    block_align = bits // 8
    fmt = struct.pack("<HHIIHH", 1, 1, rate, rate * block_align, block_align, bits)
    declared_bytes = declared_frames * block_align
    ds64 = struct.pack("<QQQI", 4 + 36 + 8 + len(fmt) + 8 + declared_bytes, declared_bytes, declared_frames, 0)
    body = b"WAVE" + b"ds64" + struct.pack("<I", len(ds64)) + ds64 + b"fmt " + struct.pack("<I", len(fmt)) + fmt
    body += b"data" + struct.pack("<I", 0xFFFFFFFF) + data
    return b"RF64" + struct.pack("<I", 0xFFFFFFFF) + body


def pcm16(samples):
    return b"".join(struct.pack("<h", max(-32768, min(32767, int(round(s * 32767))))) for s in samples)


def float32(samples):
    return struct.pack("<%df" % len(samples), *samples)


def extended80(value):
    """An IEEE 754 80-bit extended float, big-endian, as AIFF stores its sample rate."""
    if value == 0:
        return b"\x00" * 10
    exponent = int(math.floor(math.log2(value)))
    mantissa = int(value / 2 ** exponent * (1 << 63))
    return struct.pack(">HQ", exponent + 16383, mantissa)


def aiff(channels, rate, samples16):
    """A 16-bit AIFF file (big-endian samples)."""
    data = b"".join(struct.pack(">h", max(-32768, min(32767, int(round(s * 32767))))) for s in samples16)
    frames = len(samples16) // channels
    comm = struct.pack(">hIh", channels, frames, 16) + extended80(rate)
    ssnd = struct.pack(">II", 0, 0) + data
    body = b"AIFF" + b"COMM" + struct.pack(">I", len(comm)) + comm + b"SSND" + struct.pack(">I", len(ssnd)) + ssnd
    return b"FORM" + struct.pack(">I", len(body)) + body


def sine(freq, seconds, rate, amplitude=0.5):
    return [amplitude * math.sin(2 * math.pi * freq * i / rate) for i in range(int(seconds * rate))]


def chord_with_clicks(seconds, rate):
    """A two-note chord with a click on every beat at 120 BPM: something tempo and loudness can measure."""
    out = []
    for i in range(int(seconds * rate)):
        t = (i % (rate // 2)) / rate
        click = 0.4 * math.sin(2 * math.pi * 1000 * t) * math.exp(-t / 0.006) if t < 0.03 else 0.0
        out.append(0.3 * math.sin(2 * math.pi * 220 * i / rate) + 0.2 * math.sin(2 * math.pi * 329.63 * i / rate)
                   + click)
    return out


def display(name_bytes):
    """A path as reports write it: valid UTF-8 as is, every other byte as \\xHH (upper-case hex)."""
    out = []
    index = 0
    while index < len(name_bytes):
        for length in (4, 3, 2, 1):
            chunk = name_bytes[index:index + length]
            try:
                text = chunk.decode("utf-8")
            except UnicodeDecodeError:
                continue
            if len(text) == 1:
                out.append(text)
                index += length
                break
        else:
            out.append("\\x%02X" % name_bytes[index])
            index += 1
    return "".join(out)


class Corpus:
    def __init__(self, out, fixtures):
        self.root = os.path.join(out, "corpus")
        self.out = out
        self.fixtures = fixtures
        self.records = {}
        self.skipped = []

    def path(self, relative):
        relative = relative if isinstance(relative, bytes) else relative.encode()
        full = os.path.join(os.fsencode(self.root), relative)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        return full, display(relative)

    def expect(self, shown, status, codes=(), message=None, warning=None):
        """`codes`: the error codes accepted (none for ok and partial); `message`: a piece of the error
        message; `warning`: a piece of one of the report's warnings."""
        if shown in self.records:
            raise SystemExit("duplicate corpus entry %s" % shown)
        self.records[shown] = {"status": status, "codes": list(codes), "message": message, "warning": warning}

    def file(self, relative, data, status, codes=(), message=None, warning=None):
        full, shown = self.path(relative)
        with open(full, "wb") as handle:
            handle.write(data)
        self.expect(shown, status, codes, message, warning)

    def fixture(self, name):
        with open(os.path.join(self.fixtures, name), "rb") as handle:
            return handle.read()

    def write_expected(self, exit_status):
        with open(os.path.join(self.out, "expected.json"), "w", encoding="utf-8") as handle:
            json.dump({"records": self.records, "skipped": sorted(self.skipped), "exit_status": exit_status},
                      handle, indent=1, sort_keys=True, ensure_ascii=False)
            handle.write("\n")


def truncations(corpus):
    # Where a cut lands decides what a decoder can know. WAV, AIFF and FLAC headers state the length, so
    # a cut through the audio is `truncated`; a cut inside the header leaves nothing recognisable. MP3
    # states no length libsndfile trusts (it measures what is there), so a cut through the audio is a
    # shorter, valid file. Ogg's length comes from the last page's position, which a cut removes, so
    # libsndfile cannot find the stream's end; FFmpeg reads it up to its last complete page, and the record
    # is `partial`, `truncated` (analyzer 0.9.0); cut inside its header, libsndfile finds it malformed and
    # FFmpeg, which knows an Ogg page from its first bytes, finds it ends there: `truncated`, failed.
    # A FLAC cut through its frames decodes up to the cut before the decoder loses sync, and a WAV or AIFF
    # whose data chunk runs past the end holds every frame before the cut: what was decoded is measured and
    # the record is `partial`, `truncated`, with a "cut short" warning (FLAC since analyzer 0.8.0, WAV and
    # AIFF since 0.9.0), once at least one analysis frame (2048 samples at 22050 Hz) came through; a cut
    # before that fails `truncated`.
    for extension in ["wav", "aiff", "flac", "ogg", "mp3"]:
        data = corpus.fixture("%s.%s" % (SONG, extension))
        for label, size in [("12b", 12), ("100b", 100), ("1000b", 1000), ("25pct", len(data) // 4),
                            ("50pct", len(data) // 2), ("99pct", len(data) * 99 // 100)]:
            name = "truncated/%s_%s.%s" % (extension, label, extension)
            # Inside the header: not recognisable, in libsndfile's words; MPEG audio with no complete frame
            # is recognised as cut short.
            unrecognised = ("failed", ["unsupported_format"])
            if extension in ("wav", "aiff"):
                expected = unrecognised if size <= 12 else ("failed", ["truncated"]) if size <= 1000 else (
                    "partial", ["truncated"], "the file is cut short")
            elif extension == "flac":
                expected = unrecognised if size <= 100 else ("failed", ["truncated"]) if size <= 1000 else (
                    "partial", ["truncated"], "the file is cut short")
            elif extension == "ogg":
                expected = ("failed", ["truncated"]) if size <= 1000 else (
                    "partial", ["truncated"], "the file is cut short")
            else:
                expected = ("failed", ["truncated"]) if size <= 100 else ("ok", [])
            corpus.file(name, data[:size], expected[0], expected[1], None, expected[2] if len(expected) > 2 else None)


def lying_headers(corpus):
    one_second = pcm16(sine(440, 1, 22050))
    # A data chunk promising more than the file holds is a cut file to the decoder: the second there is, is
    # measured (`partial`, `truncated`, the promise in the warning).
    corpus.file("lying/data_size_4gb.wav", riff_wav(1, 1, 22050, 16, one_second, declared_data=0xFFFFFFF0),
                "partial", ["truncated"], None, "of the 97391.5 s its header promises")
    corpus.file("lying/frames_promised.wav", riff_wav(1, 1, 22050, 16, one_second, declared_data=len(one_second) * 4),
                "partial", ["truncated"], None, "of the 4.0 s its header promises")
    # The same promise in an AU header and in an RF64's ds64 chunk (analyzer 0.9.0).
    big_endian = b"".join(struct.pack(">h", max(-32768, min(32767, int(round(s * 32767))))) for s in sine(440, 1, 22050))
    corpus.file("lying/frames_promised.au", sun_au(22050, 1, big_endian, len(big_endian) * 4),
                "partial", ["truncated"], None, "of the 4.0 s its header promises")
    corpus.file("lying/frames_promised_rf64.wav", rf64_wav(22050, 16, one_second, 22050 * 4),
                "partial", ["truncated"], "the ds64 chunk says 88200 frames", "of the 4.0 s its header promises")
    # A CAF and a WMA whose headers promise more than the file holds: FFmpeg reads them up to the end, and only
    # their own headers say they are cut (analyzer 0.9.1).
    corpus.file("lying/frames_promised.caf", caf_pcm(22050, big_endian, len(big_endian) * 4),
                "partial", ["truncated"], "the CAF data chunk declares", "of the 4.0 s its header promises")
    wma = corpus.fixture("ffmpeg/song_d_major_120bpm.wma")
    corpus.file("truncated/wma_60pct.wma", wma[:len(wma) * 6 // 10], "partial", ["truncated"],
                "the ASF header declares a file of", "the file is cut short")
    # A recording whose header was never finalised: the sizes as a recorder first writes them (a WAV data chunk of
    # 0 bytes, an AIFF SSND chunk of 8: its offset and block-size fields) with all the audio after. libsndfile
    # found no frames (`empty`); since analyzer 0.9.2 it reads them to the end with the sizes corrected.
    music = pcm16(chord_with_clicks(6, 22050))
    corpus.file("lying/unfinalised.wav", riff_wav(1, 1, 22050, 16, music, declared_data=0), "ok", [], None,
                "header was never finalised")
    unfinished = bytearray(aiff(1, 22050, chord_with_clicks(6, 22050)))
    struct.pack_into(">I", unfinished, 4, 4 + 8 + 18 + 8 + 8)  # FORM: the header up to SSND's fields
    struct.pack_into(">I", unfinished, 12 + 8 + 2, 0)  # COMM: 0 frames
    struct.pack_into(">I", unfinished, 12 + 8 + 18 + 4, 8)  # SSND: 8 bytes
    corpus.file("lying/unfinalised.aiff", bytes(unfinished), "ok", [], None, "header was never finalised")
    for rate in (0, 1, 4_000_000_000):
        corpus.file("lying/rate_%d.wav" % rate, riff_wav(1, 1, rate, 16, one_second), "failed",
                    ["invalid_header"], "Hz is outside 1000...768000")
    for channels in (0, 200):
        corpus.file("lying/channels_%d.wav" % channels, riff_wav(1, channels, 22050, 16, one_second * 2), "failed",
                    ["invalid_header"], "channels is outside 1...64")
    tone = sine(440, 1, 22050)
    for rate in (0, 1):
        corpus.file("lying/rate_%d.aiff" % rate, aiff(1, rate, tone), "failed",
                    ["invalid_header"], "Hz is outside 1000...768000")


def floats(corpus):
    rate = 44100
    music = chord_with_clicks(4, rate)
    corpus.file("floats/nan.wav", riff_wav(3, 1, rate, 32, float32(music[:1000] + [float("nan")] + music[1001:])),
                "failed", ["non_finite_samples"], "nan")
    corpus.file("floats/infinity.wav", riff_wav(3, 1, rate, 32, float32(music[:1000] + [float("inf")] + music[1001:])),
                "failed", ["non_finite_samples"], "inf")
    corpus.file("floats/huge_1e30.wav", riff_wav(3, 1, rate, 32, float32([s * 1e30 for s in music])),
                "partial", [], None, "decoding produced mostly garbage (100% of the non-silent samples lie beyond")
    spiked = list(music)
    spiked[50_000] = 2000.0
    corpus.file("floats/spike_66dbfs.wav", riff_wav(3, 1, rate, 32, float32(spiked)), "partial", [], None,
                "is above +60 dBTP")
    noise = [RNG.choice((-1.0, 1.0)) for _ in range(rate * 4)]
    corpus.file("floats/fullscale_noise.wav", riff_wav(3, 1, rate, 32, float32(noise)), "partial", [], None,
                "are full-scale noise")
    square = [1.0 if (i // 50) % 2 == 0 else -1.0 for i in range(rate * 4)]
    corpus.file("floats/fullscale_square.wav", riff_wav(3, 1, rate, 32, float32(square)), "ok", [], None)


def empties(corpus):
    corpus.file("empty/zero_bytes.wav", b"", "failed", ["empty"], "0 bytes")
    corpus.file("empty/header_only.wav", riff_wav(1, 1, 22050, 16, b""), "failed", ["empty"], None)


def not_audio(corpus):
    corpus.file("not_audio/text.wav", b"this is not a wave file, just text named like one\n", "failed",
                ["unsupported_format"], None)
    png = b"\x89PNG\r\n\x1a\n" + bytes(RNG.getrandbits(8) for _ in range(2000))
    corpus.file("not_audio/image.flac", png, "failed", ["unsupported_format"], None)
    corpus.file("not_audio/zeros.mp3", b"\x00" * 4096, "failed", ["unsupported_format"], None)
    corpus.file("not_audio/random.ogg", bytes(RNG.getrandbits(8) for _ in range(4096)), "failed",
                ["unsupported_format"], None)
    frames = b"".join(b"\xff\xfb\x90\x64" + bytes(RNG.getrandbits(8) for _ in range(413)) for _ in range(400))
    corpus.file("not_audio/random_frames.mp3", frames, "partial", [], None, "decoding produced mostly garbage")


def names(corpus):
    good = corpus.fixture("tempo/click_120bpm.wav")
    for name in [b"names/caf\xe9.wav", b"names/\xff\xfe.wav", b"names/lone\x80byte.wav",
                 "names/new\nline.wav".encode(), "names/plane16_\U0010FF80.wav".encode()]:
        corpus.file(name, good, "ok", [], None)


def specials(corpus):
    fifo, shown = corpus.path("special/pipe.wav")
    os.mkfifo(fifo)
    corpus.skipped.append(shown)
    device, shown = corpus.path("special/zero.wav")
    os.symlink("/dev/zero", device)
    corpus.skipped.append(shown)
    broken, shown = corpus.path("special/gone.wav")
    os.symlink("no-such-file.wav", broken)
    corpus.expect(shown, "failed", ["not_found"], "special/gone.wav")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", help="the folder to write (created; must be empty if it exists)")
    parser.add_argument("--fixtures", default=os.path.join(ROOT, "fixtures"), help="AudioWave's fixtures folder")
    args = parser.parse_args()
    if os.path.isdir(args.out) and os.listdir(args.out):
        sys.exit("%s is not empty" % args.out)
    os.makedirs(args.out, exist_ok=True)
    corpus = Corpus(args.out, args.fixtures)
    for build in (truncations, lying_headers, floats, empties, not_audio, names, specials):
        build(corpus)
    # Failed records and skips both make the exit status 1.
    corpus.write_expected(exit_status=1)
    print("%d files with records, %d skipped, in %s" % (len(corpus.records), len(corpus.skipped), corpus.root))


if __name__ == "__main__":
    main()
