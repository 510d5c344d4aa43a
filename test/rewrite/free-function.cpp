// A marked function keeps its name and signature; its body moves, in place, into a
// lambda that the runtime calls on a miss. The attribute's tokens become spaces, and
// #line directives keep every line and column of the body where it was.
// RUN: %rewrite %s -o %t.cpp -- -std=c++17
// RUN: grep -v '^ *//' %t.cpp | FileCheck %s
// RUN: %check_compile %t.cpp
// RUN: %check_compile_gcc %t.cpp

#include <vector>

[[npcache::cached]]
std::vector<double> simulate(int steps, double dt) {
  std::vector<double> x(static_cast<std::size_t>(steps), dt);
  return x;
}

// CHECK:      #include <npcache/generated.hpp>
// CHECK-NEXT: #line 1 "{{.*}}free-function.cpp"
// CHECK:      {{^\[\[ +\]\]$}}
// CHECK-NEXT: std::vector<double> simulate(int steps, double dt) {
// CHECK-NEXT:   auto npcache_compute = [&]() -> std::vector<double> {
// CHECK-NEXT: #line 12 "{{.*}}free-function.cpp"
// CHECK-NEXT: {{^ +$}}
// CHECK-NEXT:   std::vector<double> x(static_cast<std::size_t>(steps), dt);
// CHECK-NEXT:   return x;
// CHECK-EMPTY:
// CHECK-NEXT:   };

// Each generated statement sits on the line and column of what it concerns: a parameter
// or result type without a codec is reported at that parameter or result.
// CHECK-NEXT: #line 12 "{{.*}}free-function.cpp"
// CHECK-NEXT: {{^                                 }}::npcache::detail::check_key<decltype(steps)>();
// CHECK-NEXT: #line 12 "{{.*}}free-function.cpp"
// CHECK-NEXT: {{^                                               }}::npcache::detail::check_key<decltype(dt)>();
// CHECK-NEXT: #line 12 "{{.*}}free-function.cpp"
// CHECK-NEXT: {{^}}::npcache::detail::check_result<std::invoke_result_t<decltype(npcache_compute) &>>();
// CHECK-NEXT: #line 12 "{{.*}}free-function.cpp"
// CHECK-NEXT: {{^                    }}static const ::npcache::detail::Handle npcache_handle = ::npcache::detail::generated_handle(std::string("simulate"), {&::npcache::detail::signature_text<std::invoke_result_t<decltype(npcache_compute) &>, decltype(steps), decltype(dt)>, "{}", ::npcache::detail::linked("{{[0-9a-f]+}}"), ::npcache::Key128{0x{{[0-9a-f]+}}ull, 0x{{[0-9a-f]+}}ull}, "simulate(int, double)\t{{[0-9a-f]+}}\n(system headers)\t{{[0-9a-f]+}}\n", NPCACHE_BUILD_CONTEXT, false, false});
// CHECK-NEXT: #line 12 "{{.*}}free-function.cpp"
// CHECK-NEXT: {{^                    }}return ::npcache::detail::cached_call(npcache_handle, npcache_compute, steps, dt);
// CHECK-NEXT: #line 15 "{{.*}}free-function.cpp"
// CHECK-NEXT: }
