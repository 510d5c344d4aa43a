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
  // Cross-file digests: where to write this file's summary, and the target whose
  // combined digests (see combine.hpp) the wrappers look up. Both empty: the digest
  // covers this translation unit only.
  std::string summary;
  std::string target;
  std::vector<std::string> compile_args;
};

// Returns the process exit status: 0 on success, 1 after reporting errors.
int rewrite_file(const RewriteRequest &request);

} // namespace npcache::tool
