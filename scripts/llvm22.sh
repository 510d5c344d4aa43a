#!/usr/bin/env bash
# The rewriter against Debian 12's other LLVM, 22 (bookworm-security): builds
# npcache-rewrite and npcache-cxx into ./build-llvm22, runs the rewriter's and the
# launcher's lit suites with them, and checks that both rewriters give every cached
# function of the rewrite suite the same code digest (teams on mixed versions share
# entries). Needs ./build (scripts/configure.sh) for the LLVM 19 rewriter.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-llvm22 -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNPCACHE_LLVM_VERSION=22 >/dev/null
cmake --build build-llvm22 -j2 --target npcache-rewrite npcache-cxx npcache_runtime npcache
(cd build-llvm22 && ctest --output-on-failure -R '^(rewrite|launcher)\.lit$')
PATH=/usr/lib/llvm-19/bin:$PATH python3 test/rewrite/Inputs/digest_versions.py \
  build/bin/npcache-rewrite build-llvm22/bin/npcache-rewrite include test/rewrite/*.cpp
