// A marked function in a file compiled as older than C++17 is an error at the function
// that names the standard, and --list-cacheable says the same. The wrapper and npcache's
// headers are C++17: the rewrite used to go ahead, and the compile then failed with errors
// about code the user never wrote (found on TheAlgorithms/C-Plus-Plus, which builds as
// gnu++14).
// RUN: not %rewrite %s -o %t.cpp -- -std=gnu++14 2>&1 | FileCheck %s --implicit-check-not=error:
// RUN: not ls %t.cpp
// RUN: not %rewrite %s -o %t.cpp -- -std=c++11 2>&1 | FileCheck %s --check-prefix=CXX11
// RUN: not %rewrite %s -o %tc.c -- -x c 2>&1 | FileCheck %s --check-prefix=C
// RUN: not ls %tc.c
// RUN: %rewrite %s -o %t17.cpp -- -std=c++17
// RUN: FileCheck %s --check-prefix=OK --input-file %t17.cpp
// RUN: %rewrite %s -o %tl.cpp --list-cacheable %t.json -- -std=c++14
// RUN: FileCheck %s --check-prefix=LIST --input-file %t.json

[[npcache::cached]] int next_gap(int gap) {
  // CHECK: diag-language-standard.cpp:[[@LINE-1]]:25: error: {{\[\[npcache::cached\]\]}} needs C++17 or later; this file is compiled as C++14 (-std=c++17 or later)
  // CXX11: error: {{\[\[npcache::cached\]\]}} needs C++17 or later; this file is compiled as C++11
  // C: diag-language-standard.cpp:[[@LINE-3]]:25: error: {{\[\[npcache::cached\]\]}} caches C++ functions; this file is compiled as C (compile it as C++17 or later
  // OK: ::npcache::detail::cached_call(npcache_handle, npcache_compute, gap)
  gap = gap * 10 / 13;
  return gap > 1 ? gap : 1;
}

// Not marked: not an error, and what the harness would mark is listed as not cacheable.
int shrink(int gap) { return gap * 10 / 13; }
// LIST: "name": "shrink(int)",
// LIST: "reason": "{{\[\[npcache::cached\]\]}} needs C++17 or later; this file is compiled as C++14 (-std=c++17 or later)"
