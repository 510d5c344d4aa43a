// Functions in namespaces, static and inline functions, overloads, unnamed parameters.
// RUN: %rewrite %s -o %t.cpp -- -std=c++17
// RUN: FileCheck %s --input-file %t.cpp
// RUN: %check_compile %t.cpp

namespace phys {
namespace detail {
[[npcache::cached]] static double half(double x) { return x / 2; }
// CHECK: static double half_npcache0(double x) { return x / 2; }
// CHECK: static double half(double x) {
// CHECK: generated_handle(&half_npcache0, "phys::detail::half",
}

[[npcache::cached]] inline int scale(int x, int) { return 3 * x; }
// CHECK: inline int scale_npcache1(int x, int) { return 3 * x; }
// CHECK: inline int scale(int x, int npcache_arg1) {
// CHECK: return scale_npcache1(static_cast<decltype(x) &&>(x), static_cast<decltype(npcache_arg1) &&>(npcache_arg1)); }, x, npcache_arg1);

[[npcache::cached]] double area(double r) { return 3.14159 * r * r; }
[[npcache::cached]] double area(double w, double h) { return w * h; }
// CHECK: double area_npcache2(double r)
// CHECK: generated_handle(&area_npcache2, "phys::area",
// CHECK: double area_npcache3(double w, double h)
// CHECK: generated_handle(&area_npcache3, "phys::area",
double use_half(double x) { return detail::half(x); }
} // namespace phys

int untouched(int x) { return x; }
// CHECK: int untouched(int x) { return x; }
