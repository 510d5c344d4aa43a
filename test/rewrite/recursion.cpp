// A recursive cached function calls itself by name, which is the cached wrapper: the text
// of that here; that inner calls are cached when the program runs, in launcher/recursion.test.
// RUN: %rewrite %s -o %t.cpp -- -std=c++17
// RUN: grep -v '^ *//' %t.cpp | FileCheck %s
// RUN: %check_compile %t.cpp
// RUN: %check_compile_gcc %t.cpp

[[npcache::cached]] long fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

// CHECK:      long fib(int n) {
// CHECK-NEXT:   auto npcache_compute = [&]() -> long {
// CHECK-NEXT: #line 8
// CHECK-NEXT: {{ +}}return n < 2 ? n : fib(n - 1) + fib(n - 2);
