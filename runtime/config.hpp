// Process-wide configuration: the environment and runtime calls.
#pragma once

#include <npcache/options.hpp>

#include <optional>
#include <string>

namespace npcache::detail {

struct Environment {
  Settings settings; // NPCACHE_DIR and NPCACHE_MODE
  Config file;       // NPCACHE_CONFIG
  // A variable or the NPCACHE_CONFIG file was malformed: the error has been printed and
  // caching is off for this process, so that a typo can neither write where it should
  // not nor go unnoticed.
  bool broken = false;
};

// Read at first use; later changes to the environment are not seen.
const Environment &environment();
// Built-in defaults: every field set.
Settings builtin_settings();
// The directory given to set_cache_dir, if any.
std::optional<std::string> runtime_cache_dir();

// Applies NPCACHE_MODE's value to `settings`; false if it is not a mode.
NPCACHE_API bool apply_mode(std::string_view mode, Settings &settings);

} // namespace npcache::detail
