// OpenMP clauses change what a directive computes, and they are not among the directive's
// children in the AST: the digest covers each clause (its operator, kinds, modifiers and
// expressions) and a user-defined reduction's combiner.
// RUN: rm -rf %t && split-file %s %t
// RUN: %python %S/Inputs/digest_compare.py %rewrite %t/base.cpp \
// RUN:   %t/spacing.cpp %t/operator.cpp %t/no-reduction.cpp %t/schedule.cpp %t/threads.cpp \
// RUN:   %t/simd.cpp %t/no-directive.cpp -- -fopenmp | FileCheck %s
// CHECK:      spacing.cpp: same
// CHECK-NEXT: operator.cpp: different
// CHECK-NEXT: no-reduction.cpp: different
// CHECK-NEXT: schedule.cpp: different
// CHECK-NEXT: threads.cpp: different
// CHECK-NEXT: simd.cpp: different
// CHECK-NEXT: no-directive.cpp: different
// CHECK-NEXT: summary: 7 edits, 1 same, 6 different
// RUN: %python %S/Inputs/digest_compare.py %rewrite %t/declared.cpp %t/combiner.cpp \
// RUN:   -- -fopenmp | FileCheck %s --check-prefix=DECLARED
// DECLARED: combiner.cpp: different

//--- base.cpp
#include <vector>
[[npcache::cached]] double total(const std::vector<double> &v) {
  double s = 1;
#pragma omp parallel for reduction(+ : s)
  for (long i = 0; i < static_cast<long>(v.size()); ++i)
    s += v[i];
  return s;
}

//--- spacing.cpp
#include <vector>
[[npcache::cached]] double total(const std::vector<double> &v) {
  double s = 1;
#pragma omp parallel for reduction(+:s)
  for (long i = 0; i < static_cast<long>(v.size()); ++i)
    s += v[i];
  return s;
}

//--- operator.cpp
#include <vector>
[[npcache::cached]] double total(const std::vector<double> &v) {
  double s = 1;
#pragma omp parallel for reduction(* : s)
  for (long i = 0; i < static_cast<long>(v.size()); ++i)
    s += v[i];
  return s;
}

//--- no-reduction.cpp
#include <vector>
[[npcache::cached]] double total(const std::vector<double> &v) {
  double s = 1;
#pragma omp parallel for
  for (long i = 0; i < static_cast<long>(v.size()); ++i)
    s += v[i];
  return s;
}

//--- schedule.cpp
#include <vector>
[[npcache::cached]] double total(const std::vector<double> &v) {
  double s = 1;
#pragma omp parallel for reduction(+ : s) schedule(dynamic)
  for (long i = 0; i < static_cast<long>(v.size()); ++i)
    s += v[i];
  return s;
}

//--- threads.cpp
#include <vector>
[[npcache::cached]] double total(const std::vector<double> &v) {
  double s = 1;
#pragma omp parallel for reduction(+ : s) num_threads(4)
  for (long i = 0; i < static_cast<long>(v.size()); ++i)
    s += v[i];
  return s;
}

//--- simd.cpp
#include <vector>
[[npcache::cached]] double total(const std::vector<double> &v) {
  double s = 1;
#pragma omp simd reduction(+ : s)
  for (long i = 0; i < static_cast<long>(v.size()); ++i)
    s += v[i];
  return s;
}

//--- no-directive.cpp
#include <vector>
[[npcache::cached]] double total(const std::vector<double> &v) {
  double s = 1;
  for (long i = 0; i < static_cast<long>(v.size()); ++i)
    s += v[i];
  return s;
}

//--- declared.cpp
#include <vector>
#pragma omp declare reduction(join : double : omp_out += omp_in) initializer(omp_priv = 0)
[[npcache::cached]] double total(const std::vector<double> &v) {
  double s = 1;
#pragma omp parallel for reduction(join : s)
  for (long i = 0; i < static_cast<long>(v.size()); ++i)
    s += v[i];
  return s;
}

//--- combiner.cpp
#include <vector>
#pragma omp declare reduction(join : double : omp_out *= omp_in) initializer(omp_priv = 0)
[[npcache::cached]] double total(const std::vector<double> &v) {
  double s = 1;
#pragma omp parallel for reduction(join : s)
  for (long i = 0; i < static_cast<long>(v.size()); ++i)
    s += v[i];
  return s;
}
