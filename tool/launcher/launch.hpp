// npcache-cxx: a compiler and linker launcher, as ccache is one.
//
//   npcache-cxx [--config=FILE] [--state=DIR] [--] COMPILER ARGS...
//
// A compile of a C++ source that defines a function marked [[npcache::cached]] compiles
// the rewritten source with exactly the given command; any other compile runs untouched.
// A link gives every cached function in it a digest over the code it reaches in every
// object of the link, static libraries included, and adds that table to the link.
#pragma once

#include "command_line.hpp"

#include <string>

namespace npcache::launcher {

struct LaunchOptions {
  std::string state_dir;   // see build_state.hpp
  std::string config;      // the build-time npcache.json, for rewrites
  std::string rewriter;    // npcache-rewrite
  std::string include_dir; // npcache's headers
  std::string library_dir; // libnpcache, for links that do not name it
  std::string self;        // this executable, a dependency of what it rewrites
  bool log = false;        // NPCACHE_BUILD_LOG=1: one line per decision, on stderr
};

int compile(const LaunchOptions &options, const CompilerCommand &command);
int link(const LaunchOptions &options, const CompilerCommand &command);

// One "npcache-cxx: ..." line on stderr when the build log is on.
void build_log(const LaunchOptions &options, const std::string &line);

} // namespace npcache::launcher
