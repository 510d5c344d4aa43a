// Whether a cached function's key takes the OpenMP team's size and the CPU's cache sizes:
// the handle the rewrite writes says so (the two flags after the build context). Eigen
// blocks its matrix products by the caches, and built with OpenMP (unless
// EIGEN_DONT_PARALLELIZE) splits them over the threads, so a function that reaches Eigen,
// also through a function it calls, keys on the caches and, with OpenMP, on the team.
// Where the file has declared Eigen before the function, the handle also reads Eigen's own
// record of both (setNbThreads, setCpuCacheSizes), for when the link finds Eigen.
// REQUIRES: eigen
// RUN: %rewrite %s -o %t.cpp -- -std=c++17 -isystem %eigen_include
// RUN: grep -v '^ *//' %t.cpp | FileCheck %s --check-prefix=SERIAL
// RUN: %rewrite %s -o %t.omp.cpp -- -std=c++17 -fopenmp -idirafter %gcc_include -isystem %eigen_include
// RUN: grep -v '^ *//' %t.omp.cpp | FileCheck %s --check-prefix=OMP
// RUN: %rewrite %s -o %t.dont.cpp -- -std=c++17 -fopenmp -DEIGEN_DONT_PARALLELIZE -idirafter %gcc_include -isystem %eigen_include
// RUN: grep -v '^ *//' %t.dont.cpp | FileCheck %s --check-prefix=SERIAL

// SERIAL: generated_handle(std::string("before_eigen"){{.*}}NPCACHE_BUILD_CONTEXT, false, false});
// OMP: generated_handle(std::string("before_eigen"){{.*}}NPCACHE_BUILD_CONTEXT, false, false});
[[npcache::cached]] double before_eigen(int n) { return n * 0.25; }

#include <Eigen/Dense>

// SERIAL: generated_handle(std::string("product"){{.*}}NPCACHE_BUILD_CONTEXT, false, true, []() -> ::std::uint64_t { return ::npcache::detail::eigen_state(::Eigen::nbThreads(), ::Eigen::l1CacheSize(), ::Eigen::l2CacheSize(), ::Eigen::l3CacheSize()); }});
// OMP: generated_handle(std::string("product"){{.*}}NPCACHE_BUILD_CONTEXT, true, true, []() -> ::std::uint64_t { return ::npcache::detail::eigen_state(::Eigen::nbThreads(), ::Eigen::l1CacheSize(), ::Eigen::l2CacheSize(), ::Eigen::l3CacheSize()); }});
[[npcache::cached]] double product(int n) {
  Eigen::MatrixXd a = Eigen::MatrixXd::Constant(n, n, 0.5);
  return (a * a).sum();
}

static double helper(int n) {
  Eigen::VectorXd v = Eigen::VectorXd::LinSpaced(n, 0.0, 1.0);
  return v.squaredNorm();
}
// SERIAL: generated_handle(std::string("calls"){{.*}}NPCACHE_BUILD_CONTEXT, false, true, []() -> ::std::uint64_t { return ::npcache::detail::eigen_state(::Eigen::nbThreads(), ::Eigen::l1CacheSize(), ::Eigen::l2CacheSize(), ::Eigen::l3CacheSize()); }});
// OMP: generated_handle(std::string("calls"){{.*}}NPCACHE_BUILD_CONTEXT, true, true, []() -> ::std::uint64_t { return ::npcache::detail::eigen_state(::Eigen::nbThreads(), ::Eigen::l1CacheSize(), ::Eigen::l2CacheSize(), ::Eigen::l3CacheSize()); }});
[[npcache::cached]] double calls(int n) { return helper(n); }

// SERIAL: generated_handle(std::string("plain"){{.*}}NPCACHE_BUILD_CONTEXT, false, false, []() -> ::std::uint64_t { return ::npcache::detail::eigen_state(::Eigen::nbThreads(), ::Eigen::l1CacheSize(), ::Eigen::l2CacheSize(), ::Eigen::l3CacheSize()); }});
// OMP: generated_handle(std::string("plain"){{.*}}NPCACHE_BUILD_CONTEXT, false, false, []() -> ::std::uint64_t { return ::npcache::detail::eigen_state(::Eigen::nbThreads(), ::Eigen::l1CacheSize(), ::Eigen::l2CacheSize(), ::Eigen::l3CacheSize()); }});
[[npcache::cached]] double plain(int n) { return n * 0.5; }
