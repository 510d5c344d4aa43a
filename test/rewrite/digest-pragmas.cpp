// A pragma inside a definition counts as its raw tokens, whatever Clang made of it:
// Clang 19 drops an OpenACC directive's clauses (and any pragma it does not know), while
// GCC compiles by them. Spaces and comments do not count; a pragma a macro spells counts
// by the macro's definition and by the call.
// RUN: rm -rf %t && split-file %s %t
// RUN: %python %S/Inputs/digest_compare.py %rewrite %t/base.cpp \
// RUN:   %t/clause.cpp %t/callee-clause.cpp %t/unknown.cpp %t/spaced.cpp %t/unrelated.cpp \
// RUN:   -- -fopenacc | FileCheck %s
// RUN: %python %S/Inputs/digest_compare.py %rewrite %t/macros.cpp \
// RUN:   %t/macro-definition.cpp %t/macro-argument.cpp %t/macro-spaced.cpp \
// RUN:   -- -fopenacc | FileCheck %s --check-prefix=MACRO
// CHECK:      clause.cpp: different
// CHECK-NEXT: callee-clause.cpp: different
// CHECK-NEXT: unknown.cpp: different
// CHECK-NEXT: spaced.cpp: same
// CHECK-NEXT: unrelated.cpp: same
// CHECK-NEXT: summary: 5 edits, 2 same, 3 different
// MACRO:      macro-definition.cpp: different
// MACRO-NEXT: macro-argument.cpp: different
// MACRO-NEXT: macro-spaced.cpp: same
// MACRO-NEXT: summary: 3 edits, 1 same, 2 different

//--- base.cpp
double shift(double s) {
#pragma acc parallel firstprivate(s)
  { s += 10; }
  return s;
}
double unrelated(double s) {
#pragma acc parallel firstprivate(s)
  { s += 10; }
  return s;
}
[[npcache::cached]] double f(double x) {
  double s = x;
#pragma acc parallel firstprivate(s)
  { s += 10; }
  return shift(s);
}

//--- clause.cpp
double shift(double s) {
#pragma acc parallel firstprivate(s)
  { s += 10; }
  return s;
}
double unrelated(double s) {
#pragma acc parallel firstprivate(s)
  { s += 10; }
  return s;
}
[[npcache::cached]] double f(double x) {
  double s = x;
#pragma acc parallel copy(s)
  { s += 10; }
  return shift(s);
}

//--- callee-clause.cpp
double shift(double s) {
#pragma acc parallel copy(s)
  { s += 10; }
  return s;
}
double unrelated(double s) {
#pragma acc parallel firstprivate(s)
  { s += 10; }
  return s;
}
[[npcache::cached]] double f(double x) {
  double s = x;
#pragma acc parallel firstprivate(s)
  { s += 10; }
  return shift(s);
}

//--- unknown.cpp
double shift(double s) {
#pragma acc parallel firstprivate(s)
  { s += 10; }
  return s;
}
double unrelated(double s) {
#pragma acc parallel firstprivate(s)
  { s += 10; }
  return s;
}
[[npcache::cached]] double f(double x) {
  double s = x;
#pragma acc parallel firstprivate(s)
  { s += 10; }
#pragma GCC ivdep
  return shift(s);
}

//--- spaced.cpp
double shift(double s) {
#pragma acc parallel firstprivate(s)
  { s += 10; }
  return s;
}
double unrelated(double s) {
#pragma acc parallel firstprivate(s)
  { s += 10; }
  return s;
}
[[npcache::cached]] double f(double x) {
  double s = x;
#pragma   acc parallel /* the region's own s */ firstprivate( s ) \
  // continued
  { s += 10; }
  return shift(s);
}

//--- unrelated.cpp
double shift(double s) {
#pragma acc parallel firstprivate(s)
  { s += 10; }
  return s;
}
double unrelated(double s) {
#pragma acc parallel copy(s)
  { s += 10; }
  return s;
}
[[npcache::cached]] double f(double x) {
  double s = x;
#pragma acc parallel firstprivate(s)
  { s += 10; }
  return shift(s);
}

//--- macros.cpp
#define PRAGMA(text) _Pragma(#text)
#define ACC_PRIVATE_S _Pragma("acc parallel firstprivate(s)")
[[npcache::cached]] double f(double x) {
  double s = x;
  PRAGMA(acc parallel firstprivate(s))
  { s += 10; }
  ACC_PRIVATE_S
  { s += 1; }
  return s;
}

//--- macro-definition.cpp
#define PRAGMA(text) _Pragma(#text)
#define ACC_PRIVATE_S _Pragma("acc parallel copy(s)")
[[npcache::cached]] double f(double x) {
  double s = x;
  PRAGMA(acc parallel firstprivate(s))
  { s += 10; }
  ACC_PRIVATE_S
  { s += 1; }
  return s;
}

//--- macro-argument.cpp
#define PRAGMA(text) _Pragma(#text)
#define ACC_PRIVATE_S _Pragma("acc parallel firstprivate(s)")
[[npcache::cached]] double f(double x) {
  double s = x;
  PRAGMA(acc parallel copy(s))
  { s += 10; }
  ACC_PRIVATE_S
  { s += 1; }
  return s;
}

//--- macro-spaced.cpp
#define PRAGMA( text )   _Pragma( # text )
#define ACC_PRIVATE_S  _Pragma ( "acc parallel firstprivate(s)" ) // the region's own s
[[npcache::cached]] double f(double x) {
  double s = x;
  PRAGMA( acc parallel firstprivate(s) )
  { s += 10; }
  ACC_PRIVATE_S
  { s += 1; }
  return s;
}
