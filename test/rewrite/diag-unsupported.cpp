// Kinds of functions not supported yet say so, at the function's name.
// RUN: not %rewrite %s -o %t.cpp -- -std=c++17 2>&1 | FileCheck %s --implicit-check-not=error:
// RUN: not ls %t.cpp

struct Solver {
  [[npcache::cached]] double run(int n) const { return n; }
  // CHECK: diag-unsupported.cpp:[[@LINE-1]]:30: error: {{\[\[npcache::cached\]\]}} on member functions is not supported yet
};

template <class T> [[npcache::cached]] T twice(T x) { return x + x; }
// CHECK: diag-unsupported.cpp:[[@LINE-1]]:42: error: {{\[\[npcache::cached\]\]}} on function templates is not supported yet

namespace ns { double g(double); }
[[npcache::cached]] double ns::g(double x) { return x; }
// CHECK: diag-unsupported.cpp:[[@LINE-1]]:32: error: {{\[\[npcache::cached\]\]}} needs the definition inside its namespace
