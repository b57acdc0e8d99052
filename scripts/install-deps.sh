#!/usr/bin/env bash
# Installs the Debian packages AudioWave builds against, only those missing.
# Needs root (or sudo) on a Debian/Ubuntu machine with the Swift toolchain already installed.
set -euo pipefail
packages=(pkg-config libsndfile1-dev libfftw3-dev libsoxr-dev libebur128-dev
    libavformat-dev libavcodec-dev libswresample-dev libavutil-dev)
# TagLib, for `analyze --write-tags` (C++ library; its C API libtagc0-dev lacks BPM and key, see docs/architecture.md).
packages+=(libtag1-dev)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "Installing: ${missing[*]}" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
