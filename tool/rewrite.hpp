// Rewrites one translation unit: every function definition marked [[npcache::cached]]
// becomes a wrapper around the runtime, and the original body moves, unchanged, into a
// renamed implementation function.
#pragma once

#include <npcache/options.hpp>

#include <optional>
#include <string>
#include <vector>

namespace npcache::tool {

struct RewriteRequest {
  std::string input;                 // the source file
  std::string output;                // the rewritten file, written only on success
  std::string depfile;               // optional: make-style dependencies of the output
  std::optional<Config> config;      // the build-time JSON file
  std::vector<std::string> compile_args;
};

// Returns the process exit status: 0 on success, 1 after reporting errors.
int rewrite_file(const RewriteRequest &request);

} // namespace npcache::tool
