// The runtime API: a cache directory and the functions wrapped by it.
#pragma once

#include <npcache/call.hpp>
#include <npcache/codec.hpp>
#include <npcache/options.hpp>

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace npcache {

// One remote tier's counts in this process.
struct RemoteStats {
  std::string tier; // its URL, without a password
  std::uint64_t hits = 0, misses = 0;
  std::uint64_t errors = 0; // failed requests, and entries found bad
  std::uint64_t bytes_read = 0, bytes_written = 0;
};

struct Stats {
  std::uint64_t hits = 0;        // calls answered from an entry on disk
  std::uint64_t memory_hits = 0; // calls answered from the memory tier
  std::uint64_t remote_hits = 0; // calls answered from a remote tier (this process)
  std::uint64_t misses = 0;      // calls that ran the function
  std::uint64_t errors = 0;      // entries found bad, and failed writes
  std::uint64_t entries = 0;     // entries in the directory now
  std::uint64_t bytes = 0;       // their size on disk
  std::vector<RemoteStats> remotes; // every remote tier this process used
};

struct remove_dir_t {
  explicit remove_dir_t() = default;
};
inline constexpr remove_dir_t remove_dir{};

// The directory used by caches created after this call, unless they name their own.
NPCACHE_API void set_cache_dir(const std::filesystem::path &dir);

class Cache;

namespace detail {

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

// A function wrapped by Cache::wrap, owned by its Cached copies.
NPCACHE_API std::shared_ptr<Function> make_function(const Cache &cache, std::string name,
                                                    std::string signature, const Settings &options,
                                                    const Code &code);
NPCACHE_API Plan plan_of(const Function &fn);

} // namespace detail

template <class F, class Signature> class Cached;

// A function whose calls go through the cache. Copies share the function's state.
template <class F, class R, class... Args> class Cached<F, R(Args...)> {
public:
  Cached(F f, std::shared_ptr<detail::Function> fn)
      : f_(std::move(f)), owner_(std::move(fn)), handle_{owner_.get(), detail::plan_of(*owner_)} {}

  R operator()(Args... args) const {
    return detail::cached_call(
        handle_, [&]() -> R { return std::invoke(f_, std::forward<Args>(args)...); }, args...);
  }

private:
  mutable F f_;
  std::shared_ptr<detail::Function> owner_;
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
        std::move(f), detail::make_function(*this, std::move(name),
                                            detail::signature_text<R, Args...>(), options, {}));
  }

  friend std::shared_ptr<detail::Function> detail::make_function(const Cache &, std::string,
                                                                 std::string, const Settings &,
                                                                 const detail::Code &);

  std::shared_ptr<detail::CacheState> state_;
};

} // namespace npcache
