// Small entries, many to a file: an LMDB environment per function directory
// (`small.mdb`, docs/FORMAT.md), whose values are compact records (entry.hpp) checked by
// read_compact before anything is decoded, beside the metadata they name, kept once.
// A hit reads memory-mapped pages under a read snapshot and makes no system call; a store
// is one write transaction and changes no directory entry.
//
// LMDB runs with MDB_NOSYNC: a crashed process loses nothing (its writes are in the page
// cache), but a power loss may leave a torn B-tree. `small.boot` records, durably, how
// many processes wrote in which boot without having synced at exit; a store that the
// previous boot left dirty is moved aside rather than walked (PowerGuard in small.cpp).
#pragma once

#include "../safe_dir.hpp"

#include <npcache/api.hpp>
#include <npcache/key.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <sys/types.h>
#include <type_traits>
#include <vector>

struct MDB_txn; // lmdb.h

namespace npcache::detail {

// What an entry costs beside its record: its key twice (entry and last use), the last-use
// time and LMDB's node headers. Eviction and `stats` count an entry as its bytes plus this.
inline constexpr std::uint64_t kSmallEntryOverhead = 64;

class NPCACHE_API SmallStore {
public:
  // The store in `dir`, opened at most once per process (LMDB forbids a second open of one
  // file: closing it would drop the first one's locks), created if `create`. Null when
  // there is none and `create` is false, or, with `why` set, when it cannot be used: a
  // file someone untrusted wrote, another format, LMDB refusing.
  static SmallStore *open(const SafeDir &dir, bool create, std::string &why);

  // Calls visit(bytes, size) with the entry of `key` under a read snapshot (the bytes
  // are valid only during the call); false if the store holds none.
  template <class Visit> bool get(const Key128 &key, Visit &&visit);
  // What a write removed to keep the store within its budget.
  struct Room {
    std::uint64_t removed = 0; // entries, the least recently used
  };
  // Keeps the record `bytes` for `key`, replacing what it held, and `meta` under the id the
  // record names unless the store has it; empty, or what failed. A store whose records
  // fill three quarters of its budget (1 GiB) then sweeps out its least recently used
  // quarter, a step with each write.
  std::string put(const Key128 &key, const unsigned char *bytes, std::size_t size,
                  const std::vector<unsigned char> &meta, std::uint64_t now_ns, Room *room = nullptr);
  // Records a hit's time, for eviction; written with the next store, or 128 at a time, or
  // at exit. A small entry's mark is skipped while its last is under a minute old (a hit
  // reads far cheaper than it writes); a file's (`file`) is not: evicting a large entry by
  // a coarse order costs a large recomputation. False when the store has no record of
  // `key` to mark: the caller marks the file itself.
  bool mark_used(const Key128 &key, std::uint64_t now_ns, bool file = false);
  // Removes the entries of `keys` and the index records of `files` in one transaction, and
  // the metadata no entry names any more; how many of the entries it held.
  std::uint64_t remove(const std::vector<Key128> &keys, const std::vector<Key128> &files = {});
  // Removes every entry (npcache clear); how many there were, and their bytes.
  std::uint64_t remove_all(std::uint64_t &bytes);

  struct Item {
    Key128 key;
    const unsigned char *bytes;
    std::size_t size;
    const unsigned char *meta; // the metadata the record names; null if the store has none
    std::size_t meta_size;
    std::uint64_t last_use_unix_ns;
  };
  // Calls visit() with the entry of `key` and the metadata it names, under one read
  // snapshot; false if the store holds no entry for it.
  bool get_item(const Key128 &key, const std::function<void(const Item &)> &visit);
  // About how many entries and index records it holds (for reserving space).
  std::size_t size_hint() const;
  // Every entry, under one read snapshot.
  void list(const std::function<void(const Item &)> &visit);

  // The index of the directory's entry files: what an eviction pass needs of each, so that
  // it lists names and opens none (docs/FORMAT.md). A file it does not name (its writer
  // died between the rename and the record, or the store was dropped after a power loss)
  // is read once and added by the next pass; a record whose file is gone is dropped by it.
  struct FileRecord {
    Key128 key;
    std::uint64_t bytes = 0; // the file's size
    std::uint64_t created_unix_ns = 0;
    Key128 code_version;
    std::uint64_t last_use_unix_ns = 0;
  };
  // Records a file just written, replacing what the index held for its key.
  std::string index_file(const FileRecord &record, Room *room = nullptr);
  // In one transaction: adds `add` where the index has no record for the key (a store
  // meanwhile wrote a newer one), and forgets the files of `drop`.
  bool reindex(const std::vector<FileRecord> &add, const std::vector<Key128> &drop);
  // Every file record, under one read snapshot.
  void list_files(const std::function<void(const FileRecord &)> &visit);

  // Whether `dir` still holds this store under its name: false after `npcache clear`
  // removed it (this process then reopens). One stat.
  bool still_in(const SafeDir &dir) const;
  // False in a child after fork: LMDB forbids using the parent's environment there, so
  // the child opens the store again.
  bool in_this_process() const;
  // Writes pending marks, syncs the file and counts this process out of small.boot.
  void sync_at_exit();

  // The budget of stores opened after this call (1 GiB unless set): tests fill a small one.
  static void set_budget_bytes(std::size_t bytes);

  SmallStore(const SmallStore &) = delete;
  SmallStore &operator=(const SmallStore &) = delete;

  struct Env;

private:
  explicit SmallStore(std::unique_ptr<Env> env);
  void drop_unused_meta(MDB_txn *txn);
  std::uint64_t erase(MDB_txn *txn, char tag, const std::vector<Key128> &keys);
  template <class Change> int write_making_room(Change &&change, Room *room);
  // Room is made by a sweep over the entries that removes the least recently used quarter,
  // a step with each write.
  std::uint64_t sweep_step(MDB_txn *txn, std::size_t step);
  bool start_sweep(bool map_full);
  Room make_room_now();
  bool get_raw(const Key128 &key, void (*visit)(void *, const unsigned char *, std::size_t), void *context);
  std::unique_ptr<Env> env_;
};

template <class Visit> bool SmallStore::get(const Key128 &key, Visit &&visit) {
  return get_raw(key, [](void *context, const unsigned char *bytes, std::size_t size) {
    (*static_cast<std::remove_reference_t<Visit> *>(context))(bytes, size);
  }, &visit);
}

} // namespace npcache::detail
