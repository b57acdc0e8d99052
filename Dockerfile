# AudioWave in a container: built with the Swift toolchain image, run on Debian slim with only the
# runtime libraries. Used by docs/kubernetes-indexed-job.yaml and docs/slurm-array.sh.
#
#   docker build -t audiowave:0.8.0 .
#   docker run --rm -v "$PWD/fixtures:/data/in:ro" audiowave:0.8.0 analyze /data/in --no-progress
#
# Both stages are Debian 12 (bookworm), so the -dev packages the build links against and the runtime
# packages below are the same library versions. SWIFT_IMAGE may name any Swift ≥ 6.0 bookworm image.
ARG SWIFT_IMAGE=swift:6.3-bookworm

FROM ${SWIFT_IMAGE} AS build
WORKDIR /src
# The build's Debian packages, installed by the same script as on a developer's machine.
COPY scripts/install-deps.sh scripts/install-deps.sh
RUN bash scripts/install-deps.sh && rm -rf /var/lib/apt/lists/*
# Dependencies first, so that a source change does not refetch them.
COPY Package.swift ./
RUN swift package resolve
COPY Sources Sources
# The Swift runtime and Foundation linked statically: the runtime image needs no Swift toolchain.
RUN swift build -c release --product audiowave --static-swift-stdlib \
    && install -D "$(swift build -c release --show-bin-path)/audiowave" /out/audiowave

FROM debian:bookworm-slim
# The C libraries audiowave links: libsndfile (and the codecs it loads), FFTW (single precision), libsoxr,
# libebur128 (the loudness reference), FFmpeg's decoding libraries and TagLib (`--write-tags`; through its C++
# library: the C API libtagc0 cannot write BPM or key). See the README's
# licensing table: FFTW and Debian's FFmpeg build are GPL-2.0-or-later, so this image is distributed
# under the GPL.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        libsndfile1 libfftw3-single3 libsoxr0 libebur128-1 \
        libavformat59 libavcodec59 libswresample4 libavutil57 \
        libtag1v5 \
        ca-certificates tzdata \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /out/audiowave /usr/local/bin/audiowave
RUN useradd --system --uid 10001 --no-create-home audiowave
USER audiowave
ENTRYPOINT ["audiowave"]
CMD ["--help"]
