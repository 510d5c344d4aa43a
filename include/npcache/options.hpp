// Options and configuration files.
//
// Settings are layered; a layer sets only what it names and inherits the rest. Lowest to
// highest: built-in defaults, the build-time JSON file, the function's own options (the
// attribute, or the Settings given to Cache::wrap), the NPCACHE_CONFIG file, the other
// NPCACHE_* environment variables, and runtime calls (set_cache_dir, Cache(dir)).
#pragma once

#include <npcache/api.hpp>
#include <npcache/settings.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace npcache {

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
// The settings that `s` sets, as a configuration file's top level would: parse_config
// reads them back. Rewritten functions carry their settings this way.
NPCACHE_API std::string settings_json(const Settings &s);

// The zstd levels `level` accepts, lowest and highest.
NPCACHE_API std::pair<int, int> compression_levels();

// "20GiB", "512MB", "1000" (bytes). Throws std::invalid_argument.
NPCACHE_API std::uint64_t parse_size(std::string_view text);
// "7d", "12h", "30m", "45s", "2w". Throws std::invalid_argument.
NPCACHE_API std::int64_t parse_duration(std::string_view text);

} // namespace npcache
