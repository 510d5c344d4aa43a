// The runtime API: a cache directory and the functions wrapped by it.
#pragma once

#include <npcache/codec.hpp>
#include <npcache/options.hpp>

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>

namespace npcache {

struct Stats {
  std::uint64_t hits = 0;    // calls answered from an entry
  std::uint64_t misses = 0;  // calls that ran the function
  std::uint64_t errors = 0;  // entries found bad, and failed writes
  std::uint64_t entries = 0; // entries in the directory now
  std::uint64_t bytes = 0;   // their size on disk
};

struct remove_dir_t {
  explicit remove_dir_t() = default;
};
inline constexpr remove_dir_t remove_dir{};

// The directory used by caches created after this call, unless they name their own.
NPCACHE_API void set_cache_dir(const std::filesystem::path &dir);

namespace detail {

class Function;
struct CacheState;

using EncodeFn = void (*)(Sink &, const void *value);
using DecodeFn = void (*)(Source &, void *out);

// What a wrapper needs on every call; fixed when the function is wrapped.
struct Plan {
  bool active = true;    // false: call the function directly
  bool readable = false; // entry names carry rendered arguments
  Key128 identity;       // function, signature, version and format; seeds every key
};

NPCACHE_API Plan plan_of(const Function &fn);
// Loads a verified entry into *out; false is a miss (the reason is counted and logged).
NPCACHE_API bool lookup(Function &fn, const Key128 &key, const std::string &readable,
                        DecodeFn decode, void *out);
// Stores a result; never throws and never fails the caller.
NPCACHE_API void store(Function &fn, const Key128 &key, const std::string &readable,
                       EncodeFn encode, const void *value) noexcept;

template <class F, class = void> struct signature_of;
template <class R, class... A> struct signature_of<R (*)(A...)> {
  using type = R(A...);
};
template <class R, class... A> struct signature_of<R (*)(A...) noexcept> {
  using type = R(A...);
};
template <class M> struct member_signature;
#define NPCACHE_MEMBER_SIGNATURE(QUALS)                                                        \
  template <class C, class R, class... A> struct member_signature<R (C::*)(A...) QUALS> {     \
    using type = R(A...);                                                                      \
  };
NPCACHE_MEMBER_SIGNATURE()
NPCACHE_MEMBER_SIGNATURE(const)
NPCACHE_MEMBER_SIGNATURE(noexcept)
NPCACHE_MEMBER_SIGNATURE(const noexcept)
#undef NPCACHE_MEMBER_SIGNATURE
// Lambdas and other function objects with one, non-template operator().
template <class F>
struct signature_of<F, std::void_t<decltype(&F::operator())>>
    : member_signature<decltype(&F::operator())> {};

template <class T> void encode_value(Sink &out, const void *value) {
  codec<T>::encode(out, *static_cast<const T *>(value));
}
template <class T> void decode_value(Source &in, void *out) {
  static_cast<std::optional<T> *>(out)->emplace(codec<T>::decode(in));
}

template <class A> constexpr void check_parameter() {
  static_assert(!std::is_lvalue_reference_v<A> || std::is_const_v<std::remove_reference_t<A>>,
                "npcache: a non-const reference parameter may be an output of the function; "
                "a cached call would skip writing it. Take it by value or const reference.");
  static_assert(!std::is_rvalue_reference_v<A>,
                "npcache: rvalue reference parameters are not supported; take it by value.");
}

template <class A> void render_argument(std::string &out, const A &value) {
  if (!out.empty())
    out += '_';
  if constexpr (has_render<A>::value)
    codec<A>::render(out, value);
  else
    out += '~';
}

template <class... Args> std::string signature_text() {
  return "(" + type_list<bare_t<Args>...>() + ")";
}

} // namespace detail

template <class F, class Signature> class Cached;

// A function whose calls go through the cache. Copies share the function's state.
template <class F, class R, class... Args> class Cached<F, R(Args...)> {
public:
  Cached(F f, std::shared_ptr<detail::Function> fn)
      : f_(std::move(f)), fn_(std::move(fn)), plan_(detail::plan_of(*fn_)) {}

  R operator()(Args... args) const {
    if (!plan_.active)
      return std::invoke(f_, std::forward<Args>(args)...);
    HashSink hash;
    hash.write(&plan_.identity, sizeof plan_.identity);
    (codec<detail::bare_t<Args>>::encode(hash, args), ...);
    const Key128 key = hash.finish();
    std::string readable;
    if (plan_.readable)
      (detail::render_argument<detail::bare_t<Args>>(readable, args), ...);

    std::optional<R> hit;
    if (detail::lookup(*fn_, key, readable, &detail::decode_value<R>, &hit))
      return std::move(*hit);
    // An exception from the function reaches the caller unchanged and nothing is stored.
    R result = std::invoke(f_, std::forward<Args>(args)...);
    detail::store(*fn_, key, readable, &detail::encode_value<R>, &result);
    return result;
  }

private:
  mutable F f_;
  std::shared_ptr<detail::Function> fn_;
  detail::Plan plan_;
};

class NPCACHE_API Cache {
public:
  // The default directory: set_cache_dir, else NPCACHE_DIR, else the NPCACHE_CONFIG
  // file's "dir", else ".npcache" in the working directory.
  Cache();
  // An explicit directory; it beats every other setting of the directory.
  explicit Cache(std::filesystem::path dir);
  // `config` plays the role of the build-time JSON file for the functions wrapped here.
  Cache(std::filesystem::path dir, Config config);
  ~Cache();
  Cache(const Cache &);
  Cache &operator=(const Cache &);

  // A cached version of `f`. Without the rewriter there is no code digest: the key is
  // `name`, the parameter and result types, `version` and the arguments. Change `version`
  // when the function's meaning changes.
  template <class F> auto wrap(std::string name, F f, std::string version = {}) const {
    Settings options;
    options.version = std::move(version);
    return wrap(std::move(name), std::move(f), std::move(options));
  }

  template <class F> auto wrap(std::string name, F f, Settings options) const {
    return wrap_as<F>(std::move(name), std::move(f), std::move(options),
                      static_cast<typename detail::signature_of<F>::type *>(nullptr));
  }

  // Removes npcache's own files (entries and temporaries) and nothing else.
  void clear() const;
  // ... and then the directory itself, if nothing else is left in it. The next call
  // that stores an entry creates the directory again.
  void clear(remove_dir_t) const;

  Stats stats() const;
  const std::filesystem::path &dir() const;

private:
  template <class F, class R, class... Args>
  Cached<F, R(Args...)> wrap_as(std::string name, F f, Settings options, R (*)(Args...)) const {
    static_assert(!std::is_void_v<R>, "npcache: a function returning void has nothing to cache");
    static_assert(!std::is_reference_v<R>,
                  "npcache: a function returning a reference cannot be cached; return a value");
    (detail::check_parameter<Args>(), ...);
    std::string signature = detail::signature_text<Args...>() + "->" + type_name<R>();
    return Cached<F, R(Args...)>(std::move(f),
                                 make_function(std::move(name), std::move(signature), options));
  }

  std::shared_ptr<detail::Function> make_function(std::string name, std::string signature,
                                                  const Settings &options) const;

  std::shared_ptr<detail::CacheState> state_;
};

} // namespace npcache
