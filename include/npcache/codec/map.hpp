// Codecs of std::map: see <npcache/codec/core.hpp>.
#pragma once

#include <npcache/codec/core.hpp>

#include <map>

namespace npcache {

template <class K, class V, class C, class A> struct codec<std::map<K, V, C, A>> {
  using M = std::map<K, V, C, A>;
  static std::string name() { return "map<" + detail::type_list<K, V>() + ">"; }
  static void encode(Sink &out, const M &m) { detail::encode_each(out, m); }
  static M decode(Source &in) {
    M m;
    std::size_t n = detail::get_size(in, 1);
    for (std::size_t i = 0; i < n; ++i)
      m.insert(m.end(), codec<std::pair<K, V>>::decode(in));
    return m;
  }
};

} // namespace npcache
