// Members of anonymous structs and unions, the way C headers declare their types
// (`typedef struct { ... } div_t;`, cpu_set_t, a union inside a struct). Clang 22 names
// such a member `div_t::quot` or `(unnamed union)::a` where Clang 19 says
// `(anonymous struct)::quot` and `(anonymous union)::a`; the digest takes 19's spelling
// from both, so that a team on mixed versions shares entries. Until 2026-12-06 these
// functions digested apart. scripts/llvm22.sh compares the digests of this file (as of
// every file here) between the two builds; this run checks that it rewrites.
// RUN: %rewrite %s -o %t.cpp -- -std=c++17
// RUN: FileCheck %s --input-file %t.cpp
// CHECK-COUNT-3: generated_handle(

#include <sched.h>
#include <stdlib.h>

namespace shapes {
typedef struct {
  int q;
  union {
    int a;
    float b;
  } u;
} Tagged;
typedef union {
  int i;
} Word;
} // namespace shapes

[[npcache::cached]] long allowed(int x) {
  cpu_set_t set;
  CPU_ZERO(&set);
  return x + static_cast<long>(set.__bits[0]);
}
[[npcache::cached]] long quotient(int x) { return div(x, 3).quot; }
[[npcache::cached]] long nested(int x) {
  shapes::Tagged t{};
  shapes::Word w{};
  return x + t.q + t.u.a + w.i;
}
