// Codecs of the standard library's other numeric types: std::complex, std::valarray,
// std::deque, std::list, std::bitset and std::chrono::duration. See <npcache/codec/core.hpp>.
// npcache-rewrite includes this header in a rewritten file only when a cached function's
// types need it.
#pragma once

#include <npcache/codec/core.hpp>

#include <bitset>
#include <chrono>
#include <complex>
#include <deque>
#include <list>
#include <valarray>

namespace npcache {

// Real part, then imaginary part. Of arithmetic parts (the only ones the standard
// allows), a complex is two scalars with no padding: arrays of them are stored in bulk, so
// a std::vector<std::complex<double>> is stored as numpy's complex128 array.
template <class T> struct codec<std::complex<T>> {
  static std::string name() { return "cplx<" + type_name<T>() + ">"; }
  static void encode(Sink &out, const std::complex<T> &z) {
    codec<T>::encode(out, z.real());
    codec<T>::encode(out, z.imag());
  }
  static std::complex<T> decode(Source &in) {
    T re = codec<T>::decode(in);
    return std::complex<T>(re, codec<T>::decode(in));
  }
};

namespace detail {
template <class T> inline constexpr bool is_bulk_v<std::complex<T>> = is_bulk_v<T>;
} // namespace detail

template <class T> struct codec<std::valarray<T>> {
  using V = std::valarray<T>;
  static std::string name() { return "valarr<" + type_name<T>() + ">"; }
  static void encode(Sink &out, const V &v) {
    detail::put_size(out, v.size());
    if constexpr (detail::is_bulk_v<T>) {
      if (v.size() != 0)
        detail::put_bulk(out, &v[0], v.size());
    } else {
      for (std::size_t i = 0; i < v.size(); ++i)
        codec<T>::encode(out, v[i]);
    }
  }
  static V decode(Source &in) {
    if constexpr (detail::is_bulk_v<T>) {
      std::size_t n = detail::get_size(in, sizeof(T));
      V v(n);
      if (n != 0)
        detail::get_bulk(in, &v[0], n);
      return v;
    } else {
      std::size_t n = detail::get_size(in, 1);
      V v(n);
      for (std::size_t i = 0; i < n; ++i)
        v[i] = codec<T>::decode(in);
      return v;
    }
  }
};

namespace detail {
// std::deque and std::list: a length, then each element (neither is contiguous).
template <class S, class T> S decode_sequence(Source &in) {
  S s;
  std::size_t n = get_size(in, 1);
  for (std::size_t i = 0; i < n; ++i)
    s.push_back(codec<T>::decode(in));
  return s;
}
} // namespace detail

template <class T, class A> struct codec<std::deque<T, A>> {
  static std::string name() { return "deque<" + type_name<T>() + ">"; }
  static void encode(Sink &out, const std::deque<T, A> &d) { detail::encode_each(out, d); }
  static std::deque<T, A> decode(Source &in) { return detail::decode_sequence<std::deque<T, A>, T>(in); }
};

template <class T, class A> struct codec<std::list<T, A>> {
  static std::string name() { return "list<" + type_name<T>() + ">"; }
  static void encode(Sink &out, const std::list<T, A> &l) { detail::encode_each(out, l); }
  static std::list<T, A> decode(Source &in) { return detail::decode_sequence<std::list<T, A>, T>(in); }
};

// Bit i in bit i % 8 of byte i / 8; the unused high bits of the last byte are zero.
template <std::size_t N> struct codec<std::bitset<N>> {
  static std::string name() { return "bits<" + std::to_string(N) + ">"; }
  static void encode(Sink &out, const std::bitset<N> &b) {
    std::vector<unsigned char> bytes(kBytes);
    for (std::size_t i = 0; i < N; ++i)
      if (b[i])
        bytes[i / 8] = static_cast<unsigned char>(bytes[i / 8] | (1u << (i % 8)));
    out.write(bytes.data(), kBytes);
  }
  static std::bitset<N> decode(Source &in) {
    std::vector<unsigned char> bytes(kBytes);
    in.read(bytes.data(), kBytes);
    if (N % 8 != 0 && (bytes[N / 8] >> (N % 8)) != 0)
      throw decode_error("bits beyond a bitset's size are set");
    std::bitset<N> b;
    for (std::size_t i = 0; i < N; ++i)
      b[i] = (bytes[i / 8] >> (i % 8)) & 1u;
    return b;
  }

private:
  static constexpr std::size_t kBytes = (N + 7) / 8;
};

// The count of ticks; the tick's length is in the name, so 3 ms and 3 s never share a key.
template <class Rep, class Period> struct codec<std::chrono::duration<Rep, Period>> {
  using D = std::chrono::duration<Rep, Period>;
  static std::string name() {
    return "dur<" + type_name<Rep>() + "," + std::to_string(Period::num) + "/" +
           std::to_string(Period::den) + ">";
  }
  static void encode(Sink &out, const D &d) { codec<Rep>::encode(out, d.count()); }
  static D decode(Source &in) { return D(codec<Rep>::decode(in)); }
  template <class R = Rep, class = std::enable_if_t<detail::is_number_v<R>>>
  static void render(std::string &out, const D &d) {
    codec<Rep>::render(out, d.count());
  }
};

} // namespace npcache
