#!/usr/bin/env bash
# check_project.sh installed|subdirectory GENERATOR SOURCE_DIR WORK_DIR [PREFIX] [quick]
#
# Builds test/e2e/project with npcache_enable and checks the user's story: the first
# run computes, the second loads; editing a function's body makes it (and only it)
# compute again; undoing the edit hits the entries kept from before; a comment-only edit
# changes nothing; and a malformed npcache.json fails the build naming file and line.
set -euo pipefail
mode=$1 generator=$2 source_dir=$3 work=$4 prefix=${5:-} quick=${6:-}
rm -rf "$work" && mkdir -p "$work"
cp -r "$source_dir/test/e2e/project" "$work/src"
args=(-S "$work/src" -B "$work/build" -G "$generator")
if [ "$mode" = installed ]; then
  args+=(-DCMAKE_PREFIX_PATH="$prefix")
else
  args+=(-DNPCACHE_SOURCE_DIR="$source_dir")
fi
export NPCACHE_DIR="$work/cache"
filecheck=$(command -v FileCheck || echo /usr/lib/llvm-19/bin/FileCheck)
step() { echo "== $*"; }
build() { cmake --build "$work/build" -j2 >"$work/build.log" 2>&1 || { cat "$work/build.log"; return 1; }; }
expect_run() { # expected output line, and optionally a line NPCACHE_LOG=explain must print
  local got
  got=$(NPCACHE_LOG=explain "$work/build/app" 2>"$work/explain.log")
  if [ "$got" != "$1" ]; then echo "expected: $1"; echo "     got: $got"; exit 1; fi
  echo "   $got"
  if [ -n "${2:-}" ]; then
    printf 'CHECK: %s\n' "$2" >"$work/explain.check"
    "$filecheck" "$work/explain.check" --input-file "$work/explain.log"
    grep -F -- "${2%%\{\{*}" "$work/explain.log"
  fi
}

step "configure ($mode, $generator) and build"
cmake "${args[@]}" >"$work/configure.log" 2>&1 || { cat "$work/configure.log"; exit 1; }
build
step "first run computes all six calls (two functions, two Plates, two template instances)"
expect_run "computed=6 last=249.75 energy=6 total=9 power=36" \
  "npcache: explain: phys::energy: miss: no entry yet for this function"
step "second run loads all six"
expect_run "computed=0 last=249.75 energy=6 total=9 power=36"
ls "$NPCACHE_DIR"/phys__energy-*/12-*.npc >/dev/null # readable key from the JSON file
if [ "$mode" = installed ]; then
  step "the installed npcache command shows the functions, with a hit and a miss each"
  "$prefix/bin/npcache" stats "$NPCACHE_DIR" | tee "$work/stats.out"
  printf '%s\n' 'CHECK-DAG: phys::Plate::total{{ +}}2{{ +}}0{{ +}}{{.*B}}{{ +}}2{{ +}}2' \
    'CHECK-DAG: phys::simulate{{ +}}1{{ +}}0{{ +}}{{.*B}}{{ +}}1{{ +}}1' >"$work/stats.check"
  "$filecheck" "$work/stats.check" --input-file "$work/stats.out"
fi
[ "$quick" = quick ] && exit 0

step "edit simulate's body: it computes again, the others still hit"
cp "$work/src/physics.cpp" "$work/physics.orig"
sed -i 's/^  ++computations;$/  ++computations; dt *= 2;/' "$work/src/physics.cpp"
sed -i '0,/dt \*= 2;/! s/ dt \*= 2;//' "$work/src/physics.cpp" # in simulate only
build
expect_run "computed=1 last=499.5 energy=6 total=9 power=36" \
  "npcache: explain: phys::simulate: miss: the code changed: phys::simulate(int, double)"
step "undo the edit: the earlier entry hits"
cp "$work/physics.orig" "$work/src/physics.cpp"
build
expect_run "computed=0 last=249.75 energy=6 total=9 power=36"
step "edit only the helper simulate calls: simulate computes again"
sed -i 's/return x + dt;/return x + dt + dt;/' "$work/src/physics.cpp"
build
expect_run "computed=1 last=499.5 energy=6 total=9 power=36" \
  "npcache: explain: phys::simulate: miss: the code changed: phys::advance(double, double)"
cp "$work/physics.orig" "$work/src/physics.cpp"
build
expect_run "computed=0 last=249.75 energy=6 total=9 power=36"
step "edit a helper in another file: only the function that calls it computes again, and"
step "only that file is compiled again before the link"
cp "$work/src/helpers.cpp" "$work/helpers.orig"
sed -i 's/return x;/return 2 * x;/' "$work/src/helpers.cpp"
cmake --build "$work/build" -j2 -v >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
expect_run "computed=2 last=249.75 energy=6 total=18 power=36" \
  "npcache: explain: phys::Plate::total: miss: the code changed: phys::scale(double)"
if [ "$generator" = Ninja ]; then
  compiled() { grep -Eq -- "-o [^ ]*/$1.o -c" "$work/build.log"; }
  compiled helpers.cpp
  if compiled physics.cpp || compiled main.cpp; then
    echo "physics.cpp or main.cpp was recompiled:"; cat "$work/build.log"; exit 1
  fi
  echo "   recompiled: helpers.cpp; not physics.cpp or main.cpp"
fi
cp "$work/helpers.orig" "$work/src/helpers.cpp"
build
expect_run "computed=0 last=249.75 energy=6 total=9 power=36"
step "comment and whitespace edits: still a hit"
sed -i 's|++computations;|++computations;   // counted|' "$work/src/physics.cpp"
build
expect_run "computed=0 last=249.75 energy=6 total=9 power=36"
step "the build context is in the key: with -ffast-math every call computes, without it all hit"
cmake "${args[@]}" -DCMAKE_CXX_FLAGS=-ffast-math >"$work/configure.log" 2>&1
build
expect_run "computed=6 last=249.75 energy=6 total=9 power=36" \
  "miss: the build context changed: was '{{[^']*}}', now '{{[^']*}} fast-math finite-math{{[^']*}}-ffast-math'"
cmake "${args[@]}" -DCMAKE_CXX_FLAGS= >"$work/configure.log" 2>&1
build
expect_run "computed=0 last=249.75 energy=6 total=9 power=36"
step "nothing changed: nothing is compiled or linked again"
cmake --build "$work/build" -j2 -v >"$work/noop.log" 2>&1
if grep -Eq -- "npcache-cxx| -c |-o app" "$work/noop.log"; then cat "$work/noop.log"; exit 1; fi
step "a malformed npcache.json fails the build with its name and line"
printf '{\n  "compress": "lz4"\n}\n' >"$work/src/npcache.json"
if cmake --build "$work/build" -j2 >"$work/bad.log" 2>&1; then echo "built with a bad npcache.json"; exit 1; fi
grep -F "npcache.json:2:3: error: key 'compress'" "$work/bad.log"
echo "all checks passed"
