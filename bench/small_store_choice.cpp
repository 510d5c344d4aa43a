// Which embedded store should hold small entries (issue 12): LMDB and SQLite side by side,
// on this machine, in one run. 2,000 values of 200 bytes (the size of an npcache entry for
// `(int, double) -> double`) under 16-byte keys: one transaction per store, as a miss would
// make, then five passes of lookups, as hits would; and the file size per entry.
//
//   build/bench/npcache_small_store_choice [DIR]        (default /var/tmp)
#include <lmdb.h>
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>

namespace {

using Clock = std::chrono::steady_clock;
constexpr long kEntries = 2000;
constexpr int kPasses = 5;
constexpr std::size_t kValueBytes = 200;

double micros_each(Clock::time_point start, long n) {
  return std::chrono::duration<double, std::micro>(Clock::now() - start).count() / static_cast<double>(n);
}

void key_of(long i, unsigned char (&key)[16]) {
  std::memset(key, 0, sizeof key);
  std::memcpy(key, &i, sizeof i);
}

void report(const char *store, double store_us, double hit_us, double file_bytes, long found) {
  std::printf("%-44s store %8.2f us   hit %7.3f us   %5.0f bytes per entry%s\n", store, store_us, hit_us,
              file_bytes / kEntries, found == kPasses * kEntries ? "" : "   (lookups failed)");
}

void lmdb(const std::string &dir, unsigned sync_flags, const char *label) {
  const std::string path = dir + "/small.mdb";
  MDB_env *env = nullptr;
  MDB_dbi dbi;
  MDB_txn *txn = nullptr;
  if (mdb_env_create(&env) != 0 || mdb_env_set_mapsize(env, std::size_t(1) << 30) != 0 ||
      mdb_env_open(env, path.c_str(), MDB_NOSUBDIR | sync_flags, 0644) != 0 ||
      mdb_txn_begin(env, nullptr, 0, &txn) != 0 || mdb_dbi_open(txn, nullptr, 0, &dbi) != 0 ||
      mdb_txn_commit(txn) != 0) {
    std::printf("%s: cannot open %s\n", label, path.c_str());
    return;
  }
  unsigned char value[kValueBytes];
  std::memset(value, 7, sizeof value);
  unsigned char key[16];
  auto start = Clock::now();
  for (long i = 0; i < kEntries; ++i) {
    key_of(i, key);
    MDB_val k{sizeof key, key}, v{sizeof value, value};
    mdb_txn_begin(env, nullptr, 0, &txn);
    mdb_put(txn, dbi, &k, &v, 0);
    mdb_txn_commit(txn);
  }
  const double store_us = micros_each(start, kEntries);
  // A read transaction kept and renewed, as a process's hits would keep one per thread.
  mdb_txn_begin(env, nullptr, MDB_RDONLY, &txn);
  mdb_txn_reset(txn);
  long found = 0;
  start = Clock::now();
  for (int pass = 0; pass < kPasses; ++pass)
    for (long i = 0; i < kEntries; ++i) {
      key_of(i, key);
      MDB_val k{sizeof key, key}, v;
      mdb_txn_renew(txn);
      found += mdb_get(txn, dbi, &k, &v) == 0 && v.mv_size == kValueBytes;
      mdb_txn_reset(txn);
    }
  const double hit_us = micros_each(start, kPasses * kEntries);
  mdb_txn_abort(txn);
  mdb_env_close(env);
  report(label, store_us, hit_us, static_cast<double>(std::filesystem::file_size(path)), found);
}

void sqlite(const std::string &dir, const char *synchronous, const char *label) {
  const std::string path = dir + "/small.sqlite";
  sqlite3 *db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) {
    std::printf("%s: cannot open %s\n", label, path.c_str());
    return;
  }
  sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA mmap_size=268435456;"
                   "CREATE TABLE e(k BLOB PRIMARY KEY, v BLOB) WITHOUT ROWID;", nullptr, nullptr, nullptr);
  sqlite3_exec(db, (std::string("PRAGMA synchronous=") + synchronous).c_str(), nullptr, nullptr, nullptr);
  sqlite3_stmt *insert = nullptr, *select = nullptr;
  sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO e VALUES(?, ?)", -1, &insert, nullptr);
  sqlite3_prepare_v2(db, "SELECT v FROM e WHERE k = ?", -1, &select, nullptr);
  unsigned char value[kValueBytes];
  std::memset(value, 7, sizeof value);
  unsigned char key[16];
  auto start = Clock::now();
  for (long i = 0; i < kEntries; ++i) { // autocommit: a transaction each
    key_of(i, key);
    sqlite3_bind_blob(insert, 1, key, sizeof key, SQLITE_STATIC);
    sqlite3_bind_blob(insert, 2, value, sizeof value, SQLITE_STATIC);
    sqlite3_step(insert);
    sqlite3_reset(insert);
  }
  const double store_us = micros_each(start, kEntries);
  long found = 0;
  start = Clock::now();
  for (int pass = 0; pass < kPasses; ++pass)
    for (long i = 0; i < kEntries; ++i) {
      key_of(i, key);
      sqlite3_bind_blob(select, 1, key, sizeof key, SQLITE_STATIC);
      found += sqlite3_step(select) == SQLITE_ROW && sqlite3_column_bytes(select, 0) == kValueBytes;
      sqlite3_reset(select);
    }
  const double hit_us = micros_each(start, kPasses * kEntries);
  sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr, nullptr);
  sqlite3_finalize(insert);
  sqlite3_finalize(select);
  sqlite3_close(db);
  report(label, store_us, hit_us, static_cast<double>(std::filesystem::file_size(path)), found);
}

} // namespace

int main(int argc, char **argv) {
  const std::string base = std::string(argc > 1 ? argv[1] : "/var/tmp") + "/npcache-small-store-choice";
  auto fresh = [&] {
    std::filesystem::remove_all(base);
    std::filesystem::create_directories(base);
    return base;
  };
  lmdb(fresh(), MDB_NOSYNC, "LMDB, MDB_NOSYNC");
  lmdb(fresh(), MDB_NOMETASYNC, "LMDB, MDB_NOMETASYNC (fdatasync per commit)");
  sqlite(fresh(), "OFF", "SQLite WAL, synchronous=OFF");
  sqlite(fresh(), "NORMAL", "SQLite WAL, synchronous=NORMAL");
  std::filesystem::remove_all(base);
  return 0;
}
