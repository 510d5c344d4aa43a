// The codec of the Eigen Tensor module's dense Eigen::Tensor (docs/USING.md, section
// Codecs). npcache-rewrite includes this header in a rewritten file only when a cached
// function's types need it.
//
//   name     eten<S,N,O>: scalar, rank, c (column-major, Eigen's default) or r
//   encoding N u64 dimensions, then the elements in storage order (one block for numbers)
#pragma once

#include <npcache/codec/core.hpp>

#include <unsupported/Eigen/CXX11/Tensor>

#include <cstdint>
#include <limits>
#include <type_traits>

namespace npcache {

template <class S, int N, int Options, class I> struct codec<Eigen::Tensor<S, N, Options, I>> {
  using T = Eigen::Tensor<S, N, Options, I>;
  static_assert(detail::is_bulk_v<S>, "npcache: a Tensor's scalars must be numbers (or std::complex of them)");
  static_assert(std::is_same_v<I, std::int64_t> || std::is_same_v<I, long>,
                "npcache: only a Tensor with Eigen's default 64-bit index type has a codec");

  static std::string name() {
    return "eten<" + type_name<S>() + "," + std::to_string(N) + "," + ((Options & Eigen::RowMajor) ? "r" : "c") +
           ">";
  }

  static void encode(Sink &out, const T &value) {
    for (int d = 0; d < N; ++d)
      out.put(static_cast<std::uint64_t>(value.dimension(d)));
    detail::put_bulk(out, value.data(), static_cast<std::size_t>(value.size()));
  }

  static T decode(Source &in) {
    Eigen::array<I, N> dims;
    std::uint64_t size = 1;
    for (int d = 0; d < N; ++d) {
      const auto n = in.get<std::uint64_t>();
      // Eigen multiplies the dimensions in order, in the signed index type: no partial
      // product may overflow it, even where a later dimension is 0.
      const auto max = static_cast<std::uint64_t>(std::numeric_limits<I>::max());
      if (n > max || (n != 0 && size > max / n))
        throw decode_error("Tensor dimensions overflow");
      dims[static_cast<std::size_t>(d)] = static_cast<I>(n);
      size *= n;
    }
    in.require(size, sizeof(S));
    T value(dims);
    detail::get_bulk(in, value.data(), static_cast<std::size_t>(size));
    return value;
  }

  static void render(std::string &out, const T &value) {
    for (int d = 0; d < N; ++d)
      out += (d == 0 ? "" : "x") + std::to_string(value.dimension(d));
  }
};

} // namespace npcache
