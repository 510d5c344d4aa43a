// GCC compiles a function under `#pragma GCC optimize`/`target` or the `optimize`
// attribute with other options, which Clang ignores: the digest covers what applies
// where the function is defined, as push_options, pop_options and reset_options leave it.
// RUN: rm -rf %t && split-file %s %t
// RUN: %python %S/Inputs/digest_compare.py %rewrite %t/base.cpp \
// RUN:   %t/pragma.cpp %t/target.cpp %t/attribute.cpp %t/scoped-attribute.cpp \
// RUN:   %t/callee-pragma.cpp %t/popped.cpp %t/reset.cpp %t/after.cpp | FileCheck %s
// CHECK:      pragma.cpp: different
// CHECK-NEXT: target.cpp: different
// CHECK-NEXT: attribute.cpp: different
// CHECK-NEXT: scoped-attribute.cpp: different
// CHECK-NEXT: callee-pragma.cpp: different
// CHECK-NEXT: popped.cpp: same
// CHECK-NEXT: reset.cpp: same
// CHECK-NEXT: after.cpp: same
// CHECK-NEXT: summary: 8 edits, 3 same, 5 different

//--- base.cpp
double cancel(double a, double b) { return (a + b) - a; }
[[npcache::cached]] double f(double a, double b) { return cancel(a, b); }

//--- pragma.cpp
#pragma GCC optimize("fast-math")
double cancel(double a, double b) { return (a + b) - a; }
[[npcache::cached]] double f(double a, double b) { return cancel(a, b); }

//--- target.cpp
#pragma GCC target("fma")
double cancel(double a, double b) { return (a + b) - a; }
[[npcache::cached]] double f(double a, double b) { return cancel(a, b); }

//--- attribute.cpp
__attribute__((optimize("fast-math"))) double cancel(double a, double b) { return (a + b) - a; }
[[npcache::cached]] double f(double a, double b) { return cancel(a, b); }

//--- scoped-attribute.cpp
[[gnu::optimize("Ofast")]] double cancel(double a, double b) { return (a + b) - a; }
[[npcache::cached]] double f(double a, double b) { return cancel(a, b); }

//--- callee-pragma.cpp
double cancel(double a, double b);
[[npcache::cached]] double f(double a, double b) { return cancel(a, b); }
#pragma GCC optimize("fast-math")
double cancel(double a, double b) { return (a + b) - a; }

//--- popped.cpp
#pragma GCC push_options
#pragma GCC optimize("fast-math")
double unrelated(double a, double b) { return (a + b) - a; }
#pragma GCC pop_options
double cancel(double a, double b) { return (a + b) - a; }
[[npcache::cached]] double f(double a, double b) { return cancel(a, b); }

//--- reset.cpp
#pragma GCC optimize("fast-math")
double unrelated(double a, double b) { return (a + b) - a; }
#pragma GCC reset_options
double cancel(double a, double b) { return (a + b) - a; }
[[npcache::cached]] double f(double a, double b) { return cancel(a, b); }

//--- after.cpp
double cancel(double a, double b) { return (a + b) - a; }
[[npcache::cached]] double f(double a, double b) { return cancel(a, b); }
#pragma GCC optimize("fast-math")
double unrelated(double a, double b) { return (a + b) - a; }
