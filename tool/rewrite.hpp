// Rewrites one translation unit: every function definition marked [[npcache::cached]]
// keeps its name and signature, and its body moves, in place, into a lambda that the
// runtime calls on a miss. Also summarizes the file for the link step of npcache-cxx.
#pragma once

#include <npcache/options.hpp>

#include <optional>
#include <string>
#include <vector>

namespace npcache::tool {

struct RewriteRequest {
  std::string input;  // the source file
  std::string output; // the rewritten file, written only on success
  // Write `output` only if the file defines a cached function (and remove a stale one
  // otherwise): the launcher then compiles the original.
  bool if_marked = false;
  std::string summary;          // optional: where to write the file's summary
  // With `summary`: also digest the definitions other files can link to. Without, the
  // summary lists the cached functions only and "definitions" is null: the link step
  // parses the file again if, and only if, a cached function reaches into it.
  bool summarize_definitions = true;
  std::optional<Config> config; // the build-time JSON file
  // Flags of the compile command that may change results (-O2, -ffp-contract=off, ...),
  // added to the build context of the file's cached functions.
  std::string context_flags;
  std::vector<std::string> compile_args; // the compile command's, less the source
  // Instead of rewriting, write what list_cacheable() finds here (cacheable.hpp).
  std::string list_cacheable;
};

// Returns the process exit status: 0 on success, 1 after reporting errors.
int rewrite_file(const RewriteRequest &request);

// The summaries of several files, each parsed with its own command: what the link step
// asks for when a cached function reaches into files that were not parsed when compiled.
struct SummaryJob {
  std::string source;
  std::string directory; // the compile's working directory
  std::vector<std::string> arguments;
  std::string output;
};

// Returns 0 if every summary was written; a file that fails to parse gets none.
int summarize_files(const std::vector<SummaryJob> &jobs);

} // namespace npcache::tool
