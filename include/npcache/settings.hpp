// Per-function settings: what the attribute's options, the JSON file and the environment
// set, layer on layer (options.hpp has the layers and the files).
#pragma once

#include <npcache/api.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace npcache {

enum class Compression { none, zstd };
enum class KeyStyle { hash, readable };
// Who may write a cache directory (docs/SECURITY.md): this user alone, or the members of
// the cache root's group too ("shared": "group").
enum class Sharing { none, group };

// "small_store": true: entries this size or smaller share one LMDB page in two, inline;
// larger values would take overflow pages of their own.
inline constexpr std::uint64_t kDefaultSmallStoreBytes = 2000;

struct Settings {
  std::optional<bool> enabled; // false: call the function directly
  std::optional<bool> write;   // false: read existing entries, never write
  std::optional<bool> refresh; // recompute and overwrite
  std::optional<bool> memory;  // also keep results in this process's memory tier
  // The memory tier's bound: the process keeps at most the largest any function sets.
  std::optional<std::uint64_t> memory_size_bytes;
  // Entries up to this many bytes (header included) go into the function's small-entry
  // store (one LMDB file) rather than a file each; 0: every entry is a file.
  std::optional<std::uint64_t> small_store_bytes;
  std::optional<Compression> compress;
  std::optional<int> level; // zstd level
  std::optional<KeyStyle> key;
  std::optional<std::string> dir;
  std::optional<std::string> version;         // salt mixed into the key
  std::optional<std::int64_t> max_age_seconds; // 0: entries never expire
  std::optional<std::uint64_t> max_size_bytes; // 0: unbounded
  // How long a call waits for another thread or process computing the same key before
  // computing it too; 0: never wait.
  std::optional<std::int64_t> lock_timeout_seconds;
  std::optional<Sharing> shared;
  // false: this function's results stay on this machine, whatever remote tiers are set.
  std::optional<bool> remote;
  // The remote tiers, nearest first, in ccache's form: "URL|attribute|attribute=value"
  // (docs/REMOTE.md). JSON "remote": [...]; NPCACHE_REMOTE replaces them.
  std::optional<std::vector<std::string>> remote_storage;
  // With a key, entries uploaded are signed and remote entries must be (NPCACHE_REMOTE_KEY_FILE).
  std::optional<std::string> remote_key_file;

  // Every field that `above` sets replaces this one's.
  NPCACHE_API void merge(const Settings &above);
};

} // namespace npcache
