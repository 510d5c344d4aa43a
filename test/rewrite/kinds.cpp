// Functions in namespaces, static and inline functions, overloads, unnamed parameters
// (left out of the key: an unnamed parameter cannot change the result), and `auto` and
// trailing return types.
// RUN: %rewrite %s -o %t.cpp -- -std=c++17
// RUN: grep -v '^ *//' %t.cpp | FileCheck %s
// RUN: %check_compile %t.cpp
// RUN: %check_compile_gcc %t.cpp

namespace phys {
namespace detail {
[[npcache::cached]] static double half(double x) { return x / 2; }
// CHECK: static double half(double x) {
// CHECK: generated_handle(std::string("phys::detail::half"),
// CHECK: cached_call(npcache_handle, npcache_compute, x);
}

[[npcache::cached]] inline int scale(int x, int) { return 3 * x; }
// CHECK: inline int scale(int x, int) {
// CHECK: signature_text<std::invoke_result_t<decltype(npcache_compute) &>, decltype(x)>,
// CHECK: cached_call(npcache_handle, npcache_compute, x);

[[npcache::cached]] double area(double r) { return 3.14159 * r * r; }
[[npcache::cached]] double area(double w, double h) { return w * h; }
// CHECK: double area(double r) {
// CHECK: generated_handle(std::string("phys::area"),
// CHECK: double area(double w, double h) {
// CHECK: generated_handle(std::string("phys::area"),

[[npcache::cached]] auto deduced(int x) { return x * 2.5; }
// CHECK: auto npcache_compute = [&]() -> auto {
[[npcache::cached]] auto trailing(int x) -> double { return x * 1.5; }
// CHECK: auto npcache_compute = [&]() -> double {

double use(double x) { return detail::half(x) + deduced(1) + trailing(2); }
} // namespace phys

int untouched(int x) { return x; }
// CHECK: int untouched(int x) { return x; }
