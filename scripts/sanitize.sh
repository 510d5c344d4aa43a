#!/usr/bin/env bash
# Builds the runtime, the command and their tests with Clang 19 under AddressSanitizer
# and UndefinedBehaviorSanitizer in build-sanitize/, and runs them with the fuzz targets
# (NPCACHE_FUZZ_SECONDS each, 45 by default, from libFuzzer seed NPCACHE_FUZZ_SEED, 1 by
# default). The rewriter is left out: it is LLVM's code more than ours, and its tests run
# in the normal build.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${NPCACHE_FUZZ_SECONDS:-45}"
seed="${NPCACHE_FUZZ_SEED:-1}"
cmake -S . -B build-sanitize -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19 \
  -DNPCACHE_SANITIZE=ON -DNPCACHE_FUZZ=ON -DNPCACHE_FUZZ_SECONDS="$seconds" -DNPCACHE_FUZZ_SEED="$seed" \
  -DNPCACHE_BUILD_EXAMPLES=OFF -DNPCACHE_BUILD_BENCH=OFF
cmake --build build-sanitize -j2 --target \
  npcache_unit_tests npcache_remote_tests npcache_probe npcache npcache_fill npcache_stress \
  npcache_fuzz_entry npcache_fuzz_codecs npcache_fuzz_config npcache_fuzz_options \
  npcache_replay_entry npcache_replay_codecs npcache_replay_config npcache_replay_options
cd build-sanitize
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --output-on-failure -j2 --timeout 600 -L 'unit|command|reliability|fuzz|remote'
