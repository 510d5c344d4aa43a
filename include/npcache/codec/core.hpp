// Value codecs: the one customization point per type that serves both hashing arguments
// and storing results.
//
// A codec is a specialization of npcache::codec<T> with
//   static std::string name();                    // stable type name, part of every key
//   static void encode(npcache::Sink &, const T &);
//   static T decode(npcache::Source &);           // needed only for result types
//   static void render(std::string &, const T &); // optional: key = "readable" file names
//
// Encodings are exact bytes, never a printed form: little-endian scalars, a 64-bit
// length before every variable-sized sequence, and floating point copied bit for bit
// (so -0.0 and 0.0 are different keys, and every NaN payload is its own key). Arrays of
// scalars are aligned to their element size within the stream so that an entry can be
// mapped and used in place. If you change what your codec writes, change its name() too:
// old entries then stop matching instead of being decoded with the new layout.
//
// This header has the codecs of scalars, strings, vector, array, pair, tuple, optional and
// plain structs; the headers beside it add one family each (map.hpp, set.hpp,
// unordered.hpp, variant.hpp, span.hpp), and <npcache/codec.hpp> includes them all. Code
// written by npcache-rewrite includes only those its functions' types need.
#pragma once

#include <npcache/io.hpp>

#include <array>
#include <cfloat>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <typeinfo>
#include <utility>
#include <vector>

namespace npcache {

namespace detail {
template <class T> struct dependent_false : std::false_type {};
template <class T> using bare_t = std::remove_cv_t<std::remove_reference_t<T>>;

// Plain structs: fields counted by brace initialization, reached by structured bindings.
namespace aggregate {

// Converts to a reference to anything. In copy-initialization of a member, only
// conversion functions yielding the member's type are candidates, so this is never
// ambiguous with the member type's own constructors.
struct any_field {
  template <class U> operator U &() const &&noexcept;
};

template <class T, class Indices, class = void> struct brace_constructible : std::false_type {};
template <class T, std::size_t... I>
struct brace_constructible<T, std::index_sequence<I...>,
                           std::void_t<decltype(T{(static_cast<void>(I), any_field{})...})>>
    : std::true_type {};

inline constexpr std::size_t kMaxFields = 16;

template <class T, std::size_t N = 0> constexpr std::size_t field_count() {
  if constexpr (N > kMaxFields || !brace_constructible<T, std::make_index_sequence<N + 1>>::value)
    return N;
  else
    return field_count<T, N + 1>();
}

// A struct that specializes std::tuple_size is bound by its get<I>(), not its fields, and
// what get<I>() returns (a view, a subset) is the struct's business: it needs a codec.
template <class T, class = void> struct declares_tuple_size : std::false_type {};
template <class T>
struct declares_tuple_size<T, std::void_t<decltype(std::tuple_size<T>::value)>> : std::true_type {};

template <class T>
inline constexpr bool is_plain_struct_v = std::is_class_v<T> && std::is_aggregate_v<T> &&
                                          !std::is_polymorphic_v<T> && std::is_copy_constructible_v<T> &&
                                          !declares_tuple_size<T>::value;

// Calls f with references to the fields of v, in declaration order.
template <class T, class F> decltype(auto) visit_fields(T &v, F &&f) {
  constexpr std::size_t n = field_count<std::remove_cv_t<T>>();
  static_assert(n <= kMaxFields, "npcache: structs of more than 16 fields need a codec of their own");
  // clang-format off
  if constexpr (n == 0) { return f(); }
  else if constexpr (n == 1) { auto &[a] = v; return f(a); }
  else if constexpr (n == 2) { auto &[a, b] = v; return f(a, b); }
  else if constexpr (n == 3) { auto &[a, b, c] = v; return f(a, b, c); }
  else if constexpr (n == 4) { auto &[a, b, c, d] = v; return f(a, b, c, d); }
  else if constexpr (n == 5) { auto &[a, b, c, d, e] = v; return f(a, b, c, d, e); }
  else if constexpr (n == 6) { auto &[a, b, c, d, e, g] = v; return f(a, b, c, d, e, g); }
  else if constexpr (n == 7) { auto &[a, b, c, d, e, g, h] = v; return f(a, b, c, d, e, g, h); }
  else if constexpr (n == 8) { auto &[a, b, c, d, e, g, h, i] = v; return f(a, b, c, d, e, g, h, i); }
  else if constexpr (n == 9) { auto &[a, b, c, d, e, g, h, i, j] = v; return f(a, b, c, d, e, g, h, i, j); }
  else if constexpr (n == 10) { auto &[a, b, c, d, e, g, h, i, j, k] = v; return f(a, b, c, d, e, g, h, i, j, k); }
  else if constexpr (n == 11) { auto &[a, b, c, d, e, g, h, i, j, k, l] = v; return f(a, b, c, d, e, g, h, i, j, k, l); }
  else if constexpr (n == 12) { auto &[a, b, c, d, e, g, h, i, j, k, l, m] = v; return f(a, b, c, d, e, g, h, i, j, k, l, m); }
  else if constexpr (n == 13) { auto &[a, b, c, d, e, g, h, i, j, k, l, m, o] = v; return f(a, b, c, d, e, g, h, i, j, k, l, m, o); }
  else if constexpr (n == 14) { auto &[a, b, c, d, e, g, h, i, j, k, l, m, o, p] = v; return f(a, b, c, d, e, g, h, i, j, k, l, m, o, p); }
  else if constexpr (n == 15) { auto &[a, b, c, d, e, g, h, i, j, k, l, m, o, p, q] = v; return f(a, b, c, d, e, g, h, i, j, k, l, m, o, p, q); }
  else { auto &[a, b, c, d, e, g, h, i, j, k, l, m, o, p, q, r] = v; return f(a, b, c, d, e, g, h, i, j, k, l, m, o, p, q, r); }
  // clang-format on
}

// The field types, as std::tuple<F...>. Defined, though only its type is used: Clang
// rejects an undefined function called from visit_fields' body when a field's type has
// no linkage (a struct in an anonymous namespace).
struct field_types {
  template <class... F> std::tuple<bare_t<F>...> *operator()(F &...) const { return nullptr; }
};
template <class T>
using fields_t = std::remove_pointer_t<decltype(visit_fields(std::declval<T &>(), field_types{}))>;

} // namespace aggregate
} // namespace detail

// Without a specialization, a plain struct (an aggregate of fields with codecs, no base
// classes) gets a codec that encodes its fields in order; anything else fails to compile
// here, and the compiler's note names the type.
template <class T, class Enable = void> struct codec {
  static_assert(detail::aggregate::is_plain_struct_v<T>,
                "npcache: no codec for this type (the compiler's note 'in instantiation of "
                "npcache::codec<T>' names the type). Built-in codecs cover arithmetic types, enums, "
                "std::string, std::vector, std::array, std::pair, std::tuple, std::optional, "
                "std::variant, std::map, std::set, std::unordered_map, std::unordered_set and "
                "plain structs of those; for your own type, specialize npcache::codec<T> (README, "
                "section Codecs).");

  static std::string name() { return name_of(static_cast<Fields *>(nullptr)); }

  static void encode(Sink &out, const T &value) {
    detail::aggregate::visit_fields(value, [&out](const auto &...fields) {
      (codec<detail::bare_t<decltype(fields)>>::encode(out, fields), ...);
    });
  }

  static T decode(Source &in) { return decode_as(in, static_cast<Fields *>(nullptr)); }

private:
  using Fields = detail::aggregate::fields_t<T>;

  template <class... F> static std::string name_of(std::tuple<F...> *) {
    std::string out = "struct";
#if defined(__cpp_rtti) || defined(__GXX_RTTI)
    out += " ";
    out += typeid(T).name(); // two structs of the same layout are still different types
#endif
    out += "{";
    ((out += codec<F>::name() + ";"), ...);
    return out + "}";
  }

  template <class... F> static T decode_as(Source &in, std::tuple<F...> *) {
    return T{codec<F>::decode(in)...}; // braced initialization evaluates in order
  }
};

template <class T> struct codec<T *> {
  static_assert(detail::dependent_false<T>::value,
                "npcache: raw pointers cannot be cached: the key would hold the address, not "
                "the pointee. Pass the value, a const reference or a std::vector instead.");
};

namespace detail {

// A type whose copy writes into the caller's data (Eigen::Ref<M>, Eigen::Map<M>, a block of
// a non-const matrix: codec/eigen.hpp says which). As a parameter it may be an output of the
// function, which a hit would not write.
template <class T, class = void> struct writes_through : std::false_type {};

// A non-const lvalue reference, or a view that writes through, held in a field or an
// element (struct { std::vector<double> &out; }, std::pair<Eigen::Map<M>, int>): a const
// object of the type writes into the caller's data through it too, and a hit would skip
// that write.
template <class T, class = void> struct holds_output : std::false_type {};

template <class E>
inline constexpr bool is_output_part_v =
    (std::is_lvalue_reference_v<E> && !std::is_const_v<std::remove_reference_t<E>>) ||
    writes_through<bare_t<E>>::value || holds_output<bare_t<E>>::value;

// Eigen's types are told apart by writes_through alone: their arguments are expressions,
// and a const reference to a MatrixBase<Map<M>> reads only.
template <class T, class = void> struct keeps_own_outputs : std::false_type {};

namespace aggregate {
// Initializes any field that is not a non-const lvalue reference and holds no output:
// a plain struct brace-initializable from one per field has none.
struct no_output_field {
  template <class U, std::enable_if_t<!writes_through<bare_t<U>>::value && !holds_output<bare_t<U>>::value, int> = 0>
  operator U &&() const &&noexcept;
};
template <class T, class Indices, class = void> struct fields_hold_no_output : std::false_type {};
template <class T, std::size_t... I>
struct fields_hold_no_output<T, std::index_sequence<I...>,
                             std::void_t<decltype(T{(static_cast<void>(I), no_output_field{})...})>>
    : std::true_type {};
} // namespace aggregate

// Plain structs, up to 16 fields (a larger one needs a codec of its own, and its type is
// not looked into). Asked only of complete types: a tag type that is only declared, as a
// template argument, has no fields.
template <class T, class = void> struct is_complete : std::false_type {};
template <class T> struct is_complete<T, std::void_t<decltype(sizeof(T))>> : std::true_type {};
template <class T> struct is_plain_struct : std::bool_constant<aggregate::is_plain_struct_v<T>> {};
template <class T>
struct has_few_fields : std::bool_constant<aggregate::field_count<T>() <= aggregate::kMaxFields> {};
template <class T>
inline constexpr bool is_looked_into_struct_v =
    std::conjunction_v<is_complete<T>, is_plain_struct<T>, has_few_fields<T>>;

template <class T>
struct holds_output<T, std::enable_if_t<is_looked_into_struct_v<T>>>
    : std::bool_constant<!aggregate::fields_hold_no_output<
          T, std::make_index_sequence<aggregate::field_count<T>()>>::value> {};
// Class templates of types (std::pair, std::tuple, std::vector, std::optional, std::map, the
// program's own): their arguments.
template <template <class...> class C, class... A>
struct holds_output<C<A...>, std::enable_if_t<!keeps_own_outputs<C<A...>>::value &&
                                              !is_looked_into_struct_v<C<A...>>>>
    : std::bool_constant<(is_output_part_v<A> || ...)> {};
template <class E, std::size_t N>
struct holds_output<std::array<E, N>> : std::bool_constant<is_output_part_v<E>> {};

template <class T, class = void> struct has_name : std::false_type {};
template <class T>
struct has_name<T, std::void_t<decltype(codec<T>::name())>> : std::true_type {};

template <class T, class = void> struct has_render : std::false_type {};
template <class T>
struct has_render<T, std::void_t<decltype(codec<T>::render(std::declval<std::string &>(),
                                                           std::declval<const T &>()))>>
    : std::true_type {};

// The compilers' 128-bit integers count as numbers in every dialect: the standard traits
// take them as arithmetic only in the GNU ones (-std=gnu++17), so under -std=c++17 a cached
// function of an `unsigned __int128`, which the rewrite accepts, had no codec and the
// build failed (CLHEP's mixmax.cc).
#if defined(__SIZEOF_INT128__)
__extension__ typedef __int128 int128;
__extension__ typedef unsigned __int128 uint128;
template <class T>
inline constexpr bool is_int128_v = std::is_same_v<T, int128> || std::is_same_v<T, uint128>;
#else
template <class T> inline constexpr bool is_int128_v = false;
#endif
template <class T> inline constexpr bool is_number_v = std::is_arithmetic_v<T> || is_int128_v<T>;

// Scalars whose object bytes are their value: stored in bulk, decoded without checks.
template <class T>
inline constexpr bool is_bulk_v = is_number_v<T> && !std::is_same_v<T, bool> &&
                                  !std::is_same_v<T, long double>;

inline void put_size(Sink &out, std::size_t n) { out.put(static_cast<std::uint64_t>(n)); }

// Reads a sequence length and checks that the stream can hold that many elements.
inline std::size_t get_size(Source &in, std::uint64_t min_element_bytes) {
  auto n = in.get<std::uint64_t>();
  in.require(n, min_element_bytes);
  return static_cast<std::size_t>(n);
}

template <class T> void put_bulk(Sink &out, const T *data, std::size_t n) {
  out.align(alignof(T));
  out.write(data, n * sizeof(T));
}

template <class T> void get_bulk(Source &in, T *data, std::size_t n) {
  in.align(alignof(T));
  in.read(data, n * sizeof(T));
}

// Reads `n` elements of T, stored as their bytes, into an empty container `c`, growing it
// as they arrive (Source::read_growing): one pass over a large result's memory where
// resize() then read() made two.
template <class T, class C> void get_growing(Source &in, C &c, std::size_t n) {
  c.reserve(n);
  advise_huge_pages(c.data(), n * sizeof(T));
  in.read_growing(c.data(), n * sizeof(T), sizeof(T), alignof(T), [](void *context, std::size_t end) {
    static_cast<C *>(context)->resize((end + sizeof(T) - 1) / sizeof(T));
  }, [](void *context, const unsigned char *bytes, std::size_t size) {
    const T *first = reinterpret_cast<const T *>(bytes);
    static_cast<C *>(context)->insert(static_cast<C *>(context)->end(), first, first + size / sizeof(T));
  }, &c);
}

template <class T, class C> void get_bulk_growing(Source &in, C &c, std::size_t n) {
  in.align(alignof(T));
  get_growing<T>(in, c, n);
}

template <class T> std::string type_name();

template <class... Ts> std::string type_list() {
  std::string out;
  ((out += (out.empty() ? "" : ","), out += type_name<Ts>()), ...);
  return out;
}

// "i32", "u8", "f64": a scalar's name from its kind (0 signed, 1 unsigned, 2 floating) and
// size, without the cost of std::to_string in every file that names a type.
constexpr const char *sized_name(int kind, std::size_t bytes) {
  constexpr const char *kNames[3][5] = {{"i8", "i16", "i32", "i64", "i128"},
                                        {"u8", "u16", "u32", "u64", "u128"},
                                        {"f8", "f16", "f32", "f64", "f128"}};
  return kNames[kind][bytes == 1 ? 0 : bytes == 2 ? 1 : bytes == 4 ? 2 : bytes == 8 ? 3 : 4];
}

// Shortest round-trip text of a number. Out of line: <charconv> alone costs a rewritten
// file 0.07 s of compile time (GCC 12, -O3), about a tenth of a plain numeric file's.
NPCACHE_API void render_number(std::string &out, long long value);
NPCACHE_API void render_number(std::string &out, unsigned long long value);
NPCACHE_API void render_number(std::string &out, float value);
NPCACHE_API void render_number(std::string &out, double value);

// Renders short sequences of scalars, such as a shape, as [a,b,c].
template <class T> void render_short(std::string &out, const T *data, std::size_t n) {
  if (n > 8) {
    out += "[n=" + std::to_string(n) + "]";
    return;
  }
  out += '[';
  for (std::size_t i = 0; i < n; ++i) {
    if (i != 0)
      out += ',';
    codec<T>::render(out, data[i]);
  }
  out += ']';
}

template <class Seq> void encode_each(Sink &out, const Seq &seq) {
  put_size(out, seq.size());
  for (const auto &item : seq)
    codec<bare_t<decltype(item)>>::encode(out, item);
}

} // namespace detail

// The name under which T takes part in keys and entry signatures.
template <class T> std::string type_name() { return detail::type_name<T>(); }

template <class T> std::string detail::type_name() {
  using U = bare_t<T>;
  if constexpr (has_name<U>::value) {
    return codec<U>::name();
  } else {
#if defined(__cpp_rtti) || defined(__GXX_RTTI)
    return std::string("type:") + typeid(U).name();
#else
    static_assert(dependent_false<U>::value,
                  "npcache: without RTTI, a user codec must provide static std::string name()");
    return {};
#endif
  }
}

// ---- scalars ---------------------------------------------------------------------------

template <class T> struct codec<T, std::enable_if_t<detail::is_number_v<T>>> {
  static std::string name() {
    if constexpr (std::is_same_v<T, bool>)
      return "bool";
    else if constexpr (std::is_same_v<T, char>)
      return "char";
    else if constexpr (std::is_same_v<T, wchar_t>)
      return "wchar";
    else if constexpr (std::is_same_v<T, char16_t>)
      return "char16";
    else if constexpr (std::is_same_v<T, char32_t>)
      return "char32";
#if defined(__cpp_char8_t)
    else if constexpr (std::is_same_v<T, char8_t>)
      return "char8";
#endif
    else if constexpr (std::is_same_v<T, long double>)
      return "f" + std::to_string(sizeof(long double) * 8) + "m" + std::to_string(LDBL_MANT_DIG);
#if defined(__SIZEOF_INT128__)
    else if constexpr (detail::is_int128_v<T>)
      return std::is_same_v<T, detail::int128> ? "i128" : "u128";
#endif
    else {
      static_assert(sizeof(T) == 1 || sizeof(T) == 2 || sizeof(T) == 4 || sizeof(T) == 8 || sizeof(T) == 16);
      return detail::sized_name(std::is_floating_point_v<T> ? 2 : std::is_signed_v<T> ? 0 : 1, sizeof(T));
    }
  }

  static void encode(Sink &out, T value) {
    if constexpr (std::is_same_v<T, bool>) {
      out.put(static_cast<unsigned char>(value ? 1 : 0));
    } else if constexpr (std::is_same_v<T, long double>) {
      // x87 extended precision has 10 value bytes; the rest is padding with no defined
      // content, which must not reach the hash.
      unsigned char bytes[sizeof(long double)] = {};
      std::memcpy(bytes, &value, kLongDoubleBytes);
      out.write(bytes, kLongDoubleBytes);
    } else {
      out.put(value);
    }
  }

  static T decode(Source &in) {
    if constexpr (std::is_same_v<T, bool>) {
      auto byte = in.get<unsigned char>();
      if (byte > 1)
        throw decode_error("bool byte is neither 0 nor 1");
      return byte == 1;
    } else if constexpr (std::is_same_v<T, long double>) {
      long double value = 0;
      in.read(&value, kLongDoubleBytes);
      return value;
    } else {
      return in.get<T>();
    }
  }

  static void render(std::string &out, T value) {
    if constexpr (std::is_same_v<T, bool>)
      out += value ? "true" : "false";
    else if constexpr (std::is_same_v<T, long double>)
      detail::render_number(out, static_cast<double>(value));
    else if constexpr (std::is_floating_point_v<T>)
      detail::render_number(out, value);
#if defined(__SIZEOF_INT128__)
    else if constexpr (detail::is_int128_v<T>)
      render_int128(out, value);
#endif
    else
      detail::render_number(out, static_cast<std::conditional_t<std::is_signed_v<T>, long long,
                                                                unsigned long long>>(value));
  }

private:
#if defined(__SIZEOF_INT128__)
  static void render_int128(std::string &out, T value) {
    auto magnitude = static_cast<detail::uint128>(value);
    bool negative = false;
    if constexpr (std::is_same_v<T, detail::int128>) {
      negative = value < 0;
      if (negative)
        magnitude = 0 - magnitude;
    }
    char digits[40];
    int n = 0;
    do {
      digits[n++] = static_cast<char>('0' + static_cast<int>(magnitude % 10));
      magnitude /= 10;
    } while (magnitude != 0);
    if (negative)
      out += '-';
    while (n > 0)
      out += digits[--n];
  }
#endif
  static constexpr std::size_t kLongDoubleBytes =
      LDBL_MANT_DIG == 64 ? 10 : sizeof(long double);
};

template <class T> struct codec<T, std::enable_if_t<std::is_enum_v<T>>> {
  using U = std::underlying_type_t<T>;
  static std::string name() { return "enum<" + codec<U>::name() + ">"; }
  static void encode(Sink &out, T value) { codec<U>::encode(out, static_cast<U>(value)); }
  static T decode(Source &in) { return static_cast<T>(codec<U>::decode(in)); }
  static void render(std::string &out, T value) { codec<U>::render(out, static_cast<U>(value)); }
};

// ---- strings ---------------------------------------------------------------------------

template <class C, class Tr, class A> struct codec<std::basic_string<C, Tr, A>> {
  using T = std::basic_string<C, Tr, A>;
  static std::string name() {
    return std::is_same_v<C, char> ? std::string("str") : "str<" + codec<C>::name() + ">";
  }
  static void encode(Sink &out, const T &s) {
    detail::put_size(out, s.size());
    out.write(s.data(), s.size() * sizeof(C));
  }
  static T decode(Source &in) {
    T s; // stored unaligned
    detail::get_growing<C>(in, s, detail::get_size(in, sizeof(C)));
    return s;
  }
  static void render(std::string &out, const T &s) {
    if constexpr (std::is_same_v<C, char>)
      out += s;
  }
};

// Arguments only: a view cannot own a decoded result. Encodes exactly like std::string.
template <class C, class Tr> struct codec<std::basic_string_view<C, Tr>> {
  using T = std::basic_string_view<C, Tr>;
  static std::string name() { return codec<std::basic_string<C, Tr>>::name(); }
  static void encode(Sink &out, T s) {
    detail::put_size(out, s.size());
    out.write(s.data(), s.size() * sizeof(C));
  }
  static void render(std::string &out, T s) {
    if constexpr (std::is_same_v<C, char>)
      out += s;
  }
};

// ---- sequences -------------------------------------------------------------------------

template <class T, class A> struct codec<std::vector<T, A>> {
  using V = std::vector<T, A>;
  static std::string name() { return "vec<" + type_name<T>() + ">"; }
  static void encode(Sink &out, const V &v) {
    if constexpr (detail::is_bulk_v<T>) {
      detail::put_size(out, v.size());
      detail::put_bulk(out, v.data(), v.size());
    } else {
      detail::encode_each(out, v);
    }
  }
  static V decode(Source &in) {
    V v;
    if constexpr (detail::is_bulk_v<T>) {
      detail::get_bulk_growing<T>(in, v, detail::get_size(in, sizeof(T)));
    } else {
      std::size_t n = detail::get_size(in, 1);
      v.reserve(n);
      for (std::size_t i = 0; i < n; ++i)
        v.push_back(codec<T>::decode(in));
    }
    return v;
  }
  template <class U = T, class = std::enable_if_t<detail::is_number_v<U>>>
  static void render(std::string &out, const V &v) {
    if constexpr (std::is_same_v<T, bool>) {
      out += "[n=" + std::to_string(v.size()) + "]";
    } else {
      detail::render_short(out, v.data(), v.size());
    }
  }
};

template <class T, std::size_t N> struct codec<std::array<T, N>> {
  using V = std::array<T, N>;
  static std::string name() { return "arr<" + type_name<T>() + "," + std::to_string(N) + ">"; }
  static void encode(Sink &out, const V &v) {
    if constexpr (detail::is_bulk_v<T>) {
      detail::put_bulk(out, v.data(), N);
    } else {
      for (const T &item : v)
        codec<T>::encode(out, item);
    }
  }
  static V decode(Source &in) {
    if constexpr (detail::is_bulk_v<T>) {
      V v;
      detail::get_bulk(in, v.data(), N);
      return v;
    } else {
      return decode_each(in, std::make_index_sequence<N>());
    }
  }
  template <class U = T, class = std::enable_if_t<detail::is_number_v<U>>>
  static void render(std::string &out, const V &v) {
    detail::render_short(out, v.data(), N);
  }

private:
  template <std::size_t... I> static V decode_each(Source &in, std::index_sequence<I...>) {
    // Braced initialization evaluates the elements in order.
    return V{{(static_cast<void>(I), codec<T>::decode(in))...}};
  }
};

// ---- products and sums -----------------------------------------------------------------

template <class A, class B> struct codec<std::pair<A, B>> {
  static std::string name() { return "pair<" + detail::type_list<A, B>() + ">"; }
  static void encode(Sink &out, const std::pair<A, B> &p) {
    codec<A>::encode(out, p.first);
    codec<B>::encode(out, p.second);
  }
  static std::pair<A, B> decode(Source &in) {
    A first = codec<A>::decode(in);
    return std::pair<A, B>(std::move(first), codec<B>::decode(in));
  }
};

template <class... Ts> struct codec<std::tuple<Ts...>> {
  static std::string name() { return "tuple<" + detail::type_list<Ts...>() + ">"; }
  static void encode(Sink &out, const std::tuple<Ts...> &t) {
    std::apply([&out](const Ts &...items) { (codec<Ts>::encode(out, items), ...); }, t);
  }
  static std::tuple<Ts...> decode(Source &in) {
    // Braced initialization evaluates the elements in order.
    return std::tuple<Ts...>{codec<Ts>::decode(in)...};
  }
};

template <class T> struct codec<std::optional<T>> {
  static std::string name() { return "opt<" + type_name<T>() + ">"; }
  static void encode(Sink &out, const std::optional<T> &v) {
    codec<bool>::encode(out, v.has_value());
    if (v)
      codec<T>::encode(out, *v);
  }
  static std::optional<T> decode(Source &in) {
    if (!codec<bool>::decode(in))
      return std::nullopt;
    return std::optional<T>(codec<T>::decode(in));
  }
};

// ---- what associative containers hold -----------------------------------------------

// pair<const K, V> is what a map iterates over; it encodes like pair<K, V>.
template <class K, class V> struct codec<std::pair<const K, V>> {
  static std::string name() { return codec<std::pair<K, V>>::name(); }
  static void encode(Sink &out, const std::pair<const K, V> &p) {
    codec<K>::encode(out, p.first);
    codec<V>::encode(out, p.second);
  }
};

} // namespace npcache
