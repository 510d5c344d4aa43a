// The local tier: the function's directory under the cache directory, read and written
// through that directory held open (safe_dir.hpp). Small entries go into its small-entry
// store (small.hpp), larger ones into a file each. It also
// keeps what belongs to the directory: the compute-once locks, the shared counters, the
// dependency lists that explain a miss, and the size bound.
#pragma once

#include "../counters.hpp"
#include "../safe_dir.hpp"
#include "small.hpp"
#include "tier.hpp"

#include <array>
#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace npcache::detail {

class LocalFiles final : public Tier {
public:
  explicit LocalFiles(Function &fn) : fn_(fn) {}

  // Where the function's entries go: `dir_name` in the cache directory `root`. Set once,
  // before the first call.
  void place(std::string root, std::string dir_name);
  const std::string &root() const { return root_; }
  const std::string &dir() const { return dir_; }
  const std::string &dir_name() const { return dir_name_; }

  // Once per function and process, at its first call: checks and opens the directories,
  // maps the shared counters, and records this build's code version as the current one.
  void set_up();

  ReadResult find(const Request &request, void *out) override;
  void keep(const Request &request, const void *value, const ReadResult *loaded) noexcept override;
  std::string where(const Request &request) const override;

  // Whether entries can be read and written here at all (trusted, or still to be made).
  bool usable() const { return usable_; }
  // Takes the compute-once lock of `request`'s key (lock.cpp); false if not taken.
  bool lock(const Request &request, MissLock &lock);
  // Why the entry for `request` is absent, compared with the function's newest entry: new
  // arguments, another version or build context, or which definitions changed. Empty when
  // the directory cannot be used.
  std::string why_absent(const Request &request) const;
  void count_miss();
  // The shared counts of the remote tier named `tier` in this cache directory; null when
  // this process does not write here.
  RemoteBlock *remote_counters(const std::string &tier);

private:
  bool open_dir(bool create);
  ReadResult read(const std::string &name, const Expectation &expect, DecodeFn decode, void *out);
  // The small-entry store of the directory in use, opened (or made, with `create`) again if
  // it was replaced since; null when there is none or it cannot be used.
  SmallStore *open_small(bool create);
  SmallStore *index_store();
  void index_file(const Key128 &key, std::uint64_t bytes, std::uint64_t created_unix_ns);
  void count_room(const SmallStore::Room &room);
  bool keep_small(const Request &request, const void *value);
  void remove_leftovers_once(const SafeDir &dir);
  void count(std::uint64_t FunctionBlock::*field, std::uint64_t now);
  // A hit's bookkeeping at `now`; `small`: it came from the small-entry store.
  void note_hit(const Key128 &key, const std::string &name, SmallStore *small, std::uint64_t now);
  void enforce_max_size(std::uint64_t stored_bytes);
  void write_dependencies(const SafeDir &dir);
  std::string read_dependencies(const Key128 &code_digest) const;

  Function &fn_;
  std::string root_;     // the cache directory holding `dir_`
  std::string dir_name_; // `dir_`'s name in it
  std::string dir_;      // this function's entries
  std::atomic<bool> dependencies_written_{false};
  std::atomic<bool> write_warned_{false};
  bool usable_ = false; // the directories can be trusted (or are still to be made)
  Trust trust_;         // whose files may be read (safe_dir.hpp)
  // `dir_`, held open: every read, write and delete goes through it, so no path is
  // resolved twice, and a hit spares the kernel walking the whole path. -1 until the
  // directory exists. Replaced (under dir_mutex_) when the directory was removed and made
  // again; the SafeDirs replaced stay open in `dirs_`, since another thread may still be
  // inside a call on their descriptor, and a reused number would send that call elsewhere.
  std::atomic<int> dir_fd_{-1};
  std::atomic<const SafeDir *> dir_handle_{nullptr};
  std::mutex dir_mutex_;
  std::vector<std::unique_ptr<SafeDir>> dirs_, roots_; // under dir_mutex_
  const SafeDir *root_dir_ = nullptr;                  // the latest of `roots_`
  // The shared counters in `dir_` (null when read-only or not mapped), replaced with it;
  // the mappings replaced stay in `mapped_` for the same reason.
  std::atomic<FunctionBlock *> counters_{nullptr};
  std::vector<std::unique_ptr<Mapped<FunctionBlock>>> mapped_; // under dir_mutex_
  std::atomic<Mapped<RootBlock> *> root_block_{nullptr}; // shared by the functions of a directory
  std::atomic<bool> leftovers_checked_{false};
  std::atomic<SmallStore *> small_{nullptr}; // opened stores live as long as the process
  std::atomic<bool> small_warned_{false};
  std::atomic<std::uint64_t> small_checked_ns_{0}; // when find() last saw the store in place
  // This code version's metadata as the small store keeps it, and its id, which every
  // record of this function names (entry.hpp); set up once. Empty: entries go to files.
  std::vector<unsigned char> small_meta_;
  std::uint64_t small_meta_id_ = 0;
  Key128 code_version_; // this build's, which index records of its files carry
  std::atomic<bool> index_looked_{false}; // index_store() tried to open the store
  static constexpr std::uint64_t kSmallRecheckNs = 1'000'000'000;

  // Which keys this process marked used in the current minute, so that a hit pays that
  // system call once per key and minute. Direct-mapped and lock-free: a collision only
  // costs an extra mark.
  static constexpr std::size_t kMarkSlots = 1024;
  std::array<std::atomic<std::uint64_t>, kMarkSlots> marked_{};
};

} // namespace npcache::detail
