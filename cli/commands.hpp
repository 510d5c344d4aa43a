// The npcache command's subcommands. Each returns the process exit status.
#pragma once

#include <cstdint>
#include <string>

namespace npcache::cli {

enum Exit : int {
  kOk = 0,
  kBadEntries = 1, // verify found (and removed) bad entries
  kUsage = 2,      // the command line is wrong
  kFailed = 3,     // the directory or entry is missing or unsafe, or an export failed
};

struct Options {
  std::string dir; // the cache directory
  bool json = false;
  bool progress = false;
  bool group = false; // --shared group: trust the cache directory's group (docs/SECURITY.md)
};

struct PruneArgs {
  std::string max_size;   // "" or a size ("20GiB")
  std::string older_than; // "" or a duration: written that long ago
  std::string unused_for; // "" or a duration: not used for that long
  bool stale = false;
};

int run_stats(const Options &options);
int run_list(const Options &options);
int run_clear(const Options &options);
int run_prune(const Options &options, const PruneArgs &args);
int run_verify(const Options &options, bool keep);
int run_show(const Options &options, const std::string &entry);
int run_export(const Options &options, const std::string &entry, const std::string &npy_file);
// The remote tiers of NPCACHE_REMOTE, or of the NPCACHE_CONFIG file (docs/REMOTE.md).
int run_push(const Options &options);
int run_remote_check(const Options &options);

} // namespace npcache::cli
