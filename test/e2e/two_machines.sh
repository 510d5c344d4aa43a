#!/usr/bin/env bash
# two_machines.sh SOURCE_DIR WORK_DIR PREFIX
#
# Two "machines" share one Redis: two checkouts of test/e2e/project at different paths,
# each built in its own build directory with the installed npcache, each with its own
# local cache. The first computes; the second hits remotely, then locally; an edit on the
# second misses there only, and leaves the first machine's entries in place.
set -euo pipefail
source_dir=$1 work=$2 prefix=$3
rm -rf "$work" && mkdir -p "$work"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no >"$work/redis.log" 2>&1 &
redis_pid=$!
trap 'kill -9 $redis_pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
remote="redis://127.0.0.1:$port"

step() { echo "== $*"; }
checkout() { # NAME PATH: a copy of the project at PATH, built in NAME's own build directory
  mkdir -p "$(dirname "$2")" && cp -r "$source_dir/test/e2e/project" "$2"
  cmake -S "$2" -B "$work/$1/build" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" >"$work/$1.configure.log" 2>&1 ||
    { cat "$work/$1.configure.log"; exit 1; }
  cmake --build "$work/$1/build" -j2 >"$work/$1.build.log" 2>&1 || { cat "$work/$1.build.log"; exit 1; }
}
expect_run() { # MACHINE REMOTE EXPECTED
  local got
  got=$(NPCACHE_DIR="$work/$1/cache" NPCACHE_REMOTE="$2" "$work/$1/build/app")
  if [ "$got" != "$3" ]; then echo "$1: expected: $3"; echo "$1:      got: $got"; exit 1; fi
  echo "   $1: $got"
}
all="last=249.75 energy=6 total=9 power=36"

step "two checkouts of the same source at different paths, built apart"
checkout laptop-a "$work/laptop-a/src"
checkout laptop-b "$work/elsewhere/deeper/checkout-b"
step "a computes all six calls and uploads them"
expect_run laptop-a "$remote" "computed=6 $all"
step "b hits all six remotely, then locally with the server out of reach"
expect_run laptop-b "$remote" "computed=0 $all"
expect_run laptop-b "redis://127.0.0.1:1|connect-timeout=50" "computed=0 $all"
step "an edit of simulate on b misses there only, and is shared from then on"
sed -i 's/^  ++computations;$/  ++computations; dt *= 2;/' "$work/elsewhere/deeper/checkout-b/physics.cpp"
sed -i '0,/dt \*= 2;/! s/ dt \*= 2;//' "$work/elsewhere/deeper/checkout-b/physics.cpp"
cmake --build "$work/laptop-b/build" -j2 >"$work/laptop-b.build.log" 2>&1 || { cat "$work/laptop-b.build.log"; exit 1; }
expect_run laptop-b "$remote" "computed=1 last=499.5 energy=6 total=9 power=36"
step "fresh machines built from either checkout hit that checkout's own entries"
rm -rf "$work/laptop-a/cache" "$work/laptop-b/cache"
expect_run laptop-a "$remote" "computed=0 $all"
expect_run laptop-b "$remote" "computed=0 last=499.5 energy=6 total=9 power=36"
echo "all checks passed"
