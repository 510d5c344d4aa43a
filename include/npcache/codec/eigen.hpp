// Codecs of Eigen's dense types (docs/USING.md, section Codecs). npcache-rewrite includes
// this header in a rewritten file only when a cached function's types are Eigen's.
//
// A dense value is its shape, then its elements in the storage order of its plain type:
//   name     emat<S,R,C,O> (Matrix) or earr<S,R,C,O> (Array); R and C are the sizes
//            fixed at compile time or X, O is c (column-major) or r (row-major)
//   encoding u64 rows, u64 cols, the elements (aligned, in one block for numbers)
// Every dense expression is keyed on its values as its plain type (Matrix or Array) would
// be: an Eigen::Ref<const M>, an Eigen::Map<const M>, a block or `a + b` passed to a
// function template of Eigen::MatrixBase<D> hash like the M they equal, never by address.
// Only a Matrix or an Array can be a result, and comes back as the same type: same
// storage order, Eigen's own aligned storage.
#pragma once

#include <npcache/codec/core.hpp>

#include <Eigen/Core>

#include <limits>
#include <type_traits>

namespace npcache {
namespace detail {

template <class T> struct is_eigen_dense {
  template <class D> static std::true_type test(const Eigen::DenseBase<D> *);
  static std::false_type test(...);
  static constexpr bool value = decltype(test(static_cast<const T *>(nullptr)))::value;
};
// Eigen's own types, not the bases a user type may derive from: those derive from a
// DenseBase<Derived> of another type, and keep their own codec or none.
template <class T, class = void> inline constexpr bool is_eigen_expression_v = false;
template <class T>
inline constexpr bool is_eigen_expression_v<T, std::enable_if_t<is_eigen_dense<T>::value>> =
    std::is_base_of_v<Eigen::DenseBase<T>, T>;

inline std::string eigen_size_name(int n) { return n == Eigen::Dynamic ? "X" : std::to_string(n); }

template <class P> std::string eigen_name() {
  constexpr bool is_array = std::is_base_of_v<Eigen::ArrayBase<P>, P>;
  return std::string(is_array ? "earr<" : "emat<") + type_name<typename P::Scalar>() + "," +
         eigen_size_name(P::RowsAtCompileTime) + "," + eigen_size_name(P::ColsAtCompileTime) + "," +
         (P::IsRowMajor ? "r" : "c") + ">";
}

// The elements of a contiguous block in storage order.
template <class S> void put_elements(Sink &out, const S *data, std::size_t n) {
  if constexpr (is_bulk_v<S>) {
    put_bulk(out, data, n);
  } else {
    for (std::size_t i = 0; i < n; ++i)
      codec<S>::encode(out, data[i]);
  }
}

template <class S> void get_elements(Source &in, S *data, std::size_t n) {
  if constexpr (is_bulk_v<S>) {
    get_bulk(in, data, n);
  } else {
    for (std::size_t i = 0; i < n; ++i)
      data[i] = codec<S>::decode(in);
  }
}

// Whether `value`'s elements can lie as its plain type would hold them (an object with
// storage in the same order), and whether they do: one block, no gaps. Maps and Refs of
// whole matrices do; blocks and strided views do not.
template <class T>
inline constexpr bool direct_access_v = (Eigen::internal::traits<T>::Flags & Eigen::DirectAccessBit) != 0 &&
                                        bool(T::IsRowMajor) == bool(T::PlainObject::IsRowMajor);

template <class T> bool contiguous(const T &value) {
  return value.innerStride() == 1 && (value.outerSize() <= 1 || value.outerStride() == value.innerSize());
}

// Rows and columns read from a stream, checked against what P can hold.
template <class P> std::pair<Eigen::Index, Eigen::Index> get_shape(Source &in, std::uint64_t min_bytes) {
  const auto rows = in.get<std::uint64_t>(), cols = in.get<std::uint64_t>();
  auto fits = [](std::uint64_t n, int fixed, int max) {
    return (fixed == Eigen::Dynamic || n == static_cast<std::uint64_t>(fixed)) &&
           (max == Eigen::Dynamic || n <= static_cast<std::uint64_t>(max)) &&
           n <= static_cast<std::uint64_t>(std::numeric_limits<Eigen::Index>::max());
  };
  if (!fits(rows, P::RowsAtCompileTime, P::MaxRowsAtCompileTime) ||
      !fits(cols, P::ColsAtCompileTime, P::MaxColsAtCompileTime))
    throw decode_error("Eigen shape " + std::to_string(rows) + "x" + std::to_string(cols) +
                       " does not fit " + eigen_name<P>());
  if (cols != 0 && rows > std::numeric_limits<std::uint64_t>::max() / cols)
    throw decode_error("Eigen shape overflows");
  in.require(rows * cols, min_bytes);
  return {static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(cols)};
}

// A view that can be written through (Eigen's output-parameter idiom: Ref<M>, Map<M>, a
// block of a non-const matrix), unlike a copy (Matrix, Array) or a read-only view.
template <class T>
struct writes_through<T, std::enable_if_t<is_eigen_expression_v<T>>>
    : std::bool_constant<!std::is_same_v<T, typename T::PlainObject> &&
                         (Eigen::internal::traits<T>::Flags & Eigen::LvalueBit) != 0> {};

template <class T> struct is_eigen_base {
  template <class D> static std::true_type test(const Eigen::EigenBase<D> *);
  static std::false_type test(...);
  static constexpr bool value = decltype(test(static_cast<const T *>(nullptr)))::value;
};
template <class T> struct keeps_own_outputs<T, std::enable_if_t<is_eigen_base<T>::value>> : std::true_type {};

// Only a plain object (Matrix, Array) is decoded: a view or an expression cannot be a result.
template <class P, bool plain> struct eigen_decode {};
template <class P> struct eigen_decode<P, true> {
  static P decode(Source &in) {
    using S = typename P::Scalar;
    auto [rows, cols] = get_shape<P>(in, is_bulk_v<S> ? sizeof(S) : 1);
    P value(rows, cols);
    get_elements(in, value.data(), static_cast<std::size_t>(value.size()));
    return value;
  }
};

} // namespace detail

// Every Eigen dense type and expression: Matrix, Array, Map, Ref, Block, Transpose, a + b.
template <class T>
struct codec<T, std::enable_if_t<detail::is_eigen_expression_v<T>>>
    : detail::eigen_decode<T, std::is_same_v<T, typename T::PlainObject>> {
  using P = typename T::PlainObject;
  using S = typename T::Scalar;

  static std::string name() { return detail::eigen_name<P>(); }

  static void encode(Sink &out, const T &value) {
    out.put(static_cast<std::uint64_t>(value.rows()));
    out.put(static_cast<std::uint64_t>(value.cols()));
    if constexpr (detail::direct_access_v<T>) {
      if (detail::contiguous(value)) {
        detail::put_elements(out, value.data(), static_cast<std::size_t>(value.size()));
        return;
      }
      if constexpr (detail::is_bulk_v<S>) {
        // A strided view: one outer slice at a time through a small buffer, the same bytes
        // as one block without a copy of the whole (a 256 MiB view: 8x faster).
        out.align(alignof(S));
        Eigen::Matrix<S, Eigen::Dynamic, 1> slice(value.innerSize());
        for (Eigen::Index k = 0; k < value.outerSize(); ++k) {
          if constexpr (bool(P::IsRowMajor))
            slice = value.row(k).transpose();
          else
            slice = value.col(k);
          out.write(slice.data(), static_cast<std::size_t>(slice.size()) * sizeof(S));
        }
        return;
      }
    }
    const P plain = value; // an expression, evaluated in P's storage order
    detail::put_elements(out, plain.data(), static_cast<std::size_t>(plain.size()));
  }

  static void render(std::string &out, const T &value) {
    out += std::to_string(value.rows()) + "x" + std::to_string(value.cols());
  }
};

// A function template's parameter of a base type, `const Eigen::MatrixBase<D> &x`: keyed
// on the values of what it is.
namespace detail {
template <class Base, class D> struct eigen_base_codec : codec<D> {
  static void encode(Sink &out, const Base &value) { codec<D>::encode(out, value.derived()); }
  static void render(std::string &out, const Base &value) { codec<D>::render(out, value.derived()); }
};
} // namespace detail
template <class D> struct codec<Eigen::MatrixBase<D>> : detail::eigen_base_codec<Eigen::MatrixBase<D>, D> {};
template <class D> struct codec<Eigen::ArrayBase<D>> : detail::eigen_base_codec<Eigen::ArrayBase<D>, D> {};
template <class D> struct codec<Eigen::DenseBase<D>> : detail::eigen_base_codec<Eigen::DenseBase<D>, D> {};

} // namespace npcache
