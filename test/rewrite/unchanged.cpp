// A file with no marked function comes out as it went in, after a #line that keeps
// diagnostics pointing at the original.
// RUN: %rewrite %s -o %t.cpp -- -std=c++17
// RUN: head -n 1 %t.cpp | FileCheck %s
// RUN: tail -n +2 %t.cpp > %t.rest
// RUN: diff %s %t.rest
// CHECK: #line 1 "{{.*}}unchanged.cpp"

int plain(int x) { return x + 1; }
[[nodiscard]] int other(int x) { return x * 2; }
