#!/usr/bin/env bash
# The README's first command: from a fresh Debian 12 machine to the demo. It builds and
# installs npcache, builds examples/demo (a function marked [[npcache::cached]], built
# with npcache_enable) from a copy, runs it twice (a miss, then a hit, each a new
# process), then edits the function's body in the copy to show that the edit invalidates,
# and undoes the edit to show that the earlier entry comes back. Last, the npcache
# command shows the cache.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
scripts/install-deps.sh
echo "== building npcache (the rewriter takes a minute or two on 2 cores)"
scripts/configure.sh >build.log 2>&1 || { cat build.log; exit 1; }
cmake --install build --prefix build/install >/dev/null

work=build/demo
rm -rf "$work" && mkdir -p "$work"
cp -r examples/demo "$work/src"
export NPCACHE_DIR="$root/$work/cache"
cmake -S "$work/src" -B "$work/build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
      -DCMAKE_PREFIX_PATH="$root/build/install" >/dev/null
build() { cmake --build "$work/build" >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }; }
run() { "$work/build/npcache_demo"; }
build

echo
echo "== run 1: nothing cached yet, the simulation runs"
run
echo
echo "== run 2: a new process loads the stored result"
run
echo
echo "== edit simulate_heat's body (the hot square is now 50 degrees), rebuild, run"
cp "$work/src/heat.cpp" "$work/heat.orig"
sed -i 's/= 100.0;/= 50.0;/' "$work/src/heat.cpp"
build
NPCACHE_LOG=explain run
echo
echo "== undo the edit, rebuild, run: the entry of the original code is still there"
cp "$work/heat.orig" "$work/src/heat.cpp"
build
run
echo
echo "== the cache directory, as the npcache command shows it"
build/install/bin/npcache stats "$NPCACHE_DIR"
echo
build/install/bin/npcache list "$NPCACHE_DIR"
echo
echo "== one entry's metadata and value; its array exported for NumPy"
entry=$(find "$NPCACHE_DIR" -name '*.npc' | head -1)
build/install/bin/npcache show "$entry"
build/install/bin/npcache export "$entry" --npy "$work/heat.npy"
/usr/bin/python3 -c "import numpy; a = numpy.load('$work/heat.npy'); print('numpy.load:', a.dtype, a.shape, 'max', a.max())"
