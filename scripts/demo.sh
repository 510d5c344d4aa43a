#!/usr/bin/env bash
# The README's first command: from a fresh Debian 12 machine to the demo running twice,
# a miss that computes and a hit that loads, each a separate process.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/configure.sh --target npcache_demo
export NPCACHE_DIR="$PWD/build/demo-cache"
rm -rf "$NPCACHE_DIR"
echo
echo "== run 1: nothing cached yet, the simulation runs"
build/examples/demo/npcache_demo
echo
echo "== run 2: a new process loads the stored result"
build/examples/demo/npcache_demo
echo
echo "== run 3: other arguments miss; NPCACHE_LOG=explain says why"
NPCACHE_LOG=explain build/examples/demo/npcache_demo 512 6000
