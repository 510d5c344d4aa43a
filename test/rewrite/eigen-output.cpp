// Eigen's idiom for an output parameter is a writable view taken by value (Ref<M>, a Map
// or a block of a non-const matrix): the function writes into the caller's matrix, which a
// hit would not. Until 2026-12-06 such a function was cached like any other, and its
// second run returned the sum and left the caller's vector as it was (zeros where the
// first run wrote 0, 3, 6, 9). Now the rewrite rejects the parameter, ignored or not, and
// a template's instance with such a type does not compile. Read-only views, and a const
// reference to a writable one, still work.
// REQUIRES: eigen
// RUN: not %rewrite %s -o %t.cpp -- -std=c++17 -isystem %eigen_include 2>&1 | FileCheck %s --implicit-check-not=error:
// RUN: not ls %t.cpp
// RUN: %rewrite %s -o %t.template.cpp -- -std=c++17 -isystem %eigen_include -DTEMPLATE
// RUN: not %check_compile_gcc -isystem %eigen_include -DTEMPLATE %t.template.cpp 2>&1 | FileCheck %s --check-prefix=TEMPLATE
// RUN: %rewrite %s -o %t.read.cpp -- -std=c++17 -isystem %eigen_include -DREAD_ONLY
// RUN: %check_compile_gcc -isystem %eigen_include -DREAD_ONLY %t.read.cpp
// RUN: %check_compile -isystem %eigen_include -DREAD_ONLY %t.read.cpp

#include <Eigen/Dense>

#if !defined(TEMPLATE) && !defined(READ_ONLY)
[[npcache::cached]] double fill(Eigen::Ref<Eigen::VectorXd> out, int n) {
  for (Eigen::Index i = 0; i < out.size(); ++i)
    out[i] = double(i * n);
  return out.sum();
}
// CHECK: eigen-output.cpp:[[@LINE-5]]:61: error: parameter 'out' of type 'Eigen::Ref<Eigen::VectorXd>' is a view the function can write through, an output that a cached call would skip

[[npcache::cached]] double fill_map(Eigen::Map<Eigen::MatrixXd> out, int n) { return out.setConstant(n).sum(); }
// CHECK: eigen-output.cpp:[[@LINE-1]]:65: error: parameter 'out' of type 'Eigen::Map<Eigen::MatrixXd>' is a view

[[npcache::cached]] double fill_block(Eigen::Block<Eigen::MatrixXd> out, int n) { return out.setConstant(n).sum(); }
// CHECK: eigen-output.cpp:[[@LINE-1]]:69: error: parameter 'out' of type 'Eigen::Block<Eigen::MatrixXd>' is a view

// Left out of the key, it is still written.
[[npcache::cached(ignore = "out")]] double fill_ignored(Eigen::Ref<Eigen::VectorXd> out, int n) { out[0] = n; return n; }
// CHECK: eigen-output.cpp:[[@LINE-1]]:85: error: parameter 'out' of type 'Eigen::Ref<Eigen::VectorXd>' is a view

// A view of a block of a writable view writes too.
[[npcache::cached]] double fill_nested(Eigen::Block<Eigen::Ref<Eigen::MatrixXd>> out, int n) { return out.setConstant(n).sum(); }
// CHECK: eigen-output.cpp:[[@LINE-1]]:82: error: parameter 'out' of type 'Eigen::Block<Eigen::Ref<Eigen::MatrixXd>{{ ?}}>' is a view

// Held in a struct or a container, even a const one, it writes too (until 2026-12-06 a
// struct { Eigen::Map<Eigen::VectorXd> v; double scale; } was cached, and a hit left the
// caller's vector unwritten).
struct Scaled {
  Eigen::Map<Eigen::VectorXd> v;
  double scale;
};
[[npcache::cached]] double fill_struct(Scaled s) { s.v[0] = s.scale; return s.v.sum(); }
// CHECK: eigen-output.cpp:[[@LINE-1]]:47: error: parameter 's' of type 'Scaled' can write into the caller's data through field 'Scaled::v' of type 'Eigen::Map<Eigen::VectorXd>' (a view that writes)
[[npcache::cached]] double fill_pair(std::pair<Eigen::Map<Eigen::VectorXd>, int> p) { p.first[1] = p.second; return p.second; }
// CHECK: eigen-output.cpp:[[@LINE-1]]:82: error: parameter 'p' of type 'std::pair<Eigen::Map<Eigen::VectorXd>, int>' can write into the caller's data through a template argument of type 'Eigen::Map<Eigen::Matrix<double, -1, 1>{{ ?}}>' (a view that writes)
[[npcache::cached]] double fill_parts(const std::vector<Eigen::Ref<Eigen::VectorXd>> &parts) { return parts.size(); }
// CHECK: eigen-output.cpp:[[@LINE-1]]:87: error: parameter 'parts' of type 'const std::vector<Eigen::Ref<Eigen::VectorXd>{{ ?}}> &' can write into the caller's data through a template argument of type 'Eigen::Ref<Eigen::Matrix<double, -1, 1>{{ ?}}>' (a view that writes)
#endif

#ifdef TEMPLATE
template <class V> [[npcache::cached]] double fill_any(V out, int n) { out.setConstant(n); return out.sum(); }
double use(Eigen::VectorXd &v) { return fill_any(Eigen::Ref<Eigen::VectorXd>(v), 2); }
// TEMPLATE: error: static assertion failed: npcache: this parameter is a view that the function can write through
template <class P> [[npcache::cached]] double first_of(P p) { p.first[0] = 1; return p.second; }
double use_pair(Eigen::VectorXd &v) { return first_of(std::make_pair(Eigen::Map<Eigen::VectorXd>(v.data(), 2), 3)); }
// TEMPLATE: error: static assertion failed: npcache: this parameter holds, in a field or an element, a non-const reference or a view
template <class S> [[npcache::cached]] double scaled_sum(S s) { s.v[0] = s.scale; return s.v.sum(); }
struct Scaled {
  Eigen::Map<Eigen::VectorXd> v;
  double scale;
};
double use_struct(Eigen::VectorXd &v) { return scaled_sum(Scaled{Eigen::Map<Eigen::VectorXd>(v.data(), 2), 3}); }
// TEMPLATE: error: static assertion failed: npcache: this parameter holds, in a field or an element, a non-const reference or a view
#endif

#ifdef READ_ONLY
[[npcache::cached]] double sum_ref(Eigen::Ref<const Eigen::VectorXd> v) { return v.sum(); }
[[npcache::cached]] double sum_map(Eigen::Map<const Eigen::MatrixXd> v) { return v.sum(); }
[[npcache::cached]] double sum_block(Eigen::Block<const Eigen::MatrixXd> v) { return v.sum(); }
[[npcache::cached]] double sum_const_ref(const Eigen::Ref<const Eigen::MatrixXd> &v) { return v.sum(); }
// A const view of writable data, or a const reference to one, cannot write through
// operator[] or operator(): it is taken as a const reference is.
[[npcache::cached]] double sum_const_view(const Eigen::Ref<Eigen::VectorXd> &v) { return v.sum(); }
[[npcache::cached]] double sum_const_map(const Eigen::Map<Eigen::MatrixXd> v) { return v.sum(); }
template <class V> [[npcache::cached]] double sum_any(V v) { return v.sum(); }
double use(const Eigen::VectorXd &v) { return sum_any(Eigen::Ref<const Eigen::VectorXd>(v)) + sum_any(v); }
// Read-only views in a struct; an expression of writable views, taken by const reference.
struct Window {
  Eigen::Map<const Eigen::VectorXd> v;
  int from;
};
[[npcache::cached]] double sum_window(Window w) { return w.v.tail(w.v.size() - w.from).sum(); }
template <class D> [[npcache::cached]] double sum_expr(const Eigen::MatrixBase<D> &m) { return m.sum(); }
double use_map(Eigen::VectorXd &v) {
  Eigen::Map<Eigen::VectorXd> m(v.data(), v.size());
  return sum_expr(m) + sum_expr(m + m) + sum_window(Window{Eigen::Map<const Eigen::VectorXd>(v.data(), 2), 1});
}
#endif
