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
