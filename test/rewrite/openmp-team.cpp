// Whether a cached function's key takes the OpenMP team's size: the handle the rewrite
// writes says so (`true` after the build context) for a reduction over floating-point
// values, an array section of them or a user-defined type, in a directive that runs on a
// team, also in a function it calls; not for one over integers or in SIMD lanes only.
// RUN: %rewrite %s -o %t.cpp -- -std=c++17 -fopenmp
// RUN: grep -v '^ *//' %t.cpp | FileCheck %s

// CHECK: generated_handle(std::string("floating"){{.*}}NPCACHE_BUILD_CONTEXT, true, false});
[[npcache::cached]] double floating(int n) {
  double s = 0;
#pragma omp parallel for reduction(+ : s)
  for (int i = 1; i <= n; ++i)
    s += 1.0 / i;
  return s;
}

static float called(int n) {
  float s = 0;
#pragma omp parallel for reduction(max : s)
  for (int i = 1; i <= n; ++i)
    s = s > 1.0f / i ? s : 1.0f / i;
  return s;
}
// CHECK: generated_handle(std::string("calls"){{.*}}NPCACHE_BUILD_CONTEXT, true, false});
[[npcache::cached]] double calls(int n) { return called(n); }

// CHECK: generated_handle(std::string("section"){{.*}}NPCACHE_BUILD_CONTEXT, true, false});
[[npcache::cached]] double section(int n) {
  double s[2] = {0, 0};
#pragma omp parallel for reduction(+ : s[0:2])
  for (int i = 1; i <= n; ++i)
    s[i % 2] += 1.0 / i;
  return s[0] + s[1];
}

struct Sum {
  double value = 0;
};
#pragma omp declare reduction(add : Sum : omp_out.value += omp_in.value)
// CHECK: generated_handle(std::string("user_defined"){{.*}}NPCACHE_BUILD_CONTEXT, true, false});
[[npcache::cached]] double user_defined(int n) {
  Sum s;
#pragma omp parallel for reduction(add : s)
  for (int i = 1; i <= n; ++i)
    s.value += 1.0 / i;
  return s.value;
}

// CHECK: generated_handle(std::string("integers"){{.*}}NPCACHE_BUILD_CONTEXT, false, false});
[[npcache::cached]] long integers(int n) {
  long s = 0;
#pragma omp parallel for reduction(+ : s)
  for (int i = 1; i <= n; ++i)
    s += i % 7;
  return s;
}

// CHECK: generated_handle(std::string("lanes"){{.*}}NPCACHE_BUILD_CONTEXT, false, false});
[[npcache::cached]] double lanes(int n) {
  double s = 0;
#pragma omp simd reduction(+ : s)
  for (int i = 1; i <= n; ++i)
    s += 1.0 / i;
  return s;
}
