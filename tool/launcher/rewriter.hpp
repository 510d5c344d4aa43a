// Running npcache-rewrite, the part of npcache that parses C++ (with Clang).
#pragma once

#include "build_state.hpp"
#include "command_line.hpp"
#include "launch.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace npcache::launcher {

// The arguments a parse of the command's source takes: the command's own, less the
// source, the output and the dependency-file options.
std::vector<std::string> parse_arguments(const CompilerCommand &command);

struct RewriteOutcome {
  int status = 0;        // npcache-rewrite's: 0, or 1 after printing errors
  bool marked = false;   // the source defines a cached function: `rewritten` was written
  nlohmann::json summary;
};

// Rewrites the command's source into `rewritten` if it defines a cached function, and
// summarizes it either way (the summary goes beside `rewritten`).
RewriteOutcome rewrite(const LaunchOptions &options, const CompilerCommand &command,
                       const std::string &rewritten);

// The summaries of recorded objects' sources, parsed again with their recorded
// commands, in one run of npcache-rewrite. Nothing for a source that failed to parse.
std::vector<std::optional<nlohmann::json>>
summarize(const LaunchOptions &options, const std::vector<const ObjectRecord *> &records);

// The same in two halves, so that a parse can run beside a compile.
struct SummaryRun {
  nlohmann::json jobs = nlohmann::json::array();
  std::string job_file;
  pid_t pid = -1;
};
SummaryRun start_summaries(const LaunchOptions &options, const std::vector<const ObjectRecord *> &records);
std::vector<std::optional<nlohmann::json>> finish_summaries(const SummaryRun &run);

} // namespace npcache::launcher
