// Codecs of std::unordered_map and std::unordered_set, which encode independently of
// iteration order: see <npcache/codec/core.hpp>.
#pragma once

#include <npcache/codec/core.hpp>

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

namespace npcache {

namespace detail {

// Unordered containers: each element is encoded on its own and the encodings are sorted,
// so equal containers give equal bytes whatever their iteration order.
template <class Seq> void encode_sorted(Sink &out, const Seq &seq) {
  std::vector<std::vector<unsigned char>> items;
  items.reserve(seq.size());
  for (const auto &item : seq) {
    BufferSink one;
    Sink::Unaligned unaligned(one);
    codec<bare_t<decltype(item)>>::encode(one, item);
    items.push_back(one.take());
  }
  std::sort(items.begin(), items.end());
  put_size(out, items.size());
  for (const auto &bytes : items)
    out.write(bytes.data(), bytes.size());
}

} // namespace detail

template <class K, class V, class H, class E, class A>
struct codec<std::unordered_map<K, V, H, E, A>> {
  using M = std::unordered_map<K, V, H, E, A>;
  static std::string name() { return "umap<" + detail::type_list<K, V>() + ">"; }
  static void encode(Sink &out, const M &m) { detail::encode_sorted(out, m); }
  static M decode(Source &in) {
    M m;
    std::size_t n = detail::get_size(in, 1);
    m.reserve(n);
    Source::Unaligned unaligned(in);
    for (std::size_t i = 0; i < n; ++i)
      m.insert(codec<std::pair<K, V>>::decode(in));
    return m;
  }
};

template <class K, class H, class E, class A> struct codec<std::unordered_set<K, H, E, A>> {
  using S = std::unordered_set<K, H, E, A>;
  static std::string name() { return "uset<" + type_name<K>() + ">"; }
  static void encode(Sink &out, const S &s) { detail::encode_sorted(out, s); }
  static S decode(Source &in) {
    S s;
    std::size_t n = detail::get_size(in, 1);
    s.reserve(n);
    Source::Unaligned unaligned(in);
    for (std::size_t i = 0; i < n; ++i)
      s.insert(codec<K>::decode(in));
    return s;
  }
};

} // namespace npcache
