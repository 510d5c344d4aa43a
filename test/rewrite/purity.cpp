// A cached function that can reach something whose result is not a function of its
// arguments gets a warning, with a note where each thing is reached, through callees
// too. Where it reads files, a note names npcache::input_file as the fix. The rewrite
// still succeeds, and `pure = true` silences the warning.
// RUN: %rewrite %s -o %t.cpp -- -std=c++17 -Wno-deprecated-declarations 2>&1 | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
// RUN: ls %t.cpp

#include <algorithm>
#include <cfenv>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <random>
#include <unistd.h>
#include <vector>

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

// What a call leaves changed for the rest of the process, which a hit skips (until
// 2026-12-05 none of these warned): a file removed, the environment, rand's seed, the
// rounding mode (a hit returned the same value, and the caller's next division rounded
// to nearest where the miss had left it rounding up), a signal's handler.
[[npcache::cached]] double cleanup(int n) { std::remove("scratch.dat"); return n; }
// CHECK: purity.cpp:[[@LINE-1]]:28: warning: cached function 'cleanup' can reach
// CHECK: purity.cpp:[[@LINE-2]]:45: note: remove is reached here
[[npcache::cached]] double configure(int n) { setenv("OMP_NUM_THREADS", "1", 1); return n; }
// CHECK: purity.cpp:[[@LINE-1]]:28: warning: cached function 'configure' can reach
// CHECK: purity.cpp:[[@LINE-2]]:47: note: setenv is reached here
[[npcache::cached]] double seeded(int n) { std::srand(n); return n; }
// CHECK: purity.cpp:[[@LINE-1]]:28: warning: cached function 'seeded' can reach
// CHECK: purity.cpp:[[@LINE-2]]:44: note: srand is reached here
[[npcache::cached]] double upward(double x) { std::fesetround(FE_UPWARD); return x / 3; }
// CHECK: purity.cpp:[[@LINE-1]]:28: warning: cached function 'upward' can reach
// CHECK: purity.cpp:[[@LINE-2]]:47: note: fesetround is reached here
[[npcache::cached]] double quiet(int n) { std::signal(SIGINT, SIG_IGN); return n; }
// CHECK: purity.cpp:[[@LINE-1]]:28: warning: cached function 'quiet' can reach
// CHECK: purity.cpp:[[@LINE-2]]:43: note: signal is reached here

// std::random_shuffle of two iterators draws from rand() in a body that is not parsed; with
// a generator of the program's, it does not.
[[npcache::cached]] std::vector<int> shuffled(std::vector<int> v) { std::random_shuffle(v.begin(), v.end()); return v; }
// CHECK: purity.cpp:[[@LINE-1]]:38: warning: cached function 'shuffled' can reach
// CHECK: purity.cpp:[[@LINE-2]]:69: note: std::random_shuffle, which draws from rand, is reached here
struct Counter { int operator()(int n) const { return n - 1; } };
[[npcache::cached]] std::vector<int> rotated(std::vector<int> v) { std::random_shuffle(v.begin(), v.end(), Counter{}); return v; }

// A const member function that writes a `mutable` member of *this: the miss leaves the
// count at 1 and the hit at 0 (until 2026-12-05 this did not warn), also through a member
// function of the class it calls on this. A mutex member, and a local object's member, do
// not warn.
struct Model {
  double k;
  mutable int calls = 0;
  double eval(double x) const;
  double twice(double x) const;
  void bump() const { ++calls; }
};
[[npcache::cached]] double Model::eval(double x) const { ++calls; return k * x; }
// CHECK: purity.cpp:[[@LINE-1]]:35: warning: cached function 'eval' can reach
// CHECK: purity.cpp:[[@LINE-2]]:60: note: mutable member 'Model::calls' of *this is reached here
[[npcache::cached]] double Model::twice(double x) const { bump(); return 2 * k * x; }
// CHECK: purity.cpp:[[@LINE-1]]:35: warning: cached function 'twice' can reach
// CHECK: purity.cpp:[[@LINE-7]]:25: note: mutable member 'Model::calls' of *this is reached here
struct Locked {
  double k;
  mutable std::mutex m;
  double eval(double x) const;
};
[[npcache::cached]] double Locked::eval(double x) const { std::lock_guard<std::mutex> g(m); return k * x; }
[[npcache::cached]] double on_local(double x) { Model m{x}; m.bump(); return m.k; }

// The same through a reference parameter: the caller's object keeps the count after a miss
// and not after a hit (until 2026-12-06 this did not warn), also in a member of a member.
// A copy taken by value, and a mutex, do not warn.
struct Stats {
  double scale;
  mutable int calls = 0;
  mutable std::mutex m;
};
struct Outer { Stats stats; };
[[npcache::cached]] double scaled(const Stats &s, double x) { ++s.calls; return s.scale * x; }
// CHECK: purity.cpp:[[@LINE-1]]:28: warning: cached function 'scaled' can reach
// CHECK: purity.cpp:[[@LINE-2]]:65: note: mutable member 'Stats::calls' of parameter 's' is reached here
[[npcache::cached]] double nested(const Outer &o, double x) { o.stats.calls += 1; return o.stats.scale * x; }
// CHECK: purity.cpp:[[@LINE-1]]:28: warning: cached function 'nested' can reach
// CHECK: purity.cpp:[[@LINE-2]]:63: note: mutable member 'Stats::calls' of parameter 'o' is reached here
// The same written by a callee the parameter is handed to, or by a member function called
// on it (until 2026-12-06 neither warned). On a local object, neither does.
void count_use(const Stats &counted) { ++counted.calls; }
struct Tally {
  mutable int n = 0;
  void hit() const { ++n; }
};
struct Holder {
  Tally c;
  double v;
};
[[npcache::cached]] double via_callee(const Stats &s, double x) { count_use(s); return s.scale * x; }
// CHECK: purity.cpp:[[@LINE-1]]:28: warning: cached function 'via_callee' can reach
// CHECK: purity.cpp:[[@LINE-11]]:42: note: mutable member 'Stats::calls' of parameter 'counted' is reached here
[[npcache::cached]] double via_method(const Holder &h, double x) { h.c.hit(); return h.v * x; }
// CHECK: purity.cpp:[[@LINE-1]]:28: warning: cached function 'via_method' can reach
// CHECK: purity.cpp:[[@LINE-11]]:24: note: mutable member 'Tally::n' of what a reference parameter refers to is reached here
[[npcache::cached]] double callee_on_local(double x) { Stats s{x}; count_use(s); Holder h{{}, x}; h.c.hit(); return s.scale * h.v; }
[[npcache::cached]] double copied(Model m, double x) { ++m.calls; return m.k * x; }
[[npcache::cached]] double locked(const Stats &s, double x) { std::lock_guard<std::mutex> g(s.m); return s.scale * x; }
