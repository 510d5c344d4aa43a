// A system header's code can depend on macros the program defines: on the command line
// (-DEIGEN_DONT_VECTORIZE sums a vector in another order) or in its own files before the
// include. The digest reads no body of a system header and covered only its text, so until
// 2026-12-06 a build with such a macro hit the entries of a build without it. Now a cached
// function that reaches system headers covers the program's macros that they test or
// expand, with their definitions: a dependency line of its own, which a macro no system
// header reads leaves as it was, and which is absent when there is none.
// RUN: rm -rf %t && split-file %s %t
// RUN: %rewrite %t/main.cpp -o %t/plain.cpp -- -std=c++17 -isystem %t/lib
// RUN: FileCheck %s --check-prefix=PLAIN --input-file %t/plain.cpp
// RUN: %rewrite %t/main.cpp -o %t/fast.cpp -- -std=c++17 -isystem %t/lib -DVEC_FAST
// RUN: FileCheck %s --check-prefix=FAST --input-file %t/fast.cpp
// RUN: %rewrite %t/main.cpp -o %t/unrelated.cpp -- -std=c++17 -isystem %t/lib -DVEC_FAST -DNOT_READ=3
// RUN: %rewrite %t/main.cpp -o %t/scale.cpp -- -std=c++17 -isystem %t/lib -DVEC_FAST -DVEC_SCALE=2.0
// RUN: %rewrite %t/main.cpp -o %t/in-file.cpp -- -std=c++17 -isystem %t/lib -DDEFINE_IN_FILE
// RUN: grep -o "(the program's macros that system headers read)[^\\]*\\\\t[0-9a-f]*" %t/fast.cpp > %t/fast.line
// RUN: grep -o "(the program's macros that system headers read)[^\\]*\\\\t[0-9a-f]*" %t/unrelated.cpp > %t/unrelated.line
// RUN: grep -o "(the program's macros that system headers read)[^\\]*\\\\t[0-9a-f]*" %t/scale.cpp > %t/scale.line
// RUN: grep -o "(the program's macros that system headers read)[^\\]*\\\\t[0-9a-f]*" %t/in-file.cpp > %t/in-file.line
// RUN: diff %t/fast.line %t/unrelated.line
// RUN: not diff %t/fast.line %t/scale.line
// RUN: not diff %t/fast.line %t/in-file.line

// PLAIN: generated_handle(std::string("total"), {{.*}}\n(system headers)\t{{[0-9a-f]+}}\n", NPCACHE_BUILD_CONTEXT
// PLAIN-NOT: program's macros
// FAST: generated_handle(std::string("total"), {{.*}}\n(system headers)\t{{[0-9a-f]+}}\n(the program's macros that system headers read)\t{{[0-9a-f]+}}\n", NPCACHE_BUILD_CONTEXT
// FAST: generated_handle(std::string("own"), {{.*}}, "own(int)\t{{[0-9a-f]+}}\n", NPCACHE_BUILD_CONTEXT

//--- lib/vec.h
#pragma once
#if defined(__GNUC__) && __cplusplus >= 201703L // the compiler's own: the build context's
#endif
#ifndef VEC_SCALE
#define VEC_SCALE 1.0
#endif
#ifdef VEC_FAST
inline double vsum(const double *p, int n) {
  double a = 0, b = 0;
  for (int i = 0; i + 1 < n; i += 2) {
    a += p[i];
    b += p[i + 1];
  }
  return VEC_SCALE * (a + b + (n % 2 ? p[n - 1] : 0.0));
}
#else
inline double vsum(const double *p, int n) {
  double s = 0;
  for (int i = 0; i < n; ++i)
    s += p[i];
  return VEC_SCALE * s;
}
#endif

//--- main.cpp
#ifdef DEFINE_IN_FILE
#define VEC_FAST
#endif
#if defined(NOT_READ) // the program's own file reads it, no system header does
#endif
#include <vec.h>

[[npcache::cached]] double total(int n) {
  double values[64];
  for (int i = 0; i < 64; ++i)
    values[i] = 1.0 / (i + n);
  return vsum(values, 64);
}

[[npcache::cached]] int own(int n) { return n * 2; }
