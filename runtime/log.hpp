// Diagnostics on stderr. Quiet by default: only warnings (a bad entry, a failed write)
// and errors are printed, and NPCACHE_LOG chooses more or less.
#pragma once

#include <npcache/api.hpp>

#include <string>
#include <string_view>

namespace npcache::detail {

enum class LogLevel { off, error, warn, info, explain, debug };

// NPCACHE_LOG, read at first use.
NPCACHE_API LogLevel log_level();
NPCACHE_API bool parse_log_level(std::string_view text, LogLevel &level);
inline bool log_enabled(LogLevel level) { return level <= log_level(); }
NPCACHE_API void log(LogLevel level, const std::string &message, bool with_level = true);

} // namespace npcache::detail
