// Marks the rewrite cannot honour are errors at the attribute or the function, never a
// silent no-op: two attributes on one declaration, options that disagree between
// declarations, a defaulted function, a template argument that is an address, a mistake
// inside a macro that spells the attribute.
// RUN: not %rewrite %s -o %t.cpp -- -std=c++20 2>&1 | FileCheck %s --implicit-check-not=error:
// RUN: not ls %t.cpp

[[npcache::cached(compress = "zstd")]] [[npcache::cached]] int twice(int x) { return x; }
// CHECK-DAG: diag-unsupported-kinds.cpp:[[@LINE-1]]:42: error: {{\[\[npcache::cached\]\]}} is given twice on one declaration

[[npcache::cached(compress = "zstd")]] int conflict(int x);
[[npcache::cached(compress = "none")]] int conflict(int x) { return x; }
// CHECK-DAG: diag-unsupported-kinds.cpp:[[@LINE-1]]:3: error: option 'compress' is "none" here but "zstd" on another declaration of the same function
// CHECK-DAG: diag-unsupported-kinds.cpp:[[@LINE-3]]:3: note: the other declaration's {{\[\[npcache::cached\]\]}} is here

struct P {
  int a;
  [[npcache::cached]] bool operator==(const P &) const = default;
  // CHECK-DAG: diag-unsupported-kinds.cpp:[[@LINE-1]]:28: error: a defaulted function has no body to cache; write the body, or leave it uncached
};

template <const char *Name> [[npcache::cached]] int tagged(int x) { return x; }
// CHECK-DAG: diag-unsupported-kinds.cpp:[[@LINE-1]]:23: error: template parameter of type 'const char *' would key the cache on an address; use a value type

#define CACHED [[npcache::cached(compres = "zstd")]]
// CHECK-DAG: diag-unsupported-kinds.cpp:[[@LINE-1]]:34: error: unknown option 'compres'
CACHED int macro(int x) { return x; }
