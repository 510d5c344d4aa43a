// Parameters and results without a codec are errors naming the parameter and its type.
// RUN: not %rewrite %s -o %t.cpp -- -std=c++20 2>&1 | FileCheck %s --implicit-check-not=error:
// RUN: not ls %t.cpp

#include <vector>

[[npcache::cached]] double a(const double *p) { return *p; }
// CHECK: diag-types.cpp:[[@LINE-1]]:44: error: parameter 'p' of type 'const double *' has no codec: a raw pointer's key would be its address

[[npcache::cached]] int b(std::vector<int> &out) { out.push_back(1); return 0; }
// CHECK: diag-types.cpp:[[@LINE-1]]:45: error: parameter 'out' of type 'std::vector<int> &' may be an output of the function

[[npcache::cached]] void c(int x) { (void)x; }
// CHECK: diag-types.cpp:[[@LINE-1]]:21: error: a function returning 'void' has nothing to cache

[[npcache::cached]] const std::vector<int> &d(int x) { static std::vector<int> v{x}; return v; }
// CHECK: diag-types.cpp:[[@LINE-1]]:27: error: result type 'const std::vector<int> &' has no codec: return a value, not a reference

[[npcache::cached]] int e(int n, ...) { return n; }
// CHECK: diag-types.cpp:[[@LINE-1]]:25: error: a variadic function cannot be cached

[[npcache::cached]] int f(int &&x) { return x; }
// CHECK: diag-types.cpp:[[@LINE-1]]:33: error: parameter 'x' of type 'int &&' is an rvalue reference

[[npcache::cached]] constexpr int g(int x) { return x; }
// CHECK: diag-types.cpp:[[@LINE-1]]:35: error: a constexpr function cannot be cached

[[npcache::cached]] int *h(int x) { static int y = x; return &y; }
// CHECK: diag-types.cpp:[[@LINE-1]]:21: error: result type 'int *' has no codec: a pointer's value is an address
