#!/usr/bin/env bash
# without_cmake.sh make|meson WORK_DIR PREFIX
#
# npcache without CMake: the launcher given as the compiler, CXX="npcache-cxx g++", to GNU
# make and to Meson, and the JSON file given to the launcher. A first run computes, a
# second loads, an edit of a helper in another file computes again, undoing it loads.
set -euo pipefail
tool=$1 work=$2 prefix=$3
rm -rf "$work" && mkdir -p "$work/src"
cd "$work/src"
export NPCACHE_DIR="$work/cache" NPCACHE_BUILD_STATE="$work/state"
unset NPCACHE_LOG NPCACHE_MODE NPCACHE_BUILD_LOG
fail() { echo "FAILED: $*"; exit 1; }
step() { echo "== $*"; }

cat >main.cpp <<'EOF2'
#include <cstdio>
extern int computations;
double simulate(int steps);
int main() {
  double v = simulate(10);
  std::printf("computed=%d value=%g\n", computations, v);
}
EOF2
cat >model.cpp <<'EOF2'
#include "helpers.h"
int computations = 0;
[[npcache::cached(pure = true)]] double simulate(int steps) {
  ++computations;
  double x = 0;
  for (int i = 0; i < steps; ++i)
    x = advance(x);
  return x;
}
EOF2
cat >helpers.h <<'EOF2'
double advance(double x);
EOF2
cat >helpers.cpp <<'EOF2'
#include "helpers.h"
double advance(double x) { return x + 0.5; }
EOF2
echo '{ "compress": "zstd", "key": "readable" }' >npcache.json
launcher="$prefix/bin/npcache-cxx --config=$work/src/npcache.json g++"

case "$tool" in
make)
  cat >Makefile <<'EOF2'
CXXFLAGS = -std=c++17 -O2 -Wno-attributes=npcache:: -MMD
app: main.o model.o helpers.o
	$(CXX) $^ -o $@
-include *.d
EOF2
  build() { make -s CXX="$launcher" >"$work/build.log" 2>&1 || { cat "$work/build.log"; fail build; }; }
  program=./app
  ;;
meson)
  cat >meson.build <<'EOF2'
project('cases', 'cpp', default_options: ['cpp_std=c++17'])
add_project_arguments('-Wno-attributes=npcache::', language: 'cpp')
executable('app', 'main.cpp', 'model.cpp', 'helpers.cpp')
EOF2
  CXX="$launcher" meson setup "$work/build" >"$work/configure.log" 2>&1 || { cat "$work/configure.log"; fail "meson setup"; }
  build() { meson compile -C "$work/build" >"$work/build.log" 2>&1 || { cat "$work/build.log"; fail build; }; }
  program=$work/build/app
  ;;
*)
  fail "unknown build tool $tool"
  ;;
esac

expect() {
  local got
  got=$("$program")
  [ "$got" = "$1" ] || fail "expected '$1', got '$got'"
  echo "   $got"
}

step "$tool: build with CXX=\"npcache-cxx g++\", run twice"
build
expect "computed=1 value=5"
expect "computed=0 value=5"
ls "$NPCACHE_DIR"/simulate-*/10-*.npc >/dev/null || fail "the JSON file's key = readable was not applied"
step "$tool: edit the helper in another file"
cp helpers.cpp helpers.orig
sed -i 's/0.5/0.25/' helpers.cpp
build
expect "computed=1 value=2.5"
step "$tool: undo the edit"
cp helpers.orig helpers.cpp
touch helpers.cpp
build
expect "computed=0 value=5"
step "$tool: an edit of the JSON file compiles the rewritten file again"
echo '{ "compress": "zstd", "key": "hash", "version": "2" }' >npcache.json
build
expect "computed=1 value=5"
echo "all checks passed"
