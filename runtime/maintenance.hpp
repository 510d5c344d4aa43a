// Keeping a cache directory bounded and clean: what the runtime's eviction pass and the
// `npcache` command share. Nothing here follows a symbolic link, and nothing touches a
// file whose name npcache did not give it.
#pragma once

#include "counters.hpp"
#include "entry.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <sys/stat.h>
#include <string>
#include <vector>

namespace npcache::detail {

struct FunctionInfo {
  std::string dir;       // absolute path of the function's directory
  std::string name;      // qualified name, from an entry; else the directory's name
  std::string signature; // from an entry; empty if none was read
  FunctionBlock counters{};
  bool has_counters = false;
  Key128 current;        // code_version() of the current build, if known
  bool has_current = false;
  std::uint64_t entries = 0;
  std::uint64_t bytes = 0;
};

struct EntryInfo {
  std::string path;
  std::size_t function = 0; // index into Inventory::functions
  std::uint64_t bytes = 0;
  std::uint64_t last_use_unix_ns = 0; // the later of access and modification time
  // Filled only when headers are read. A header that fails its check leaves `header`
  // empty and the entry first in line for removal.
  ReadStatus header_status = ReadStatus::ok;
  EntryHeader header;
  bool stale = false; // another code version than the function's current one
};

struct Inventory {
  std::vector<FunctionInfo> functions;
  std::vector<EntryInfo> entries;
  std::uint64_t bytes = 0; // of the entries
};

using Progress = std::function<void(std::size_t done, std::size_t total)>;

// Whether `dir` may be used as a cache directory: a directory owned by this user that
// other users cannot write to (unless sticky), reached through no symbolic link that
// another user owns. Returns an empty string, or why not. A missing directory is fine.
NPCACHE_API std::string check_directory(const std::string &dir);

// Lists a cache directory. With `read_headers`, also checks every entry's header (one
// small read per entry), which is what staleness and metadata need.
NPCACHE_API Inventory take_inventory(const std::string &root, bool read_headers,
                                     const Progress &progress = {});

struct PruneRule {
  std::uint64_t max_size_bytes = 0;    // 0: no bound
  std::int64_t unused_for_seconds = 0; // 0: no limit on the time since last use
  std::int64_t older_than_seconds = 0; // 0: no limit on the time since written
  bool stale = false;                  // remove every stale entry
};

struct PruneResult {
  std::uint64_t removed = 0;
  std::uint64_t removed_bytes = 0;
  std::uint64_t kept = 0;
  std::uint64_t kept_bytes = 0;
  std::uint64_t leftovers = 0; // temporaries and lock files
};

// Removes what `rule` asks for, then, to meet max_size, entries with bad headers first,
// stale entries next and the least recently used last.
NPCACHE_API PruneResult prune(const std::string &root, const PruneRule &rule,
                              const Progress &progress = {});

// prune() as the directory's one eviction pass at a time: under the lock on the root
// file, recording the result there (the size estimate, evictions, the time). Without
// `wait`, returns nothing when another pass holds the lock; with it, always a result.
// Without a root file (or when it cannot be locked), prunes unlocked and records nothing.
NPCACHE_API std::optional<PruneResult> eviction_pass(const std::string &root,
                                                     Mapped<RootBlock> *block,
                                                     const PruneRule &rule, bool wait,
                                                     const Progress &progress = {});

// Removes npcache's own files below `root` (entries, temporaries, dependency lists, locks,
// counters, the root file) and the function directories this empties; nothing else.
NPCACHE_API void clear_directory(const std::string &root);

// Removes, in one function's directory, temporaries whose writer is gone (its process is
// not running, or the file is an hour old) and lock files nobody holds.
NPCACHE_API std::uint64_t remove_leftovers(const std::string &function_dir);

// Reads a whole entry and checks it against its own name and place: the key in its file
// name, the function directory its metadata belongs in, and every checksum. With
// `payload`, also returns the value's bytes (decompressed).
NPCACHE_API ReadResult verify_entry(const std::string &path, EntryHeader &header,
                                    std::vector<unsigned char> *payload = nullptr);

// An entry's last use as eviction orders it: the later of its access and modification
// times (an entry never hit was last used when written).
NPCACHE_API std::uint64_t last_use_unix_ns(const struct stat &st);

// The entry's last use, as eviction sees it: set explicitly on the first hit in each
// process, because atime is not maintained on noatime mounts.
NPCACHE_API void mark_used(int dir_fd, const char *name);

} // namespace npcache::detail
