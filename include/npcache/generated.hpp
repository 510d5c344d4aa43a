// What the code written by npcache-rewrite calls; not meant to be used by hand.
#pragma once

#include <npcache/call.hpp>
#include <npcache/linked.hpp>

#include <cstdint>
#include <initializer_list>
#include <string>

// The digest table of the link this code is part of (npcache-cxx compiles one into every
// link with cached functions). Weak, so that a link made without npcache-cxx still links,
// with digests that cover this file only; hidden, so that each executable and shared
// library finds its own.
extern "C" __attribute__((weak, visibility("hidden"))) const ::npcache::detail::LinkedCode *
npcache_linked_code(const char *usr_hash);

// The build context of the translation unit that includes this header, as one string
// literal: the compiler and its version, the target, and what predefined macros reveal of
// the options that change floating-point results (-ffast-math and its parts, -O, the
// instruction sets -march enables, FMA, ISO or GNU dialect). npcache-cxx adds the
// result-changing flags of the command itself after " | ".
#if defined(__clang__)
#define NPCACHE_CONTEXT_COMPILER "clang " __clang_version__
#elif defined(__GNUC__)
#define NPCACHE_CONTEXT_COMPILER "gcc " __VERSION__
#else
#define NPCACHE_CONTEXT_COMPILER "unknown compiler"
#endif
#if defined(__x86_64__)
#define NPCACHE_CONTEXT_TARGET " x86_64"
#elif defined(__aarch64__)
#define NPCACHE_CONTEXT_TARGET " aarch64"
#else
#define NPCACHE_CONTEXT_TARGET " other-target"
#endif
#if defined(__FAST_MATH__)
#define NPCACHE_CONTEXT_FAST_MATH " fast-math"
#else
#define NPCACHE_CONTEXT_FAST_MATH ""
#endif
#if defined(__FINITE_MATH_ONLY__) && __FINITE_MATH_ONLY__
#define NPCACHE_CONTEXT_FINITE_MATH " finite-math"
#else
#define NPCACHE_CONTEXT_FINITE_MATH ""
#endif
#if defined(__OPTIMIZE__)
#define NPCACHE_CONTEXT_OPTIMIZE " optimize"
#else
#define NPCACHE_CONTEXT_OPTIMIZE ""
#endif
#if defined(__FMA__)
#define NPCACHE_CONTEXT_FMA " fma"
#else
#define NPCACHE_CONTEXT_FMA ""
#endif
#if defined(__AVX512F__)
#define NPCACHE_CONTEXT_AVX " avx avx2 avx512f"
#elif defined(__AVX2__)
#define NPCACHE_CONTEXT_AVX " avx avx2"
#elif defined(__AVX__)
#define NPCACHE_CONTEXT_AVX " avx"
#else
#define NPCACHE_CONTEXT_AVX ""
#endif
// GCC contracts a*b+c into an FMA by default, except in ISO C (-std=c11); GCC 12 contracts
// in ISO C++ too, and other compilers may not.
#if defined(__STRICT_ANSI__)
#define NPCACHE_CONTEXT_DIALECT " iso"
#else
#define NPCACHE_CONTEXT_DIALECT ""
#endif
#define NPCACHE_BUILD_CONTEXT                                                                      \
  NPCACHE_CONTEXT_COMPILER NPCACHE_CONTEXT_TARGET NPCACHE_CONTEXT_FAST_MATH                        \
  NPCACHE_CONTEXT_FINITE_MATH NPCACHE_CONTEXT_OPTIMIZE NPCACHE_CONTEXT_FMA NPCACHE_CONTEXT_AVX     \
  NPCACHE_CONTEXT_DIALECT

namespace npcache::detail {

// The cache of rewritten functions: the default directory, resolved at first use.
NPCACHE_API const Cache &default_cache();

// A shared library's open entry (linked.hpp) completed by the program's table, when the
// program has one with this function; otherwise `own`.
NPCACHE_API const LinkedCode *completed_code(const char *usr_hash, const LinkedCode *own);

// A cached function's entry in its link's digest table, by the hash of its USR.
inline const LinkedCode *linked(const char *usr_hash) {
  const LinkedCode *own = npcache_linked_code != nullptr ? npcache_linked_code(usr_hash) : nullptr;
  return own != nullptr && own->open ? completed_code(usr_hash, own) : own;
}

// What a rewritten function knows of itself, fixed at rewrite time.
struct Generated {
  // Its full signature, "(i32,f64)->vec<f64>", from the codecs' names.
  std::string (*signature)();
  // Its settings: the build-time JSON file's for it with the attribute's on top, in the
  // JSON file's own schema.
  const char *settings_json;
  const LinkedCode *linked; // its entry in the link's digest table, if linked
  Key128 local_digest;      // what its own translation unit shows
  const char *local_dependencies;
  const char *build_context;
  // Its own translation unit reaches an OpenMP reduction whose result depends on the
  // team's size (the link's table says so for what other files define).
  bool team_size;
  // It reaches code that blocks its work by the CPU's cache sizes (Eigen's products).
  bool cpu_caches;
  // Eigen's own record of the threads and cache sizes it computes by, read in the
  // function's translation unit (eigen_state below); null where that file does not see
  // Eigen. Used when the function reaches Eigen, here or through the link.
  std::uint64_t (*header_state)() = nullptr;
};

// What Eigen splits and blocks its products by, as the program may have set them: its
// threads (Eigen::setNbThreads, else omp_get_max_threads) and the cache sizes it blocks by
// (Eigen::setCpuCacheSizes, else what it read with cpuid). They live in statics of inline
// functions that only code including Eigen can reach, so the rewriter writes the call to
// this into the function's own file. A 600x600 product with setNbThreads(1) and (2), or
// with other cache sizes, has other last bits; until 2026-12-06 each hit the other's entry.
inline std::uint64_t eigen_state(std::int64_t threads, std::int64_t l1, std::int64_t l2, std::int64_t l3) noexcept {
  const std::int64_t state[] = {threads, l1, l2, l3};
  return hash_bytes(state, sizeof state).low;
}

// The handle of a rewritten function, made once, out of line: the code the rewriter
// writes stays small, so that a rewritten file compiles about as fast as the original.
NPCACHE_API Handle generated_handle(std::string name, const Generated &generated);

// A rewritten function's code: what the whole link shows, or, when the link has no digest
// table for it, what its own translation unit shows.
NPCACHE_API Code code(const Generated &generated);

// A template argument's part in a function template's identity: a type by its codec name;
// a value by its type and exact value, so that 1.5 and 1.9, or 'a' and 97, differ. An int
// shows as itself ("power<3>"); a number of another type with its type ("scale<f64:1.5>");
// anything else (a struct, a NaN) by its encoding's bytes.
template <class T> std::string template_argument() {
  if constexpr (std::is_void_v<T>)
    return "void";
  else if constexpr (is_number_v<T> || std::is_enum_v<T>)
    return type_name<T>();
#if defined(__cpp_rtti) || defined(__GXX_RTTI)
  else // any type, with or without a codec (a policy tag, say): its mangled name
    return std::string("type:") + typeid(T).name();
#else
  else
    return type_name<T>();
#endif
}
template <class T> std::string template_value(const T &value) {
  using U = bare_t<T>;
  std::string out = std::is_same_v<U, int> ? std::string() : type_name<U>() + ":";
  if constexpr (std::is_integral_v<U> || is_int128_v<U> || std::is_enum_v<U>) {
    codec<U>::render(out, value);
  } else if constexpr (std::is_floating_point_v<U>) {
    if (value == value) { // to_chars' shortest form names one double exactly
      codec<U>::render(out, value);
      return out;
    }
  }
  if constexpr (!std::is_integral_v<U> && !is_int128_v<U> && !std::is_enum_v<U>) {
    BufferSink bytes;
    codec<U>::encode(bytes, value);
    for (unsigned char b : bytes.bytes()) {
      const char *digits = "0123456789abcdef";
      out += digits[b >> 4];
      out += digits[b & 15];
    }
  }
  return out;
}

// Compile-time checks that sit on the lines of a cached function's parameters and result,
// so that a type with no codec is reported there: they name what a key and an entry use.
template <class T> void check_key() {
  static_assert(std::is_reference_v<T> || std::is_const_v<T> || !writes_through<bare_t<T>>::value,
                "npcache: this parameter is a view that the function can write through (Eigen::Ref<M>, "
                "Eigen::Map<M>, a block of a non-const matrix), an output that a cached call would skip "
                "writing. Take Eigen::Ref<const M> or a const reference, and return what it writes.");
  static_assert(!holds_output<bare_t<T>>::value,
                "npcache: this parameter holds, in a field or an element, a non-const reference or a view "
                "that the function can write through (struct { std::vector<double> &out; }, "
                "std::pair<Eigen::Map<M>, int>), an output that a cached call would skip writing. Hold a "
                "const reference or a value, and return what it writes.");
  static_cast<void>(&codec<bare_t<T>>::encode);
  static_cast<void>(&type_name<T>);
}
template <class R> void check_result() {
  static_cast<void>(&codec<R>::decode);
  static_cast<void>(&codec<R>::encode);
}

} // namespace npcache::detail
