// Diagnostics from compiling the rewritten file point at the original file, line and
// column: inside the moved body, and after the inserted wrapper.
// RUN: %rewrite %s -o %t.cpp -- -std=c++17
// RUN: %clangxx_syntax %t.cpp 2>&1 | FileCheck %s

[[npcache::cached]]
int first(int x) {
  int unused_inside = 1;
  // CHECK: line-mapping.cpp:[[@LINE-1]]:7: warning: unused variable 'unused_inside'
  return x;
}

int after(int x) { int unused_after = 2; return x; }
// CHECK: line-mapping.cpp:[[@LINE-1]]:24: warning: unused variable 'unused_after'
