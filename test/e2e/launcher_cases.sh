#!/usr/bin/env bash
# launcher_cases.sh CASE WORK_DIR PREFIX
#
# Each case builds a small project with the installed npcache the way a user would, runs
# the program in new processes, and checks hits and misses by what the program counts:
# "computed=N" is how many times cached bodies ran. A change that changes behaviour must
# miss; one that does not must hit.
set -euo pipefail
case_name=$1 work=$2 prefix=$3
rm -rf "$work" && mkdir -p "$work/src"
cd "$work"
export NPCACHE_DIR="$work/cache"
unset NPCACHE_LOG NPCACHE_MODE NPCACHE_BUILD_LOG
src=$work/src

fail() { echo "FAILED: $*"; exit 1; }
step() { echo "== $*"; }
configure() { # extra cmake arguments
  cmake -S "$src" -B "$work/build" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" "$@" >"$work/configure.log" 2>&1 ||
    { cat "$work/configure.log"; fail "configure"; }
}
build() {
  cmake --build "$work/build" -v >"$work/build.log" 2>&1 || { cat "$work/build.log"; fail "build"; }
}
expect() { # expected output, program (default: build/app)
  local got
  got=$("${2:-$work/build/app}")
  [ "$got" = "$1" ] || fail "expected '$1', got '$got'"
  echo "   $got"
}

# A cached function whose body reads VARIANT, with a counter of computations.
write_variant_project() {
  cat >"$src/CMakeLists.txt" <<'EOF'
cmake_minimum_required(VERSION 3.25)
project(cases LANGUAGES CXX)
find_package(npcache CONFIG REQUIRED)
add_executable(app main.cpp model.cpp)
npcache_enable(app)
EOF
  cat >"$src/main.cpp" <<'EOF'
#include <cstdio>
extern int computations;
int value(int n);
int main() {
  int v = value(45);
  std::printf("computed=%d value=%d\n", computations, v);
}
EOF
  cat >"$src/model.cpp" <<'EOF'
int computations = 0;
[[npcache::cached(pure = true)]] int value(int n) {
  ++computations;
  return n * VARIANT;
}
EOF
}

case "$case_name" in
cmake_cxx_flags)
  step "CMAKE_CXX_FLAGS=-DVARIANT=1, then 2: the second build computes 90, not the 45 stored"
  write_variant_project
  configure -DCMAKE_CXX_FLAGS=-DVARIANT=1
  build
  expect "computed=1 value=45"
  expect "computed=0 value=45"
  configure -DCMAKE_CXX_FLAGS=-DVARIANT=2
  build
  expect "computed=1 value=90"
  configure -DCMAKE_CXX_FLAGS=-DVARIANT=1
  build
  expect "computed=0 value=45"
  ;;

config_flags)
  step "per-configuration flags: CMAKE_CXX_FLAGS_RELEASE carries -DNDEBUG, which the body reads"
  write_variant_project
  sed -i 's/return n \* VARIANT;/#ifdef NDEBUG\n  return n;\n#else\n  return n * 2;\n#endif/' "$src/model.cpp"
  configure -DCMAKE_BUILD_TYPE=Debug
  build
  expect "computed=1 value=90"
  configure -DCMAKE_BUILD_TYPE=Release
  build
  expect "computed=1 value=45"
  expect "computed=0 value=45"
  step "the same body, other flags that leave NDEBUG alone: RelWithDebInfo has -O2, another build context"
  configure -DCMAKE_BUILD_TYPE=RelWithDebInfo
  build
  expect "computed=1 value=45"
  ;;

cxxflags_environment)
  step "CXXFLAGS from the environment (as conda and Spack set it) reaches the rewrite"
  write_variant_project
  CXXFLAGS=-DVARIANT=3 configure
  build
  expect "computed=1 value=135"
  rm -rf "$work/build"
  CXXFLAGS=-DVARIANT=4 configure
  build
  expect "computed=1 value=180"
  ;;

per_source)
  step "per-source definitions, include directories and options"
  write_variant_project
  mkdir -p "$src/include_a" "$src/include_b"
  echo 'inline int factor() { return 1; }' >"$src/include_a/factor.h"
  echo 'inline int factor() { return 3; }' >"$src/include_b/factor.h"
  sed -i 's/^int computations = 0;/#include "factor.h"\nint computations = 0;/; s/return n \* VARIANT;/return n * VARIANT * factor() * SCALE;/' "$src/model.cpp"
  cat >>"$src/CMakeLists.txt" <<'EOF'
set_source_files_properties(model.cpp PROPERTIES
  COMPILE_DEFINITIONS VARIANT=${VARIANT}
  INCLUDE_DIRECTORIES ${CMAKE_CURRENT_SOURCE_DIR}/${FACTOR_DIR}
  COMPILE_OPTIONS -DSCALE=${SCALE})
EOF
  configure -DVARIANT=2 -DFACTOR_DIR=include_a -DSCALE=1
  build
  expect "computed=1 value=90"
  expect "computed=0 value=90"
  configure -DVARIANT=2 -DFACTOR_DIR=include_b -DSCALE=1
  build
  expect "computed=1 value=270"
  configure -DVARIANT=2 -DFACTOR_DIR=include_b -DSCALE=2
  build
  expect "computed=1 value=540"
  ;;

isystem)
  step "an imported target's headers arrive as -isystem: their code counts by name only"
  write_variant_project
  mkdir -p "$src/third_party"
  cat >"$src/third_party/lib.h" <<'EOF'
namespace third { inline int scale(int n) { return n + 1; } }
EOF
  sed -i 's/^int computations = 0;/#include <lib.h>\nint computations = 0;/; s/return n \* VARIANT;/return third::scale(n) * VARIANT;/' "$src/model.cpp"
  cat >>"$src/CMakeLists.txt" <<'EOF'
add_library(third INTERFACE IMPORTED)
set_target_properties(third PROPERTIES INTERFACE_INCLUDE_DIRECTORIES ${CMAKE_CURRENT_SOURCE_DIR}/third_party)
target_link_libraries(app PRIVATE third)
target_compile_definitions(app PRIVATE VARIANT=1)
EOF
  configure
  build
  grep -q -- "-isystem [^ ]*third_party" "$work/build.log" || fail "no -isystem in the compile"
  expect "computed=1 value=46"
  step "explain lists the function itself and nothing of the third-party header"
  deps=$(cat "$work"/cache/value-*/*.deps)
  echo "$deps" | grep -q "^value(int)" || fail "no dependency list: $deps"
  if echo "$deps" | grep -q "third::scale"; then fail "the -isystem header was digested: $deps"; fi
  ;;

gnu_extensions)
  step "CXX_EXTENSIONS: the compiler gets -std=gnu++20, and so does the rewrite"
  write_variant_project
  sed -i 's/return n \* VARIANT;/#ifdef __STRICT_ANSI__\n  return n;\n#else\n  return n * 2;\n#endif/' "$src/model.cpp"
  echo 'set_target_properties(app PROPERTIES CXX_STANDARD 20 CXX_EXTENSIONS ${EXT})' >>"$src/CMakeLists.txt"
  configure -DEXT=ON
  build
  grep -q -- "-std=gnu++20" "$work/build.log" || fail "no -std=gnu++20 in the compile"
  expect "computed=1 value=90"
  configure -DEXT=OFF
  build
  expect "computed=1 value=45"
  configure -DEXT=ON
  build
  expect "computed=0 value=90"
  ;;

libraries)
  step "a static library and a shared library of the same project, edited in a helper"
  cat >"$src/CMakeLists.txt" <<'EOF'
cmake_minimum_required(VERSION 3.25)
project(cases LANGUAGES CXX)
find_package(npcache CONFIG REQUIRED)
add_subdirectory(core)
add_library(shapes SHARED shapes.cpp)
add_executable(app main.cpp)
target_link_libraries(app PRIVATE core shapes)
npcache_enable(app)
EOF
  mkdir -p "$src/core"
  cat >"$src/core/CMakeLists.txt" <<'EOF'
add_library(core STATIC numerics.cpp solver.cpp)
target_include_directories(core PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})
EOF
  cat >"$src/core/core.h" <<'EOF'
double step(double x);
double solve(double x);
extern int solver_runs;
EOF
  cat >"$src/core/numerics.cpp" <<'EOF'
#include "core.h"
double step(double x) { return x * 0.5; }
EOF
  cat >"$src/core/solver.cpp" <<'EOF'
#include "core.h"
int solver_runs = 0;
[[npcache::cached(pure = true)]] double solve(double x) {
  ++solver_runs;
  for (int i = 0; i < 3; ++i)
    x = step(x);
  return x;
}
EOF
  cat >"$src/shapes.cpp" <<'EOF'
double area(double r) { return 3 * r * r; }
EOF
  cat >"$src/main.cpp" <<'EOF'
#include "core.h"
#include <cstdio>
double area(double r);
int app_runs = 0;
[[npcache::cached(pure = true)]] double model(double r) { ++app_runs; return area(r) + step(r); }
int main() {
  double a = solve(8.0), b = model(2.0);
  std::printf("computed=%d value=%g %g\n", solver_runs + app_runs, a, b);
}
EOF
  configure
  build
  expect "computed=2 value=1 13"
  expect "computed=0 value=1 13"
  step "edit the static library's helper: both cached functions reach it"
  sed -i 's/x \* 0.5/x * 0.25/' "$src/core/numerics.cpp"
  build
  expect "computed=2 value=0.125 12.5"
  step "edit the shared library: only the function that calls into it computes"
  sed -i 's/3 \* r \* r/4 * r * r/' "$src/shapes.cpp"
  build
  expect "computed=1 value=0.125 16.5"
  step "an unrelated edit in the static library: all hit"
  echo 'double unused(double x) { return x; }' >>"$src/core/numerics.cpp"
  build
  expect "computed=0 value=0.125 16.5"
  ;;

ccache)
  step "ccache chained: CMAKE_CXX_COMPILER_LAUNCHER=ccache keeps working behind npcache-cxx"
  command -v ccache >/dev/null || fail "ccache is not installed"
  export CCACHE_DIR="$work/ccache"
  write_variant_project
  configure -DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_FLAGS=-DVARIANT=1
  build
  grep -q "npcache-cxx .*ccache " "$work/build.log" || fail "ccache is not chained: $(grep -m1 -- ' -c ' "$work/build.log")"
  expect "computed=1 value=45"
  rm -rf "$work/build"
  configure -DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_FLAGS=-DVARIANT=1
  build
  hits=$(ccache --print-stats | awk '$1 == "direct_cache_hit" || $1 == "preprocessed_cache_hit" {n += $2} END {print n}')
  [ "${hits:-0}" -ge 2 ] || fail "ccache did not hit on the rebuild: $(ccache --print-stats)"
  echo "   ccache hits on the rebuild: $hits"
  expect "computed=0 value=45"
  configure -DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_FLAGS=-DVARIANT=2
  build
  expect "computed=1 value=90"
  ;;

compile_commands)
  step "compile_commands.json names the user's own files, each with a command for it"
  write_variant_project
  configure -DCMAKE_EXPORT_COMPILE_COMMANDS=ON -DCMAKE_CXX_FLAGS=-DVARIANT=1
  build
  python3 - "$work/build/compile_commands.json" "$src" <<'EOF'
import json, os, sys
entries = json.load(open(sys.argv[1]))
files = sorted(os.path.relpath(e["file"], sys.argv[2]) for e in entries)
assert files == ["main.cpp", "model.cpp"], files
for e in entries:
    command = e.get("command") or " ".join(e["arguments"])
    assert e["file"] in command, (e["file"], command)
    assert ".npcache" not in command, command
print("   compile_commands.json:", ", ".join(files))
EOF
  expect "computed=1 value=45"
  ;;

*)
  fail "unknown case $case_name"
  ;;
esac
echo "all checks passed"
