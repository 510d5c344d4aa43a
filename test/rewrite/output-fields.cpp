// A struct that holds a non-const reference is an output however it is passed: const
// does not reach through a reference member. Until 2026-12-06 `fill(Job{a, 3})` was
// cached like any other call (the struct has a codec: its fields' values), and the second
// run returned 4.5 and left `a` empty, where the first had filled it. Now the rewrite
// rejects such a parameter, or *this, wherever the reference sits: in a field, a nested
// struct, a base, a container's or a tuple's elements; and a template's instance with
// such a type does not compile. Const references and values in fields still work.
// RUN: not %rewrite %s -o %t.cpp -- -std=c++17 2>&1 | FileCheck %s --implicit-check-not=error:
// RUN: not ls %t.cpp
// RUN: %rewrite %s -o %t.template.cpp -- -std=c++17 -DTEMPLATE
// RUN: not %check_compile_gcc -DTEMPLATE %t.template.cpp 2>&1 | FileCheck %s --check-prefix=TEMPLATE
// RUN: not %check_compile -DTEMPLATE %t.template.cpp 2>&1 | FileCheck %s --check-prefix=TEMPLATE
// RUN: %rewrite %s -o %t.read.cpp -- -std=c++17 -DREAD_ONLY
// RUN: %check_compile_gcc -DREAD_ONLY %t.read.cpp
// RUN: %check_compile -DREAD_ONLY %t.read.cpp

#include <map>
#include <string>
#include <tuple>
#include <vector>

struct Job {
  std::vector<double> &out;
  int n;
};

#if !defined(TEMPLATE) && !defined(READ_ONLY)
[[npcache::cached]] double fill(Job j) {
  j.out.assign(j.n, 1.5);
  return 1.5 * j.n;
}
// CHECK: output-fields.cpp:[[@LINE-4]]:37: error: parameter 'j' of type 'Job' can write into the caller's data through field 'Job::out' of type 'std::vector<double> &', even when const: an output that a cached call would skip

[[npcache::cached]] double fill_const(const Job &j) { j.out.assign(j.n, 1.5); return 1.5 * j.n; }
// CHECK: output-fields.cpp:[[@LINE-1]]:50: error: parameter 'j' of type 'const Job &' can write into the caller's data through field 'Job::out'

struct Batch {
  int id;
  Job job;
};
[[npcache::cached]] int nested(Batch b) { return b.id; }
// CHECK: output-fields.cpp:[[@LINE-1]]:38: error: parameter 'b' of type 'Batch' can write into the caller's data through field 'Job::out'

struct Logged : Job {};
[[npcache::cached]] int derived(const Logged &l) { return l.n; }
// CHECK: output-fields.cpp:[[@LINE-1]]:47: error: parameter 'l' of type 'const Logged &' can write into the caller's data through field 'Job::out'

// Reached through a container's elements, which are not instantiated here.
[[npcache::cached]] int in_map(const std::map<int, std::vector<Job>> &jobs) { return jobs.size(); }
// CHECK: output-fields.cpp:[[@LINE-1]]:71: error: parameter 'jobs' of type 'const std::map<int, std::vector<Job>{{ ?}}> &' can write into the caller's data through field 'Job::out'

[[npcache::cached]] int in_tuple(std::tuple<int, std::vector<double> &> t) { return std::get<0>(t); }
// CHECK: output-fields.cpp:[[@LINE-1]]:73: error: parameter 't' of type 'std::tuple<int, std::vector<double> &>' can write into the caller's data through a template argument of type 'std::vector<double> &'

// Left out of the key, it is still written.
[[npcache::cached(ignore = "j")]] int ignored(Job j, int n) { j.out.push_back(n); return n; }
// CHECK: output-fields.cpp:[[@LINE-1]]:51: error: parameter 'j' of type 'Job' can write into the caller's data

// A const member function writes through a reference member of *this.
struct Solver {
  std::vector<double> &log;
  [[npcache::cached]] double run(int n) const { log.push_back(n); return n; }
};
// CHECK: output-fields.cpp:[[@LINE-2]]:30: error: '*this' of type 'Solver' can write into the caller's data through field 'Solver::log'
#endif

#ifdef TEMPLATE
template <class J> [[npcache::cached]] double fill_any(J j) { j.out.assign(j.n, 2.5); return 2.5 * j.n; }
double use(std::vector<double> &v) { return fill_any(Job{v, 2}); }
// TEMPLATE: static assertion failed{{.*}}npcache: this parameter holds, in a field or an element, a non-const reference
// A class template's argument (this one has no codec either).
template <class T> [[npcache::cached]] int first(T t) { return std::get<0>(t); }
int use_tuple(std::vector<double> &v) { return first(std::tuple<int, std::vector<double> &>(1, v)); }
// TEMPLATE: static assertion failed{{.*}}npcache: this parameter holds, in a field or an element, a non-const reference
#endif

#ifdef READ_ONLY
struct Input {
  const std::vector<double> &xs;
  std::string label;
  std::vector<double> weights;
};
[[npcache::cached]] double total(Input in) {
  double s = 0;
  for (double x : in.xs)
    s += x;
  return s + in.weights.size();
}
[[npcache::cached]] int labels(const std::map<int, std::tuple<std::string, std::vector<double>>> &m) { return m.size(); }
template <class T> [[npcache::cached]] double any_total(T in) { return in.weights.size(); }
double use(const std::vector<double> &v) { return any_total(Input{v, "x", {}}) + total(Input{v, "y", {1.0}}); }
#endif
