// Running the compiler and the rewriter.
#pragma once

#include <string>
#include <sys/types.h>
#include <vector>

namespace npcache::launcher {

// Runs `argv` (searched on PATH) and waits; returns its exit status, 128+N if a signal N
// ended it, or 127 if it could not be started (after saying why on stderr).
int run(const std::vector<std::string> &argv);
// The same in two halves, for running two things at once: start returns -1 if it could
// not start (after saying why), and finish waits as run does (127 for -1).
pid_t start(const std::vector<std::string> &argv);
int finish(pid_t pid);

// Replaces this process with `argv`; returns only if that fails (status 127).
int exec(const std::vector<std::string> &argv);

// Runs `argv` and returns its standard output, or nothing if it failed.
std::string capture(const std::vector<std::string> &argv);

// The directory this executable is in.
std::string own_directory();

} // namespace npcache::launcher
