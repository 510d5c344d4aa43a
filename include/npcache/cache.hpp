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

class Cache;

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

// Held from a miss until its result is stored, so that identical concurrent misses
// compute once: a flock() on a per-key file, which the kernel releases if the holder dies.
class NPCACHE_API MissLock {
public:
  MissLock() = default;
  MissLock(const MissLock &) = delete;
  MissLock &operator=(const MissLock &) = delete;
  ~MissLock() {
    if (fd_ >= 0)
      release();
  }

  // Waits at most `timeout_seconds` for another holder; false if the lock was not taken
  // (timeout, or the file cannot be created), and the caller then computes regardless.
  bool acquire(const std::string &path, std::int64_t timeout_seconds);
  void release() noexcept;

private:
  int fd_ = -1;
  std::string path_;
};

// Loads a verified entry into *out; false is a miss (the reason is counted and logged).
// Before reporting a miss it takes `lock`, and looks again if another caller was
// computing the same key meanwhile.
NPCACHE_API bool lookup(Function &fn, const Key128 &key, const std::string &readable,
                        DecodeFn decode, void *out, MissLock &lock);
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

// The full signature, "(i32,f64)->vec<f64>": part of a function's identity.
template <class R, class... Args> std::string signature_text() {
  static_assert(!std::is_void_v<R>, "npcache: a function returning void has nothing to cache");
  static_assert(!std::is_reference_v<R>,
                "npcache: a function returning a reference cannot be cached; return a value");
  (check_parameter<Args>(), ...);
  return "(" + type_list<bare_t<Args>...>() + ")->" + type_name<R>();
}

// A function known to a cache.
struct Handle {
  std::shared_ptr<Function> fn;
  Plan plan;
};

// What the rewriter knows of a function's code; empty for Cache::wrap, which sees none of it.
struct Code {
  Key128 digest;             // everything the function can reach
  std::string build_context; // compiler, target, floating-point options
  std::string dependencies;  // "name\tdigest\n" per definition the digest covers
  // The digest covers the whole link (npcache-cxx linked a digest table in), not only the
  // function's own file.
  bool linked = false;
};

NPCACHE_API Handle make_handle(const Cache &cache, std::string name, std::string signature,
                               const Settings &options, const Code &code);

// One cached call. `compute` runs the function; `key_args` are the arguments that form the
// key (all of them, less any the attribute's `ignore` names, plus *this for members).
template <class Compute, class... KeyArgs>
std::invoke_result_t<Compute &> cached_call(const Handle &handle, Compute &&compute,
                                           const KeyArgs &...key_args) {
  using R = std::invoke_result_t<Compute &>;
  if (!handle.plan.active)
    return compute();
  HashSink hash;
  hash.write(&handle.plan.identity, sizeof handle.plan.identity);
  (codec<bare_t<KeyArgs>>::encode(hash, key_args), ...);
  const Key128 key = hash.finish();
  std::string readable;
  if (handle.plan.readable)
    (render_argument<bare_t<KeyArgs>>(readable, key_args), ...);

  MissLock lock; // released after store(), or when compute() throws
  std::optional<R> hit;
  if (lookup(*handle.fn, key, readable, &decode_value<R>, &hit, lock))
    return std::move(*hit);
  // An exception from the function reaches the caller unchanged and nothing is stored.
  R result = compute();
  store(*handle.fn, key, readable, &encode_value<R>, &result);
  return result;
}

} // namespace detail

template <class F, class Signature> class Cached;

// A function whose calls go through the cache. Copies share the function's state.
template <class F, class R, class... Args> class Cached<F, R(Args...)> {
public:
  Cached(F f, detail::Handle handle) : f_(std::move(f)), handle_(std::move(handle)) {}

  R operator()(Args... args) const {
    return detail::cached_call(
        handle_, [&]() -> R { return std::invoke(f_, std::forward<Args>(args)...); }, args...);
  }

private:
  mutable F f_;
  detail::Handle handle_;
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
    return Cached<F, R(Args...)>(
        std::move(f), detail::make_handle(*this, std::move(name),
                                          detail::signature_text<R, Args...>(), options, {}));
  }

  friend detail::Handle detail::make_handle(const Cache &, std::string, std::string,
                                            const Settings &, const detail::Code &);

  std::shared_ptr<detail::CacheState> state_;
};

} // namespace npcache
