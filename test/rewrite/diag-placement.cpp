// The attribute belongs on functions; kinds not supported yet say so.
// RUN: not %rewrite %s -o %t.cpp -- -std=c++17 2>&1 | FileCheck %s --implicit-check-not=error:
// RUN: not ls %t.cpp

[[npcache::cached]] int counter = 0;
// CHECK: diag-placement.cpp:[[@LINE-1]]:3: error: {{\[\[npcache::cached\]\]}} applies to function declarations and definitions only

struct [[npcache::cached]] Mesh {};
// CHECK: diag-placement.cpp:[[@LINE-1]]:10: error: {{\[\[npcache::cached\]\]}} applies to function declarations and definitions only
