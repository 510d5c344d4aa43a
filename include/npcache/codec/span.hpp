// Codecs of std::span<const T> (C++20, arguments only): see <npcache/codec/core.hpp>.
#pragma once

#include <npcache/codec/core.hpp>

#if __cplusplus >= 202002L && __has_include(<span>)
#include <span>
#endif

namespace npcache {

#if __cplusplus >= 202002L && defined(__cpp_lib_span)
// Arguments only; encodes exactly like std::vector<T>.
template <class T, std::size_t E> struct codec<std::span<const T, E>> {
  static std::string name() { return codec<std::vector<T>>::name(); }
  static void encode(Sink &out, std::span<const T, E> s) {
    if constexpr (detail::is_bulk_v<T>) {
      detail::put_size(out, s.size());
      detail::put_bulk(out, s.data(), s.size());
    } else {
      detail::encode_each(out, s);
    }
  }
};
#endif

} // namespace npcache
