// A cast that takes const away lets a function write into what its caller passed as const;
// a hit skips that write. Eigen's documentation writes into a `const MatrixBase<D> &out`
// that way (and with its own const_cast_derived), and until 2026-12-06 such a function was
// cached without a warning: its second run left the caller's matrix unwritten. Now each
// draws a purity warning, in the function or in what it calls. Casts that keep or add
// const, or convert numbers, draw none.
// REQUIRES: eigen
// RUN: %rewrite %s -o %t.cpp -- -std=c++17 -isystem %eigen_include 2>&1 | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:

#include <Eigen/Dense>
#include <vector>

[[npcache::cached]] double by_reference(const std::vector<double> &v) {
  const_cast<std::vector<double> &>(v)[0] = 1;
  return v[0];
}
// CHECK: purity-const-cast.cpp:[[@LINE-4]]:28: warning: cached function 'by_reference' can reach
// CHECK: purity-const-cast.cpp:[[@LINE-4]]:3: note: a cast that takes const away (a write through it reaches what the caller passed as const) is reached here

static void zero_first(const std::vector<double> &v) { ((double *)v.data())[0] = 0; }
[[npcache::cached]] double through_callee(const std::vector<double> &v) {
  zero_first(v);
  return v.size();
}
// CHECK: purity-const-cast.cpp:[[@LINE-4]]:28: warning: cached function 'through_callee' can reach
// CHECK: purity-const-cast.cpp:[[@LINE-6]]:57: note: a cast that takes const away

template <class D> [[npcache::cached]] double eigen_idiom(const Eigen::MatrixBase<D> &out, int n) {
  const_cast<Eigen::MatrixBase<D> &>(out).setConstant(n);
  return n;
}
double use(Eigen::VectorXd &v) { return eigen_idiom(v, 2); }
// CHECK: purity-const-cast.cpp:[[@LINE-5]]:47: warning: cached function 'eigen_idiom' can reach
// CHECK: purity-const-cast.cpp:[[@LINE-5]]:3: note: a cast that takes const away

[[npcache::cached]] double eigen_own(const Eigen::Ref<Eigen::VectorXd> &out, int n) {
  out.const_cast_derived().setConstant(n);
  return n;
}
// CHECK: purity-const-cast.cpp:[[@LINE-4]]:28: warning: cached function 'eigen_own' can reach
// CHECK: purity-const-cast.cpp:[[@LINE-4]]:3: note: Eigen's const_cast_derived (a write through it reaches what the caller passed as const) is reached here

[[npcache::cached]] double harmless(const std::vector<double> &v, int n) {
  const std::vector<double> &same = const_cast<const std::vector<double> &>(v);
  std::vector<double> copy = v;
  double *mine = (double *)copy.data();
  const double *read = const_cast<const double *>(mine);
  return same[0] + read[0] + static_cast<double>(n) + (double)n;
}
