// An attribute on a lambda is an error where it is written, not a silent no-op.
// RUN: not %rewrite %s -o %t.cpp -- -std=c++20 2>&1 | FileCheck %s --implicit-check-not=error:
// RUN: not ls %t.cpp

auto square = [] [[npcache::cached]] (int x) { return x * x; };
// CHECK: diag-lambda.cpp:[[@LINE-1]]:20: error: {{\[\[npcache::cached\]\]}} on a lambda is not supported: a lambda has no stable name to key on; wrap it with npcache::Cache::wrap("name", lambda) instead
