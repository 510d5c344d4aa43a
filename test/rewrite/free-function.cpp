// A marked free function becomes a wrapper around the runtime; the original body moves,
// unchanged, into a renamed implementation. The attribute's tokens become spaces.
// RUN: %rewrite %s -o %t.cpp -- -std=c++17
// RUN: FileCheck %s --input-file %t.cpp
// RUN: %check_compile %t.cpp

#include <vector>

[[npcache::cached]]
std::vector<double> simulate(int steps, double dt) {
  std::vector<double> x(static_cast<std::size_t>(steps), dt);
  return x;
}

// CHECK:      #include <npcache/generated.hpp>
// CHECK-NEXT: #line 1 "{{.*}}free-function.cpp"
// CHECK:      {{^\[\[ +\]\]$}}
// CHECK-NEXT: std::vector<double> simulate(int steps, double dt) ;
// CHECK-NEXT: #line 10 "{{.*}}free-function.cpp"
// CHECK-NEXT: std::vector<double> simulate_npcache0(int steps, double dt) {
// CHECK:      std::vector<double> simulate(int steps, double dt) {
// CHECK-NEXT:   static const ::npcache::detail::Handle npcache_handle =
// CHECK-NEXT:       ::npcache::detail::generated_handle(&simulate_npcache0, "simulate", [] {
// CHECK:            ::npcache::Key128{0x{{[0-9a-f]+}}ull, 0x{{[0-9a-f]+}}ull});
// CHECK-NEXT:   return ::npcache::detail::cached_call(
// CHECK-NEXT:       npcache_handle, [&]() -> decltype(auto) { return simulate_npcache0(static_cast<decltype(steps) &&>(steps), static_cast<decltype(dt) &&>(dt)); }, steps, dt);
// CHECK-NEXT: }
// CHECK-NEXT: #line 13 "{{.*}}free-function.cpp"
