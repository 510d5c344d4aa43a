#!/usr/bin/env bash
# check_consumer.sh SOURCE_DIR WORK_DIR PREFIX
# Configures and builds the consumer project against the npcache installed in PREFIX,
# runs it twice and checks that the first run computes and the second loads.
set -euo pipefail
source_dir=$1 work=$2 prefix=$3
rm -rf "$work" && mkdir -p "$work"
cmake -S "$source_dir/test/package/consumer" -B "$work/build" -G Ninja \
      -DCMAKE_PREFIX_PATH="$prefix" >"$work/configure.log" 2>&1 || { cat "$work/configure.log"; exit 1; }
cmake --build "$work/build" >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
first=$("$work/build/consumer" "$work/cache")
second=$("$work/build/consumer" "$work/cache")
echo "first run: $first; second run: $second"
[ "$first" = "computed 5" ] && [ "$second" = "loaded 5" ]
