// Options and configuration files.
//
// Settings are layered; a layer sets only what it names and inherits the rest. Lowest to
// highest: built-in defaults, the build-time JSON file, the function's own options (the
// attribute, or the Settings given to Cache::wrap), the NPCACHE_CONFIG file, the other
// NPCACHE_* environment variables, and runtime calls (set_cache_dir, Cache(dir)).
#pragma once

#include <npcache/api.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace npcache {

enum class Compression { none, zstd };
enum class KeyStyle { hash, readable };

struct Settings {
  std::optional<bool> enabled; // false: call the function directly
  std::optional<bool> write;   // false: read existing entries, never write
  std::optional<bool> refresh; // recompute and overwrite
  std::optional<bool> memory;  // reserved: in-process tier (not implemented yet)
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

  // Every field that `above` sets replaces this one's.
  NPCACHE_API void merge(const Settings &above);
};

// A configuration file: project-wide settings and per-function overrides, keyed by glob
// patterns over qualified names ("sim::*") and applied in file order.
struct Config {
  Settings defaults;
  std::vector<std::pair<std::string, Settings>> functions;

  NPCACHE_API Settings for_function(std::string_view qualified_name) const;
};

// what() reads "FILE:LINE:COL: error: key 'a.b': message".
class NPCACHE_API config_error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

NPCACHE_API Config load_config(const std::filesystem::path &file);
NPCACHE_API Config parse_config(std::string_view text, const std::string &file_name);

// The zstd levels `level` accepts, lowest and highest.
NPCACHE_API std::pair<int, int> compression_levels();

// "20GiB", "512MB", "1000" (bytes). Throws std::invalid_argument.
NPCACHE_API std::uint64_t parse_size(std::string_view text);
// "7d", "12h", "30m", "45s", "2w". Throws std::invalid_argument.
NPCACHE_API std::int64_t parse_duration(std::string_view text);

} // namespace npcache
