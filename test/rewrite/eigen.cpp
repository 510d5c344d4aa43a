// Eigen's types have codecs: Matrix and Array (any storage order, fixed or dynamic),
// SparseMatrix and Tensor as parameters and results; Ref, Map and a function template's
// MatrixBase<D> as parameters. --list-cacheable agrees, a rewritten file includes the
// Eigen codec headers its types need and only those, and the output compiles with GCC and
// Clang.
// REQUIRES: eigen
// RUN: %rewrite %s -o %t.unmarked.cpp --list-cacheable %t.json -- -std=c++17 -isystem %eigen_include
// RUN: FileCheck %s --input-file %t.json --check-prefix=LIST
// RUN: %rewrite %s -o %t.cpp -- -std=c++17 -isystem %eigen_include -DMARK
// RUN: FileCheck %s --input-file %t.cpp --check-prefix=OUT
// RUN: %check_compile_gcc -isystem %eigen_include %t.cpp
// RUN: %check_compile -isystem %eigen_include %t.cpp
// RUN: %rewrite %s -o %t.dense.cpp -- -std=c++17 -isystem %eigen_include -DMARK -DDENSE_ONLY
// RUN: FileCheck %s --input-file %t.dense.cpp --check-prefix=DENSE

#include <Eigen/Dense>
#include <Eigen/SparseCore>
#include <unsupported/Eigen/CXX11/Tensor>

#ifdef MARK
#define CACHED [[npcache::cached]]
#else
#define CACHED
#endif

// OUT-DAG: {{^}}#include <npcache/codec/eigen.hpp>
// OUT-DAG: {{^}}#include <npcache/codec/eigen_sparse.hpp>
// OUT-DAG: {{^}}#include <npcache/codec/eigen_tensor.hpp>
// OUT-DAG: {{^}}#include <npcache/codec/numeric.hpp>
// DENSE: {{^}}#include <npcache/codec/eigen.hpp>
// DENSE-NOT: {{^}}#include <npcache/codec/eigen_

using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

CACHED RowMatrix smooth(const Eigen::Ref<const Eigen::MatrixXd> &a, int steps) {
  RowMatrix out = a;
  for (int s = 0; s < steps; ++s)
    out = 0.5 * (out + out.transpose().transpose());
  return out;
}
// LIST: "cacheable": true,
// LIST-NEXT: "column": {{[0-9]+}},
// LIST-NEXT: "line": {{[0-9]+}},
// LIST-NEXT: "name": "smooth(const Eigen::Ref<const Eigen::MatrixXd> &, int)",

CACHED Eigen::Array3f scale(Eigen::Map<const Eigen::Array3f> v, float k) { return v * k; }
// LIST: "cacheable": true,
// LIST: "name": "scale(Eigen::Map<const Eigen::Array3f>, float)",

template <class D> CACHED double total(const Eigen::MatrixBase<D> &x) { return x.sum(); }
inline double use_total(const Eigen::MatrixXd &a) { return total(a + a); }

#ifndef DENSE_ONLY
CACHED Eigen::SparseMatrix<double> laplacian(int n) {
  Eigen::SparseMatrix<double> l(n, n);
  for (int i = 0; i < n; ++i)
    l.insert(i, i) = 2;
  return l;
}
// LIST: "cacheable": true,
// LIST: "name": "laplacian(int)",

CACHED Eigen::Tensor<float, 3> cube(int n) {
  Eigen::Tensor<float, 3> t(n, n, n);
  t.setConstant(1.0f);
  return t;
}
// LIST: "cacheable": true,
// LIST: "name": "cube(int)",

CACHED Eigen::VectorXcd spectrum(const Eigen::VectorXd &x) { return x.cast<std::complex<double>>(); }
// LIST: "cacheable": true,
// LIST: "name": "spectrum(const Eigen::VectorXd &)",
#endif

// A result that is a view cannot be cached: it would outlive what it views.
#ifndef MARK
Eigen::Map<const Eigen::VectorXd> view(const std::vector<double> &v) { return {v.data(), static_cast<Eigen::Index>(v.size())}; }
#endif
// LIST: "cacheable": false,
// LIST-NEXT: "column": {{[0-9]+}},
// LIST-NEXT: "line": {{[0-9]+}},
// LIST-NEXT: "name": "view(const std::vector<double> &)",
