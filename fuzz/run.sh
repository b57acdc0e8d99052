#!/usr/bin/env bash
# `make fuzz`: builds the libFuzzer target (fuzz/Package.swift) with the address sanitizer and fuzzes the
# probe-and-decode path for FUZZ_SECONDS seconds (default 600), starting from fuzz/corpus/ and the corpus
# earlier runs grew (fuzz/.work/corpus/).
#
# One fuzzing process at a time (-fork=1: libFuzzer runs one child after another and carries on past a
# finding). A finding is a crash, a sanitizer error, a leak, one allocation above 1 GB (-malloc_limit_mb),
# RSS above 1 GB (-rss_limit_mb) or one input running over 30 s (-timeout); its input is kept in
# fuzz/crashers/ (git-ignored). Rerun one with
#     SWIFT_BACKTRACE=enable=no fuzz/.build/release/audiowave-fuzz fuzz/crashers/FILE
# Exit status: 0 when the run found nothing new, 1 when it did, 2 when the build or the run failed.
set -uo pipefail
cd "$(dirname "$0")"
seconds="${FUZZ_SECONDS:-600}"
swift="${SWIFT:-swift}"

# SwiftPM renames an executable's entry point on Linux, so main.swift calls libFuzzer's driver itself;
# gold fails on the sanitizer runtime's symbols (an internal error), so the link uses lld.
"$swift" build -c release --product audiowave-fuzz \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -Xclang-linker -Xswiftc -fuse-ld=lld || exit 2
binary="$("$swift" build -c release --show-bin-path)/audiowave-fuzz"

mkdir -p crashers .work/corpus
log=".work/fuzz-$(date -u +%Y%m%dT%H%M%SZ).log"
before=$(find crashers -type f | wc -l)
touch .work/started
export LSAN_OPTIONS="suppressions=$PWD/lsan.supp:print_suppressions=0"
# Swift's own crash backtracer would take the signal before libFuzzer and the sanitizer report the input.
export SWIFT_BACKTRACE=enable=no
# The inputs are written to files (the decoder opens paths) in memory, in a folder of this run's.
shm=/dev/shm
[ -d "$shm" ] && [ -w "$shm" ] || shm="${TMPDIR:-/tmp}"
AUDIOWAVE_FUZZ_DIR=$(mktemp -d "$shm/audiowave-fuzz.XXXXXX") || exit 2
export AUDIOWAVE_FUZZ_DIR

# The output goes to the log, and the terminal follows it without libmpg123's warning for every broken MPEG
# stream. (Not through a pipe: a symbolizer the sanitizer leaves behind would hold it open.)
: >"$log"
tail -n +1 -f "$log" > >(grep --line-buffered -v '^\[src/libmpg123') &
follower=$!
/usr/bin/time -f "peak RSS %M KB" -o .work/time.txt \
    "$binary" -fork=1 -ignore_crashes=1 -ignore_ooms=1 -ignore_timeouts=1 \
    -max_total_time="$seconds" -rss_limit_mb=1024 -malloc_limit_mb=1024 -timeout=30 -max_len=65536 \
    -artifact_prefix=crashers/ .work/corpus corpus >"$log" 2>&1
status=$?
sleep 1
kill "$follower" 2>/dev/null
rm -rf "$AUDIOWAVE_FUZZ_DIR"

# libFuzzer's last status line in fork mode: "#RUNS: cov: C ft: F corp: N exec/s: E oom/timeout/crash: O/T/C ..."
last=$(grep -E '^#[0-9]+: cov:' "$log" | tail -1)
after=$(find crashers -type f | wc -l)
new=$((after - before))
echo
echo "== audiowave-fuzz: ${seconds} s"
echo "executions:  $(sed -E 's/^#([0-9]+):.*/\1/' <<<"$last")"
echo "coverage:    $(sed -E 's/.*cov: ([0-9]+) ft: ([0-9]+) corp: ([0-9]+).*/\1 edges, \2 features, corpus of \3/' <<<"$last")"
echo "findings:    $(sed -E 's|.*oom/timeout/crash: ([0-9]+)/([0-9]+)/([0-9]+).*|\1 out-of-memory, \2 timeout, \3 crash or leak|' <<<"$last")"
echo "$(cat .work/time.txt 2>/dev/null | tail -1)"
echo "new inputs in fuzz/crashers/: $new"
find crashers -type f -newer .work/started | sed 's/^/  fuzz\//'
echo "log: fuzz/$log"
if [ "$status" -ne 0 ]; then exit 2; fi
[ "$new" -eq 0 ]
