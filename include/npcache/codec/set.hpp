// Codecs of std::set: see <npcache/codec/core.hpp>.
#pragma once

#include <npcache/codec/core.hpp>

#include <set>

namespace npcache {

template <class K, class C, class A> struct codec<std::set<K, C, A>> {
  using S = std::set<K, C, A>;
  static std::string name() { return "set<" + type_name<K>() + ">"; }
  static void encode(Sink &out, const S &s) { detail::encode_each(out, s); }
  static S decode(Source &in) {
    S s;
    std::size_t n = detail::get_size(in, 1);
    for (std::size_t i = 0; i < n; ++i)
      s.insert(s.end(), codec<K>::decode(in));
    return s;
  }
};

} // namespace npcache
