// Default arguments stay where they are written: the signature is not touched.
// RUN: %rewrite %s -o %t.cpp -- -std=c++17
// RUN: grep -v '^ *//' %t.cpp | FileCheck %s
// RUN: %check_compile %t.cpp
// RUN: %check_compile_gcc %t.cpp

[[npcache::cached]] double step(double x, double dt = 0.5, int n = 2 * 3) { return x + n * dt; }
// CHECK: double step(double x, double dt = 0.5, int n = 2 * 3) {
// CHECK: cached_call(npcache_handle, npcache_compute, x, dt, n);

double use() { return step(1.0) + step(1.0, 0.25); }
