#!/usr/bin/env bash
# Installs the Debian 12 packages npcache builds and tests with (root, or sudo).
set -euo pipefail
packages=(
  cmake ninja-build g++ pkg-config
  clang-19 libclang-19-dev libclang-cpp19-dev llvm-19-dev llvm-19-tools
  nlohmann-json3-dev libxxhash-dev libzstd-dev
  libgtest-dev libbenchmark-dev libcli11-dev
  libclang-rt-19-dev python3-numpy python3-joblib python3-diskcache
  libelf-dev ccache meson libeigen3-dev liblmdb-dev libsqlite3-dev libabsl-dev
  libhiredis-dev libcurl4-openssl-dev libssl-dev redis-server nginx
  clang-22 libclang-22-dev libclang-cpp22-dev llvm-22-dev
  libopenmpi-dev openmpi-bin libopenblas-dev libblis-dev
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
