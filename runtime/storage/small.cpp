#include "small.hpp"

#include "../counters.hpp"
#include "../entry.hpp"
#include "../log.hpp"
#include "../names.hpp"

#include <lmdb.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <map>
#include <set>
#include <mutex>
#include <pthread.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

namespace npcache::detail {

namespace {

// A store's budget: the pages its records take (not the freed ones LMDB reuses) stay
// within it. At about 330 bytes an entry, three million entries.
std::atomic<std::size_t> g_budget_bytes{std::size_t(1) << 30};
// LMDB reserves the budget and headroom as address space (the file grows only as it is
// written). Pages that writers free are reused only once no reader's snapshot still holds
// them, and a reader that the scheduler preempts for a few milliseconds lets hundreds of
// other processes' writes through; deleting records copies pages too. So the headroom is a
// quarter of the budget, and never under 64 MiB.
std::size_t headroom_bytes(std::size_t budget) { return std::max<std::size_t>(budget / 4, std::size_t(64) << 20); }
// Room is made when the records' pages pass this share of the budget and the store holds
// more records than when it last made room (the 'c' record): removing entries chosen by
// last use leaves pages partly filled rather than freeing them, so pages alone would call
// for it again at once, while new entries fill those gaps first (the pages then level off
// about a sixth above where room was first made). It is also made when the pages grow by a
// quarter since then, or past the budget, with no more records: the entries got larger.
constexpr std::size_t kCrowdedQuarters = 3;
// The entries a sweep removes: this share of them, the least recently used.
constexpr std::size_t kDropQuarters = 1;
// The cutoff is found from the last uses of this many entries, the first in key order:
// keys are hashes, so they are a sample of the whole store taken without walking it.
constexpr std::size_t kTrimSample = 1 << 16;
// Entries a store's write sweeps past while a sweep is under way. A sweep that removed a
// quarter of a store in one call held that call for 8-9 s at the default budget (1.2
// million entries removed); in steps, it goes along with the next (entries / 64) writes,
// each of which removes about 16 and adds one.
constexpr std::size_t kSweepStep = 64;
// A full map (possible only while a reader holds old pages) is retried once a minute.
constexpr std::uint64_t kMapFullRetryNs = 60'000'000'000;
constexpr unsigned kMaxReaders = 510;
constexpr std::size_t kMarkBatch = 128;
constexpr std::uint64_t kMarkResolutionNs = 60'000'000'000;
constexpr char kVersionKey[] = "v";
constexpr char kVersion[] = "npcache small store 3";
// Earlier layouts, whose records are dropped as the store goes on as this version: whole
// entries as values (1); compact records without the raised floating-point flags (2).
constexpr const char *kEarlierVersions[] = {"npcache small store 1", "npcache small store 2"};

bool is_value(const MDB_val &v, const char *text, std::size_t size) {
  return v.mv_size == size && std::memcmp(v.mv_data, text, size) == 0;
}

// Keys: 'e' and the 16 bytes of the key for an entry (a compact record, entry.hpp), 'f'
// and the same for an entry file's index record (FileValue), 'u' and the same for either's
// last use; 'm' and the 8 bytes of a metadata id for the metadata that records name.
struct StoreKey {
  unsigned char bytes[17];
  StoreKey(char tag, const Key128 &key) {
    bytes[0] = static_cast<unsigned char>(tag);
    std::memcpy(bytes + 1, &key.low, 8);
    std::memcpy(bytes + 9, &key.high, 8);
  }
  MDB_val val() { return MDB_val{sizeof bytes, bytes}; }
};

// An index record's value: the file's size, creation time and code version.
struct FileValue {
  std::uint64_t bytes;
  std::uint64_t created_unix_ns;
  std::uint64_t code_version_low;
  std::uint64_t code_version_high;
};
static_assert(sizeof(FileValue) == 32);

struct MetaKey {
  unsigned char bytes[9];
  explicit MetaKey(std::uint64_t id) {
    bytes[0] = 'm';
    std::memcpy(bytes + 1, &id, 8);
  }
  MDB_val val() { return MDB_val{sizeof bytes, bytes}; }
};

// The metadata record `id` in `txn`; an empty value if there is none.
MDB_val meta_of(MDB_txn *txn, MDB_dbi dbi, std::uint64_t id) {
  MetaKey mk(id);
  MDB_val k = mk.val(), v{0, nullptr};
  if (mdb_get(txn, dbi, &k, &v) != 0)
    v = MDB_val{0, nullptr};
  return v;
}

Key128 key_of(const MDB_val &v) {
  Key128 key;
  std::memcpy(&key.low, static_cast<const unsigned char *>(v.mv_data) + 1, 8);
  std::memcpy(&key.high, static_cast<const unsigned char *>(v.mv_data) + 9, 8);
  return key;
}

// An LMDB environment must not be used in a child after fork: the child's stores are
// opened again, and the parent's left alone (closing them would clear the parent's reader
// slots, which carry the parent's pid).
std::atomic<unsigned> g_generation{0};
unsigned generation() { return g_generation.load(std::memory_order_relaxed); }

// Never destroyed: the exit handler, registered before it is made, runs after statics die.
const std::string &boot_id() {
  static const std::string *id = new std::string([] {
    std::string text;
    int fd = ::open("/proc/sys/kernel/random/boot_id", O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
      char buffer[64];
      ssize_t n = ::read(fd, buffer, sizeof buffer);
      if (n > 0)
        text.assign(buffer, static_cast<std::size_t>(n));
      ::close(fd);
    }
    while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
      text.pop_back();
    return text;
  }());
  return *id;
}

// `small.boot`: the boot in which the store was last written, and how many processes
// wrote to it in that boot without syncing it at exit. Updated under flock.
struct BootRecord {
  char magic[8] = {'n', 'p', 'c', 'b', 'o', 'o', 't', '1'};
  char boot[40] = {};
  std::uint32_t writers = 0;
  std::uint32_t reserved = 0;

  bool of_this_boot() const { return std::strcmp(boot, boot_id().c_str()) == 0; }
};
static_assert(sizeof(BootRecord) == 56);

bool read_record(int fd, BootRecord &record) {
  BootRecord r;
  if (::pread(fd, &r, sizeof r, 0) != static_cast<ssize_t>(sizeof r) ||
      std::memcmp(r.magic, BootRecord().magic, sizeof r.magic) != 0 || r.boot[sizeof r.boot - 1] != '\0')
    return false;
  record = r;
  return true;
}

bool write_record(int fd, BootRecord record, bool durable) {
  return ::pwrite(fd, &record, sizeof record, 0) == static_cast<ssize_t>(sizeof record) &&
         (!durable || ::fdatasync(fd) == 0);
}

BootRecord this_boot(std::uint32_t writers) {
  BootRecord r;
  std::strncpy(r.boot, boot_id().c_str(), sizeof r.boot - 1);
  r.writers = writers;
  return r;
}

struct FileLock {
  int fd;
  explicit FileLock(int fd) : fd(fd) {
    while (::flock(fd, LOCK_EX) != 0 && errno == EINTR) {
    }
  }
  ~FileLock() { ::flock(fd, LOCK_UN); }
};

std::string lmdb_error(const char *what, int rc) { return std::string(what) + ": " + mdb_strerror(rc); }

// A key's last-use record in `txn`; 0 if it has none.
std::uint64_t last_use(MDB_txn *txn, MDB_dbi dbi, const Key128 &key) {
  StoreKey used('u', key);
  MDB_val k = used.val(), v;
  std::uint64_t when = 0;
  if (mdb_get(txn, dbi, &k, &v) == 0 && v.mv_size == sizeof when)
    std::memcpy(&when, v.mv_data, sizeof when);
  return when;
}

} // namespace

struct SmallStore::Env {
  MDB_env *env = nullptr;
  MDB_dbi dbi = 0;
  dev_t device = 0;
  ino_t inode = 0;
  unsigned generation = 0;
  int boot_fd = -1; // small.boot, held open for the writer count
  std::atomic<bool> writer{false}; // this process is counted in small.boot
  std::size_t budget_pages = 0;
  // What the last write found: room due (kCrowdedQuarters), or a sweep under way.
  enum RoomState { kRoomless, kRoomDue, kSweeping };
  std::atomic<RoomState> room_state{kRoomless};
  std::atomic<bool> making_room{false}; // one sweep started at a time in this process
  std::atomic<std::uint64_t> map_full_tried_ns{0};
  std::mutex marks_mutex;
  std::vector<std::pair<Key128, std::uint64_t>> marks; // under marks_mutex

  // Counts this process among the store's writers, durably, before its first write: a
  // power loss after that finds the count above zero and does not trust the store.
  bool become_writer() {
    if (writer.load(std::memory_order_acquire))
      return true;
    static std::mutex mutex;
    std::lock_guard<std::mutex> guard(mutex);
    if (writer.load(std::memory_order_relaxed))
      return true;
    FileLock lock(boot_fd);
    BootRecord record;
    if (!read_record(boot_fd, record) || !record.of_this_boot())
      record = this_boot(0);
    ++record.writers;
    if (!write_record(boot_fd, record, true))
      return false;
    writer.store(true, std::memory_order_release);
    return true;
  }

  // At exit: syncs what this process wrote and counts it out again.
  void leave() {
    if (generation != ::npcache::detail::generation())
      return;
    flush_marks();
    if (!writer.load() || mdb_env_sync(env, 1) != 0)
      return; // stays counted: the next boot will not trust the store
    FileLock lock(boot_fd);
    BootRecord record;
    if (read_record(boot_fd, record) && record.of_this_boot() && record.writers > 0) {
      --record.writers;
      write_record(boot_fd, record, false); // lost in a power loss: the store is then dropped, as is safe
    }
    writer.store(false);
  }

  // Writes pending last-use marks (and `more`, inside the same transaction).
  template <class More> int write(More &&more) {
    std::vector<std::pair<Key128, std::uint64_t>> pending;
    {
      std::lock_guard<std::mutex> guard(marks_mutex);
      pending.swap(marks);
    }
    if (!become_writer())
      return EIO;
    MDB_txn *txn = nullptr;
    int rc = mdb_txn_begin(env, nullptr, 0, &txn);
    if (rc != 0)
      return rc;
    for (auto &[key, when] : pending) {
      StoreKey entry('e', key), file('f', key), used('u', key);
      MDB_val k = entry.val(), f = file.val(), v;
      if (mdb_get(txn, dbi, &k, &v) == 0 || mdb_get(txn, dbi, &f, &v) == 0) { // not removed meanwhile
        MDB_val uk = used.val(), uv{sizeof when, &when};
        mdb_put(txn, dbi, &uk, &uv, 0);
      }
    }
    rc = more(txn);
    if (rc != 0) {
      mdb_txn_abort(txn);
      return rc;
    }
    room_state.store(room_state_in(txn), std::memory_order_relaxed);
    return mdb_txn_commit(txn);
  }

  // The records and the pages they take, as `txn` sees them.
  MDB_stat usage(MDB_txn *txn) const {
    MDB_stat st{};
    mdb_stat(txn, dbi, &st);
    return st;
  }
  static std::size_t pages_of(const MDB_stat &st) {
    return st.ms_branch_pages + st.ms_leaf_pages + st.ms_overflow_pages;
  }
  // Whether room is due (kCrowdedQuarters) or being made: the 'c' record is read only when
  // the pages say so.
  RoomState room_state_in(MDB_txn *txn) const {
    const MDB_stat st = usage(txn);
    const std::size_t pages = pages_of(st);
    if (pages <= budget_pages / 4 * kCrowdedQuarters)
      return kRoomless;
    const RoomRecord last = room_record(txn);
    if (last.sweeping != 0)
      return kSweeping;
    const bool due = st.ms_entries > last.records ||
                     pages > std::min<std::uint64_t>(last.pages + last.pages / 4, budget_pages);
    return due ? kRoomDue : kRoomless;
  }
  // The 'c' record: the records and pages the store held when it last made room (zeros if
  // it never did) and, while a sweep makes room, where it is. A record of 16 bytes, from a
  // build before sweeps, has only the first two.
  struct RoomRecord {
    std::uint64_t records = 0, pages = 0;
    // The sweep: what the store held when it started, the value of `records` and `pages`
    // once it ends; the last use below which entries are removed, and the share of those
    // at it (of 65,536), chosen by their keys mixed with `salt` (a sweep's own, so that
    // ties left by one sweep are not all left by the next); the key it goes on from.
    std::uint64_t start_records = 0, start_pages = 0;
    std::uint64_t cutoff = 0;
    std::uint64_t salt = 0;
    std::uint32_t tie_share = 0;
    std::uint32_t sweeping = 0;
    unsigned char next[16] = {};

    bool removes(const Key128 &key, std::uint64_t used) const {
      return used < cutoff || (used == cutoff && ((key.low ^ salt) * 0x9e3779b97f4a7c15ull >> 48) < tie_share);
    }
  };
  static_assert(sizeof(RoomRecord) == 72);
  RoomRecord room_record(MDB_txn *txn) const {
    MDB_val k{1, const_cast<char *>("c")}, v;
    RoomRecord record;
    if (mdb_get(txn, dbi, &k, &v) == 0 && (v.mv_size == sizeof record || v.mv_size == 2 * sizeof(std::uint64_t)))
      std::memcpy(&record, v.mv_data, v.mv_size);
    return record;
  }
  int set_room_record(MDB_txn *txn, const RoomRecord &record) {
    MDB_val k{1, const_cast<char *>("c")}, v{sizeof record, const_cast<RoomRecord *>(&record)};
    return mdb_put(txn, dbi, &k, &v, 0);
  }

  void flush_marks() {
    bool any;
    {
      std::lock_guard<std::mutex> guard(marks_mutex);
      any = !marks.empty();
    }
    if (any)
      write([](MDB_txn *) { return 0; });
  }
};

namespace {

std::mutex g_registry_mutex;
// Every store this process opened, by the data file's device and inode. Never closed: a
// call in another thread may still read one, and an environment is opened once.
std::map<std::pair<dev_t, ino_t>, SmallStore *> *g_registry = nullptr;
unsigned g_registry_generation = 0;

void at_exit() {
  std::lock_guard<std::mutex> lock(g_registry_mutex);
  if (g_registry == nullptr)
    return;
  for (auto &[id, store] : *g_registry)
    store->sync_at_exit();
}

// A read transaction per thread and store, reset between reads: renewing one takes no
// system call and no lock.
struct Readers {
  struct Reader {
    SmallStore::Env *env;
    unsigned generation;
    MDB_txn *txn;
    bool active = false;
  };
  std::vector<Reader> list;
  ~Readers() {
    // A parent's transactions are not this process's to end: kept where they stay
    // reachable, as everything of the parent's environments does.
    static std::vector<MDB_txn *> *parents = new std::vector<MDB_txn *>();
    for (Reader &r : list)
      if (r.generation == generation())
        mdb_txn_abort(r.txn);
      else if (r.txn != nullptr)
        parents->push_back(r.txn);
  }
  // `own`: the transaction is not the kept one, and end() aborts it.
  MDB_txn *begin(SmallStore::Env &env, bool &own) {
    own = false;
    for (Reader &r : list)
      if (r.env == &env && r.generation == env.generation) {
        if (r.active) { // a read of this store further up the thread's stack (MDB_NOTLS)
          MDB_txn *txn = nullptr;
          own = true;
          return mdb_txn_begin(env.env, nullptr, MDB_RDONLY, &txn) == 0 ? txn : nullptr;
        }
        if (mdb_txn_renew(r.txn) == 0) {
          r.active = true;
          return r.txn;
        }
        mdb_txn_abort(r.txn);
        r.txn = nullptr;
        if (mdb_txn_begin(env.env, nullptr, MDB_RDONLY, &r.txn) == 0) {
          r.active = true;
          return r.txn;
        }
        r.env = nullptr;
        return nullptr;
      }
    MDB_txn *txn = nullptr;
    if (mdb_txn_begin(env.env, nullptr, MDB_RDONLY, &txn) != 0)
      return nullptr;
    list.push_back(Reader{&env, env.generation, txn, true});
    return txn;
  }

  void end(MDB_txn *txn, bool own) {
    if (own) {
      mdb_txn_abort(txn); // frees its slot in the reader table
      return;
    }
    mdb_txn_reset(txn);
    for (Reader &r : list)
      if (r.txn == txn)
        r.active = false;
  }
};
thread_local Readers t_readers;

// This thread's read snapshot of a store while the scope lasts. A read of the same store
// inside it (a decoder that calls its own cached function) gets a transaction of its own:
// renewing the thread's would have ended the snapshot that the outer read's bytes are in,
// and reset it again when the outer read ended.
class ReadSnapshot {
public:
  explicit ReadSnapshot(SmallStore::Env &env) : txn_(t_readers.begin(env, own_)) {}
  ~ReadSnapshot() {
    if (txn_ != nullptr)
      t_readers.end(txn_, own_);
  }
  ReadSnapshot(const ReadSnapshot &) = delete;
  ReadSnapshot &operator=(const ReadSnapshot &) = delete;
  MDB_txn *txn() const { return txn_; }

private:
  bool own_ = false; // before txn_: begin() sets it
  MDB_txn *txn_;
};

// Whether `name` in `dir` is absent, or a regular file the directory's trust accepts (its
// status then in `st`).
bool regular_and_trusted(const SafeDir &dir, const char *name, struct stat &st, bool &exists, std::string &why) {
  exists = ::fstatat(dir.fd(), name, &st, AT_SYMLINK_NOFOLLOW) == 0;
  if (!exists)
    return errno == ENOENT;
  if (!S_ISREG(st.st_mode)) {
    why = dir.path() + "/" + name + ": not a regular file";
    return false;
  }
  why = dir.trust().refusal(st, false);
  if (!why.empty())
    why = dir.path() + "/" + name + ": " + why;
  return why.empty();
}

// Opens small.boot (made if `create`) and, under its lock, drops a store that an earlier
// boot may have left torn. -1 when there is no record and none may be made.
int open_boot_record(const SafeDir &dir, bool create, std::string &why) {
  const std::string name(kSmallBootName), data(kSmallStoreName), lock_name(kSmallLockName);
  int fd = dir.open_trusted(name.c_str(), O_RDWR | O_CLOEXEC, why);
  if (fd < 0 && why.empty() && create) {
    fd = dir.create(name.c_str(), O_RDWR);
    if (fd < 0 && errno == EEXIST)
      fd = dir.open_trusted(name.c_str(), O_RDWR | O_CLOEXEC, why);
    else if (fd >= 0) {
      // A record not yet written reads as unknown, which drops any store beside it: the
      // right answer for a store without a record.
      ::fsync(dir.fd());
    }
  }
  if (fd < 0)
    return -1;
  FileLock lock(fd);
  BootRecord record;
  bool known = read_record(fd, record);
  if (!known || !record.of_this_boot()) {
    if (!known || record.writers != 0) {
      // Written in an earlier boot and never synced (or no record at all): after a power
      // loss its pages may be torn, and LMDB would follow them. Nothing in this boot has
      // it open yet (every opener passes here first), so it can go.
      bool had = dir.unlink(data.c_str());
      dir.unlink(lock_name.c_str());
      if (had && known)
        log(LogLevel::info, dir.path() + "/" + data + ": written before the last restart without being synced; "
                                                     "dropped rather than trusted");
    }
    write_record(fd, this_boot(0), true);
  }
  return fd;
}

} // namespace

SmallStore::SmallStore(std::unique_ptr<Env> env) : env_(std::move(env)) {}

void SmallStore::sync_at_exit() { env_->leave(); }

void SmallStore::set_budget_bytes(std::size_t bytes) { g_budget_bytes.store(bytes, std::memory_order_relaxed); }

bool SmallStore::in_this_process() const { return env_->generation == generation(); }

SmallStore *SmallStore::open(const SafeDir &dir, bool create, std::string &why) {
  static std::once_flag hooks;
  std::call_once(hooks, [] {
    ::pthread_atfork(nullptr, nullptr, [] { g_generation.fetch_add(1); });
    std::atexit(at_exit);
  });
  if (boot_id().empty()) {
    why = "no boot id to guard the small-entry store against a power loss";
    return nullptr;
  }
  std::lock_guard<std::mutex> lock(g_registry_mutex);
  if (g_registry == nullptr || g_registry_generation != generation()) {
    // The old one is the parent's: left alone, and left reachable.
    static std::vector<std::map<std::pair<dev_t, ino_t>, SmallStore *> *> *parents =
        new std::vector<std::map<std::pair<dev_t, ino_t>, SmallStore *> *>();
    if (g_registry != nullptr)
      parents->push_back(g_registry);
    g_registry = new std::map<std::pair<dev_t, ino_t>, SmallStore *>();
    g_registry_generation = generation();
  }
  const std::string data(kSmallStoreName), lock_name(kSmallLockName);
  bool data_exists = false, lock_exists = false;
  struct stat st, lock_st;
  if (!regular_and_trusted(dir, data.c_str(), st, data_exists, why) ||
      !regular_and_trusted(dir, lock_name.c_str(), lock_st, lock_exists, why))
    return nullptr;
  if (!data_exists && !create)
    return nullptr;
  if (data_exists) {
    auto it = g_registry->find({st.st_dev, st.st_ino});
    if (it != g_registry->end())
      return it->second;
  }
  int boot_fd = open_boot_record(dir, create, why);
  if (boot_fd < 0) {
    if (why.empty() && data_exists)
      why = dir.path() + "/" + std::string(kSmallBootName) + ": missing";
    return nullptr;
  }
  // The record may have dropped the store: then it is made only if `create`.
  if (!create && ::fstatat(dir.fd(), data.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
    ::close(boot_fd);
    return nullptr;
  }

  auto env = std::make_unique<Env>();
  env->boot_fd = boot_fd;
  env->generation = generation();
  auto fail = [&](const std::string &what) -> SmallStore * {
    why = dir.path() + "/" + data + ": " + what;
    if (env->env != nullptr)
      mdb_env_close(env->env); // never opened in this process before: no lock of ours is lost
    ::close(boot_fd);
    return nullptr;
  };
  int rc = mdb_env_create(&env->env);
  if (rc != 0) {
    env->env = nullptr;
    return fail(lmdb_error("cannot create the environment", rc));
  }
  const std::size_t budget = g_budget_bytes.load(std::memory_order_relaxed);
  mdb_env_set_mapsize(env->env, budget + headroom_bytes(budget));
  mdb_env_set_maxreaders(env->env, kMaxReaders);
  const mode_t mode = dir.trust().file_mode(/*map=*/true);
  rc = mdb_env_open(env->env, (dir.path() + "/" + data).c_str(),
                    MDB_NOSUBDIR | MDB_NOSYNC | MDB_NOTLS | MDB_NORDAHEAD, mode);
  if (rc != 0)
    return fail(lmdb_error("cannot open", rc));
  // What LMDB opened by path is checked as every file npcache reads is.
  int fd = -1;
  if (mdb_env_get_fd(env->env, &fd) != 0 || ::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
    return fail("not a regular file");
  if (std::string refusal = dir.trust().refusal(st, false); !refusal.empty())
    return fail(refusal);
  if (!regular_and_trusted(dir, lock_name.c_str(), lock_st, lock_exists, why))
    return fail(why);
  if (dir.trust().sharing == Sharing::group && st.st_uid == ::geteuid()) {
    ::fchmod(fd, mode);
    ::fchmodat(dir.fd(), lock_name.c_str(), mode, 0);
  }
  env->device = st.st_dev;
  env->inode = st.st_ino;
  MDB_stat env_stat;
  if (mdb_env_stat(env->env, &env_stat) != 0 || env_stat.ms_psize == 0)
    return fail("cannot read its page size");
  env->budget_pages = budget / env_stat.ms_psize;
  int dead = 0;
  mdb_reader_check(env->env, &dead); // slots of readers that were killed

  MDB_txn *txn = nullptr;
  rc = mdb_txn_begin(env->env, nullptr, 0, &txn);
  if (rc == 0)
    rc = mdb_dbi_open(txn, nullptr, 0, &env->dbi);
  if (rc == 0) {
    MDB_val k{sizeof kVersionKey - 1, const_cast<char *>(kVersionKey)}, v;
    rc = mdb_get(txn, env->dbi, &k, &v);
    bool earlier = false;
    for (const char *version : kEarlierVersions)
      earlier = earlier || (rc == 0 && is_value(v, version, std::strlen(version)));
    if (rc == MDB_NOTFOUND || earlier) {
      // A new store is stamped with this version. An earlier one is emptied first: its
      // records are dropped rather than converted (a cache, recomputed once).
      rc = earlier ? mdb_drop(txn, env->dbi, 0) : 0;
      v = MDB_val{sizeof kVersion - 1, const_cast<char *>(kVersion)};
      if (rc == 0)
        rc = mdb_put(txn, env->dbi, &k, &v, 0);
      if (rc == 0 && env->become_writer())
        rc = mdb_txn_commit(txn);
      else
        mdb_txn_abort(txn);
      txn = nullptr;
    } else if (rc == 0 && !is_value(v, kVersion, sizeof kVersion - 1)) {
      mdb_txn_abort(txn);
      return fail("written by another version of npcache (" +
                  std::string(static_cast<const char *>(v.mv_data), std::min<std::size_t>(v.mv_size, 40)) + ")");
    }
  }
  if (txn != nullptr)
    mdb_txn_abort(txn);
  if (rc != 0)
    return fail(lmdb_error("cannot read", rc));
  auto *store = new SmallStore(std::move(env));
  (*g_registry)[{store->env_->device, store->env_->inode}] = store;
  return store;
}

bool SmallStore::get_raw(const Key128 &key, void (*visit)(void *, const unsigned char *, std::size_t),
                         void *context) {
  Env &e = *env_;
  ReadSnapshot snapshot(e);
  MDB_txn *txn = snapshot.txn();
  if (txn == nullptr)
    return false;
  StoreKey k('e', key);
  MDB_val kv = k.val(), v;
  if (mdb_get(txn, e.dbi, &kv, &v) != 0)
    return false;
  visit(context, static_cast<const unsigned char *>(v.mv_data), v.mv_size);
  return true;
}

namespace {
bool is_record(const MDB_val &k, unsigned char tag) {
  return k.mv_size == sizeof(StoreKey::bytes) && static_cast<const unsigned char *>(k.mv_data)[0] == tag;
}

// Visits every record under `tag` ('e' for entries, 'f' for the index of files) with its
// key's last use (0 if it has none), in key order: last-use records are in the same order,
// so a second cursor walks beside the first rather than looking each one up. One read
// transaction, unless `chunk`: then one per `chunk` records, since a long one keeps LMDB
// from reusing the pages that writers free meanwhile, and the file grows. Stops after
// `limit` records.
template <class Visit>
void scan_with_use(MDB_env *env, MDB_dbi dbi, unsigned char tag, Visit visit, std::size_t chunk = SIZE_MAX,
                   std::size_t limit = SIZE_MAX) {
  StoreKey from(static_cast<char>(tag), Key128{0, 0}); // where the next transaction starts
  bool more = true;
  while (more && limit != 0) {
    more = false;
    MDB_txn *txn = nullptr;
    if (mdb_txn_begin(env, nullptr, MDB_RDONLY, &txn) != 0)
      return;
    MDB_cursor *records = nullptr, *uses = nullptr;
    if (mdb_cursor_open(txn, dbi, &records) == 0 && mdb_cursor_open(txn, dbi, &uses) == 0) {
      StoreKey use_from = from;
      use_from.bytes[0] = 'u';
      MDB_val k = from.val(), v, uk = use_from.val(), uv;
      int urc = mdb_cursor_get(uses, &uk, &uv, MDB_SET_RANGE);
      std::size_t visited = 0;
      for (int rc = mdb_cursor_get(records, &k, &v, MDB_SET_RANGE); rc == 0 && is_record(k, tag);
           rc = mdb_cursor_get(records, &k, &v, MDB_NEXT)) {
        if (limit == 0)
          break;
        if (visited++ == chunk) {
          std::memcpy(from.bytes, k.mv_data, sizeof from.bytes);
          more = true;
          break;
        }
        --limit;
        std::uint64_t used = 0;
        for (; urc == 0 && is_record(uk, 'u'); urc = mdb_cursor_get(uses, &uk, &uv, MDB_NEXT)) {
          const int order = std::memcmp(static_cast<const unsigned char *>(uk.mv_data) + 1,
                                        static_cast<const unsigned char *>(k.mv_data) + 1, 16);
          if (order == 0 && uv.mv_size == sizeof used)
            std::memcpy(&used, uv.mv_data, sizeof used);
          if (order >= 0)
            break;
        }
        visit(txn, k, v, used);
      }
    }
    if (uses != nullptr)
      mdb_cursor_close(uses);
    if (records != nullptr)
      mdb_cursor_close(records);
    mdb_txn_abort(txn);
  }
}
} // namespace

// Runs `change` in a write transaction, with a step of the sweep if one is under way; when
// the store is found crowded, starts a sweep, and when the map is full, sweeps at once (and
// runs `change` once more).
template <class Change> int SmallStore::write_making_room(Change &&change, Room *room) {
  Env &e = *env_;
  std::uint64_t swept = 0;
  int rc = e.write([&](MDB_txn *txn) {
    const int r = change(txn);
    if (r == 0 && e.room_state.load(std::memory_order_relaxed) == Env::kSweeping)
      swept = sweep_step(txn, kSweepStep);
    return r;
  });
  if (rc == 0 && room != nullptr)
    room->removed += swept;
  if (rc == MDB_MAP_FULL) {
    const Room made = make_room_now();
    if (room != nullptr)
      room->removed += made.removed;
    return made.removed != 0 ? e.write(change) : rc;
  }
  if (e.room_state.load(std::memory_order_relaxed) == Env::kRoomDue)
    start_sweep(false);
  return rc;
}

std::string SmallStore::put(const Key128 &key, const unsigned char *bytes, std::size_t size,
                            const std::vector<unsigned char> &meta, std::uint64_t now_ns, Room *room) {
  int rc = write_making_room([&](MDB_txn *txn) {
    if (!meta.empty()) {
      MetaKey meta_key(compact_meta_id(bytes, size));
      MDB_val mk = meta_key.val(), mv{meta.size(), const_cast<unsigned char *>(meta.data())};
      const int r = mdb_put(txn, env_->dbi, &mk, &mv, MDB_NOOVERWRITE); // once per code version
      if (r != 0 && r != MDB_KEYEXIST)
        return r;
    }
    StoreKey entry('e', key), used('u', key);
    MDB_val k = entry.val(), v{size, const_cast<unsigned char *>(bytes)};
    int r = mdb_put(txn, env_->dbi, &k, &v, 0);
    if (r != 0)
      return r;
    MDB_val uk = used.val(), uv{sizeof now_ns, &now_ns};
    return mdb_put(txn, env_->dbi, &uk, &uv, 0);
  }, room);
  return rc == 0 ? std::string() : lmdb_error("the small-entry store", rc);
}

// Goes on with the sweep under way by up to `step` entries, within `txn`; the entries it
// removed. The sweep's place is kept in the 'c' record, so that any writer of the store,
// in any process, takes the next step.
std::uint64_t SmallStore::sweep_step(MDB_txn *txn, std::size_t step) {
  Env &e = *env_;
  Env::RoomRecord room = e.room_record(txn);
  if (room.sweeping == 0)
    return 0;
  MDB_cursor *cursor = nullptr;
  if (mdb_cursor_open(txn, e.dbi, &cursor) != 0)
    return 0;
  Key128 next;
  std::memcpy(&next.low, room.next, 8);
  std::memcpy(&next.high, room.next + 8, 8);
  StoreKey from('e', next);
  MDB_val k = from.val(), v;
  std::vector<Key128> victims;
  bool more = false;
  std::size_t seen = 0;
  for (int rc = mdb_cursor_get(cursor, &k, &v, MDB_SET_RANGE); rc == 0 && is_record(k, 'e');
       rc = mdb_cursor_get(cursor, &k, &v, MDB_NEXT)) {
    if (seen++ == step) {
      std::memcpy(room.next, static_cast<const unsigned char *>(k.mv_data) + 1, sizeof room.next);
      more = true;
      break;
    }
    const Key128 key = key_of(k);
    if (room.removes(key, last_use(txn, e.dbi, key)))
      victims.push_back(key);
  }
  mdb_cursor_close(cursor);
  const std::uint64_t removed = erase(txn, 'e', victims);
  // At the end, the pages the store took when the sweep started become the mark it refills
  // to. (Metadata that no entry names any more stays until the next eviction pass: finding
  // it takes a walk of the whole store, which would hold this write.)
  if (!more)
    room = Env::RoomRecord{room.start_records, room.start_pages};
  return e.set_room_record(txn, room) == 0 ? removed : 0;
}

// Starts a sweep if the store is still crowded (no other process started one meanwhile),
// or, `map_full`, at once; false if none was started.
bool SmallStore::start_sweep(bool map_full) {
  Env &e = *env_;
  if (e.making_room.exchange(true))
    return false;
  struct Release {
    std::atomic<bool> &flag;
    ~Release() { flag.store(false); }
  } release{e.making_room};

  // The cutoff: the last use below which lie the kDropQuarters least recently used, from
  // the first kTrimSample entries; of those at it, the share that makes up the quarter.
  std::vector<std::uint64_t> uses;
  scan_with_use(e.env, e.dbi, 'e', [&](MDB_txn *, const MDB_val &, const MDB_val &, std::uint64_t used) {
    uses.push_back(used);
  }, SIZE_MAX, kTrimSample);
  if (uses.empty())
    return false;
  const std::size_t nth = uses.size() * kDropQuarters / 4;
  std::nth_element(uses.begin(), uses.begin() + static_cast<std::ptrdiff_t>(nth), uses.end());
  const std::uint64_t cutoff = uses[nth];
  const auto below = static_cast<std::size_t>(std::count_if(uses.begin(), uses.end(), [&](std::uint64_t u) { return u < cutoff; }));
  const auto at = static_cast<std::size_t>(std::count(uses.begin(), uses.end(), cutoff));

  // Claimed under LMDB's write lock: of the processes that found the store crowded, the
  // first starts the sweep. While it goes on, the others see a usage that they will not
  // reach; after, the usage the store had, so that it refills to that.
  bool started = false;
  e.write([&](MDB_txn *txn) {
    if (!map_full && e.room_state_in(txn) != Env::kRoomDue)
      return 0;
    const MDB_stat st = e.usage(txn);
    Env::RoomRecord room;
    room.start_records = map_full ? st.ms_entries / 4 * 3 : st.ms_entries;
    room.start_pages = Env::pages_of(st);
    room.records = room.start_records + room.start_records / 4;
    room.pages = room.start_pages + room.start_pages / 4;
    room.cutoff = cutoff;
    room.salt = now_unix_ns();
    room.tie_share = static_cast<std::uint32_t>((nth - below) * 65536 / at);
    room.sweeping = 1;
    started = e.set_room_record(txn, room) == 0;
    return 0;
  });
  return started;
}

// A full map (possible only while readers hold old pages): the whole sweep at once, in
// transactions of its own, at most once a minute.
SmallStore::Room SmallStore::make_room_now() {
  Env &e = *env_;
  Room room;
  const std::uint64_t now = coarse_now_unix_ns();
  if (now - e.map_full_tried_ns.load(std::memory_order_relaxed) < kMapFullRetryNs)
    return room;
  e.map_full_tried_ns.store(now, std::memory_order_relaxed);
  if (e.room_state.load(std::memory_order_relaxed) != Env::kSweeping && !start_sweep(true))
    return room;
  // Entries are removed in batches, so that the others' writes go on meanwhile and the
  // pages they free are reused.
  const std::size_t batch = std::clamp<std::size_t>(e.budget_pages / 16, 64, 16384);
  while (e.room_state.load(std::memory_order_relaxed) == Env::kSweeping) {
    std::uint64_t swept = 0;
    if (e.write([&](MDB_txn *txn) {
          swept = sweep_step(txn, batch);
          return 0;
        }) != 0)
      break;
    room.removed += swept;
  }
  return room;
}

bool SmallStore::mark_used(const Key128 &key, std::uint64_t now_ns, bool file) {
  std::uint64_t last = 0;
  {
    ReadSnapshot snapshot(*env_);
    if (MDB_txn *txn = snapshot.txn())
      last = last_use(txn, env_->dbi, key);
  }
  if (last == 0)
    return false; // every record is written with its last use
  if (!file && last + kMarkResolutionNs > now_ns)
    return true;
  bool full;
  {
    std::lock_guard<std::mutex> guard(env_->marks_mutex);
    env_->marks.emplace_back(key, now_ns);
    full = env_->marks.size() >= kMarkBatch;
  }
  if (full)
    env_->flush_marks();
  return true;
}

// Deletes the records of `keys` under `tag` ('e' or 'f'), and their last use unless the
// key has a record under the other tag; how many there were.
std::uint64_t SmallStore::erase(MDB_txn *txn, char tag, const std::vector<Key128> &keys) {
  std::uint64_t erased = 0;
  for (const Key128 &key : keys) {
    StoreKey record(tag, key), other(tag == 'e' ? 'f' : 'e', key), used('u', key);
    MDB_val k = record.val(), o = other.val(), uk = used.val(), v;
    if (mdb_del(txn, env_->dbi, &k, nullptr) == 0)
      ++erased;
    if (mdb_get(txn, env_->dbi, &o, &v) != 0)
      mdb_del(txn, env_->dbi, &uk, nullptr);
  }
  return erased;
}

std::uint64_t SmallStore::remove(const std::vector<Key128> &keys, const std::vector<Key128> &files) {
  std::uint64_t removed = 0;
  int rc = env_->write([&](MDB_txn *txn) {
    removed = erase(txn, 'e', keys);
    erase(txn, 'f', files);
    drop_unused_meta(txn);
    return 0;
  });
  return rc == 0 ? removed : 0;
}

namespace {
// Puts an index record and its last use; with MDB_NOOVERWRITE, leaves both of a key the
// index already has (and returns MDB_KEYEXIST).
int put_file(MDB_txn *txn, MDB_dbi dbi, const SmallStore::FileRecord &record, unsigned flags) {
  StoreKey file('f', record.key), used('u', record.key);
  FileValue value{record.bytes, record.created_unix_ns, record.code_version.low, record.code_version.high};
  std::uint64_t when = record.last_use_unix_ns;
  MDB_val k = file.val(), v{sizeof value, &value}, uk = used.val(), uv{sizeof when, &when};
  int rc = mdb_put(txn, dbi, &k, &v, flags);
  return rc != 0 ? rc : mdb_put(txn, dbi, &uk, &uv, 0);
}
} // namespace

std::string SmallStore::index_file(const FileRecord &record, Room *room) {
  int rc = write_making_room([&](MDB_txn *txn) { return put_file(txn, env_->dbi, record, 0); }, room);
  return rc == 0 ? std::string() : lmdb_error("the index of entry files", rc);
}

bool SmallStore::reindex(const std::vector<FileRecord> &add, const std::vector<Key128> &drop) {
  return env_->write([&](MDB_txn *txn) {
    erase(txn, 'f', drop);
    for (const FileRecord &record : add)
      if (int rc = put_file(txn, env_->dbi, record, MDB_NOOVERWRITE); rc != 0 && rc != MDB_KEYEXIST)
        return rc;
    return 0;
  }) == 0;
}

void SmallStore::list_files(const std::function<void(const FileRecord &)> &visit) {
  scan_with_use(env_->env, env_->dbi, 'f', [&](MDB_txn *, const MDB_val &k, const MDB_val &v, std::uint64_t used) {
    if (v.mv_size != sizeof(FileValue))
      return;
    FileValue value;
    std::memcpy(&value, v.mv_data, sizeof value);
    visit(FileRecord{key_of(k), value.bytes, value.created_unix_ns,
                     Key128{value.code_version_low, value.code_version_high}, used});
  });
}

// Metadata records that no entry names any more (a code version pruned or evicted whole).
void SmallStore::drop_unused_meta(MDB_txn *txn) {
  MDB_cursor *cursor = nullptr;
  if (mdb_cursor_open(txn, env_->dbi, &cursor) != 0)
    return;
  std::set<std::uint64_t> named;
  std::vector<std::uint64_t> metas;
  MDB_val k, v;
  for (int rc = mdb_cursor_get(cursor, &k, &v, MDB_FIRST); rc == 0; rc = mdb_cursor_get(cursor, &k, &v, MDB_NEXT)) {
    if (k.mv_size == 0)
      continue;
    const unsigned char tag = static_cast<const unsigned char *>(k.mv_data)[0];
    if (tag == 'e')
      named.insert(compact_meta_id(static_cast<const unsigned char *>(v.mv_data), v.mv_size));
    else if (tag == 'm' && k.mv_size == sizeof(MetaKey::bytes))
      metas.push_back(compact_meta_id(static_cast<const unsigned char *>(k.mv_data) + 1, 8));
  }
  mdb_cursor_close(cursor);
  for (std::uint64_t id : metas)
    if (named.count(id) == 0) {
      MetaKey mk(id);
      MDB_val unused = mk.val();
      mdb_del(txn, env_->dbi, &unused, nullptr);
    }
}

bool SmallStore::get_item(const Key128 &key, const std::function<void(const Item &)> &visit) {
  ReadSnapshot snapshot(*env_);
  MDB_txn *txn = snapshot.txn();
  if (txn == nullptr)
    return false;
  StoreKey k('e', key);
  MDB_val kv = k.val(), v;
  if (mdb_get(txn, env_->dbi, &kv, &v) != 0)
    return false;
  const auto *bytes = static_cast<const unsigned char *>(v.mv_data);
  const MDB_val meta = meta_of(txn, env_->dbi, compact_meta_id(bytes, v.mv_size));
  visit(Item{key, bytes, v.mv_size, static_cast<const unsigned char *>(meta.mv_data), meta.mv_size,
             last_use(txn, env_->dbi, key)});
  return true;
}

std::uint64_t SmallStore::remove_all(std::uint64_t &bytes) {
  std::vector<Key128> keys, files;
  bytes = 0;
  list([&](const Item &item) {
    keys.push_back(item.key);
    bytes += item.size + kSmallEntryOverhead;
  });
  list_files([&](const FileRecord &record) { files.push_back(record.key); });
  std::uint64_t removed = remove(keys, files);
  if (removed != keys.size())
    bytes = 0; // counted only when the transaction went through
  return removed;
}

void SmallStore::list(const std::function<void(const Item &)> &visit) {
  MDB_val meta{0, nullptr};
  std::uint64_t meta_id = 0;
  scan_with_use(env_->env, env_->dbi, 'e', [&](MDB_txn *txn, const MDB_val &k, const MDB_val &v, std::uint64_t used) {
    const Key128 key = key_of(k);
    const auto *bytes = static_cast<const unsigned char *>(v.mv_data);
    if (const std::uint64_t id = compact_meta_id(bytes, v.mv_size); id != meta_id || meta.mv_data == nullptr) {
      meta_id = id; // entries of one code version are the rule: looked up once
      meta = meta_of(txn, env_->dbi, id);
    }
    visit(Item{key, bytes, v.mv_size, static_cast<const unsigned char *>(meta.mv_data), meta.mv_size, used});
  });
}

std::size_t SmallStore::size_hint() const {
  MDB_stat stat;
  return mdb_env_stat(env_->env, &stat) == 0 ? stat.ms_entries / 2 : 0; // a record and its last use
}

bool SmallStore::still_in(const SafeDir &dir) const {
  struct stat st;
  return ::fstatat(dir.fd(), std::string(kSmallStoreName).c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
         st.st_dev == env_->device && st.st_ino == env_->inode;
}

} // namespace npcache::detail
