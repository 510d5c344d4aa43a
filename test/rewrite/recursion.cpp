// A recursive cached function calls the wrapper, so inner calls hit the cache too: the
// wrapper is declared before the renamed body.
// RUN: %rewrite %s -o %t.cpp -- -std=c++17
// RUN: FileCheck %s --input-file %t.cpp
// RUN: %check_compile %t.cpp

[[npcache::cached]] long fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

// CHECK:      long fib(int n) ;
// CHECK-NEXT: #line 7
// CHECK-NEXT: {{ +}}long fib_npcache0(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
