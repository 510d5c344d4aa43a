// The scalars the rewrite takes are the ones the runtime has codecs for in every dialect.
// A 128-bit integer counts as arithmetic for the standard traits only under -std=gnu++17,
// so a function of an `unsigned __int128` (CLHEP's mixmax.cc) was rewritten, and its
// build under -std=c++17 then failed in the codec. Clang's other arithmetic types have no
// codec at all: they are left out with the reason, not rewritten into a failing build.
// RUN: %rewrite %s -o %t.cpp --list-cacheable %t.json -- -std=c++17 -I%npcache_include
// RUN: FileCheck %s --input-file %t.json
// RUN: %rewrite %s -o %t-marked.cpp -- -std=c++17 -DMARK -I%npcache_include
// RUN: %check_compile_gcc -pedantic %t-marked.cpp
// RUN: %check_compile %t-marked.cpp

#ifdef MARK
#define CACHED [[npcache::cached]]
#else
#define CACHED
#endif

CACHED unsigned long long fold(__uint128_t s) {
  return static_cast<unsigned long long>(s) ^ static_cast<unsigned long long>(s >> 64);
}
// CHECK: "cacheable": true,
// CHECK: "name": "fold(__uint128_t)",
CACHED __int128_t widen(long long a, long long b) { return static_cast<__int128_t>(a) * b; }
// CHECK: "cacheable": true,
// CHECK: "name": "widen(long long, long long)",

#ifndef MARK
double quad(__float128 x) { return static_cast<double>(x * 2); }
// CHECK: "name": "quad(__float128)",
// CHECK: "reason": "parameter 'x' of type '__float128' has no built-in codec"
float half(_Float16 x) { return static_cast<float>(x); }
// CHECK: "name": "half(_Float16)",
// CHECK: "reason": "parameter 'x' of type '_Float16' has no built-in codec"
__float128 make_quad(double x) { return x; }
// CHECK: "name": "make_quad(double)",
// CHECK: "reason": "result type '__float128' has no built-in codec"
#endif
