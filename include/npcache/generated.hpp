// What the code written by npcache-rewrite calls; not meant to be used by hand.
#pragma once

#include <npcache/cache.hpp>
#include <npcache/linked.hpp>

#include <initializer_list>
#include <string>

// The digest table of the link this code is part of (npcache-cxx compiles one into every
// link with cached functions). Weak, so that a link made without npcache-cxx still links,
// with digests that cover this file only; hidden, so that each executable and shared
// library finds its own.
extern "C" __attribute__((weak, visibility("hidden"))) const ::npcache::detail::LinkedCode *
npcache_linked_code(const char *usr_hash);

// The build context of the translation unit that includes this header: the compiler and
// its version, the target, and the options that change floating-point results, as far
// as predefined macros tell them (-ffast-math and its parts, -O, -march through the
// instruction sets it enables, FMA). It is expanded in the rewritten function itself, so
// each file keeps its own. Not visible this way: -ffp-contract on its own, and -mtune,
// which changes scheduling rather than results.
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
#define NPCACHE_CONTEXT_FLAG(defined_, name) (defined_ ? " " name : "")
#define NPCACHE_BUILD_CONTEXT NPCACHE_BUILD_CONTEXT_WITH("")
// `flags`: the result-changing flags of the compile command, which npcache-cxx sees.
#define NPCACHE_BUILD_CONTEXT_WITH(flags)                                                          \
  ::npcache::detail::build_context({NPCACHE_CONTEXT_COMPILER NPCACHE_CONTEXT_TARGET,               \
                                    NPCACHE_CONTEXT_FLAG(NPCACHE_DEFINED_FAST_MATH, "fast-math"),  \
                                    NPCACHE_CONTEXT_FLAG(NPCACHE_DEFINED_FINITE_MATH, "finite-math"), \
                                    NPCACHE_CONTEXT_FLAG(NPCACHE_DEFINED_OPTIMIZE, "optimize"),    \
                                    NPCACHE_CONTEXT_FLAG(NPCACHE_DEFINED_FMA, "fma"),              \
                                    NPCACHE_CONTEXT_FLAG(NPCACHE_DEFINED_AVX, "avx"),              \
                                    NPCACHE_CONTEXT_FLAG(NPCACHE_DEFINED_AVX2, "avx2"),            \
                                    NPCACHE_CONTEXT_FLAG(NPCACHE_DEFINED_AVX512F, "avx512f"),      \
                                    NPCACHE_CONTEXT_FLAG(NPCACHE_DEFINED_STRICT_ANSI, "iso"), flags})

// GCC contracts a*b+c into an FMA by default in GNU modes (-std=gnu++17), not in ISO ones.
#if defined(__STRICT_ANSI__)
#define NPCACHE_DEFINED_STRICT_ANSI 1
#else
#define NPCACHE_DEFINED_STRICT_ANSI 0
#endif
#if defined(__FAST_MATH__)
#define NPCACHE_DEFINED_FAST_MATH 1
#else
#define NPCACHE_DEFINED_FAST_MATH 0
#endif
#if defined(__FINITE_MATH_ONLY__) && __FINITE_MATH_ONLY__
#define NPCACHE_DEFINED_FINITE_MATH 1
#else
#define NPCACHE_DEFINED_FINITE_MATH 0
#endif
#if defined(__OPTIMIZE__)
#define NPCACHE_DEFINED_OPTIMIZE 1
#else
#define NPCACHE_DEFINED_OPTIMIZE 0
#endif
#if defined(__FMA__)
#define NPCACHE_DEFINED_FMA 1
#else
#define NPCACHE_DEFINED_FMA 0
#endif
#if defined(__AVX__)
#define NPCACHE_DEFINED_AVX 1
#else
#define NPCACHE_DEFINED_AVX 0
#endif
#if defined(__AVX2__)
#define NPCACHE_DEFINED_AVX2 1
#else
#define NPCACHE_DEFINED_AVX2 0
#endif
#if defined(__AVX512F__)
#define NPCACHE_DEFINED_AVX512F 1
#else
#define NPCACHE_DEFINED_AVX512F 0
#endif

namespace npcache::detail {

inline std::string build_context(std::initializer_list<const char *> parts) {
  std::string out;
  for (const char *part : parts)
    out += part;
  return out;
}

// The cache of rewritten functions: the default directory, resolved at first use.
NPCACHE_API const Cache &default_cache();

// A rewritten function returning R, keyed by arguments of types Args (its named
// parameters, after *this for a const member). `options` are the build-time JSON file's
// settings for it with the attribute's options on top; `code_digest` covers its code.
template <class R, class... Args>
Handle generated_handle(std::string name, const Settings &options, const Code &code) {
  return make_handle(default_cache(), std::move(name), signature_text<R, Args...>(), options, code);
}

// A cached function's entry in its link's digest table, by the hash of its USR.
inline const LinkedCode *linked(const char *usr_hash) {
  return npcache_linked_code != nullptr ? npcache_linked_code(usr_hash) : nullptr;
}

// A rewritten function's code: what the whole link shows, or, when the link has no digest
// table for it, what its own translation unit shows.
inline Code code(const LinkedCode *linked, const Key128 &local, const char *local_dependencies,
                 std::string build_context) {
  Code out{local, std::move(build_context), local_dependencies, linked != nullptr};
  if (linked != nullptr) {
    out.digest = Key128{linked->digest_low, linked->digest_high};
    out.dependencies += linked->dependencies;
  }
  return out;
}

// A template argument's part in a function template's identity.
template <class T> std::string template_argument() { return type_name<T>(); }
template <class T> std::string template_argument(const T &value) {
  return std::to_string(static_cast<long long>(value));
}

} // namespace npcache::detail
