// A malformed JSON file is an error naming the file, line, column and key, and nothing
// is written.
// RUN: rm -rf %t && split-file %s %t
// RUN: not %rewrite %t/a.cpp -o %t/out.cpp --config %t/npcache.json -- -std=c++17 2>&1 | FileCheck %s
// RUN: not ls %t/out.cpp
// CHECK: npcache.json:3:5: error: key 'functions.sim::*.level': expected an integer from

//--- npcache.json
{
  "functions": { "sim::*": {
    "level": "high" } }
}

//--- a.cpp
[[npcache::cached]] double f(double x) { return x; }

// A directory or a FIFO given as the configuration is an error too, not an abort or a hang.
// RUN: not %rewrite %t/a.cpp -o %t/out.cpp --config %t -- -std=c++17 2>&1 | FileCheck %s --check-prefix=NOFILE
// RUN: rm -f %t/fifo && mkfifo %t/fifo
// RUN: not %rewrite %t/a.cpp -o %t/out.cpp --config %t/fifo -- -std=c++17 2>&1 | FileCheck %s --check-prefix=NOFILE
// RUN: not ls %t/out.cpp
// NOFILE: :1:1: error: the configuration is not a regular file
