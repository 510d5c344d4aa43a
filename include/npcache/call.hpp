// One cached call: what the code npcache-rewrite writes needs of the runtime, and what
// Cache::wrap builds on. Kept light (no <filesystem>, no container headers beyond the
// codecs' core), since every rewritten file includes it.
#pragma once

#include <npcache/codec/core.hpp>
#include <npcache/settings.hpp>

#include <cerrno>
#include <clocale>
#include <cstdint>
#include <cstring>
#include <cfenv>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

namespace npcache {

class Cache;

namespace detail {

class Function;
struct CacheState;

using EncodeFn = void (*)(Sink &, const void *value);
using DecodeFn = void (*)(Source &, void *out);

// What the runtime does with a result type it does not know: the codec's two halves, and
// for the memory tier, copies to keep (of a value, or of the value a lookup loaded into
// its std::optional), their deleter, and a copy of a kept value into the caller's
// std::optional. keep is null when the type cannot be copied: it is never kept.
struct ValueOps {
  EncodeFn encode;
  DecodeFn decode;
  void *(*keep)(const void *value);
  void *(*keep_loaded)(const void *out);
  void (*release)(void *kept);
  void (*copy_out)(const void *kept, void *out);
};

// What a wrapper needs on every call; fixed when the function is wrapped.
struct Plan {
  bool active = true;    // false: call the function directly
  bool readable = false; // entry names carry rendered arguments
  bool memory = false;   // results are kept in the memory tier too
  bool team_size = false; // the OpenMP team's size at the call is part of the key
  bool library_threads = false; // so are the threads of the libraries it reaches (OpenBLAS's)
  // Read at every call and mixed into the key: what a header-only library that the
  // function reaches was told to compute by (Eigen's threads and cache sizes).
  std::uint64_t (*header_state)() = nullptr;
  Key128 identity;       // function, signature, version and format; seeds every key
};

// Held from a miss until its result is stored, so that identical concurrent misses
// compute once: an open-file-description lock (fcntl F_OFD_SETLK) on one byte of the
// function directory's `.locks` file, the byte at the key's offset. The kernel releases it
// when the holder closes it or dies, and no file is made or removed per key.
class NPCACHE_API MissLock {
public:
  MissLock() = default;
  MissLock(const MissLock &) = delete;
  MissLock &operator=(const MissLock &) = delete;
  ~MissLock() {
    if (fd_ >= 0 || remote_release_ != nullptr)
      release();
  }

  // Locks `key` in the directory open as `dir_fd`, waiting at most `timeout_seconds` for
  // another holder; false if the lock was not taken (timeout, or the file cannot be
  // opened), and the caller then computes regardless. A `.locks` file that someone
  // untrusted made is removed rather than used. `group`: the cache is shared with its group.
  bool acquire(int dir_fd, const Key128 &key, bool group, std::int64_t timeout_seconds);
  void release() noexcept;
  // Also holds a remote tier's lock (storage/remote.hpp): release() calls `release(state)`.
  bool holds_remote() const { return remote_release_ != nullptr; }
  void hold_remote(void (*release)(void *) noexcept, void *state) noexcept {
    remote_release_ = release;
    remote_state_ = state;
  }

private:
  int fd_ = -1; // its own open file description: threads of one process exclude each other
  void (*remote_release_)(void *) noexcept = nullptr;
  void *remote_state_ = nullptr;
};

// Loads the result of `key` into *out (a std::optional of the result type), from the
// memory tier or a verified entry, and into `raised_fp` the floating-point exception flags
// its computation raised; false is a miss (the reason is counted and logged). Before
// reporting a miss it takes `lock`, and looks again if another caller was computing the
// same key meanwhile.
NPCACHE_API bool lookup(Function &fn, const Key128 &key, const std::string &readable,
                        const ValueOps &ops, void *out, MissLock &lock, std::uint32_t &raised_fp);
// Stores a result, whose computation raised the flags `raised_fp`; never throws and never
// fails the caller.
NPCACHE_API void store(Function &fn, const Key128 &key, const std::string &readable,
                       const ValueOps &ops, const void *value, std::uint32_t raised_fp) noexcept;

template <class T> void encode_value(Sink &out, const void *value) {
  codec<T>::encode(out, *static_cast<const T *>(value));
}
template <class T> void decode_value(Source &in, void *out) {
  static_cast<std::optional<T> *>(out)->emplace(codec<T>::decode(in));
}
template <class T> void *keep_value(const void *value) { return new T(*static_cast<const T *>(value)); }
template <class T> void *keep_loaded_value(const void *out) {
  return new T(**static_cast<const std::optional<T> *>(out));
}
template <class T> void release_value(void *kept) { delete static_cast<T *>(kept); }
template <class T> void copy_value_out(const void *kept, void *out) {
  static_cast<std::optional<T> *>(out)->emplace(*static_cast<const T *>(kept));
}
template <class T>
inline constexpr ValueOps value_ops =
    std::is_copy_constructible_v<T>
        ? ValueOps{&encode_value<T>, &decode_value<T>, &keep_value<T>, &keep_loaded_value<T>,
                   &release_value<T>, &copy_value_out<T>}
        : ValueOps{&encode_value<T>, &decode_value<T>, nullptr, nullptr, nullptr, nullptr};

// The floating-point exception flags of the calling thread, the sticky bits that
// fetestexcept reads: on x86-64 MXCSR's bits 0-5 and, shifted left by 8, the x87 status
// word's; on AArch64 FPSR's cumulative bits. A call through npcache leaves them as the
// uncached call would: the runtime's own work (a path's normalization, a hash table's
// growth) sets FE_INEXACT like any arithmetic, and a program that tests the flags, or a
// test framework that checks them, must not see that.
inline std::uint32_t fp_flags() noexcept {
#if defined(__x86_64__)
  std::uint32_t mxcsr;
  std::uint16_t x87;
  __asm__ volatile("stmxcsr %0" : "=m"(mxcsr));
  __asm__ volatile("fnstsw %0" : "=am"(x87));
  return (mxcsr & 0x3Fu) | (x87 & 0x3Fu) << 8;
#elif defined(__aarch64__)
  std::uint64_t fpsr;
  __asm__ volatile("mrs %0, fpsr" : "=r"(fpsr));
  return static_cast<std::uint32_t>(fpsr & 0x9Fu);
#else
  return static_cast<std::uint32_t>(std::fetestexcept(FE_ALL_EXCEPT));
#endif
}
// The part of fp_flags() that arithmetic on float and double sets. On x86-64, MXCSR's:
// the x87 flags (long double's) take another 5 ns each way to read, so a hit does not
// read them; the runtime's own paths that can touch them keep them (KeepFpFlags).
#if defined(__x86_64__)
inline constexpr std::uint32_t kFastFpFlags = 0x3Fu;
#else
inline constexpr std::uint32_t kFastFpFlags = ~0u;
#endif
inline std::uint32_t fp_fast_flags() noexcept {
#if defined(__x86_64__)
  std::uint32_t mxcsr;
  __asm__ volatile("stmxcsr %0" : "=m"(mxcsr));
  return mxcsr & kFastFpFlags;
#else
  return fp_flags();
#endif
}

// Sets the flags to `flags` (fp_flags()'s bits), raising no trap.
NPCACHE_API void set_fp_flags(std::uint32_t flags) noexcept;
inline void restore_fp_flags(std::uint32_t flags) noexcept {
  if (fp_flags() != flags)
    set_fp_flags(flags);
}

// Leaves the caller's floating-point exception flags as it found them: held by the
// runtime's entry points that run on the caller's thread.
class KeepFpFlags {
public:
  KeepFpFlags() noexcept : saved_(fp_flags()) {}
  KeepFpFlags(const KeepFpFlags &) = delete;
  KeepFpFlags &operator=(const KeepFpFlags &) = delete;
  ~KeepFpFlags() { restore_fp_flags(saved_); }

private:
  std::uint32_t saved_;
};

// Around the function on a miss: the caller's flags are cleared while it runs, so that
// those it raises can be stored with its result, and put back after it however it returns
// (the caller's and the function's, as after the uncached call).
class RaisedFpFlags {
public:
  explicit RaisedFpFlags(bool active) noexcept : active_(active), caller_(active ? fp_flags() : 0) {
    if (caller_ != 0)
      set_fp_flags(0);
  }
  RaisedFpFlags(const RaisedFpFlags &) = delete;
  RaisedFpFlags &operator=(const RaisedFpFlags &) = delete;
  ~RaisedFpFlags() {
    if (active_)
      restore_fp_flags(caller_ | fp_flags());
  }

private:
  bool active_;
  std::uint32_t caller_;
};

// errno as the uncached call leaves it. The runtime's own system calls set it (a miss's
// lookup of an absent entry leaves ENOENT), and code that calls a function through a
// pointer and then tests errno, as CLHEP's expression evaluator does after each math
// function, took that for the function's error. The value the computation sets is kept
// with its result, in the bits of the raised flags above the floating-point ones, and a
// hit sets it again; a call whose computation set none leaves the caller's.
inline constexpr unsigned kErrnoShift = 16;
inline constexpr std::uint32_t kFpFlagBits = (std::uint32_t{1} << kErrnoShift) - 1;

inline std::uint32_t errno_bits(int value) noexcept {
  return static_cast<std::uint32_t>(value > 0 && value <= 0xFFFF ? value : 0) << kErrnoShift;
}
// After a hit: the errno its computation set, or else the caller's.
inline void settle_errno(int caller, std::uint32_t raised) noexcept {
  const int set = static_cast<int>(raised >> kErrnoShift);
  errno = set != 0 ? set : caller;
}

// Around the function on a miss: errno is cleared while it runs, so that what it sets can
// be stored with its result (take()), and afterwards holds that, or else the caller's.
class RaisedErrno {
public:
  RaisedErrno(bool active, int caller) noexcept : active_(active), caller_(caller) {
    if (active)
      errno = 0;
  }
  RaisedErrno(const RaisedErrno &) = delete;
  RaisedErrno &operator=(const RaisedErrno &) = delete;
  // What the function set, read right after it returns (before the store's system calls).
  std::uint32_t take() noexcept {
    set_ = errno;
    taken_ = true;
    return errno_bits(set_);
  }
  ~RaisedErrno() {
    if (!active_)
      return;
    const int set = taken_ ? set_ : errno; // an exception: what the function had set
    errno = set != 0 ? set : caller_;
  }

private:
  bool active_;
  bool taken_ = false;
  int caller_;
  int set_ = 0;
};

// What cached_call reads of the calling thread's floating-point state, once per call.
struct FpAtCall {
  // The environment, as far as it changes what the same code computes from the same
  // arguments: the rounding mode, flushing subnormals to zero (which -ffast-math's
  // start-up code, or a library built with it, sets for the whole process), x87
  // precision. 0 in the default environment, so that keys there stay as they were. Read
  // at every call, since code may change it at any time (fesetround); a cache that can
  // return another environment's result cannot save the 6 ns that stmxcsr takes here.
  std::uint32_t environment;
  // The exception flags arithmetic on float and double sets (fp_fast_flags()), read from
  // the same register.
  std::uint32_t flags;
  // On x86-64, MXCSR as read: settle_fp_flags() writes it back.
  std::uint32_t mxcsr;
};

inline FpAtCall fp_at_call() noexcept {
#if defined(__x86_64__)
  std::uint32_t mxcsr;
  std::uint16_t x87;
  __asm__ volatile("stmxcsr %0" : "=m"(mxcsr));
  __asm__ volatile("fnstcw %0" : "=m"(x87));
  // MXCSR: rounding (13-14), flush-to-zero (15), denormals-are-zero (6). x87: precision
  // (8-9) and rounding (10-11), whose default is 0x0300.
  return {(mxcsr & 0xE040u) | ((x87 & 0x0F00u) ^ 0x0300u) << 16, mxcsr & kFastFpFlags, mxcsr};
#elif defined(__aarch64__)
  std::uint64_t fpcr;
  __asm__ volatile("mrs %0, fpcr" : "=r"(fpcr));
  // Alternative half precision (26), default NaN (25), flush-to-zero (24), rounding
  // (22-23), half-precision flush-to-zero (19).
  return {static_cast<std::uint32_t>(fpcr & 0x07C80000u), fp_flags(), 0};
#else
  return {static_cast<std::uint32_t>(std::fegetround() ^ FE_TONEAREST), fp_flags(), 0};
#endif
}

// After a lookup: the flags the caller had (from fp_at_call()) and those the computation of
// the result raised (`raised`, none on a miss), as after the uncached call. On x86-64,
// MXCSR goes back as the call read it, with those flags: writing it takes under 1 ns here
// when its control bits are unchanged, where reading it first to see whether a write is
// needed (stmxcsr) took 6 ns, an eighth of a memory-tier hit. A codec that changed the
// rounding mode during the lookup leaves the caller's in place, as the uncached call would.
inline void settle_fp_flags(const FpAtCall &at_call, std::uint32_t raised) noexcept {
  const std::uint32_t fast = at_call.flags | (raised & kFastFpFlags);
#if defined(__x86_64__)
  const std::uint32_t mxcsr = (at_call.mxcsr & ~kFastFpFlags) | fast;
  __asm__ volatile("ldmxcsr %0" : : "m"(mxcsr));
  if ((raised & ~kFastFpFlags) != 0) // a long double computation's x87 flags
    set_fp_flags(fp_flags() | raised);
#else
  if (fp_fast_flags() != fast)
    set_fp_flags((fp_flags() & ~kFastFpFlags) | fast);
#endif
}

// The name of the C locale, mixed into the key unless it is "C": the same text functions
// (snprintf's decimal point, strtod, mbstowcs, toupper, strcoll) give other results under
// another one, which setlocale(LC_ALL, "") takes from the environment. About 2 ns: glibc
// returns a pointer it keeps.
inline std::uint64_t locale_tag() noexcept {
  const char *name = std::setlocale(LC_ALL, nullptr);
  if (name == nullptr || (name[0] == 'C' && name[1] == '\0'))
    return 0;
  return hash_bytes(name, std::strlen(name)).low;
}

// How many threads an OpenMP parallel region started by the calling thread would have, as
// the OpenMP runtime loaded in the process says (OMP_NUM_THREADS, omp_set_num_threads, the
// thread limit, 1 inside a region that cannot nest), plus whether it may give fewer
// (omp_set_dynamic), the schedule of schedule(runtime) loops (OMP_SCHEDULE), and when
// regions may nest, the nested teams' sizes (the levels, the thread limit, the sizes that
// OMP_NUM_THREADS lists after the first), hashed;
// 0 when no OpenMP runtime is loaded. A reduction over floating-point values rounds each
// thread's partial result, so its value depends on how many threads share the iterations
// and which: until 2026-12-06 a run with OMP_NUM_THREADS=2 hit the entry that one thread
// had computed.
NPCACHE_API std::uint64_t openmp_team_tag() noexcept;

// How many threads the libraries of the process that split one computation over threads
// would use now (OpenBLAS: OPENBLAS_NUM_THREADS, openblas_set_num_threads), hashed; for
// the functions that reach one. OpenBLAS's ddot of 10^6 elements sums a part on each
// thread, and one thread and two give other last bits.
NPCACHE_API std::uint64_t library_threads_tag() noexcept;

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

using NameFn = std::string (*)();
// "(" + names[1..count] + ")->" + names[0]: joined out of line, as the strings' code would
// otherwise be compiled into every rewritten file.
NPCACHE_API std::string join_signature(const NameFn *names, std::size_t count);

// The full signature, "(i32,f64)->vec<f64>": part of a function's identity.
template <class R, class... Args> std::string signature_text() {
  static_assert(!std::is_void_v<R>, "npcache: a function returning void has nothing to cache");
  static_assert(!std::is_reference_v<R>,
                "npcache: a function returning a reference cannot be cached; return a value");
  (check_parameter<Args>(), ...);
  static constexpr NameFn names[] = {&type_name<R>, &type_name<bare_t<Args>>...};
  return join_signature(names, 1 + sizeof...(Args));
}

// A function known to a cache, as every call needs it.
struct Handle {
  Function *fn = nullptr;
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
  // The code holds an OpenMP reduction whose result depends on the team's size.
  bool team_size = false;
  // It reaches a library whose results depend on how many threads it splits work over.
  bool library_threads = false;
  // Reads what a header-only library it reaches computes by (Plan::header_state).
  std::uint64_t (*header_state)() = nullptr;
};

// A function of `cache`, alive as long as the process: what a rewritten function keeps in
// a static. (Cache::wrap owns its function instead: see make_function in cache.hpp.)
NPCACHE_API Handle make_handle(const Cache &cache, std::string name, std::string signature,
                               const Settings &options, const Code &code);

// One cached call. `compute` runs the function; `key_args` are the arguments that form the
// key (all of them, less any the attribute's `ignore` names, plus *this for members).
template <class Compute, class... KeyArgs>
std::invoke_result_t<Compute &> cached_call(const Handle &handle, Compute &&compute,
                                           const KeyArgs &...key_args) {
  using R = std::invoke_result_t<Compute &>;
  const bool active = handle.plan.active;
  Key128 key;
  std::string readable;
  MissLock lock; // released after store(), or when compute() throws
  const int caller_errno = active ? errno : 0; // before the codecs, which may read files
  if (active) {
    // Read before the codecs run: a user's codec may raise flags that the caller must not see.
    const FpAtCall fp = fp_at_call();
    HashSink hash;
    hash.write(&handle.plan.identity, sizeof handle.plan.identity);
    (codec<bare_t<KeyArgs>>::encode(hash, key_args), ...);
    key = hash.finish();
    // Mixed into the hash rather than hashed with the arguments: one multiply.
    key.high ^= std::uint64_t{fp.environment} * 0x9E3779B97F4A7C15u;
    key.low ^= locale_tag();
    if (handle.plan.team_size)
      key.high ^= openmp_team_tag() * 0xC2B2AE3D27D4EB4Fu;
    if (handle.plan.library_threads)
      key.low ^= library_threads_tag() * 0x27D4EB2F165667C5u;
    if (handle.plan.header_state != nullptr)
      key.low ^= handle.plan.header_state() * 0x165667B19E3779F9u;
    if (handle.plan.readable) {
      KeepFpFlags keep_flags; // a long double renders through a conversion to double
      (render_argument<bare_t<KeyArgs>>(readable, key_args), ...);
    }
    std::optional<R> hit;
    std::uint32_t raised = 0;
    const bool found = lookup(*handle.fn, key, readable, value_ops<R>, &hit, lock, raised);
    settle_fp_flags(fp, raised & kFpFlagBits); // a hit raises what computing it raised
    if (found) {
      settle_errno(caller_errno, raised);
      return std::move(*hit);
    }
  }
  RaisedFpFlags flags(active);
  RaisedErrno raised_errno(active, caller_errno);
  // One call site, so that the function's body is compiled once. An exception from it
  // reaches the caller unchanged and nothing is stored.
  R result = compute();
  if (active) {
    const std::uint32_t set_errno = raised_errno.take();
    store(*handle.fn, key, readable, value_ops<R>, &result, fp_flags() | set_errno);
  }
  return result;
}

} // namespace detail

} // namespace npcache
