// npcache: inspect and maintain a cache directory. The work is in commands.cpp.
#include "commands.hpp"

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <filesystem>
#include <unistd.h>

int main(int argc, char **argv) {
  using namespace npcache::cli;
  CLI::App app{"Inspect and maintain an npcache cache directory.\n\n"
               "Exit status: 0 success; 1 verify found bad entries; 2 usage error; "
               "3 failure (missing or unsafe directory, unknown entry, export impossible, a remote tier failing)."};
  app.require_subcommand(1);
  app.fallthrough(); // global options may also follow the subcommand

  Options options;
  const char *env_dir = std::getenv("NPCACHE_DIR");
  options.dir = env_dir != nullptr && *env_dir != '\0' ? env_dir : ".npcache";
  std::string dir_arg;
  app.add_option("-d,--dir", dir_arg, "Cache directory (default: $NPCACHE_DIR, else ./.npcache)");
  app.add_flag("--json", options.json, "Print JSON for scripts instead of tables");
  std::string shared = "none";
  app.add_option("--shared", shared, "Who may write the cache: none (this user alone) or group")
      ->check(CLI::IsMember({"none", "group"}));
  bool progress = false, no_progress = false;
  app.add_flag("--progress", progress, "Always draw the progress bar on stderr");
  app.add_flag("--no-progress", no_progress, "Never draw it (default: only on a terminal)");

  auto *stats = app.add_subcommand("stats", "Entries, size, hits and misses per function");
  stats->add_option("DIR", dir_arg, "Cache directory");
  auto *list = app.add_subcommand("list", "One line per entry: function, state, size, times");
  list->add_option("DIR", dir_arg, "Cache directory");
  auto *clear = app.add_subcommand("clear", "Remove every entry (only npcache's own files)");
  clear->add_option("DIR", dir_arg, "Cache directory");

  PruneArgs prune_args;
  auto *prune = app.add_subcommand(
      "prune", "Remove entries by size, age or staleness, and leftovers of crashed writers. "
               "Without options, applies the max_size the programs set last");
  prune->add_option("DIR", dir_arg, "Cache directory");
  prune->add_option("--max-size", prune_args.max_size,
                    "Keep at most this much (20GiB, 512MB): bad, then stale, then least "
                    "recently used entries go first");
  prune->add_option("--older-than", prune_args.older_than,
                    "Remove entries written longer ago than this (7d, 12h, 30m)");
  prune->add_option("--unused-for", prune_args.unused_for,
                    "Remove entries not used for this long");
  prune->add_flag("--stale", prune_args.stale,
                  "Remove entries whose code version is no longer the current one");

  bool keep = false;
  auto *verify = app.add_subcommand("verify", "Read every entry in full; report and remove bad ones "
                                              "(exit status 1 if any were bad)");
  verify->add_option("DIR", dir_arg, "Cache directory");
  verify->add_flag("--keep", keep, "Report bad entries without removing them");

  std::string entry, npy_file;
  auto *show = app.add_subcommand("show", "An entry's metadata and a preview of its value");
  show->add_option("ENTRY", entry, "Entry file, or the first 6 or more hex digits of its key")->required();
  auto *export_cmd = app.add_subcommand("export", "Write an array result as a NumPy .npy file");
  export_cmd->add_option("ENTRY", entry, "Entry file, or the first 6 or more hex digits of its key")
      ->required();
  export_cmd->add_option("--npy", npy_file, "Output file")->required();

  auto *push = app.add_subcommand("push", "Upload every good entry to the writable remote tiers "
                                          "(NPCACHE_REMOTE), to seed them from this cache");
  push->add_option("DIR", dir_arg, "Cache directory");
  auto *remote = app.add_subcommand("remote", "The remote tiers that NPCACHE_REMOTE or NPCACHE_CONFIG set");
  remote->require_subcommand(1);
  auto *remote_check = remote->add_subcommand("check", "Write, read back and lock a test object on each tier; "
                                                       "say what is wrong (exit status 3 if anything is)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError &e) {
    int status = app.exit(e);
    return status == 0 ? kOk : kUsage;
  }
  if (!dir_arg.empty())
    options.dir = dir_arg;
  std::error_code ec;
  std::filesystem::path absolute = std::filesystem::absolute(options.dir, ec);
  if (!ec)
    options.dir = absolute.lexically_normal().string();
  while (options.dir.size() > 1 && options.dir.back() == '/')
    options.dir.pop_back();
  options.progress = !no_progress && (progress || ::isatty(STDERR_FILENO) != 0);
  options.group = shared == "group";

  if (stats->parsed())
    return run_stats(options);
  if (list->parsed())
    return run_list(options);
  if (clear->parsed())
    return run_clear(options);
  if (prune->parsed())
    return run_prune(options, prune_args);
  if (verify->parsed())
    return run_verify(options, keep);
  if (show->parsed())
    return run_show(options, entry);
  if (push->parsed())
    return run_push(options);
  if (remote_check->parsed())
    return run_remote_check(options);
  return run_export(options, entry, npy_file);
}
