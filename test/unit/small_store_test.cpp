// The small-entry store (storage/small.hpp): small results share one LMDB file per
// function, every byte of them is still verified, other processes and forked children see
// them, `clear` and a deleted directory are noticed, and a store an earlier boot may have
// left torn is dropped rather than read.
#include "test_util.hpp"

#include "entry.hpp"
#include "maintenance.hpp"
#include "names.hpp"
#include "storage/small.hpp"

#include <gtest/gtest.h>
#include <lmdb.h>

#include <chrono>
#include <csignal>
#include <cstring>
#include <map>
#include <set>
#include <thread>

using namespace npcache;
using namespace npcache::test;
namespace fs = std::filesystem;

namespace {

std::atomic<int> g_calls{0};

double small(int k, double x) {
  ++g_calls;
  return k * x + 0.5;
}

std::vector<double> large(int k) {
  ++g_calls;
  return std::vector<double>(1000, k * 1.5);
}

struct KeyLess {
  bool operator()(const Key128 &a, const Key128 &b) const {
    return std::pair(a.high, a.low) < std::pair(b.high, b.low);
  }
};

class SmallStoreTest : public ::testing::Test {
protected:
  void SetUp() override { g_calls = 0; }

  fs::path function_dir() { return function_dirs(tmp.path()).at(0); }

  // The store as the runtime opens it (the one of this process, if it has it open).
  detail::SmallStore *store() {
    std::string why;
    root = detail::SafeDir::open_root(tmp.path().string(), detail::Trust{}, false, why);
    dir = root.open_dir(function_dir().filename().string(), false, why);
    detail::SmallStore *s = detail::SmallStore::open(dir, false, why);
    EXPECT_EQ(why, "");
    return s;
  }

  // small.boot as an earlier boot left it.
  void write_boot_record(const std::string &boot, std::uint32_t writers) {
    std::vector<unsigned char> record(56, 0);
    std::memcpy(record.data(), "npcboot1", 8);
    std::memcpy(record.data() + 8, boot.data(), boot.size());
    std::memcpy(record.data() + 48, &writers, 4);
    write_bytes(function_dir() / std::string(detail::kSmallBootName), record);
  }
  std::uint32_t boot_record_writers() {
    std::vector<unsigned char> record = read_bytes(function_dir() / std::string(detail::kSmallBootName));
    std::uint32_t writers = 0;
    if (record.size() == 56)
      std::memcpy(&writers, record.data() + 48, 4);
    return writers;
  }

  // The keys the store in tmp holds.
  std::vector<Key128> stored_keys() {
    std::vector<Key128> keys;
    store()->list([&](const detail::SmallStore::Item &item) { keys.push_back(item.key); });
    return keys;
  }

  // The index records of entry files, by key.
  std::map<Key128, detail::SmallStore::FileRecord, KeyLess> file_records() {
    std::map<Key128, detail::SmallStore::FileRecord, KeyLess> records;
    store()->list_files([&](const detail::SmallStore::FileRecord &r) { records[r.key] = r; });
    return records;
  }

  // An eviction pass that removes only what `max_size` asks for (0: nothing).
  detail::PruneResult evict(std::uint64_t max_size = 0) {
    detail::PruneRule rule;
    rule.max_size_bytes = max_size;
    return detail::prune(open_cache_dir(tmp.path()), rule);
  }

  // Entries removed to stay within a budget (or by eviction passes), as the root file counts them.
  std::uint64_t evictions() {
    auto block = detail::Mapped<detail::RootBlock>::open(open_cache_dir(tmp.path()), detail::kRootFileName, false);
    return block ? detail::atomic_load(block.get()->evictions) : 0;
  }

  // The store of `small` holding one entry, with that entry's record and metadata, to put
  // under keys of a test's own.
  detail::SmallStore *store_of_one(std::vector<unsigned char> &record, std::vector<unsigned char> &meta) {
    cache.wrap("small", &small)(0, 1.0);
    detail::SmallStore *s = store();
    if (s != nullptr)
      s->list([&](const detail::SmallStore::Item &i) {
        record.assign(i.bytes, i.bytes + i.size);
        meta.assign(i.meta, i.meta + i.meta_size);
      });
    return s;
  }

  // The k-th of keys spread as the runtime's are (they are hashes): splitmix64's mix.
  static Key128 spread_key(std::uint64_t k) {
    auto mix = [](std::uint64_t x) {
      x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
      x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
      return x ^ (x >> 31);
    };
    return Key128{mix(k), mix(k + (1ull << 40))};
  }

  // Stores opened while it lives get a budget that a test fills in a second.
  struct SmallBudget {
    static constexpr std::size_t kBytes = 2 << 20;
    static constexpr std::size_t kMapBytes = kBytes + (64 << 20); // with the headroom LMDB may use
    SmallBudget() { detail::SmallStore::set_budget_bytes(kBytes); }
    ~SmallBudget() { detail::SmallStore::set_budget_bytes(std::size_t(1) << 30); }
  };

  TempDir tmp;
  Cache cache{tmp.path()};
  detail::SafeDir root, dir;
};

TEST_F(SmallStoreTest, SmallResultsShareOneFileAndHit) {
  auto f = cache.wrap("small", &small);
  for (int k = 0; k < 50; ++k)
    EXPECT_EQ(f(k, 2.0), k * 2.0 + 0.5);
  EXPECT_EQ(g_calls, 50);
  for (int k = 0; k < 50; ++k)
    EXPECT_EQ(f(k, 2.0), k * 2.0 + 0.5);
  EXPECT_EQ(g_calls, 50); // every second call a hit
  EXPECT_TRUE(entry_files(tmp.path()).empty());
  EXPECT_TRUE(fs::is_regular_file(function_dir() / std::string(detail::kSmallStoreName)));
  Stats s = cache.stats();
  EXPECT_EQ(s.entries, 50u);
  EXPECT_EQ(s.hits, 50u);
  // A new handle (a new process would do the same) reads them from the file.
  g_calls = 0;
  auto again = Cache(tmp.path()).wrap("small", &small);
  EXPECT_EQ(again(7, 2.0), 14.5);
  EXPECT_EQ(g_calls, 0);
}

TEST_F(SmallStoreTest, LargeResultsStayFilesAndTheSettingTurnsItOff) {
  cache.wrap("large", &large)(3);
  EXPECT_EQ(entry_files(tmp.path()).size(), 1u);
  Settings off;
  off.small_store_bytes = 0;
  TempDir other;
  Cache(other.path()).wrap("small", &small, off)(1, 1.0);
  EXPECT_EQ(entry_files(other.path()).size(), 1u);
  EXPECT_FALSE(fs::exists(function_dirs(other.path()).at(0) / std::string(detail::kSmallStoreName)));
}

TEST_F(SmallStoreTest, EveryDamagedByteIsAMissThatHeals) {
  auto f = cache.wrap("small", &small);
  f(4, 0.25);
  detail::SmallStore *s = store();
  ASSERT_NE(s, nullptr);
  const Key128 key = [&] {
    Key128 k;
    s->list([&](const detail::SmallStore::Item &item) { k = item.key; });
    return k;
  }();
  std::vector<unsigned char> good, meta;
  ASSERT_TRUE(s->get_item(key, [&](const detail::SmallStore::Item &item) {
    good.assign(item.bytes, item.bytes + item.size);
    meta.assign(item.meta, item.meta + item.meta_size);
  }));
  ASSERT_FALSE(meta.empty());
  std::vector<std::vector<unsigned char>> damaged;
  for (std::size_t i = 0; i < good.size(); ++i) {
    damaged.push_back(good);
    damaged.back()[i] ^= 0x20;
  }
  ASSERT_GT(good.size(), detail::kCompactHeaderSize);
  for (std::size_t n : {std::size_t(0), std::size_t(7), detail::kCompactHeaderSize - 1, detail::kCompactHeaderSize,
                        good.size() - 1})
    damaged.emplace_back(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(n));
  damaged.push_back(good);
  damaged.back().push_back(0);
  for (std::size_t i = 0; i < damaged.size(); ++i) {
    ASSERT_EQ(s->put(key, damaged[i].data(), damaged[i].size(), meta, 1), "");
    const int before = g_calls;
    EXPECT_EQ(f(4, 0.25), 1.5) << "case " << i;
    EXPECT_EQ(g_calls, before + 1) << "case " << i << ": the damaged entry was used";
    EXPECT_EQ(f(4, 0.25), 1.5);
    EXPECT_EQ(g_calls, before + 1) << "case " << i << ": the entry was not replaced";
  }
  EXPECT_GE(cache.stats().errors, good.size());
}

// LMDB forbids using an environment after fork: the child opens the store again, sees
// what the parent stored, and the parent sees what the child stored.
TEST_F(SmallStoreTest, ForkedChildrenAndTheParentSeeEachOthersEntries) {
  auto f = cache.wrap("small", &small);
  f(1, 1.0);
  int status = run_in_child([&] {
    g_calls = 0;
    if (f(1, 1.0) != 1.5 || g_calls != 0)
      return 1; // the parent's entry was not a hit
    if (f(2, 1.0) != 2.5 || g_calls != 1)
      return 2;
    return 0;
  });
  EXPECT_EQ(status, 0);
  g_calls = 0;
  EXPECT_EQ(f(2, 1.0), 2.5);
  EXPECT_EQ(g_calls, 0);
}

TEST_F(SmallStoreTest, ClearInAnotherProcessEmptiesItForThisOne) {
  auto f = cache.wrap("small", &small);
  f(1, 1.0);
  f(2, 1.0);
  EXPECT_EQ(run_in_child([&] {
              Cache(tmp.path()).clear(remove_dir);
              return fs::exists(tmp.path()) ? 1 : 0;
            }),
            0);
  g_calls = 0;
  EXPECT_EQ(f(1, 1.0), 1.5); // this process still maps the removed file: it must be empty
  EXPECT_EQ(g_calls, 1);
  EXPECT_EQ(f(1, 1.0), 1.5); // stored again, in a store made afresh
  EXPECT_EQ(g_calls, 1);
  EXPECT_EQ(stored_entries(tmp.path()), 1u);
  EXPECT_TRUE(fs::exists(function_dir() / std::string(detail::kSmallStoreName)));
}

TEST_F(SmallStoreTest, ADeletedDirectoryIsNoticedWithinASecond) {
  auto f = cache.wrap("small", &small);
  f(1, 1.0);
  fs::remove_all(tmp.path());
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  g_calls = 0;
  EXPECT_EQ(f(1, 1.0), 1.5);
  EXPECT_EQ(g_calls, 1);
}

// With MDB_NOSYNC, a power loss may tear the B-tree. A process counts itself in small.boot
// before it writes and out after syncing at exit; a store left with writers by an earlier
// boot is dropped, one left clean is kept.
TEST_F(SmallStoreTest, AStoreAnEarlierBootLeftUnsyncedIsDropped) {
  auto f = [&] { return Cache(tmp.path()).wrap("small", &small); };
  // Each step in a child: the parent never opens the store, so each child opens it anew.
  auto run = [&](int k) {
    return run_in_child([&] {
      g_calls = 0;
      f()(k, 1.0);
      std::exit(g_calls.load()); // std::exit: syncs and counts itself out
      return 0;
    });
  };
  EXPECT_EQ(run(1), 1);
  EXPECT_EQ(boot_record_writers(), 0u);
  EXPECT_EQ(run(1), 0); // a hit

  write_boot_record("an-earlier-boot", 0); // synced at exit, then a restart
  EXPECT_EQ(run(1), 0);

  write_boot_record("an-earlier-boot", 1); // a writer never synced, then a power loss
  EXPECT_EQ(run(1), 1);
  EXPECT_EQ(run(1), 0);

  // A writer killed before exit stays counted.
  EXPECT_EQ(run_in_child([&] {
              f()(2, 1.0);
              ::raise(SIGKILL);
              return 0;
            }),
            128 + SIGKILL);
  EXPECT_EQ(boot_record_writers(), 1u);
  EXPECT_EQ(run(2), 0); // in this boot the store is whole: the page cache holds it
}

TEST_F(SmallStoreTest, AStoreOfAnotherFormatIsIgnoredNotMisread) {
  cache.wrap("small", &small)(1, 1.0);
  // A separate process: LMDB must not have one file open twice in a process.
  EXPECT_EQ(run_in_child([&] {
              MDB_env *env = nullptr;
              if (mdb_env_create(&env) != 0)
                return 3;
              mdb_env_set_mapsize(env, std::size_t(1) << 30);
              if (mdb_env_open(env, (function_dir() / std::string(detail::kSmallStoreName)).c_str(),
                               MDB_NOSUBDIR, 0644) != 0)
                return 1;
              MDB_txn *txn;
              MDB_dbi dbi;
              char key[] = "v", value[] = "npcache small store 99";
              MDB_val k{1, key}, v{sizeof value - 1, value};
              if (mdb_txn_begin(env, nullptr, 0, &txn) != 0 || mdb_dbi_open(txn, nullptr, 0, &dbi) != 0 ||
                  mdb_put(txn, dbi, &k, &v, 0) != 0 || mdb_txn_commit(txn) != 0)
                return 2;
              return 0;
            }),
            0);
  g_calls = 0;
  auto f = Cache(tmp.path()).wrap("small", &small);
  EXPECT_EQ(run_in_child([&] {
              g_calls = 0;
              f(1, 1.0);
              f(1, 1.0);
              return g_calls.load() == 1 && entry_files(tmp.path()).size() == 1 ? 0 : 1;
            }),
            0); // computed once, then kept as a file
}

// A store of version 1 held whole entries, one of version 2 compact records without the
// raised floating-point flags: either is emptied and goes on as the current version, so
// that its records are never read as today's.
TEST_F(SmallStoreTest, AStoreOfAnEarlierVersionIsEmptiedAndUpgraded) {
  for (const std::string earlier : {"npcache small store 1", "npcache small store 2"}) {
    SCOPED_TRACE(earlier);
    const fs::path other = tmp.path() / earlier.substr(earlier.size() - 1);
    Cache(other).wrap("small", &small)(1, 1.0);
    const fs::path old_store = function_dirs(other).at(0) / std::string(detail::kSmallStoreName);
    EXPECT_EQ(run_in_child([&] { // as that version left it: the record (valid today) under its stamp
                MDB_env *env = nullptr;
                MDB_txn *txn;
                MDB_dbi dbi;
                char vk[] = "v";
                MDB_val k{1, vk}, v{earlier.size(), const_cast<char *>(earlier.data())};
                return mdb_env_create(&env) == 0 && mdb_env_set_mapsize(env, std::size_t(1) << 30) == 0 &&
                               mdb_env_open(env, old_store.c_str(), MDB_NOSUBDIR, 0644) == 0 &&
                               mdb_txn_begin(env, nullptr, 0, &txn) == 0 && mdb_dbi_open(txn, nullptr, 0, &dbi) == 0 &&
                               mdb_put(txn, dbi, &k, &v, 0) == 0 && mdb_txn_commit(txn) == 0
                           ? 0
                           : 1;
              }),
              0);
    auto f = Cache(other).wrap("small", &small);
    EXPECT_EQ(run_in_child([&] {
                g_calls = 0;
                f(1, 1.0);
                f(1, 1.0);
                // recomputed once (the old entry dropped), then hit from the store, not a file
                return g_calls.load() == 1 && entry_files(other).empty() ? 0 : 1;
              }),
              0);
  }
}

// A record is checked against the key it is filed under and the code version reading it:
// a valid record moved to another key, or naming other metadata, is a miss.
TEST_F(SmallStoreTest, ARecordOfAnotherKeyOrCodeVersionIsAMiss) {
  auto f = cache.wrap("small", &small);
  f(1, 1.0);
  const Key128 key1 = stored_keys().at(0);
  f(2, 1.0);
  std::vector<Key128> keys = stored_keys();
  const Key128 key2 = keys.at(0) == key1 ? keys.at(1) : keys.at(0);
  detail::SmallStore *s = store();
  std::vector<unsigned char> record1, meta;
  ASSERT_TRUE(s->get_item(key1, [&](const detail::SmallStore::Item &item) {
    record1.assign(item.bytes, item.bytes + item.size);
    meta.assign(item.meta, item.meta + item.meta_size);
  }));
  ASSERT_FALSE(meta.empty());
  const std::uint64_t id = detail::compact_meta_id(record1.data(), record1.size());

  ASSERT_EQ(s->put(key2, record1.data(), record1.size(), meta, 1), "");
  int before = g_calls;
  EXPECT_EQ(f(2, 1.0), 2.5);
  EXPECT_EQ(g_calls, before + 1) << "a record filed under another key was used";

  const double planted = 99.0;
  std::vector<unsigned char> other_version;
  ASSERT_EQ(detail::encode_compact(key2, id ^ 1, 0, 0, &detail::encode_value<double>, &planted, other_version), "");
  ASSERT_EQ(s->put(key2, other_version.data(), other_version.size(), meta, 1), "");
  before = g_calls;
  EXPECT_EQ(f(2, 1.0), 2.5);
  EXPECT_EQ(g_calls, before + 1) << "a record of another code version was used";
  EXPECT_EQ(f(2, 1.0), 2.5);
  EXPECT_EQ(g_calls, before + 1);
}

// The metadata of a code version is kept once, and goes with the last entry that names
// it; verify reports an entry whose metadata is gone.
TEST_F(SmallStoreTest, MetadataIsKeptOncePerCodeVersionAndGoesWithItsLastEntry) {
  Settings v1, v2;
  v1.version = "v1";
  v2.version = "v2";
  auto f1 = cache.wrap("small", &small, v1);
  for (int k = 0; k < 3; ++k)
    f1(k, 1.0);
  auto f2 = Cache(tmp.path()).wrap("small", &small, v2); // the current version from now on
  f2(0, 1.0);
  f2(1, 1.0);
  auto meta_records = [&] { // counted by another process: LMDB opens a file once per process
    const fs::path file = function_dir() / std::string(detail::kSmallStoreName);
    return run_in_child([&] {
      MDB_env *env = nullptr;
      MDB_txn *txn;
      MDB_dbi dbi;
      MDB_cursor *cursor;
      if (mdb_env_create(&env) != 0 || mdb_env_set_mapsize(env, std::size_t(1) << 30) != 0 ||
          mdb_env_open(env, file.c_str(), MDB_NOSUBDIR | MDB_RDONLY, 0644) != 0 ||
          mdb_txn_begin(env, nullptr, MDB_RDONLY, &txn) != 0 || mdb_dbi_open(txn, nullptr, 0, &dbi) != 0 ||
          mdb_cursor_open(txn, dbi, &cursor) != 0)
        return 100;
      int metas = 0;
      MDB_val k, v;
      for (int rc = mdb_cursor_get(cursor, &k, &v, MDB_FIRST); rc == 0; rc = mdb_cursor_get(cursor, &k, &v, MDB_NEXT))
        metas += k.mv_size == 9 && static_cast<const char *>(k.mv_data)[0] == 'm';
      return metas;
    });
  };
  EXPECT_EQ(meta_records(), 2);
  std::string why;
  detail::SafeDir r = detail::SafeDir::open_root(tmp.path().string(), detail::Trust{}, false, why);
  detail::PruneRule stale;
  stale.stale = true;
  EXPECT_EQ(detail::prune(r, stale).removed, 3u);
  EXPECT_EQ(meta_records(), 1);
  const int before = g_calls;
  f2(0, 1.0);
  EXPECT_EQ(g_calls, before); // the current version's entries still hit

  detail::Inventory inv = detail::take_inventory(r, true);
  ASSERT_EQ(inv.entries.size(), 2u);
  EXPECT_EQ(inv.entries[0].header_status, detail::ReadStatus::ok);
  detail::EntryHeader header;
  EXPECT_EQ(detail::verify_entry(inv, inv.entries[0], header, nullptr).status, detail::ReadStatus::ok);
  EXPECT_EQ(header.meta.version, "v2");
  // Without its metadata (the store damaged), an entry fails verify.
  std::vector<unsigned char> record;
  detail::SmallStore *s = inv.functions[0].small;
  ASSERT_TRUE(s->get(inv.entries[0].key, [&](const unsigned char *b, std::size_t n) { record.assign(b, b + n); }));
  const double value = 1.5; // a valid record naming metadata the store does not have
  ASSERT_EQ(detail::encode_compact(inv.entries[0].key, detail::compact_meta_id(record.data(), record.size()) ^ 1,
                                   0, 0, &detail::encode_value<double>, &value, record),
            "");
  ASSERT_EQ(s->put(inv.entries[0].key, record.data(), record.size(), {}, 1), "");
  EXPECT_EQ(detail::verify_entry(inv, inv.entries[0], header, nullptr).status, detail::ReadStatus::corrupt);
}

// Eviction weighs small entries with files: least recently used first, hits counted.
TEST_F(SmallStoreTest, EvictionRemovesTheLeastRecentlyUsed) {
  auto probe = Cache(tmp.path() / "probe").wrap("small", &small);
  probe(0, 1.0);
  const std::uint64_t per_entry = Cache(tmp.path() / "probe").stats().bytes;
  ASSERT_GT(per_entry, 64u);
  Settings bounded;
  bounded.max_size_bytes = 70 * per_entry;
  auto f = Cache(tmp.path() / "c").wrap("small", &small, bounded);
  for (int k = 0; k < 50; ++k)
    f(k, 1.0);
  { // stored in 2020: a hit marks an entry only if its last mark is a minute old
    std::string why;
    detail::SafeDir c = detail::SafeDir::open_root((tmp.path() / "c").string(), detail::Trust{}, false, why);
    detail::SafeDir d = c.open_dir(function_dirs(tmp.path() / "c").at(0).filename().string(), false, why);
    detail::SmallStore *s = detail::SmallStore::open(d, false, why);
    ASSERT_NE(s, nullptr);
    std::vector<std::pair<Key128, std::vector<unsigned char>>> items;
    std::vector<unsigned char> meta;
    s->list([&](const detail::SmallStore::Item &i) {
      items.push_back({i.key, {i.bytes, i.bytes + i.size}});
      meta.assign(i.meta, i.meta + i.meta_size);
    });
    for (auto &[key, bytes] : items)
      ASSERT_EQ(s->put(key, bytes.data(), bytes.size(), meta, 1577836800ull * 1000000000ull), "");
  }
  for (int k = 0; k < 10; ++k)
    f(k, 1.0); // used again: newer than 10..49
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  for (int k = 50; k < 100; ++k)
    f(k, 1.0);
  Stats s = Cache(tmp.path() / "c").stats();
  EXPECT_LE(s.bytes, 70 * per_entry);
  // Looked at without storing what misses. Ties in the last use (the clock is coarse)
  // make which of 10..49 went arbitrary; that those went first is not.
  Settings look = bounded;
  look.write = false;
  auto check = Cache(tmp.path() / "c").wrap("small", &small, look);
  auto missing = [&](int from, int to) {
    const int before = g_calls;
    for (int k = from; k < to; ++k)
      check(k, 1.0);
    return g_calls - before;
  };
  EXPECT_EQ(missing(0, 10), 0);   // used again: kept
  EXPECT_EQ(missing(50, 100), 0); // the newest: kept
  EXPECT_GE(missing(10, 50), 30); // 100 stored, at most 70 kept
}

// Entry files are indexed in the store as they are written, with what an eviction pass
// needs of them: their size, creation, code version and last use.
// A store whose file passes its budget drops its least recently used quarter and goes on
// taking small entries; it used to send them to files of 4 KiB each (a CLHEP run left three
// million of them beside a full store).
TEST_F(SmallStoreTest, AStorePastItsBudgetDropsItsLeastRecentlyUsedEntriesNotNewOnes) {
  SmallBudget budget;
  auto f = cache.wrap("small", &small);
  constexpr int kKeys = 60000; // about three times what the budget holds
  // How many entries the store held, every 500 stores: the most, and the fewest once it
  // had made room. Making room removes a quarter, once per refill.
  std::size_t most = 0, fewest = SIZE_MAX;
  for (int k = 0; k < kKeys; ++k) {
    if (k % 2000 == 0) // last uses in a few dozen distinct ticks of the coarse clock
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    f(k, 1.0);
    if (k % 500 == 499) {
      const std::size_t held = stored_keys().size();
      most = std::max(most, held);
      if (held < static_cast<std::size_t>(k) + 1)
        fewest = std::min(fewest, held);
    }
  }
  EXPECT_EQ(g_calls, kKeys);
  ASSERT_NE(fewest, SIZE_MAX); // room was made
  EXPECT_GE(fewest * 10, most * 7) << "fewest " << fewest << ", most " << most;
  EXPECT_TRUE(entry_files(tmp.path()).empty());
  EXPECT_LE(fs::file_size(function_dir() / std::string(detail::kSmallStoreName)), SmallBudget::kBytes / 4 * 5);
  const std::size_t kept = stored_keys().size();
  EXPECT_GT(kept, 4000u);
  EXPECT_LT(kept, 30000u);
  EXPECT_EQ(evictions(), static_cast<std::uint64_t>(kKeys) - kept);

  g_calls = 0;
  for (int k = kKeys - 1000; k < kKeys; ++k) // the most recent: kept
    EXPECT_EQ(f(k, 1.0), k + 0.5);
  EXPECT_EQ(g_calls, 0);
  for (int k = 0; k < 1000; ++k) // the oldest: dropped
    EXPECT_EQ(f(k, 1.0), k + 0.5);
  EXPECT_EQ(g_calls, 1000);
}

// Room is made a step with each store, not all in one: a store that removed a quarter of a
// full store at once held its caller for 8-9 s at the default budget.
TEST_F(SmallStoreTest, MakingRoomRemovesAFewEntriesWithEachStoreNotAQuarterInOne) {
  SmallBudget budget;
  auto f = cache.wrap("small", &small);
  f(-1, 1.0); // the root file, which counts the removals
  auto root = detail::Mapped<detail::RootBlock>::open(open_cache_dir(tmp.path()), detail::kRootFileName, false);
  ASSERT_TRUE(root);
  std::uint64_t before = detail::atomic_load(root.get()->evictions), most = 0;
  for (int k = 0; k < 30000; ++k) {
    if (k % 2000 == 0)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    f(k, 1.0);
    const std::uint64_t now = detail::atomic_load(root.get()->evictions);
    most = std::max(most, now - before);
    before = now;
  }
  EXPECT_GT(before, 5000u); // room was made, more than once
  EXPECT_GT(most, 0u);
  EXPECT_LE(most, 64u); // a step: what it sweeps past, of which about a quarter go
}

// Entries last used at the same time (the clock is coarse; a burst of stores shares a
// tick) are not all removed when the cutoff falls among them: only the share that makes up
// the quarter.
TEST_F(SmallStoreTest, MakingRoomAmongEntriesOfOneLastUseRemovesAQuarterNotAll) {
  SmallBudget budget;
  std::vector<unsigned char> record, meta;
  detail::SmallStore *s = store_of_one(record, meta);
  ASSERT_NE(s, nullptr);
  std::size_t most = 0, fewest = SIZE_MAX;
  std::uint64_t removed = 0;
  for (std::uint64_t k = 1; k <= 30000; ++k) {
    detail::SmallStore::Room room;
    ASSERT_EQ(s->put(spread_key(k), record.data(), record.size(), meta, 1'000'000'000, &room), "");
    removed += room.removed;
    if (k % 500 == 0) {
      const std::size_t held = stored_keys().size();
      most = std::max(most, held);
      if (removed != 0)
        fewest = std::min(fewest, held);
    }
  }
  ASSERT_NE(fewest, SIZE_MAX); // room was made
  EXPECT_GE(fewest * 10, most * 7) << "fewest " << fewest << ", most " << most;
}

// When the cutoff falls among many entries of one last use, a sweep removes the share of
// them that makes up the quarter, and nothing newer.
TEST_F(SmallStoreTest, ASweepWhoseCutoffIsSharedByManyEntriesRemovesOnlyItsShareOfThem) {
  SmallBudget budget;
  std::vector<unsigned char> record, meta;
  detail::SmallStore *s = store_of_one(record, meta);
  ASSERT_NE(s, nullptr);
  std::set<Key128, KeyLess> older, newer;
  std::uint64_t removed = 0, k = 0;
  for (; older.size() < 6000; ++k) // two thirds of what the budget holds, all used at 1 s
    ASSERT_EQ(s->put(*older.insert(spread_key(k)).first, record.data(), record.size(), meta, 1'000'000'000), "");
  // Newer ones (2 s) until a sweep has started and then passed every entry.
  for (std::uint64_t quiet = 0; quiet < 1000 && k < 100000; ++k) {
    detail::SmallStore::Room room;
    ASSERT_EQ(s->put(*newer.insert(spread_key(k)).first, record.data(), record.size(), meta, 2'000'000'000, &room), "");
    removed += room.removed;
    quiet = removed != 0 && room.removed == 0 ? quiet + 1 : 0;
  }
  ASSERT_NE(removed, 0u);
  std::size_t older_kept = 0, newer_kept = 0;
  for (const Key128 &kept : stored_keys()) {
    older_kept += older.count(kept);
    newer_kept += newer.count(kept);
  }
  EXPECT_EQ(newer_kept, newer.size());
  EXPECT_EQ(older_kept, older.size() - removed);
  EXPECT_GT(older_kept * 2, older.size()) << removed << " removed"; // a quarter of the store, not all at 1 s
}

// Processes that fill one store at once each keep their own newest entries, and every
// removal is counted once.
TEST_F(SmallStoreTest, ProcessesFillingOneStorePastItsBudgetKeepTheirNewestEntries) {
  SmallBudget budget;
  constexpr int kProcesses = 4, kKeys = 15000, kNewest = 200;
  // Eviction is least recently used over all processes: a process that finished early
  // while the others stored on would rightly lose its newest entries. The barrier makes
  // every process's last kNewest stores the newest of all.
  ProcessBarrier last_stores(kProcesses);
  const std::vector<int> statuses = run_in_children(kProcesses, [&](int p) {
    auto f = Cache(tmp.path()).wrap("small", &small);
    for (int i = 0; i < kKeys; ++i) {
      if (i == kKeys - kNewest)
        last_stores.arrive_and_wait();
      if (i % 1000 == 0)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      if (f(p * kKeys + i, 1.0) != p * kKeys + i + 0.5)
        return 1;
    }
    return 0;
  });
  EXPECT_EQ(statuses, std::vector<int>(kProcesses, 0));
  EXPECT_TRUE(entry_files(tmp.path()).empty());
  EXPECT_LE(fs::file_size(function_dir() / std::string(detail::kSmallStoreName)), SmallBudget::kMapBytes);
  const std::size_t kept = stored_keys().size();
  EXPECT_LT(kept, static_cast<std::size_t>(kProcesses * kKeys) / 2);
  EXPECT_EQ(evictions(), static_cast<std::uint64_t>(kProcesses * kKeys) - kept);
  g_calls = 0;
  auto f = Cache(tmp.path()).wrap("small", &small);
  for (int p = 0; p < kProcesses; ++p)
    for (int i = kKeys - kNewest; i < kKeys; ++i)
      EXPECT_EQ(f(p * kKeys + i, 1.0), p * kKeys + i + 0.5);
  EXPECT_EQ(g_calls, 0);
}

TEST_F(SmallStoreTest, AnEntryFileIsIndexedWithWhatEvictionNeeds) {
  Settings v2;
  v2.version = "v2";
  cache.wrap("large", &large, v2)(3);
  const fs::path file = entry_files(tmp.path()).at(0);
  detail::EntryHeader header;
  ASSERT_EQ(detail::verify_entry_file(file.string(), header).status, detail::ReadStatus::ok);
  const auto records = file_records();
  ASSERT_EQ(records.size(), 1u);
  const detail::SmallStore::FileRecord &r = records.begin()->second;
  EXPECT_EQ(r.key, header.key);
  EXPECT_EQ(r.bytes, fs::file_size(file));
  EXPECT_EQ(r.created_unix_ns, header.created_unix_ns);
  EXPECT_EQ(r.last_use_unix_ns, header.created_unix_ns);
  EXPECT_EQ(r.code_version, detail::code_version(header.meta.code_digest, "v2"));
  EXPECT_EQ(stored_keys().size(), 0u); // an index record is not a small entry
}

// A file the index does not name (its writer died between the rename and the record) is
// still counted, and read once: the pass adds it. A record whose file is gone is dropped.
TEST_F(SmallStoreTest, AnEvictionPassAddsTheFilesTheIndexMissedAndDropsRecordsOfFilesGone) {
  auto f = cache.wrap("large", &large);
  for (int k = 0; k < 4; ++k)
    f(k);
  const std::vector<fs::path> files = entry_files(tmp.path());
  ASSERT_EQ(files.size(), 4u);
  auto records = file_records();
  ASSERT_EQ(records.size(), 4u);
  std::vector<Key128> unindexed = {records.begin()->first, std::next(records.begin())->first};
  ASSERT_TRUE(store()->reindex({}, unindexed));
  ASSERT_EQ(file_records().size(), 2u);
  fs::remove(files.at(0)); // whether indexed or not

  const detail::PruneResult pass = evict();
  EXPECT_EQ(pass.kept, 3u);
  EXPECT_EQ(pass.removed, 0u);
  std::uint64_t bytes = 0;
  for (std::size_t i = 1; i < files.size(); ++i)
    bytes += fs::file_size(files[i]);
  EXPECT_EQ(pass.kept_bytes, bytes);
  const auto after = file_records();
  ASSERT_EQ(after.size(), 3u);
  for (std::size_t i = 1; i < files.size(); ++i) {
    detail::EntryHeader header;
    ASSERT_EQ(detail::verify_entry_file(files[i].string(), header).status, detail::ReadStatus::ok);
    ASSERT_EQ(after.count(header.key), 1u) << files[i];
    EXPECT_EQ(after.at(header.key).bytes, fs::file_size(files[i]));
    EXPECT_EQ(after.at(header.key).created_unix_ns, header.created_unix_ns);
    EXPECT_EQ(after.at(header.key).code_version, detail::code_version(header.meta.code_digest, ""));
  }
  EXPECT_EQ(evict().kept, 3u); // the second pass from the index alone
}

// After a power loss the store, and with it the index, is dropped. The next store makes it
// again; the next pass then finds the older files unindexed, reads each once, and indexes
// them again.
TEST_F(SmallStoreTest, TheIndexOfAStoreDroppedAfterAPowerLossIsRebuiltFromTheFiles) {
  auto run = [&](const std::function<void()> &body) {
    return run_in_child([&] {
      body();
      std::exit(0); // syncs and counts itself out
      return 0;
    });
  };
  ASSERT_EQ(run([&] {
              for (int k = 0; k < 3; ++k)
                Cache(tmp.path()).wrap("large", &large)(k);
            }),
            0);
  write_boot_record("an-earlier-boot", 1); // a writer never synced, then a power loss
  Cache(tmp.path()).wrap("large", &large)(3); // the store, dropped when opened, made again
  EXPECT_EQ(file_records().size(), 1u);
  const detail::PruneResult pass = evict();
  EXPECT_EQ(pass.kept, 4u);
  EXPECT_EQ(file_records().size(), 4u);
  g_calls = 0;
  for (int k = 0; k < 4; ++k)
    EXPECT_EQ(Cache(tmp.path()).wrap("large", &large)(k), large(k));
  EXPECT_EQ(g_calls, 4); // the calls ran nothing: only the comparisons did
}

// A hit on a file marks its use in the index, at the exit of the process that hit it
// (or its next store): eviction takes the files not hit, though all were stored alike.
TEST_F(SmallStoreTest, EvictionOrdersFilesByTheUseTheIndexRecords) {
  auto f = cache.wrap("large", &large);
  for (int k = 0; k < 10; ++k)
    f(k);
  const std::uint64_t per_file = fs::file_size(entry_files(tmp.path()).at(0));
  { // stored in 2020
    std::vector<detail::SmallStore::FileRecord> old;
    std::vector<Key128> keys;
    for (auto [key, r] : file_records()) {
      r.last_use_unix_ns = 1577836800ull * 1000000000ull;
      old.push_back(r);
      keys.push_back(key);
    }
    ASSERT_TRUE(store()->reindex({}, keys));
    ASSERT_TRUE(store()->reindex(old, {}));
  }
  ASSERT_EQ(run_in_child([&] {
              auto g = Cache(tmp.path()).wrap("large", &large);
              for (int k = 0; k < 3; ++k)
                g(k);
              std::exit(0);
              return 0;
            }),
            0);
  const detail::PruneResult pass = evict(5 * per_file);
  EXPECT_EQ(pass.kept, 5u);
  Settings look;
  look.write = false;
  auto check = Cache(tmp.path()).wrap("large", &large, look);
  g_calls = 0;
  for (int k = 0; k < 3; ++k)
    check(k);
  EXPECT_EQ(g_calls, 0); // hit in the child: kept
  EXPECT_EQ(file_records().size(), 5u); // the removed files' records went with them
}

// small_store false keeps every entry a file and makes no store, so no index: eviction
// then reads every file's header, as before the index.
TEST_F(SmallStoreTest, WithoutTheStoreFilesAreEvictedFromTheirHeaders) {
  Settings off;
  off.small_store_bytes = 0;
  auto f = cache.wrap("large", &large, off);
  for (int k = 0; k < 4; ++k)
    f(k);
  EXPECT_FALSE(fs::exists(function_dir() / std::string(detail::kSmallStoreName)));
  const std::uint64_t per_file = fs::file_size(entry_files(tmp.path()).at(0));
  EXPECT_EQ(evict(2 * per_file).kept, 2u);
  EXPECT_EQ(entry_files(tmp.path()).size(), 2u);
}

} // namespace

