// --list-cacheable says which functions the harness may mark, and why not the others.
// Its codec check must agree with the codecs: a struct that specializes std::tuple_size
// is bound through its get<I>() (found in fmt's tests: a get<1>() returning a
// string_view, which has no owning codec), so it is no plain struct, and marking it
// anyway fails in the codec, not in a wrong key.
// RUN: %rewrite %s -o %t.cpp --list-cacheable %t.json -- -std=c++17 -I%npcache_include
// RUN: FileCheck %s --input-file %t.json
// RUN: not %check_compile_gcc -DMARK %s 2>&1 | FileCheck %s --check-prefix=CODEC

#include <cstddef>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <npcache/codec/core.hpp>

struct pair_like {
  int i;
  std::string s;
  template <std::size_t N> auto get() const {
    if constexpr (N == 0)
      return i;
    else
      return std::string_view(s);
  }
};
template <> struct std::tuple_size<pair_like> : std::integral_constant<std::size_t, 2> {};
template <std::size_t N> struct std::tuple_element<N, pair_like> {
  using type = std::conditional_t<N == 0, int, std::string_view>;
};

template <class T> struct grid {
  T a, b;
  template <std::size_t N> T get() const { return N ? b : a; }
};
template <class T> struct std::tuple_size<grid<T>> : std::integral_constant<std::size_t, 2> {};
template <std::size_t N, class T> struct std::tuple_element<N, grid<T>> { using type = T; };

struct plain {
  int i;
  std::string s;
};

int use_pair_like(const pair_like &p) { return p.i; }
// CHECK: "name": "use_pair_like(const pair_like &)",
// CHECK: "reason": "parameter 'p' of type 'const pair_like &' has no built-in codec"
int use_grid(const grid<int> &g) { return g.a; }
// CHECK: "name": "use_grid(const grid<int> &)",
// CHECK: "reason": "parameter 'g' of type 'const grid<int> &' has no built-in codec"
int use_plain(const plain &p) { return p.i; }
// CHECK: "cacheable": true,
// CHECK: "name": "use_plain(const plain &)",
int *address(int k) { return nullptr; }
// CHECK: "name": "address(int)",
// CHECK: "reason": "result type 'int *' has no codec: a pointer's value is an address"

#ifdef MARK
// CODEC: error: static assertion failed: npcache: no codec for this type
void encode_pair_like(npcache::Sink &out, const pair_like &p) { npcache::codec<pair_like>::encode(out, p); }
// And a plain struct still has one.
void encode_plain(npcache::Sink &out, const plain &p) { npcache::codec<plain>::encode(out, p); }
#endif
