// What cannot be cached, or not yet, says so at the function's name.
// RUN: not %rewrite %s -o %t.cpp -- -std=c++17 2>&1 | FileCheck %s --implicit-check-not=error:
// RUN: not ls %t.cpp

struct Counter {
  int count = 0;
  [[npcache::cached]] int next(int step) { return count += step; }
  // CHECK: diag-unsupported.cpp:[[@LINE-1]]:27: error: a non-const member function may change *this, which a cached call would skip; make it const or static
};

template <class T> struct Box {
  T value;
  [[npcache::cached]] T get() const { return value; }
  // CHECK: diag-unsupported.cpp:[[@LINE-1]]:25: error: {{\[\[npcache::cached\]\]}} on members of class templates is not supported yet
};

template <class... Ts> [[npcache::cached]] int count(Ts... xs) { return sizeof...(xs); }
// CHECK: diag-unsupported.cpp:[[@LINE-1]]:20: error: template template parameters and parameter packs of a cached function are not supported yet

[[npcache::cached]] int main() { return 0; }
// CHECK: diag-unsupported.cpp:[[@LINE-1]]:25: error: 'main' cannot be cached

// RUN: rm -rf %t.dir && split-file %S/Inputs/header-definition.txt %t.dir
// RUN: not %rewrite %t.dir/a.cpp -o %t.dir/out.cpp -- -std=c++17 2>&1 | FileCheck %s --check-prefix=HEADER
// RUN: not ls %t.dir/out.cpp
// HEADER: helpers.h:2:35: error: {{\[\[npcache::cached\]\]}} on a function defined in a header is not supported yet; define it in a source file

// A source file that another includes, as CMake's unity batches include them.
// RUN: not %rewrite %t.dir/unity_0_cxx.cxx -o %t.dir/out.cpp -- -std=c++17 2>&1 | FileCheck %s --check-prefix=UNITY
// RUN: not ls %t.dir/out.cpp
// UNITY: model.cpp:1:28: error: {{\[\[npcache::cached\]\]}} on a function of a source file that another file includes is not supported (a unity build: npcache_enable leaves the files that spell the attribute, or include a header that does, out of CMake's batches); compile this file on its own, or set SKIP_UNITY_BUILD_INCLUSION on it
