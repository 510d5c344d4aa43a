// npcache-cxx: see launch.hpp.
#include "build_state.hpp"
#include "command_line.hpp"
#include "launch.hpp"
#include "process.hpp"

#include <cstdio>
#include <cstdlib>
#include <string>
#include <sys/stat.h>
#include <vector>

namespace {

bool exists(const std::string &path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

int usage() {
  std::fprintf(stderr, "usage: npcache-cxx [--config=FILE] [--state=DIR] [--] COMPILER ARGS...\n");
  return 2;
}

} // namespace

int main(int argc, char **argv) {
  using namespace npcache::launcher;
  LaunchOptions options;
  const std::string here = own_directory();
  options.self = here + "/npcache-cxx";
  options.rewriter = here + "/npcache-rewrite";
  // Installed, the headers and the library are beside bin/; in the build tree, where
  // CMake put them.
  if (exists(here + "/../include/npcache/linked.hpp")) {
    options.include_dir = absolute_path(here + "/../include");
    options.library_dir = absolute_path(here + "/" NPCACHE_RELATIVE_LIBRARY_DIR);
  } else {
    options.include_dir = NPCACHE_BUILD_INCLUDE_DIR;
    options.library_dir = NPCACHE_BUILD_LIBRARY_DIR;
  }
  const char *log = std::getenv("NPCACHE_BUILD_LOG");
  options.log = log != nullptr && *log != '\0' && std::string(log) != "0";

  int i = 1;
  for (; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--") {
      ++i;
      break;
    }
    if (arg.rfind("--config=", 0) == 0)
      options.config = absolute_path(arg.substr(9));
    else if (arg.rfind("--state=", 0) == 0)
      options.state_dir = absolute_path(arg.substr(8));
    else if (arg == "--help")
      return usage();
    else if (arg.rfind("--", 0) == 0) {
      std::fprintf(stderr, "npcache-cxx: error: unknown option '%s'\n", arg.c_str());
      return usage();
    } else
      break;
  }
  if (i >= argc)
    return usage();
  if (options.state_dir.empty())
    options.state_dir = absolute_path(default_state_dir());

  CompilerCommand command = parse_command(std::vector<std::string>(argv + i, argv + argc));
  switch (command.mode) {
  case CompilerCommand::Mode::compile:
    return compile(options, command);
  case CompilerCommand::Mode::link:
    return link(options, command);
  case CompilerCommand::Mode::other:
    break;
  }
  return exec(command.argv());
}
