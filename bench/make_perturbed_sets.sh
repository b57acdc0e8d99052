#!/usr/bin/env bash
# Perturbed copies of a labelled folder, to see how much of a score is the estimator and how much the exact bytes.
#
#   bash bench/make_perturbed_sets.sh ../shared/eval-dev /tmp/perturbed
#   for set in /tmp/perturbed/*/; do echo "$set"; .build/release/audiowave eval --truth "$set/truth.csv" | sed -n 2,3p; done
#
# Reads FOLDER/truth.csv (path,bpm,key[,source]) and writes one folder per perturbation, each with its own audio/
# and truth.csv (paths renamed to the new files): every file decoded by sox (`wav`: another MP3 decoder than
# libsndfile's), that WAV after 4.0 s of silence (`lead`) and after 172 hops of 512 samples at 22050 Hz
# (`lead_hops`: the frames fall as in `wav`), with 2 s of silence in its middle (`stop`), 30 dB quieter (`quiet`),
# resampled to 11025 Hz (`sr11k`) and to 8000 Hz mono (`sr8k`), re-encoded as 32 kbit/s MP3 (`mp3_32k`) and 12 dB
# louder with clipping (`clip`), and after 4 s of pink noise at −60 dBFS that goes on under the music
# (`lead_hiss`: a noise floor rather than digital silence).
# Needs sox with MP3 support (Debian: sox libsox-fmt-mp3); `-R` seeds its dither, so the sets are the same every
# run. Nothing it writes belongs in the repository.
# docs/tempo.md ("Silence padding and other perturbations") has the figures of 0.9.1 and 0.9.2 on eval-dev.
set -euo pipefail
source_folder=${1:?usage: make_perturbed_sets.sh FOLDER OUT}
out=${2:?usage: make_perturbed_sets.sh FOLDER OUT}
sets=(wav lead lead_hops stop quiet sr11k sr8k mp3_32k clip lead_hiss)
for set in "${sets[@]}"; do mkdir -p "$out/$set/audio"; done
header=$(head -n 1 "$source_folder/truth.csv")
for set in "${sets[@]}"; do echo "$header" > "$out/$set/truth.csv"; done
tail -n +2 "$source_folder/truth.csv" | while IFS= read -r row; do
    path=${row%%,*}
    rest=${row#*,}
    input="$source_folder/$path"
    base=$(basename "${path%.*}")
    wav="$out/wav/audio/$base.wav"
    sox -R -q "$input" "$wav"
    rate=$(soxi -r "$wav")
    sox -R -q "$wav" "$out/lead/audio/$base.wav" pad 4 0
    sox -R -q "$wav" "$out/lead_hops/audio/$base.wav" pad "$((172 * 512 * rate / 22050))s" 0
    middle=$(soxi -s "$wav")
    sox -R -q "$wav" "$out/stop/audio/$base.wav" pad 2@"$((middle / 2))s"
    sox -R -q "$wav" "$out/quiet/audio/$base.wav" vol -30 dB
    sox -R -q "$wav" -r 11025 "$out/sr11k/audio/$base.wav"
    sox -R -q "$wav" -r 8000 -c 1 "$out/sr8k/audio/$base.wav"
    sox -R -q "$wav" -C 32 "$out/mp3_32k/audio/$base.mp3"
    sox -R -q "$wav" "$out/clip/audio/$base.wav" gain 12 2>/dev/null
    seconds=$(soxi -D "$wav")
    sox -R -q -n -r "$rate" -c "$(soxi -c "$wav")" "$out/hiss.wav" synth "$(awk -v d="$seconds" 'BEGIN { print d + 4 }')" \
        pinknoise vol -60dB
    sox -R -q "$wav" "$out/padded.wav" pad 4 0
    sox -R -q -m "$out/padded.wav" "$out/hiss.wav" "$out/lead_hiss/audio/$base.wav"
    for set in "${sets[@]}"; do
        extension=wav
        [ "$set" = mp3_32k ] && extension=mp3
        echo "audio/$base.$extension,$rest" >> "$out/$set/truth.csv"
    done
done
rm -f "$out/hiss.wav" "$out/padded.wav"
echo "wrote ${sets[*]} under $out"
