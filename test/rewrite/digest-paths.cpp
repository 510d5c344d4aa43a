// The digest is the same whatever directory the file is in and wherever the rewrite
// runs from: no path reaches it, not even through assert's __FILE__.
// RUN: rm -rf %t && mkdir -p %t/one/checkout %t/two/elsewhere/deeper
// RUN: cp %s %t/one/checkout/sim.cpp && cp %s %t/two/elsewhere/deeper/sim.cpp
// RUN: %python %S/Inputs/digest_compare.py %rewrite %t/one/checkout/sim.cpp %t/two/elsewhere/deeper/sim.cpp | FileCheck %s
// CHECK: sim.cpp: same

#include <cassert>

struct Point { double x, y; };
[[npcache::cached]] double norm2(double x, double y) {
  assert(x == x);
  Point p{x, y};
  auto square = [](double v) { return v * v; };
  return square(p.x) + square(p.y);
}
