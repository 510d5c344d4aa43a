// Keeping a cache directory bounded and clean: what the runtime's eviction pass and the
// `npcache` command share. Everything goes through directory descriptors that were checked
// (safe_dir.hpp), so no link is followed and no path is resolved twice; and nothing is
// removed unless npcache provably wrote it: a file with npcache's header, or a file of
// npcache's naming in a directory that npcache marked as its own (its `.counters`).
#pragma once

#include "counters.hpp"
#include "entry.hpp"
#include "safe_dir.hpp"
#include "storage/small.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <sys/stat.h>
#include <vector>

namespace npcache::detail {

struct FunctionInfo {
  std::string dir;       // absolute path of the function's directory, for messages
  std::string dir_name;  // its name in the cache directory
  std::shared_ptr<SafeDir> handle; // open, checked; empty for the total row of `stats`
  SmallStore *small = nullptr;     // its small-entry store, if it has one
  std::string name;      // qualified name, from an entry; else the directory's name
  std::string signature; // from an entry; empty if none was read
  FunctionBlock counters{};
  bool has_counters = false;
  Key128 current;        // code_version() of the current build, if known
  bool has_current = false;
  std::uint64_t entries = 0;
  std::uint64_t bytes = 0;
  // Temporaries and lock files met while listing, so that an eviction pass removes those of
  // crashed writers without listing the directory again (remove_leftovers).
  struct Leftover {
    std::string name;
    struct stat st;
  };
  std::vector<Leftover> leftovers;
  // Its entry files were taken from the small store's index (from_index) rather than
  // opened; `gone` are the keys of index records whose file was not there.
  bool indexed = false;
  std::vector<Key128> gone;
  // With take_inventory's `count_small`, its small entries are counted rather than listed:
  // how many have each code version (a few), and the version of the one used last.
  std::vector<std::pair<Key128, std::uint64_t>> small_versions;
  std::uint64_t small_last_use_unix_ns = 0;
  Key128 small_last_version;
  NPCACHE_API void count_small(const Key128 &version, std::uint64_t last_use_unix_ns);
  // Of those counted, the ones of another code version than `current`.
  NPCACHE_API std::uint64_t stale_small() const;
};

struct EntryInfo {
  std::string name; // in its function's directory; in the small store, the name its file would have
  bool small = false; // held in the small-entry store (storage/small.hpp), by `key`
  Key128 key;         // of a small entry, or the one an entry file's name carries
  // An entry file whose size, code version, creation and last use came from the index
  // (SmallStore::FileRecord), unopened: its header counts as good.
  bool indexed = false;
  std::size_t function = 0; // index into Inventory::functions
  std::uint64_t bytes = 0;
  std::uint64_t last_use_unix_ns = 0; // the later of access and modification time
  // Filled only when headers are read. A header that fails its check leaves what follows
  // empty and the entry first in line for removal, if npcache wrote it.
  ReadStatus header_status = ReadStatus::ok;
  // Of the header, what the commands use, rather than all of it: an entry's metadata
  // strings and its path came to about 1,160 bytes an entry, and `npcache stats` of 14.4
  // million small entries peaked at 16.8 GB.
  Key128 code_version;              // of its code digest and version
  std::uint64_t created_unix_ns = 0;
  std::string arguments;            // rendered (key = "readable"); empty for key = "hash"
  bool stale = false; // another code version than the function's current one
};

struct Inventory {
  std::vector<FunctionInfo> functions;
  std::vector<EntryInfo> entries;
  std::uint64_t bytes = 0; // of the entries
  // Directories named like npcache's that were left alone, with why.
  std::vector<std::string> skipped;
};

// For messages: "<function dir>/<name>", or "<function dir>/small.mdb/<name>" for an entry
// of the small-entry store.
NPCACHE_API std::string entry_path(const Inventory &inv, const EntryInfo &entry);

using Progress = std::function<void(std::size_t done, std::size_t total)>;

// Lists a cache directory: its function directories that npcache marked as its own and
// that can be trusted. With `read_headers`, also checks every entry's header (one small
// read per entry), which is what staleness and metadata need. With `from_index`, an entry
// file the directory's index names is taken from its record, neither opened nor stat'ed
// (what an eviction pass needs, not what `npcache list` shows: the arguments stay empty).
// With `count_small`, the entries of small-entry stores are counted in their function's
// totals and not listed (`npcache stats`: 14.4 million of them took 7.5 GB listed).
NPCACHE_API Inventory take_inventory(const SafeDir &root, bool read_headers,
                                     const Progress &progress = {}, bool from_index = false,
                                     bool count_small = false);

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
// stale entries next and the least recently used last. Entry files come from the index
// where it names them; the index is brought up to date (files it missed, files gone).
NPCACHE_API PruneResult prune(const SafeDir &root, const PruneRule &rule, const Progress &progress = {});

// prune() as the directory's one eviction pass at a time: under the lock on the root
// file, recording the result there (the size estimate, evictions, the time). Without
// `wait`, returns nothing when another pass holds the lock; with it, always a result.
// Without a root file (or when it cannot be locked), prunes unlocked and records nothing.
NPCACHE_API std::optional<PruneResult> eviction_pass(const SafeDir &root, Mapped<RootBlock> *block,
                                                     const PruneRule &rule, bool wait,
                                                     const Progress &progress = {});

struct ClearResult {
  std::uint64_t removed_entries = 0;
  std::uint64_t removed_bytes = 0;
  std::uint64_t removed_directories = 0;
  std::vector<std::string> left; // files and directories npcache did not provably write
};

// Removes npcache's own files below the cache directory (entries, temporaries, dependency
// lists, locks, counters, the root file) and the function directories this empties; says
// what it left.
NPCACHE_API ClearResult clear_directory(const SafeDir &root);

// Removes, in one function's directory, temporaries whose writer is gone (its process is
// not running, or the file is an hour old) and lock files nobody holds.
NPCACHE_API std::uint64_t remove_leftovers(const SafeDir &function_dir);
// The same for the candidates take_inventory() met in that directory.
NPCACHE_API std::uint64_t remove_leftovers(const SafeDir &function_dir,
                                           const std::vector<FunctionInfo::Leftover> &candidates);

// Reads a whole entry and checks it against its own name and place: the key in its file
// name, the function directory its metadata belongs in, and every checksum. With
// `payload`, also returns the value's bytes (decompressed).
NPCACHE_API ReadResult verify_entry(const SafeDir &function_dir, const std::string &name,
                                    EntryHeader &header, std::vector<unsigned char> *payload = nullptr);
// The same for an entry of an inventory, a file or in the small-entry store.
NPCACHE_API ReadResult verify_entry(const Inventory &inv, const EntryInfo &entry, EntryHeader &header,
                                    std::vector<unsigned char> *payload = nullptr);
// Removes an entry of an inventory; false if it was not there to remove.
NPCACHE_API bool remove_entry(const Inventory &inv, const EntryInfo &entry);
// The same for an entry file the user names, whoever owns it (npcache show, export).
NPCACHE_API ReadResult verify_entry_file(const std::string &path, EntryHeader &header,
                                         std::vector<unsigned char> *payload = nullptr);

// Whether a directory is one npcache made for a function: it holds a `.counters` file
// that npcache wrote and the directory's trust accepts.
NPCACHE_API bool is_function_dir_of_npcache(const SafeDir &dir);

// An unindexed entry file's last use as eviction orders it: the later of its access and
// modification times (an entry never hit was last used when written). An indexed one's is
// its index record's.
NPCACHE_API std::uint64_t last_use_unix_ns(const struct stat &st);

// An unindexed entry file's last use, as eviction sees it: set explicitly on the first hit
// in each process, because atime is not maintained on noatime mounts.
NPCACHE_API void mark_used(int dir_fd, const char *name);

} // namespace npcache::detail
