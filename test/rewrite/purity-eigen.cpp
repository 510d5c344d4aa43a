// Eigen's random matrices draw from std::rand in bodies that the parse does not read (its
// headers are system ones): a cached function that makes one gets a warning. Until
// 2026-12-06 none did (Spectra's tests cache such a `gen_dense_data`), and a hit left
// rand's state where the first run's draws had moved it, so the program's later draws
// differed from an uncached run's. A matrix made otherwise draws no warning.
// REQUIRES: eigen
// RUN: %rewrite %s -o %t.cpp -- -std=c++17 -isystem %eigen_include 2>&1 | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:

#include <Eigen/Dense>

[[npcache::cached]] Eigen::MatrixXd noise(int n) { return Eigen::MatrixXd::Random(n, n); }
// CHECK: purity-eigen.cpp:[[@LINE-1]]:37: warning: cached function 'noise' can reach
// CHECK: purity-eigen.cpp:[[@LINE-2]]:59: note: Eigen::DenseBase::Random, which draws from rand, is reached here

[[npcache::cached]] Eigen::VectorXd filled(int n) {
  Eigen::VectorXd v(n);
  v.setRandom();
  return v;
}
// CHECK: purity-eigen.cpp:[[@LINE-5]]:37: warning: cached function 'filled' can reach
// CHECK: purity-eigen.cpp:[[@LINE-4]]:3: note: Eigen::DenseBase::setRandom, which draws from rand, is reached here

[[npcache::cached]] double drawn(int) { return Eigen::internal::random<double>(); }
// CHECK: purity-eigen.cpp:[[@LINE-1]]:28: warning: cached function 'drawn' can reach
// CHECK: purity-eigen.cpp:[[@LINE-2]]:48: note: Eigen::internal::random, which draws from rand, is reached here

[[npcache::cached]] Eigen::MatrixXd ones(int n) { return Eigen::MatrixXd::Ones(n, n) * 2.0; }
