#!/usr/bin/env bash
# check_consumer.sh installed|subdirectory SOURCE_DIR WORK_DIR [PREFIX]
# Configures and builds the consumer project against npcache, runs it twice and checks
# that the first run computes and the second loads.
set -euo pipefail
mode=$1 source_dir=$2 work=$3 prefix=${4:-}
rm -rf "$work" && mkdir -p "$work"
args=(-S "$source_dir/test/package/consumer" -B "$work/build" -G Ninja)
if [ "$mode" = installed ]; then
  args+=(-DCMAKE_PREFIX_PATH="$prefix")
else
  args+=(-DNPCACHE_SOURCE_DIR="$source_dir")
fi
cmake "${args[@]}" >"$work/configure.log" 2>&1 || { cat "$work/configure.log"; exit 1; }
cmake --build "$work/build" >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
first=$("$work/build/consumer" "$work/cache")
second=$("$work/build/consumer" "$work/cache")
echo "first run: $first; second run: $second"
[ "$first" = "computed 5" ] && [ "$second" = "loaded 5" ]
