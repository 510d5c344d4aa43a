// Const member functions key on *this as well as their arguments; static members do not.
// Out-of-class definitions work: the body keeps the member's access inside the lambda.
// RUN: %rewrite %s -o %t.cpp -- -std=c++17
// RUN: grep -v '^ *//' %t.cpp | FileCheck %s
// RUN: %check_compile %t.cpp
// RUN: %check_compile_gcc %t.cpp

struct Grid {
  int n;
  double h;
  [[npcache::cached]] double area() const { return n * n * h * h; }
  // CHECK: double area() const {
  // CHECK: generated_handle(std::string("Grid::area"), {&::npcache::detail::signature_text<std::invoke_result_t<decltype(npcache_compute) &>, decltype(*this)>,
  // CHECK: cached_call(npcache_handle, npcache_compute, *this);

  [[npcache::cached]] static double scale(double x) { return 2 * x; }
  // CHECK: static double scale(double x) {
  // CHECK: cached_call(npcache_handle, npcache_compute, x);

  double mass(double rho) const;
};

[[npcache::cached]] double Grid::mass(double rho) const { return area() * rho; }
// CHECK: double Grid::mass(double rho) const {
// CHECK: generated_handle(std::string("Grid::mass"), {&::npcache::detail::signature_text<std::invoke_result_t<decltype(npcache_compute) &>, decltype(*this), decltype(rho)>,
// CHECK: cached_call(npcache_handle, npcache_compute, *this, rho);
