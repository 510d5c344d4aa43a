// The codec of Eigen::SparseMatrix (docs/USING.md, section Codecs). npcache-rewrite
// includes this header in a rewritten file only when a cached function's types need it.
//
//   name     esparse<S,O,I>: scalar, c (column-major) or r (row-major), index type
//   encoding u64 rows, u64 cols, u64 nonzeros, then in compressed form the outer starts
//            (outer size + 1 indices), the inner indices and the values, each one block
// A matrix not in compressed form is keyed as its compressed copy, so the same values hit
// however they were built. Decoding checks the structure (starts from 0 to nonzeros, never
// falling, inner indices in range and rising), so a result is always a valid matrix.
#pragma once

#include <npcache/codec/core.hpp>

#include <Eigen/SparseCore>

#include <limits>

namespace npcache {

template <class S, int Options, class I> struct codec<Eigen::SparseMatrix<S, Options, I>> {
  using M = Eigen::SparseMatrix<S, Options, I>;
  static_assert(detail::is_bulk_v<S> && std::is_integral_v<I>,
                "npcache: a SparseMatrix's scalars must be numbers (or std::complex of them)");

  static std::string name() {
    return "esparse<" + type_name<S>() + "," + (M::IsRowMajor ? "r" : "c") + "," + type_name<I>() + ">";
  }

  static void encode(Sink &out, const M &value) {
    if (!value.isCompressed()) {
      M compressed = value;
      compressed.makeCompressed();
      encode(out, compressed);
      return;
    }
    const auto nonzeros = static_cast<std::size_t>(value.nonZeros());
    out.put(static_cast<std::uint64_t>(value.rows()));
    out.put(static_cast<std::uint64_t>(value.cols()));
    out.put(static_cast<std::uint64_t>(nonzeros));
    detail::put_bulk(out, value.outerIndexPtr(), static_cast<std::size_t>(value.outerSize()) + 1);
    detail::put_bulk(out, value.innerIndexPtr(), nonzeros);
    detail::put_bulk(out, value.valuePtr(), nonzeros);
  }

  static M decode(Source &in) {
    const auto rows = in.get<std::uint64_t>(), cols = in.get<std::uint64_t>(),
               nonzeros = in.get<std::uint64_t>();
    const std::uint64_t limit = static_cast<std::uint64_t>(std::numeric_limits<I>::max());
    if (rows > limit || cols > limit || nonzeros > limit)
      throw decode_error("SparseMatrix shape or nonzeros exceed its index type");
    const std::uint64_t outer = M::IsRowMajor ? rows : cols, inner = M::IsRowMajor ? cols : rows;
    in.require(outer + 1, sizeof(I));
    in.require(nonzeros, sizeof(I) + sizeof(S));
    M value(static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(cols));
    value.resizeNonZeros(static_cast<Eigen::Index>(nonzeros));
    detail::get_bulk(in, value.outerIndexPtr(), static_cast<std::size_t>(outer) + 1);
    detail::get_bulk(in, value.innerIndexPtr(), static_cast<std::size_t>(nonzeros));
    detail::get_bulk(in, value.valuePtr(), static_cast<std::size_t>(nonzeros));
    const I *starts = value.outerIndexPtr(), *indices = value.innerIndexPtr();
    if (starts[0] != 0 || static_cast<std::uint64_t>(starts[outer]) != nonzeros)
      throw decode_error("SparseMatrix outer starts do not run from 0 to the nonzeros");
    for (std::uint64_t j = 0; j < outer; ++j) {
      if (starts[j + 1] < starts[j] || static_cast<std::uint64_t>(starts[j + 1]) > nonzeros)
        throw decode_error("SparseMatrix outer starts fall or pass the nonzeros");
      for (I k = starts[j]; k < starts[j + 1]; ++k)
        if (indices[k] < 0 || static_cast<std::uint64_t>(indices[k]) >= inner ||
            (k > starts[j] && indices[k] <= indices[k - 1]))
          throw decode_error("SparseMatrix inner indices out of range or not rising");
    }
    return value;
  }

  static void render(std::string &out, const M &value) {
    out += std::to_string(value.rows()) + "x" + std::to_string(value.cols()) + "/" +
           std::to_string(value.nonZeros());
  }
};

} // namespace npcache
