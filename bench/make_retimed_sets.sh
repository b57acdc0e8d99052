#!/usr/bin/env bash
# Faster and slower copies of a labelled folder, with their labels moved to match: does the tempo's metrical-level
# decision follow the music, or the tempi the folder happens to hold?
#
#   bash bench/make_retimed_sets.sh ../shared/eval-dev /tmp/retimed
#   for set in /tmp/retimed/*/; do echo "$set"; .build/release/audiowave eval --truth "$set/truth.csv" | sed -n 2,3p; done
#
# Reads FOLDER/truth.csv (path,bpm,key[,source]) and writes one folder per change, each with its own audio/ and
# truth.csv: played a semitone faster (`up1`: sox `speed`, tempo × 2^(1/12), key one semitone up) and a semitone
# slower (`down1`), and stretched in time with the pitch kept (`tempo80`, `tempo90`, `tempo110`, `tempo125`: sox
# `tempo -m`, WSOLA; tempo × 0.8 … 1.25, key unchanged). A tempo estimator whose level decision leans on the folder's
# tempo distribution scores worse on the stretched sets than on the folder; one that reads the music does not.
# Needs sox with MP3 support (Debian: sox libsox-fmt-mp3); `-R` seeds its dither, so the sets are the same every
# run. Nothing it writes belongs in the repository. docs/tempo.md ("Faster and slower") has the figures.
set -euo pipefail
source_folder=${1:?usage: make_retimed_sets.sh FOLDER OUT}
out=${2:?usage: make_retimed_sets.sh FOLDER OUT}
sets=(up1 down1 tempo80 tempo90 tempo110 tempo125)
declare -A effect=([up1]="speed 1.0594631" [down1]="speed 0.9438743" [tempo80]="tempo -m 0.8"
    [tempo90]="tempo -m 0.9" [tempo110]="tempo -m 1.1" [tempo125]="tempo -m 1.25")
declare -A factor=([up1]=1.0594631 [down1]=0.9438743 [tempo80]=0.8 [tempo90]=0.9 [tempo110]=1.1 [tempo125]=1.25)
declare -A semitones=([up1]=1 [down1]=-1 [tempo80]=0 [tempo90]=0 [tempo110]=0 [tempo125]=0)
names=(C C# D D# E F F# G G# A A# B)
transpose() { # "D minor" 1 -> "D# minor"; "" stays ""
    local key=$1 shift=$2
    [ -z "$key" ] && return 0
    local tonic=${key%% *} mode=${key#* } index
    for index in "${!names[@]}"; do
        if [ "${names[$index]}" = "$tonic" ]; then
            echo "${names[$(((index + shift + 12) % 12))]} $mode"
            return 0
        fi
    done
    echo "unknown tonic in key label: $key" >&2
    return 1
}
for set in "${sets[@]}"; do
    mkdir -p "$out/$set/audio"
    head -n 1 "$source_folder/truth.csv" > "$out/$set/truth.csv"
done
tail -n +2 "$source_folder/truth.csv" | while IFS=, read -r path bpm key source; do
    base=$(basename "${path%.*}")
    for set in "${sets[@]}"; do
        # shellcheck disable=SC2086 # the effect is several words on purpose
        sox -R -q "$source_folder/$path" "$out/$set/audio/$base.wav" ${effect[$set]}
        new_bpm=""
        [ -n "$bpm" ] && new_bpm=$(awk -v b="$bpm" -v f="${factor[$set]}" 'BEGIN { printf "%.2f", b * f }')
        new_key=$(transpose "$key" "${semitones[$set]}")
        echo "audio/$base.wav,$new_bpm,$new_key,$source" >> "$out/$set/truth.csv"
    done
done
echo "wrote ${sets[*]} under $out"
