#!/usr/bin/env bash
# Regenerates fixtures/ffmpeg/: the formats libsndfile does not read (and Ogg Opus, which it does), encoded with
# the ffmpeg command line from fixtures/formats/song_d_major_120bpm.wav (truth: D major, 120 BPM).
#
# Each file holds the same 4 s of that piece, from 2 s to 6 s (its IV and V chords, G and A: D major without
# doubt; the first 4 s, I and IV, read as G), so tempo and key are the source's. Lossy files keep the 44.1 kHz
# stereo source (Opus: 48 kHz), lossless ones are mono at 22050 Hz to stay small (under 100 KB each):
#
#   song_d_major_120bpm_aac.m4a    AAC-LC 64 kb/s in MP4, moov first (-movflags +faststart), so that a copy cut
#                                  short has its index and loses samples (the tests cut one); without perceptual
#                                  noise substitution (-aac_pns 0): PNS fills bands with noise from a generator
#                                  that runs on from frame to frame, so a decode that starts elsewhere (an
#                                  excerpt) fills them with other noise. Without it an excerpt is bit-identical
#                                  to the same span of a full decode, which the tests hold FFmpeg's seek to
#   song_d_major_120bpm_alac.m4a   ALAC, mono 22050 Hz
#   song_d_major_120bpm.opus       Opus 48 kb/s in Ogg (libopus)
#   song_d_major_120bpm_opus.webm  Opus 48 kb/s in WebM
#   song_d_major_120bpm_vorbis_stream.webm
#                                  Vorbis 64 kb/s in WebM written as a live stream (-live 1: no duration, no cues,
#                                  as a browser's MediaRecorder or a pipe writes it): its length is read from its
#                                  packets, whose millisecond durations round each Vorbis block down
#   song_d_major_120bpm.wma        WMA v2 64 kb/s in ASF
#   song_d_major_120bpm.ac3        AC-3 96 kb/s, raw
#   song_d_major_120bpm.wv         WavPack, mono 22050 Hz
#
# Made with ffmpeg 5.1.x (Debian 12: `apt-get install ffmpeg`). Encoders change between versions, so the bytes
# may differ when rebuilt, not the content. Not run by CI: the generated files are committed. Metadata that
# would change on every run (the encoder's version tag, creation times) is left out (-map_metadata -1,
# -fflags +bitexact).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v ffmpeg >/dev/null || { echo "needs the ffmpeg command line (apt-get install ffmpeg)" >&2; exit 1; }

source=fixtures/formats/song_d_major_120bpm.wav
out=fixtures/ffmpeg
rm -rf "$out"
mkdir -p "$out"

encode() {  # encode OUTPUT ARGS...: the 2-6 s span of the source, encoded with ARGS
    local output=$1
    shift
    ffmpeg -hide_banner -loglevel error -nostdin -y -ss 2 -t 4 -i "$source" -map_metadata -1 -fflags +bitexact \
        "$@" "$out/$output"
}

encode song_d_major_120bpm_aac.m4a -c:a aac -aac_pns 0 -b:a 64k -movflags +faststart
encode song_d_major_120bpm_alac.m4a -ac 1 -ar 22050 -c:a alac
encode song_d_major_120bpm.opus -c:a libopus -b:a 48k
encode song_d_major_120bpm_opus.webm -c:a libopus -b:a 48k
encode song_d_major_120bpm_vorbis_stream.webm -c:a libvorbis -b:a 64k -live 1
encode song_d_major_120bpm.wma -c:a wmav2 -b:a 64k
encode song_d_major_120bpm.ac3 -c:a ac3 -b:a 96k
encode song_d_major_120bpm.wv -ac 1 -ar 22050 -c:a wavpack

ls -l "$out"
