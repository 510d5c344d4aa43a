// A cached function that can reach something whose result is not a function of its
// arguments gets a warning, with a note where each thing is reached, through callees
// too. Where it reads files, a note names npcache::input_file as the fix. The rewrite
// still succeeds, and `pure = true` silences the warning.
// RUN: %rewrite %s -o %t.cpp -- -std=c++17 2>&1 | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
// RUN: ls %t.cpp

#include <cfenv>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <random>

int g_calls = 0;
double noise();

[[npcache::cached]] double sample(int n) {
  // CHECK: purity.cpp:[[@LINE-1]]:28: warning: cached function 'sample' can reach code whose result is not a function of its arguments
  // CHECK-DAG: purity.cpp:[[@LINE-2]]:28: note: to key the cache on what a file contains, take it as an npcache::input_file parameter
  std::random_device device;
  // CHECK-DAG: purity.cpp:[[@LINE-1]]:22: note: std::random_device is reached here
  auto now = std::chrono::steady_clock::now();
  // CHECK-DAG: purity.cpp:[[@LINE-1]]:14: note: std::chrono::steady_clock::now is reached here
  g_calls += n;
  // CHECK-DAG: purity.cpp:[[@LINE-1]]:3: note: mutable global 'g_calls' is reached here
  std::ifstream in("data.txt");
  // CHECK-DAG: purity.cpp:[[@LINE-1]]:17: note: std::basic_ifstream is reached here
  (void)now;
  return noise() + device() + (std::getenv("HOME") != nullptr ? 1 : 0);
  // CHECK-DAG: purity.cpp:[[@LINE-1]]:32: note: getenv is reached here
}

double noise() { return std::rand() / 2.0; }
// CHECK-DAG: purity.cpp:[[@LINE-1]]:25: note: rand is reached here

// Randomness alone: no word of input files.
[[npcache::cached]] double dice(int n) { return std::rand() % n; }
// CHECK: purity.cpp:[[@LINE-1]]:28: warning: cached function 'dice' can reach
// CHECK: purity.cpp:[[@LINE-2]]:49: note: rand is reached here

// The floating-point exception flags the caller had: a miss runs the function with them
// cleared, so that it knows what it raised.
[[npcache::cached]] double checked(double x) { return std::fetestexcept(FE_OVERFLOW) ? 0 : x * 2; }
// CHECK: purity.cpp:[[@LINE-1]]:28: warning: cached function 'checked' can reach
// CHECK: purity.cpp:[[@LINE-2]]:55: note: fetestexcept is reached here

[[npcache::cached(pure = true)]] double trusted(int n) { return noise() + n; }

[[npcache::cached]] double clean(int n) {
  static const double kScale = 2.0;
  return n * kScale;
}
