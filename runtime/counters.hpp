// State that every process using a cache directory shares: a small file mapped
// MAP_SHARED and updated with atomic instructions. Concurrent processes lose no update,
// and a hit pays no system call for its bookkeeping.
//
//   <dir>/.npcache-root              RootBlock: size estimate, max_size, eviction lock
//   <dir>/<function>/.counters       FunctionBlock: hits, misses, the current code version
//   <dir>/.remote-<hash>             RemoteBlock: one remote tier's counts, for npcache stats
#pragma once

#include <npcache/api.hpp>
#include <npcache/key.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace npcache::detail {

inline constexpr std::string_view kRootFileName = ".npcache-root";
inline constexpr std::string_view kCountersFileName = ".counters";
// The first eight bytes of each: also what marks a directory as npcache's.
inline constexpr std::uint64_t kFunctionMagic = 0x31544e43504e'0000ull | 'F';
inline constexpr std::uint64_t kRootMagic = 0x31544e43504e'0000ull | 'R';
inline constexpr std::uint64_t kRemoteMagic = 0x31544e43504e'0000ull | 'T';
inline constexpr std::string_view kRemoteCountersPrefix = ".remote-";

struct NPCACHE_API FunctionBlock {
  std::uint64_t magic;
  std::uint64_t hits;
  std::uint64_t misses;
  std::uint64_t stores;
  std::uint64_t last_use_unix_ns;
  // code_version() of the build that last called the function: entries of any other
  // version are stale, and evicted first.
  std::uint64_t current_low;
  std::uint64_t current_high;
  std::uint64_t reserved[9];
};

struct NPCACHE_API RootBlock {
  std::uint64_t magic;
  // Bytes stored since the last eviction pass plus what that pass left; kUnknownSize
  // until a pass has measured the directory.
  std::uint64_t estimated_bytes;
  std::uint64_t max_size_bytes; // as the last process that stored an entry set it
  std::uint64_t evictions;      // entries removed by eviction passes, all time
  std::uint64_t last_pass_unix_ns;
  std::uint64_t sharing; // the Sharing the directory was created with, for the command
  std::uint64_t reserved[10];
};

// What the processes using one cache directory did with one remote tier.
struct NPCACHE_API RemoteBlock {
  std::uint64_t magic;
  std::uint64_t hits, misses;
  std::uint64_t errors; // failed requests, and entries found bad
  std::uint64_t bytes_read, bytes_written;
  char tier[80]; // the tier's URL without its password, cut to fit, NUL-terminated
};

// The file of `tier`'s RemoteBlock in a cache directory: ".remote-" and 16 hex digits.
NPCACHE_API std::string remote_counters_name(const std::string &tier);

inline constexpr std::uint64_t kUnknownSize = ~std::uint64_t{0} >> 2;

class SafeDir;

// A mapped block, or nothing when the file cannot be opened safely (not trusted, not a
// regular file, or missing and `create` is false).
template <class Block> class Mapped {
public:
  Mapped() = default;
  NPCACHE_API static Mapped open(const SafeDir &dir, std::string_view name, bool create);
  Mapped(Mapped &&other) noexcept : block_(other.block_), fd_(other.fd_) {
    other.block_ = nullptr;
    other.fd_ = -1;
  }
  NPCACHE_API Mapped &operator=(Mapped &&other) noexcept;
  NPCACHE_API ~Mapped();

  Block *get() const { return block_; }
  explicit operator bool() const { return block_ != nullptr; }
  int fd() const { return fd_; } // for flock() on the root file

private:
  Block *block_ = nullptr;
  int fd_ = -1;
};

// open(), operator= and the destructor are defined (and exported) for FunctionBlock,
// RootBlock and RemoteBlock only, in counters.cpp. No extern template: users instantiate the inline
// members themselves, which an unoptimized build needs.

inline std::uint64_t atomic_load(const std::uint64_t &field) {
  return __atomic_load_n(&field, __ATOMIC_RELAXED);
}
inline void atomic_store(std::uint64_t &field, std::uint64_t value) {
  __atomic_store_n(&field, value, __ATOMIC_RELAXED);
}
inline void atomic_add(std::uint64_t &field, std::uint64_t value) {
  __atomic_fetch_add(&field, value, __ATOMIC_RELAXED);
}

// What makes entries of one function current: its code digest and version.
NPCACHE_API Key128 code_version(const Key128 &code_digest, const std::string &version);

NPCACHE_API std::uint64_t now_unix_ns();
// The same to within a scheduler tick (a few ms), for bookkeeping on the hit path: it
// never needs a system call, even where the precise clock does.
NPCACHE_API std::uint64_t coarse_now_unix_ns();

} // namespace npcache::detail
