// Code the AST keeps outside a node's children must still count. The body of an OpenMP
// region is a CapturedStmt, whose children are only what it captures: an edit inside
// `#pragma omp parallel`, or in a helper only the region calls, kept the digest. A
// `declare variant` is called where its context matches (GCC calls g_fast below). A
// concept or requires-expression counts by whether it holds, which its definition (here
// or in another file) decides, and which picks an `if constexpr` branch.
// RUN: rm -rf %t && split-file %s %t
// RUN: %python %S/Inputs/digest_compare.py %rewrite %t/omp.cpp %t/omp-body.cpp \
// RUN:   %t/omp-helper.cpp %t/omp-variant.cpp %t/omp-spacing.cpp -- -fopenmp | FileCheck %s --check-prefix=OMP
// OMP:      omp-body.cpp: different
// OMP-NEXT: omp-helper.cpp: different
// OMP-NEXT: omp-variant.cpp: different
// OMP-NEXT: omp-spacing.cpp: same
// OMP-NEXT: summary: 4 edits, 1 same, 3 different
// RUN: %python %S/Inputs/digest_compare.py %rewrite %t/acc.cpp %t/acc-body.cpp \
// RUN:   -- -fopenacc | FileCheck %s --check-prefix=ACC
// ACC: acc-body.cpp: different
// RUN: %python %S/Inputs/digest_compare.py %rewrite %t/concepts.cpp %t/concept-unsatisfied.cpp \
// RUN:   %t/requires-unsatisfied.cpp %t/concept-reworded.cpp -- -std=c++20 | FileCheck %s --check-prefix=CONCEPT
// CONCEPT:      concept-unsatisfied.cpp: different
// CONCEPT-NEXT: requires-unsatisfied.cpp: different
// CONCEPT-NEXT: concept-reworded.cpp: same
// CONCEPT-NEXT: summary: 3 edits, 1 same, 2 different

//--- omp.cpp
double g_fast(double x) { return x * 2; }
#pragma omp declare variant(g_fast) match(construct = {parallel})
double g(double x) { return x + 1; }
double scale(double x) { return x * 0.5; }
[[npcache::cached]] double f(int n) {
  double r = 0;
#pragma omp parallel for reduction(+ : r)
  for (int i = 1; i <= n; ++i)
    r += scale(i);
#pragma omp parallel num_threads(1)
  r += g(r);
  return r;
}

//--- omp-body.cpp
double g_fast(double x) { return x * 2; }
#pragma omp declare variant(g_fast) match(construct = {parallel})
double g(double x) { return x + 1; }
double scale(double x) { return x * 0.5; }
[[npcache::cached]] double f(int n) {
  double r = 0;
#pragma omp parallel for reduction(+ : r)
  for (int i = 1; i <= n; ++i)
    r += 2 * scale(i);
#pragma omp parallel num_threads(1)
  r += g(r);
  return r;
}

//--- omp-helper.cpp
double g_fast(double x) { return x * 2; }
#pragma omp declare variant(g_fast) match(construct = {parallel})
double g(double x) { return x + 1; }
double scale(double x) { return x * 0.25; }
[[npcache::cached]] double f(int n) {
  double r = 0;
#pragma omp parallel for reduction(+ : r)
  for (int i = 1; i <= n; ++i)
    r += scale(i);
#pragma omp parallel num_threads(1)
  r += g(r);
  return r;
}

//--- omp-variant.cpp
double g_fast(double x) { return x * 3; }
#pragma omp declare variant(g_fast) match(construct = {parallel})
double g(double x) { return x + 1; }
double scale(double x) { return x * 0.5; }
[[npcache::cached]] double f(int n) {
  double r = 0;
#pragma omp parallel for reduction(+ : r)
  for (int i = 1; i <= n; ++i)
    r += scale(i);
#pragma omp parallel num_threads(1)
  r += g(r);
  return r;
}

//--- omp-spacing.cpp
double g_fast(double x) { return x * 2; }
#pragma omp declare variant(g_fast) match(construct = {parallel})
double g(double x) { return x + 1; }
double scale(double x) { return x * 0.5; }
[[npcache::cached]] double f(int n) {
  double r = 0;
#pragma omp parallel for reduction(+ : r)
  for (int i = 1; i <= n; ++i) r += scale( i ); // summed by the threads
#pragma omp parallel num_threads(1)
  r += g(r);
  return r;
}

//--- acc.cpp
double h(double x) { return x + 1; }
[[npcache::cached]] double f(double x) {
  double s = x;
#pragma acc parallel copy(s)
  { s += h(10); }
  return s;
}

//--- acc-body.cpp
double h(double x) { return x + 1; }
[[npcache::cached]] double f(double x) {
  double s = x;
#pragma acc parallel copy(s)
  { s += h(11); }
  return s;
}

//--- concepts.cpp
struct A { double foo() const { return 1; } };
template <class T> concept HasFoo = requires(const T &t) { t.foo(); };
template <class T> double pick(const T &) {
  if constexpr (requires(const T &t) { t.foo(); })
    return 1;
  else
    return 2;
}
[[npcache::cached]] double f(double x) {
  if constexpr (HasFoo<A>)
    return x + 1;
  else
    return x + 2;
}
[[npcache::cached]] double g(double x) { return x + pick(A{}); }

//--- concept-unsatisfied.cpp
struct A { double foo() const { return 1; } };
template <class T> concept HasFoo = requires(const T &t) { t.bar(); };
template <class T> double pick(const T &) {
  if constexpr (requires(const T &t) { t.foo(); })
    return 1;
  else
    return 2;
}
[[npcache::cached]] double f(double x) {
  if constexpr (HasFoo<A>)
    return x + 1;
  else
    return x + 2;
}
[[npcache::cached]] double g(double x) { return x + pick(A{}); }

//--- requires-unsatisfied.cpp
struct A { double foo() const { return 1; } };
template <class T> concept HasFoo = requires(const T &t) { t.foo(); };
template <class T> double pick(const T &) {
  if constexpr (requires(const T &t) { t.bar(); })
    return 1;
  else
    return 2;
}
[[npcache::cached]] double f(double x) {
  if constexpr (HasFoo<A>)
    return x + 1;
  else
    return x + 2;
}
[[npcache::cached]] double g(double x) { return x + pick(A{}); }

//--- concept-reworded.cpp
struct A { double foo() const { return 1; } };
template <class T> concept HasFoo = requires(const T &t) { t.foo(); t.foo(); };
template <class T> double pick(const T &) {
  if constexpr (requires(const T &t) { t.foo(); })
    return 1;
  else
    return 2;
}
[[npcache::cached]] double f(double x) {
  if constexpr (HasFoo<A>)
    return x + 1;
  else
    return x + 2;
}
[[npcache::cached]] double g(double x) { return x + pick(A{}); }
