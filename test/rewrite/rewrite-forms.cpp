// Forms of C++ that the wrapper must keep compiling and meaning the same: a
// function-try-block, an abbreviated template, an unnamed template parameter (named in
// place, columns kept), the `using` spelling of the attribute, parameters that take the
// generated names, locals declared with parentheses in a template, and __func__.
// RUN: %rewrite %s -o %t.cpp -- -std=c++20
// RUN: grep -v '^ *//' %t.cpp | FileCheck %s
// RUN: %check_compile -std=c++20 %t.cpp
// RUN: %check_compile_gcc -std=c++20 %t.cpp

#include <string>
#include <vector>

[[npcache::cached]] int guarded(int x) try { return x > 0 ? x : throw x; } catch (int) { return -1; }
// CHECK:      {{^\[\[ +\]\]}} int guarded(int x) {
// CHECK-NEXT:   auto npcache_compute = [&]() -> int {
// CHECK-NEXT: #line [[@LINE-3]]
// CHECK-NEXT: {{^ +}}try { return x > 0 ? x : throw x; } catch (int) { return -1; }
// CHECK-NEXT:   };

[[npcache::cached]] auto add(auto a, const auto &b) { return a + b; }
// CHECK: template_argument<std::remove_cv_t<std::remove_reference_t<decltype(a)>>>() + "," + ::npcache::detail::template_argument<std::remove_cv_t<std::remove_reference_t<decltype(b)>>>()

template <class T, class = void, int = 3> [[npcache::cached]] T first(T a) { T r(a); return r; }
// CHECK:      template <class T, class npcache_template_parameter
// CHECK-NEXT: #line [[@LINE-2]]
// CHECK-NEXT: {{^                         }}= void, int npcache_template_parameter_1
// CHECK-NEXT: #line [[@LINE-4]]
// CHECK-NEXT: {{^                                       }}= 3>
// CHECK:      template_argument<npcache_template_parameter>() + "," + ::npcache::detail::template_value(npcache_template_parameter_1)

template <class Real> [[npcache::cached]] std::vector<Real> filled(int n) { std::vector<Real> v(n); return v; }

[[using npcache: cached(compress = "zstd")]] int spelled(int x) { return x; }
// CHECK:      {{^\[\[ +\]\]}} int spelled(int x) {
// CHECK:      generated_handle(std::string("spelled"), {{.*}}, "{\"compress\":\"zstd\"}",

[[npcache::cached]] int names(int npcache_compute, int npcache_handle) { return npcache_compute + npcache_handle; }
// CHECK:      auto npcache_compute_1 = [&]() -> int {
// CHECK:      static const ::npcache::detail::Handle npcache_handle_1 =
// CHECK:      cached_call(npcache_handle_1, npcache_compute_1, npcache_compute, npcache_handle);

[[npcache::cached]] std::string who(int x) { return std::string(__func__) + __PRETTY_FUNCTION__ + std::to_string(x); }
// CHECK:      auto &npcache_func = __func__;
// CHECK-NEXT: #pragma push_macro("__func__")
// CHECK-NEXT: #define __func__ npcache_func
// CHECK-NEXT: auto &npcache_pretty_function = __PRETTY_FUNCTION__;

int use() { return add(1, 2) + first(2) + (int)filled<double>(2).size() + spelled(1) + names(1, 2) + (int)who(1).size(); }
