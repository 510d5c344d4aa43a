// Codecs of std::variant: see <npcache/codec/core.hpp>.
#pragma once

#include <npcache/codec/core.hpp>

#include <stdexcept>
#include <variant>

namespace npcache {

template <class... Ts> struct codec<std::variant<Ts...>> {
  using V = std::variant<Ts...>;
  static std::string name() { return "var<" + detail::type_list<Ts...>() + ">"; }
  static void encode(Sink &out, const V &v) {
    if (v.valueless_by_exception())
      throw std::invalid_argument("npcache: cannot encode a valueless std::variant");
    detail::put_size(out, v.index());
    std::visit([&out](const auto &item) { codec<detail::bare_t<decltype(item)>>::encode(out, item); },
               v);
  }
  static V decode(Source &in) {
    auto index = in.get<std::uint64_t>();
    if (index >= sizeof...(Ts))
      throw decode_error("variant index out of range");
    return decode_alternative(in, static_cast<std::size_t>(index),
                              std::index_sequence_for<Ts...>());
  }

private:
  template <std::size_t I> static V decode_at(Source &in) {
    return V(std::in_place_index<I>, codec<std::variant_alternative_t<I, V>>::decode(in));
  }
  template <std::size_t... I>
  static V decode_alternative(Source &in, std::size_t index, std::index_sequence<I...>) {
    using Decoder = V (*)(Source &);
    static constexpr Decoder decoders[] = {&decode_at<I>...};
    return decoders[index](in);
  }
};

} // namespace npcache
