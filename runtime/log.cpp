#include "log.hpp"

#include <cstdio>
#include <cstdlib>
#include <string>

namespace npcache::detail {

bool parse_log_level(std::string_view text, LogLevel &level) {
  static constexpr std::pair<std::string_view, LogLevel> kNames[] = {
      {"off", LogLevel::off},     {"error", LogLevel::error},     {"warn", LogLevel::warn},
      {"info", LogLevel::info},   {"explain", LogLevel::explain}, {"debug", LogLevel::debug}};
  for (const auto &[name, value] : kNames) {
    if (text == name) {
      level = value;
      return true;
    }
  }
  return false;
}

LogLevel log_level() {
  static const LogLevel level = [] {
    LogLevel parsed = LogLevel::warn;
    const char *text = std::getenv("NPCACHE_LOG");
    if (text != nullptr && *text != '\0' && !parse_log_level(text, parsed)) {
      std::fprintf(stderr,
                   "npcache: warning: NPCACHE_LOG=%s is not one of off, info, explain, debug; "
                   "using the default (warnings only)\n",
                   text);
      parsed = LogLevel::warn;
    }
    return parsed;
  }();
  return level;
}

void log(LogLevel level, const std::string &message, bool with_level) {
  if (!log_enabled(level))
    return;
  static constexpr const char *kPrefix[] = {"", "error: ", "warning: ", "", "explain: ", "debug: "};
  // One fputs per line, so that lines from concurrent threads do not interleave.
  std::string line = std::string("npcache: ") + (with_level ? kPrefix[static_cast<int>(level)] : "") +
                     message + "\n";
  std::fputs(line.c_str(), stderr);
}

} // namespace npcache::detail
