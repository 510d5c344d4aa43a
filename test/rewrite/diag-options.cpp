// Bad options are errors at their exact token, and no output is written.
// RUN: not %rewrite %s -o %t.cpp -- -std=c++17 2>&1 | FileCheck %s --implicit-check-not=error:
// RUN: not ls %t.cpp

[[npcache::cached(compres = "zstd")]] double a(double x) { return x; }
// CHECK: diag-options.cpp:[[@LINE-1]]:19: error: unknown option 'compres'; expected one of enabled,

[[npcache::cached(compress = "lz4")]] double b(double x) { return x; }
// CHECK: diag-options.cpp:[[@LINE-1]]:30: error: option 'compress' expects "none" or "zstd"

[[npcache::cached(key = "hash", key = "readable")]] double c(double x) { return x; }
// CHECK: diag-options.cpp:[[@LINE-1]]:33: error: option 'key' is given twice

[[npcache::cached(enabled = 1)]] double d(double x) { return x; }
// CHECK: diag-options.cpp:[[@LINE-1]]:29: error: option 'enabled' expects true or false

[[npcache::cached(max_age = "soon")]] double e(double x) { return x; }
// CHECK: diag-options.cpp:[[@LINE-1]]:29: error: option 'max_age': 'soon' is not a duration

[[npcache::cached(level = 99)]] double f(double x) { return x; }
// CHECK: diag-options.cpp:[[@LINE-1]]:27: error: option 'level' expects an integer from -131072 to 22

[[npcache::cached(ignore = "x, verbos")]] double g(double x, bool verbose) { return verbose ? x : 0; }
// CHECK: diag-options.cpp:[[@LINE-1]]:32: error: 'verbos' in 'ignore' is not a parameter of 'g'

[[npcache::cached(compress "zstd")]] double h(double x) { return x; }
// CHECK: diag-options.cpp:[[@LINE-1]]:28: error: expected '=' after option 'compress'

[[npcache::cached(name = "")]] double i(double x) { return x; }
// CHECK: diag-options.cpp:[[@LINE-1]]:26: error: option 'name' expects a non-empty string

// A string that is not UTF-8 text cannot travel to the runtime as JSON (found by the
// option grammar's fuzz target: npcache-rewrite died on an uncaught exception).
// RUN: printf '[[npcache::cached(dir = "/tmp/\377")]] double g(double x) { return x; }\n' > %t-latin1.cpp
// RUN: not %rewrite %t-latin1.cpp -o %t-latin1.out.cpp -- -std=c++17 2>&1 | FileCheck %s --check-prefix=UTF8
// RUN: not ls %t-latin1.out.cpp
// UTF8: latin1.cpp:1:25: error: expected a value for option 'dir': true, false, an integer or a string literal of UTF-8 text
