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
expect() { # expected output, then the program and its arguments (default: build/app)
  local want=$1 got
  shift
  [ $# -gt 0 ] || set -- "$work/build/app"
  got=$("$@")
  [ "$got" = "$want" ] || fail "expected '$want', got '$got'"
  echo "   $got"
}

# The CMake project of `app` from the given sources, with npcache enabled; lines for the
# target from stdin.
write_cmake_project() {
  {
    printf '%s\n' "cmake_minimum_required(VERSION 3.25)" "project(cases LANGUAGES CXX)" \
      "find_package(npcache CONFIG REQUIRED)" "add_executable(app $*)"
    cat
    echo "npcache_enable(app)"
  } >"$src/CMakeLists.txt"
}

# A main.cpp that prints the count of computations and one value: the declarations it
# needs, the expression, and the value's printf conversion.
write_main() {
  cat >"$src/main.cpp" <<EOF
#include <cstdio>
extern int computations;
$1
int main() {
  auto v = $2;
  std::printf("computed=%d value=$3\\n", computations, v);
}
EOF
}

# A cached function whose body reads VARIANT, with a counter of computations.
write_variant_project() {
  write_cmake_project main.cpp model.cpp </dev/null
  write_main "int value(int n);" "value(45)" "%d"
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

c_sources)
  step "C files of the target: one compiled by the C compiler, one as C++ (LANGUAGE CXX)"
  cat >"$src/CMakeLists.txt" <<'EOF'
cmake_minimum_required(VERSION 3.25)
project(cases LANGUAGES C CXX)
find_package(npcache CONFIG REQUIRED)
add_executable(app main.cpp kernel.c legacy.c)
set_source_files_properties(legacy.c PROPERTIES LANGUAGE CXX)
npcache_enable(app)
EOF
  cat >"$src/kernel.c" <<'EOF'
static double weight(void) { return 2; }
double kernel(double x) { return weight() * x; }
EOF
  cat >"$src/legacy.c" <<'EOF'
#include <vector>
double legacy(double x) { std::vector<double> v{x, 1}; return v[0] + v[1]; }
EOF
  cat >"$src/main.cpp" <<'EOF'
#include <cstdio>
extern "C" double kernel(double x);
double legacy(double x);
int runs = 0;
[[npcache::cached(pure = true)]] double model(double x) { ++runs; return kernel(x) + legacy(x); }
int main() {
  double v = model(3.0);
  std::printf("computed=%d value=%g\n", runs, v);
}
EOF
  configure
  build
  grep -q "npcache-cxx .* -c .*kernel\.c" "$work/build.log" || fail "the C file is not compiled through npcache-cxx"
  expect "computed=1 value=10"
  expect "computed=0 value=10"
  step "edit what the C file's function calls: a miss"
  sed -i 's/return 2;/return 5;/' "$src/kernel.c"
  build
  expect "computed=1 value=19"
  step "edit the .c file compiled as C++: a miss"
  sed -i 's/v\[0\] + v\[1\]/v[0] - v[1]/' "$src/legacy.c"
  build
  expect "computed=1 value=17"
  step "a comment in the C file: a hit"
  echo '/* tuned on 2026-12-05 */' >>"$src/kernel.c"
  build
  expect "computed=0 value=17"
  ;;

precompiled_headers_gcc | precompiled_headers_clang)
  step "target_precompile_headers (${case_name#precompiled_headers_}): the precompiled header's inline"
  step "function and a callee it declares, defined in another file: an edit of either misses"
  compiler=g++
  [ "$case_name" = precompiled_headers_clang ] && compiler=clang++-19
  write_cmake_project main.cpp model.cpp helper.cpp <<'EOF'
target_precompile_headers(app PRIVATE <cstdio> <vector> common.hpp)
EOF
  cat >"$src/common.hpp" <<'EOF'
#pragma once
inline double scale() { return 2; }
double helper(double x);
EOF
  echo 'double helper(double x) { return 2 * x; }' >"$src/helper.cpp"
  cat >"$src/model.cpp" <<'EOF'
int computations = 0;
[[npcache::cached(pure = true)]] double model(double x) {
  ++computations;
  std::vector<double> v{x};
  return helper(v[0]) + scale();
}
EOF
  write_main "double model(double x);" "model(3.0)" "%g"
  configure -DCMAKE_CXX_COMPILER=$compiler
  build
  grep -q "npcache-cxx .*cmake_pch" "$work/build.log" || fail "no precompiled header in the build"
  expect "computed=1 value=8"
  expect "computed=0 value=8"
  step "edit the precompiled header's inline function: a miss"
  sed -i 's/return 2;/return 4;/' "$src/common.hpp"
  build
  expect "computed=1 value=10"
  step "edit the callee the precompiled header declares: a miss"
  sed -i 's/2 \* x/20 * x/' "$src/helper.cpp"
  build
  expect "computed=1 value=64"
  expect "computed=0 value=64"
  ;;

unity_build)
  step "CMAKE_UNITY_BUILD: the files that mark a function, or include a header that does, compile"
  step "on their own; the rest stay batched, and a callee edited in a batch misses"
  write_cmake_project main.cpp model.cpp physics.cpp helper.cpp tools.cpp </dev/null
  cat >"$src/physics.h" <<'EOF'
#pragma once
[[npcache::cached(pure = true)]] double energy(int n);
EOF
  cat >"$src/physics.cpp" <<'EOF'
#include "physics.h"
double helper(double x);
double energy(int n) { return helper(n) / 2; }
EOF
  cat >"$src/model.cpp" <<'EOF'
double helper(double x);
int computations = 0;
[[npcache::cached(pure = true)]] double model(double x) { ++computations; return helper(x) + 1; }
EOF
  echo 'double helper(double x) { return 2 * x; }' >"$src/helper.cpp"
  echo 'double twice(double x) { return 2 * x; }' >"$src/tools.cpp"
  write_main "#include \"physics.h\"
double model(double x);" "model(3.0) + energy(4)" "%g"
  configure -DCMAKE_UNITY_BUILD=ON
  build
  for own in model.cpp physics.cpp main.cpp; do
    grep -q "npcache-cxx .* -c [^ ]*/src/$own\$" "$work/build.log" || fail "$own is not compiled on its own"
  done
  grep -q "npcache-cxx .* -c .*unity_0_cxx.cxx" "$work/build.log" || fail "no unity batch"
  expect "computed=1 value=11"
  expect "computed=0 value=11"
  step "edit the callee, compiled in the batch: a miss"
  sed -i 's/2 \* x/3 * x/' "$src/helper.cpp"
  build
  expect "computed=1 value=16"
  expect "computed=0 value=16"
  ;;

shared_library_chain)
  step "shared libraries three deep: physics (the cached model) links solver, which links kernel;"
  step "an edit of kernel.cpp misses, though physics links kernel only through solver"
  write_cmake_project main.cpp <<'EOF'
add_library(kernel SHARED kernel.cpp)
add_library(solver SHARED solver.cpp)
target_link_libraries(solver PRIVATE kernel)
add_library(physics SHARED physics.cpp)
target_link_libraries(physics PRIVATE solver)
target_link_libraries(app PRIVATE physics)
EOF
  echo 'double kernel(double x) { return x + 1; }' >"$src/kernel.cpp"
  printf '%s\n' 'double kernel(double x);' 'double integrate(double x) { return 2 * kernel(x); }' >"$src/solver.cpp"
  cat >"$src/physics.cpp" <<'EOF'
double integrate(double x);
int computations = 0;
[[npcache::cached(pure = true)]] double model(double x) { ++computations; return integrate(x) + 1; }
EOF
  write_main "double model(double x);" "model(3.0)" "%g"
  configure
  build
  expect "computed=1 value=9"
  expect "computed=0 value=9"
  sed -i 's/x + 1/x + 2/' "$src/kernel.cpp"
  build
  expect "computed=1 value=11"
  expect "computed=0 value=11"
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

eigen_gcc | eigen_clang)
  step "Eigen types through npcache_enable (${case_name#eigen_}): a Ref, a function template of"
  step "MatrixBase<D> given an expression, a SparseMatrix; a row-major result comes back row-major"
  compiler=g++
  [ "$case_name" = eigen_clang ] && compiler=clang++-19
  cat >"$src/CMakeLists.txt" <<'EOF'
cmake_minimum_required(VERSION 3.25)
project(cases LANGUAGES CXX)
find_package(npcache CONFIG REQUIRED)
find_package(Eigen3 3.3 CONFIG REQUIRED)
add_library(core STATIC core.cpp)
target_link_libraries(core PUBLIC Eigen3::Eigen)
add_executable(app main.cpp model.cpp)
target_link_libraries(app PRIVATE core)
npcache_enable(app)
EOF
  cat >"$src/core.cpp" <<'EOF'
double damping(double x) { return x * 0.5; }
EOF
  cat >"$src/model.hpp" <<'EOF'
#pragma once
#include <Eigen/Dense>
#include <Eigen/SparseCore>
using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
extern int computations;
RowMatrix smooth(const Eigen::Ref<const Eigen::MatrixXd> &a, int steps);
double total_of_sum(const Eigen::MatrixXd &a, const Eigen::MatrixXd &b);
Eigen::SparseMatrix<double> laplacian(int n);
EOF
  cat >"$src/model.cpp" <<'EOF'
#include "model.hpp"
double damping(double x); // core.cpp
int computations = 0;
[[npcache::cached(pure = true)]] RowMatrix smooth(const Eigen::Ref<const Eigen::MatrixXd> &a, int steps) {
  ++computations;
  RowMatrix out = a;
  for (int s = 0; s < steps; ++s)
    out = out.unaryExpr([](double v) { return damping(v); });
  return out;
}
template <class D> [[npcache::cached(pure = true)]] double total(const Eigen::MatrixBase<D> &x) {
  ++computations;
  return x.sum();
}
double total_of_sum(const Eigen::MatrixXd &a, const Eigen::MatrixXd &b) { return total(a + b); }
[[npcache::cached(pure = true)]] Eigen::SparseMatrix<double> laplacian(int n) {
  ++computations;
  Eigen::SparseMatrix<double> l(n, n);
  for (int i = 0; i < n; ++i) {
    l.insert(i, i) = 2;
    if (i > 0)
      l.insert(i, i - 1) = -1;
  }
  l.makeCompressed();
  return l;
}
EOF
  cat >"$src/main.cpp" <<'EOF'
#include "model.hpp"
#include <cstdint>
#include <cstdio>
#include <cstdlib>
int main(int argc, char **argv) {
  const double shift = argc > 1 ? std::atof(argv[1]) : 0.0;
  Eigen::MatrixXd a(3, 4), big = Eigen::MatrixXd::Zero(5, 6);
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 4; ++j)
      big(i + 1, j + 1) = a(i, j) = 10 * i + j + shift;
  RowMatrix r = smooth(a, 2);
  RowMatrix again = smooth(big.block(1, 1, 3, 4), 2); // a strided view of equal values: a hit
  static_assert(RowMatrix::IsRowMajor, "the result type is the declared one");
  double t = total_of_sum(a, a);
  Eigen::SparseMatrix<double> l = laplacian(4);
  std::printf("computed=%d r=%g r(2,3)=%g same=%d t=%g l=%g/%d aligned=%d\n", computations, r.sum(), r(2, 3),
              r == again ? 1 : 0, t, l.sum(), static_cast<int>(l.nonZeros()),
              static_cast<int>(reinterpret_cast<std::uintptr_t>(r.data()) % 16 == 0));
}
EOF
  configure -DCMAKE_CXX_COMPILER=$compiler
  build
  expect "computed=3 r=34.5 r(2,3)=5.75 same=1 t=276 l=5/7 aligned=1"
  expect "computed=0 r=34.5 r(2,3)=5.75 same=1 t=276 l=5/7 aligned=1"
  step "other elements: smooth and total compute; laplacian hits"
  expect "computed=2 r=37.5 r(2,3)=6 same=1 t=300 l=5/7 aligned=1" "$work/build/app" 1
  expect "computed=0 r=37.5 r(2,3)=6 same=1 t=300 l=5/7 aligned=1" "$work/build/app" 1
  step "an edit of the helper in the static library: only smooth, which reaches it, computes"
  sed -i 's/x \* 0.5/x * 0.25/' "$src/core.cpp"
  build
  expect "computed=1 r=8.625 r(2,3)=1.4375 same=1 t=276 l=5/7 aligned=1"
  expect "computed=0 r=8.625 r(2,3)=1.4375 same=1 t=276 l=5/7 aligned=1"
  ;;

openmp)
  step "OpenMP with GCC: a plain target_link_libraries before npcache_enable, omp.h (GCC's,"
  step "which Clang's parse must find and read), a reduction whose operator is edited"
  cat >"$src/CMakeLists.txt" <<'EOF'
cmake_minimum_required(VERSION 3.25)
project(cases LANGUAGES CXX)
find_package(npcache CONFIG REQUIRED)
find_package(OpenMP REQUIRED)
add_executable(app main.cpp model.cpp)
target_link_libraries(app OpenMP::OpenMP_CXX)
npcache_enable(app)
EOF
  cat >"$src/main.cpp" <<'EOF'
#include <cstdio>
extern int computations;
double combine(int n);
int threads(int n);
int main() {
  double v = combine(6);
  std::printf("computed=%d value=%g threads=%d\n", computations, v, threads(1) > 0);
}
EOF
  cat >"$src/model.cpp" <<'EOF'
#include <omp.h>
int computations = 0;
[[npcache::cached(pure = true)]] double combine(int n) {
  ++computations;
  double r = 1;
#pragma omp parallel for reduction(+ : r)
  for (int i = 1; i <= n; ++i)
    r += i;
  return r;
}
[[npcache::cached]] int threads(int n) { return n * omp_get_max_threads(); }
EOF
  export OMP_NUM_THREADS=2 # the product of the threads' sums depends on how many there are
  configure -DCMAKE_CXX_COMPILER=g++
  build
  grep -q "warning: cached function 'threads' can reach code whose result is not a function" "$work/build.log" ||
    fail "no purity warning for omp_get_max_threads"
  grep -q "note: omp_get_max_threads is reached here" "$work/build.log" || fail "no note at omp_get_max_threads"
  expect "computed=1 value=22 threads=1"
  expect "computed=0 value=22 threads=1"
  step "the reduction multiplies the threads' sums instead: a miss, and (1 + 6) * (1 + 15)"
  sed -i 's/reduction(+ : r)/reduction(* : r)/' "$src/model.cpp"
  build
  expect "computed=1 value=112 threads=1"
  expect "computed=0 value=112 threads=1"
  step "the loop's body, inside the region, doubles each term: a miss, and (1 + 12) * (1 + 30)"
  sed -i 's/    r += i;/    r += 2 * i;/' "$src/model.cpp"
  build
  expect "computed=1 value=403 threads=1"
  expect "computed=0 value=403 threads=1"
  ;;

openacc)
  step "OpenACC with GCC (-fopenacc, run on the host): Clang 19 drops the directive's"
  step "clauses, so an edit of one must reach the digest as the pragma's text"
  write_cmake_project main.cpp model.cpp <<'EOF'
target_compile_options(app PRIVATE -fopenacc)
target_link_options(app PRIVATE -fopenacc)
EOF
  cat >"$src/main.cpp" <<'EOF'
#include <cstdio>
extern int computations;
double shifted(double x);
int main() {
  double v = shifted(2);
  std::printf("computed=%d value=%g\n", computations, v);
}
EOF
  cat >"$src/model.cpp" <<'EOF'
int computations = 0;
[[npcache::cached(pure = true)]] double shifted(double x) {
  ++computations;
  double s = x;
#pragma acc parallel firstprivate(s)
  { s += 10; }
  return s;
}
EOF
  configure -DCMAKE_CXX_COMPILER=g++
  build
  expect "computed=1 value=2"
  expect "computed=0 value=2"
  step "the region's copy of s is copied back now: a miss, and 12"
  sed -i 's/firstprivate(s)/copy(s)/' "$src/model.cpp"
  build
  expect "computed=1 value=12"
  expect "computed=0 value=12"
  step "a comment in the directive changes nothing: a hit"
  sed -i 's|copy(s)|copy(s) // back to the host|' "$src/model.cpp"
  build
  expect "computed=0 value=12"
  ;;

std_comparator)
  step "a comparator that only std::sort calls, and a random engine's max() that only"
  step "std::uniform_int_distribution calls: system bodies are not parsed, so the calls are"
  step "not seen; a type system code is given counts with the functions it defines"
  write_cmake_project main.cpp </dev/null
  cat >"$src/main.cpp" <<'EOF'
#include <algorithm>
#include <cstdio>
#include <random>
#include <vector>
int computations = 0;
struct Order {
  bool operator()(double a, double b) const { return a > b; }
};
[[npcache::cached(pure = true)]] double first(std::vector<double> v) {
  ++computations;
  std::sort(v.begin(), v.end(), Order{});
  return v[0];
}
struct Engine {
  using result_type = unsigned;
  static constexpr unsigned min() { return 0; }
  static constexpr unsigned max() { return 255; }
  unsigned operator()() { return state = (state * 1103515245u + 12345u) & 255u; }
  unsigned state = 1;
};
[[npcache::cached(pure = true)]] int digits(int n) {
  ++computations;
  Engine engine;
  std::uniform_int_distribution<int> digit(0, 9);
  int sum = 0;
  for (int i = 0; i < n; ++i)
    sum += digit(engine);
  return sum;
}
int main() {
  double r = first({3, 1, 2});
  int sum = digits(100);
  std::printf("computed=%d first=%g sum=%d\n", computations, r, sum);
}
EOF
  configure
  build
  expect "computed=2 first=3 sum=487"
  expect "computed=0 first=3 sum=487"
  step "the order reversed: a miss, and 1"
  sed -i 's/return a > b;/return a < b;/' "$src/main.cpp"
  build
  expect "computed=1 first=1 sum=487"
  expect "computed=0 first=1 sum=487"
  step "the engine's max() halved: the distribution scales its draws by it; a miss, and 474"
  sed -i 's/return 255; }/return 127; }/' "$src/main.cpp"
  build
  expect "computed=1 first=1 sum=474"
  expect "computed=0 first=1 sum=474"
  ;;

*)
  fail "unknown case $case_name"
  ;;
esac
echo "all checks passed"
