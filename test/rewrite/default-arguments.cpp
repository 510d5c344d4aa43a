// Default arguments stay on the first declaration; the wrapper's definition drops them.
// RUN: %rewrite %s -o %t.cpp -- -std=c++17
// RUN: FileCheck %s --input-file %t.cpp
// RUN: %check_compile %t.cpp

[[npcache::cached]] double step(double x, double dt = 0.5, int n = 2 * 3) { return x + n * dt; }

// CHECK:      double step(double x, double dt = 0.5, int n = 2 * 3) ;
// CHECK-NEXT: #line 6
// CHECK-NEXT: {{ +}}double step_npcache0(double x, double dt = 0.5, int n = 2 * 3) { return x + n * dt; }
// CHECK-NEXT: double step(double x, double dt, int n) {

double use() { return step(1.0) + step(1.0, 0.25); }
