// A parameter or result type with no codec fails to compile where that parameter or
// result is written, not somewhere past the function: on that line (the column is that of
// the check the rewrite places there). Clang stops at the first type, GCC reports both.
// RUN: %rewrite %s -o %t.cpp -- -std=c++17
// RUN: not %check_compile_gcc %t.cpp 2>&1 | FileCheck %s
// RUN: not %check_compile %t.cpp 2>&1 | FileCheck %s --check-prefix=CLANG

#include <string>

struct Opaque {
  Opaque() {}
  int hidden = 0;
};

[[npcache::cached]] int uses(int n,
                             const Opaque &state) { return n + state.hidden; }
// CHECK: codec-location.cpp:[[@LINE-1]]:{{[0-9]+}}:   required from here
// CLANG: codec-location.cpp:[[@LINE-2]]:{{[0-9]+}}: note: in instantiation of function template specialization 'npcache::detail::check_key<const Opaque &>'

struct Sealed {
  explicit Sealed(int v) : value(v) {}
  int value;
};

[[npcache::cached]]
Sealed makes(int n) { return Sealed(n); }
// CHECK: codec-location.cpp:[[@LINE-1]]:{{[0-9]+}}:   required from here
