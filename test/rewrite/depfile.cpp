// The depfile names the output, the source and every header it includes.
// RUN: rm -rf %t && split-file %s %t
// RUN: %rewrite %t/a.cpp -o %t/out.cpp --depfile %t/out.d -- -std=c++17
// RUN: FileCheck %s --input-file %t/out.d
// CHECK: out.cpp:
// CHECK: a.cpp
// CHECK: helpers.h

//--- helpers.h
inline double helper(double x) { return x; }

//--- a.cpp
#include "helpers.h"
[[npcache::cached]] double f(double x) { return helper(x); }
