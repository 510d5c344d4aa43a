// Shared counters, compute-once, eviction, leftovers and unsafe directories, with real
// processes and real files.
#include "test_util.hpp"

#include "counters.hpp"
#include "maintenance.hpp"
#include "names.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <mutex>
#include <set>
#include <fcntl.h>
#include <sys/stat.h>
#include <thread>

using namespace npcache;
using namespace npcache::test;
namespace fs = std::filesystem;

namespace {

std::vector<double> block(int seed, std::size_t n = 1000) {
  std::vector<double> v(n);
  for (std::size_t i = 0; i < n; ++i)
    v[i] = seed * 1000.0 + static_cast<double>(i);
  return v;
}

std::size_t count_files(const fs::path &dir, const std::string &prefix) {
  std::size_t n = 0;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); it != fs::recursive_directory_iterator();
       it.increment(ec))
    n += it->path().filename().string().rfind(prefix, 0) == 0;
  return n;
}

// Appends one line per computation, so that processes can count each other's work.
void note_run(const fs::path &log) {
  std::ofstream(log, std::ios::app) << "ran\n";
}
std::size_t runs(const fs::path &log) {
  std::ifstream in(log);
  std::size_t n = 0;
  for (std::string line; std::getline(in, line);)
    ++n;
  return n;
}

detail::FunctionInfo function_info(const fs::path &dir, const std::string &name) {
  for (const auto &fn : detail::take_inventory(open_cache_dir(dir), true).functions)
    if (fn.name == name)
      return fn;
  return {};
}

// A function cached in `dir` computes on every call, says why once, and writes nothing
// into `untouched`.
void expect_not_cached(const fs::path &dir, const std::string &why, const fs::path &untouched) {
  int computed = 0;
  auto f = Cache(dir).wrap("f", [&](int k) {
    ++computed;
    return block(k);
  });
  ::testing::internal::CaptureStderr();
  EXPECT_EQ(f(1), block(1));
  EXPECT_EQ(f(1), block(1));
  std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(computed, 2);
  EXPECT_NE(err.find(why), std::string::npos) << err;
  EXPECT_EQ(err.find("npcache: warning:"), err.rfind("npcache: warning:")) << err;
  EXPECT_TRUE(fs::is_empty(untouched));
}

} // namespace

TEST(Counters, ManyProcessesLoseNoUpdate) {
  TempDir tmp;
  Cache(tmp.path()).wrap("count", [](int k) { return block(k, 8); })(1); // one miss
  constexpr int kProcesses = 8, kCalls = 500;
  std::vector<pid_t> children;
  for (int p = 0; p < kProcesses; ++p) {
    pid_t pid = ::fork();
    if (pid == 0) {
      auto f = Cache(tmp.path()).wrap("count", [](int k) { return block(k, 8); });
      for (int i = 0; i < kCalls; ++i)
        if (f(1) != block(1, 8))
          ::_exit(1);
      ::_exit(0);
    }
    children.push_back(pid);
  }
  for (pid_t pid : children) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
  detail::FunctionInfo fn = function_info(tmp.path(), "count");
  ASSERT_TRUE(fn.has_counters);
  EXPECT_EQ(fn.counters.hits, std::uint64_t{kProcesses * kCalls});
  EXPECT_EQ(fn.counters.misses, 1u);
  EXPECT_EQ(fn.counters.stores, 1u);
  EXPECT_GT(fn.counters.last_use_unix_ns, 0u);
}

TEST(ComputeOnce, IdenticalMissesInThreadsComputeOnce) {
  TempDir tmp;
  std::atomic<int> computed{0};
  auto f = Cache(tmp.path()).wrap("slow", [&](int k) {
    ++computed;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    return block(k);
  });
  std::vector<std::thread> threads;
  std::atomic<int> wrong{0};
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&] { wrong += f(7) != block(7); });
  for (auto &t : threads)
    t.join();
  EXPECT_EQ(computed.load(), 1);
  EXPECT_EQ(wrong.load(), 0);
  // The lock is a byte of the one .locks file: no file was made or left per key.
  EXPECT_EQ(count_files(tmp.path(), ".lock."), 0u);
  EXPECT_EQ(count_files(tmp.path(), ".locks"), 1u);
}

TEST(ComputeOnce, IdenticalMissesInProcessesComputeOnce) {
  TempDir tmp;
  const fs::path log = tmp / "runs.log";
  std::vector<pid_t> children;
  for (int p = 0; p < 8; ++p) {
    pid_t pid = ::fork();
    if (pid == 0) {
      auto f = Cache(tmp / "c").wrap("slow", [&](int k) {
        note_run(log);
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        return block(k);
      });
      ::_exit(f(3) == block(3) ? 0 : 1);
    }
    children.push_back(pid);
  }
  for (pid_t pid : children) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
  EXPECT_EQ(runs(log), 1u);
}

// The holder's computation fails (nothing stored): one waiter takes the lock over and
// computes, and a caller arriving while it computes waits for its result rather than
// computing beside it.
TEST(ComputeOnce, AFailedComputationPassesTheLockToOneWaiter) {
  TempDir tmp;
  std::atomic<int> runs{0};
  std::atomic<bool> b_started{false}, b_running{false};
  auto f = Cache(tmp.path()).wrap("flaky", [&](int k) {
    if (++runs == 1) {
      while (!b_started)
        std::this_thread::yield();
      std::this_thread::sleep_for(std::chrono::milliseconds(200)); // B is waiting by now
      throw std::runtime_error("first run fails");
    }
    b_running = true;
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    return block(k);
  });
  std::thread a([&] { EXPECT_THROW(f(5), std::runtime_error); });
  while (runs.load() == 0)
    std::this_thread::yield();
  std::thread b([&] {
    b_started = true;
    EXPECT_EQ(f(5), block(5));
  });
  while (!b_running)
    std::this_thread::yield();
  EXPECT_EQ(f(5), block(5)); // C
  a.join();
  b.join();
  EXPECT_EQ(runs.load(), 2); // A's, then B's; C waited for B
}

// Different keys must not wait for each other: each computation waits until all four are
// running at once, which a serializing lock would never allow.
TEST(ComputeOnce, DifferentKeysRunConcurrently) {
  TempDir tmp;
  std::mutex m;
  std::condition_variable cv;
  int inside = 0;
  bool all_met = true;
  auto f = Cache(tmp.path()).wrap("meet", [&](int k) {
    std::unique_lock<std::mutex> lock(m);
    ++inside;
    cv.notify_all();
    all_met &= cv.wait_for(lock, std::chrono::seconds(20), [&] { return inside == 4; });
    return block(k);
  });
  std::vector<std::thread> threads;
  for (int k = 0; k < 4; ++k)
    threads.emplace_back([&f, k] { f(k); });
  for (auto &t : threads)
    t.join();
  EXPECT_TRUE(all_met);
}

// The holder is killed mid-computation: the kernel drops its lock, the next caller
// computes at once (the default timeout is ten minutes).
TEST(ComputeOnce, HolderKilledReleasesTheLock) {
  TempDir tmp;
  int status = run_in_child([&] {
    auto f = Cache(tmp.path()).wrap("dies", [](int) -> std::vector<double> {
      ::raise(SIGKILL);
      return {};
    });
    f(1);
    return 0;
  });
  EXPECT_EQ(status, 128 + SIGKILL);
  bool ran = false;
  auto f = Cache(tmp.path()).wrap("dies", [&ran](int k) {
    ran = true;
    return block(k);
  });
  EXPECT_EQ(f(1), block(1));
  EXPECT_TRUE(ran);
}

// A holder that never finishes blocks others for lock_timeout, and only that long: the
// caller computes on its own, and not before the timeout has passed (a lower bound the
// code itself sets, not a speed).
TEST(ComputeOnce, StuckHolderBlocksOnlyUntilTheTimeout) {
  TempDir tmp;
  int ready[2];
  ASSERT_EQ(::pipe(ready), 0);
  pid_t stuck = ::fork();
  if (stuck == 0) {
    auto f = Cache(tmp.path()).wrap("stuck", [&](int) -> std::vector<double> {
      char c = 1;
      (void)!::write(ready[1], &c, 1);
      for (;;)
        ::pause();
    });
    f(1);
    ::_exit(0);
  }
  char c;
  ASSERT_EQ(::read(ready[0], &c, 1), 1);
  Config config;
  config.defaults.lock_timeout_seconds = 1;
  bool ran = false;
  auto f = Cache(tmp.path(), config).wrap("stuck", [&ran](int k) {
    ran = true;
    return block(k);
  });
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(f(1), block(1));
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::seconds(1)); // it waited
  EXPECT_TRUE(ran);
  ::kill(stuck, SIGKILL);
  ::waitpid(stuck, nullptr, 0);
  ::close(ready[0]);
  ::close(ready[1]);
}

TEST(Eviction, KeepsTheDirectoryUnderMaxSizeLeastRecentlyUsedFirst) {
  TempDir tmp;
  Settings s;
  s.max_size_bytes = 64 * 1024;
  std::set<int> computed;
  auto f = Cache(tmp.path()).wrap("lru", [&](int k) {
    computed.insert(k);
    return block(k); // 8000 bytes of value, about 8.2 KB per entry
  }, s);
  for (int k = 0; k < 4; ++k)
    f(k);
  for (int k = 4; k < 40; ++k) {
    f(k);
    // Entry 0 is used again between stores, as by another run of the program.
    Cache(tmp.path()).wrap("lru", [&](int k) { computed.insert(-1); return block(k); }, s)(0);
    EXPECT_LE(detail::take_inventory(open_cache_dir(tmp.path()), false).bytes, 64u * 1024 + 9000) << k;
  }
  EXPECT_EQ(computed.count(-1), 0u); // entry 0 was never evicted
  computed.clear();
  f(39);
  f(0);
  f(1);
  EXPECT_EQ(computed, std::set<int>{1}); // the newest and the used survived, an old one did not
  EXPECT_GT(function_info(tmp.path(), "lru").entries, 4u);
}

// Sized so that the 10 current entries fit under the 90% a pass aims for and an 11th does
// not: every pass must take stale entries, all four in the end, and no current one, though
// the stale ones were used more recently.
TEST(Eviction, StaleCodeVersionsGoFirst) {
  TempDir tmp, scratch;
  Settings old_version, new_version;
  old_version.version = "v1";
  new_version.version = "v2";
  Cache(scratch.path()).wrap("versions", [](int k) { return block(k); }, old_version)(0);
  const std::uint64_t entry = detail::take_inventory(open_cache_dir(scratch.path()), false).bytes;
  old_version.max_size_bytes = new_version.max_size_bytes = entry * 105 / 9; // 90% of it: 10.5 entries
  Cache cache(tmp.path());
  auto v1 = cache.wrap("versions", [](int k) { return block(k); }, old_version);
  for (int k = 0; k < 4; ++k)
    v1(k);
  auto v2 = cache.wrap("versions", [](int k) { return block(-k); }, new_version);
  for (int k = 0; k < 6; ++k)
    v2(k);
  for (int k = 0; k < 4; ++k)
    v1(k); // v1's entries are now the most recently used, and still stale: v2 is current
  // v2 is current again when a v2 build runs: wrapping is what a program start does.
  auto v2_again = Cache(tmp.path()).wrap("versions", [](int k) { return block(-k); }, new_version);
  for (int k = 6; k < 10; ++k)
    v2_again(k); // over 100 KiB at the third: a pass runs
  detail::Inventory inv = detail::take_inventory(open_cache_dir(tmp.path()), true);
  std::size_t stale = 0, current = 0;
  for (const auto &e : inv.entries)
    (e.code_version == detail::code_version(Key128{}, "v1") ? stale : current) += 1;
  EXPECT_EQ(stale, 0u);
  EXPECT_EQ(current, 10u);
}

// A temporary in `dir` named as a writer that has exited would name it.
fs::path dead_writers_temp(const fs::path &dir) {
  pid_t dead = ::fork();
  if (dead == 0)
    ::_exit(0);
  ::waitpid(dead, nullptr, 0);
  const fs::path temp = dir / (".tmp." + std::to_string(dead) + ".0.npc-tmp");
  write_bytes(temp, {1, 2, 3});
  return temp;
}

TEST(Leftovers, TemporariesOfDeadWritersGoAtTheNextStore) {
  TempDir tmp;
  auto f = Cache(tmp.path()).wrap("left", [](int k) { return block(k); });
  f(1);
  fs::path dir = fs::path(entry_files(tmp.path()).at(0)).parent_path();
  const fs::path dead_temp = dead_writers_temp(dir);
  const fs::path live_temp = dir / (".tmp." + std::to_string(::getppid()) + ".0.npc-tmp");
  write_bytes(live_temp, {1, 2, 3});
  Cache(tmp.path()).wrap("left", [](int k) { return block(k); })(2); // a new process's first store
  EXPECT_FALSE(fs::exists(dead_temp));
  EXPECT_TRUE(fs::exists(live_temp)); // its writer may still be writing
}

// The same when that store goes to the small-entry store: a large value's writer killed
// mid-write left its temporary until some later process stored a file (reliability.crash
// failed once in about ten runs, when its cleaner, which stores a small value, came last).
TEST(Leftovers, TemporariesOfDeadWritersGoAtTheNextSmallStore) {
  TempDir tmp;
  auto twice = [](int k) { return 2 * k; };
  Cache(tmp.path()).wrap("left_small", twice)(1);
  fs::path dir;
  for (const auto &e : fs::recursive_directory_iterator(tmp.path()))
    if (e.path().filename() == "small.mdb")
      dir = e.path().parent_path();
  ASSERT_FALSE(dir.empty());
  const fs::path dead_temp = dead_writers_temp(dir);
  Cache(tmp.path()).wrap("left_small", twice)(2); // a new process's first store, a small one
  EXPECT_FALSE(fs::exists(dead_temp));
}

TEST(UnsafeDirectories, AnotherUsersCacheIsNeitherReadNorWritten) {
  TempDir tmp;
  fs::create_directories(tmp / "theirs");
  ASSERT_EQ(::chown((tmp / "theirs").c_str(), 65534, 65534), 0);
  expect_not_cached(tmp / "theirs", "owned by another user (uid 65534)", tmp / "theirs");
}

TEST(UnsafeDirectories, APlantedFunctionDirectoryLinkIsNotFollowed) {
  TempDir tmp;
  fs::create_directories(tmp / "c");
  fs::create_directories(tmp / "elsewhere");
  fs::create_symlink(tmp / "elsewhere", tmp / "c" / detail::function_dir_name("f", "(i32)->vec<f64>"));
  expect_not_cached(tmp / "c", "a symbolic link", tmp / "elsewhere");
}

// A directory, once opened and checked, is the one every later operation acts on: a link
// swapped in under its name afterwards (the race of a `clear` that deleted by path) sends
// no delete, read or write elsewhere.
TEST(UnsafeDirectories, ALinkSwappedInAfterOpeningRedirectsNothing) {
  TempDir tmp;
  Cache(tmp / "c").wrap("f", [](int k) { return block(k); })(1);
  Cache(tmp / "keep").wrap("f", [](int k) { return block(k); })(1);
  const fs::path entry = entry_files(tmp / "c").at(0), kept = entry_files(tmp / "keep").at(0);
  const std::string function = entry.parent_path().filename().string(), name = entry.filename().string();
  ASSERT_EQ(kept.filename(), entry.filename());

  detail::SafeDir root = open_cache_dir(tmp / "c");
  std::string why;
  detail::SafeDir dir = root.open_dir(function, false, why);
  ASSERT_TRUE(dir) << why;
  fs::rename(tmp / "c" / function, tmp / "c" / "moved");
  fs::create_directory_symlink(kept.parent_path(), tmp / "c" / function);

  EXPECT_GE(dir.open_trusted(name.c_str(), O_RDONLY, why), 0); // still the moved directory's
  EXPECT_TRUE(dir.unlink(name.c_str()));
  EXPECT_FALSE(fs::exists(tmp / "c" / "moved" / name));
  EXPECT_TRUE(fs::exists(kept));
  // And opened afresh, the name is a link: refused, not followed.
  EXPECT_FALSE(root.open_dir(function, false, why));
  EXPECT_NE(why.find("a symbolic link"), std::string::npos) << why;
}

// An entry rewritten in place (not renamed) while others read it: each read gets the
// right value or recomputes, never a mix.
TEST(UnsafeDirectories, EntriesChangingWhileReadNeverYieldWrongValues) {
  TempDir tmp;
  auto f = Cache(tmp.path()).wrap("flux", [](int k) { return block(k, 100000); });
  f(1);
  const fs::path entry = entry_files(tmp.path()).at(0);
  const std::vector<unsigned char> good = read_bytes(entry);
  std::atomic<bool> stop{false};
  std::thread scribbler([&] {
    std::vector<unsigned char> bad = good;
    for (unsigned i = 0; !stop; ++i) {
      bad[(i * 7919u) % bad.size()] ^= 0x10;
      std::fstream out(entry, std::ios::in | std::ios::out | std::ios::binary);
      out.write(reinterpret_cast<const char *>((i % 2 ? bad : good).data()),
                static_cast<std::streamsize>(good.size()));
    }
  });
  int wrong = 0;
  ::testing::internal::CaptureStderr();
  for (int i = 0; i < 300; ++i)
    wrong += Cache(tmp.path()).wrap("flux", [](int k) { return block(k, 100000); })(1) !=
             block(1, 100000);
  stop = true;
  scribbler.join();
  ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(wrong, 0);
}

// Inspecting is not using: the eviction scan, verify and the command read every entry,
// and must leave the access time that eviction takes as the last use of a file that no
// index names (small_store false; an indexed file's use is its record's: small_store_test).
TEST(Eviction, ReadingHeadersAndVerifyingLeaveTheLastUseAlone) {
  TempDir tmp;
  auto f = Cache(tmp.path()).wrap("old", [](int k) { return block(k); }, files_only());
  f(1);
  const std::string entry = entry_files(tmp.path()).at(0).string();
  struct timespec long_ago[2] = {{1577836800, 0}, {1577836800, 0}}; // 2020-01-01
  ASSERT_EQ(::utimensat(AT_FDCWD, entry.c_str(), long_ago, 0), 0);
  detail::EntryHeader header;
  EXPECT_EQ(detail::take_inventory(open_cache_dir(tmp.path()), true).entries.at(0).header_status,
            detail::ReadStatus::ok);
  EXPECT_EQ(detail::verify_entry_file(entry, header).status, detail::ReadStatus::ok);
  EXPECT_EQ(detail::take_inventory(open_cache_dir(tmp.path()), false).entries.at(0).last_use_unix_ns,
            1577836800ull * 1000000000ull);
  f(1); // a use
  EXPECT_GT(detail::take_inventory(open_cache_dir(tmp.path()), false).entries.at(0).last_use_unix_ns,
            1577836800ull * 1000000000ull);
}

// A cache directory reached through the user's own link is used, counted and cleared.
TEST(UnsafeDirectories, TheUsersOwnLinkToTheCacheIsFollowed) {
  TempDir tmp;
  fs::create_directories(tmp / "disk");
  fs::create_symlink(tmp / "disk", tmp / "cache");
  int computed = 0;
  auto f = Cache(tmp / "cache").wrap("f", [&](int k) {
    ++computed;
    return block(k);
  });
  EXPECT_EQ(f(1), block(1));
  EXPECT_EQ(f(1), block(1));
  EXPECT_EQ(computed, 1);
  EXPECT_EQ(Cache(tmp / "cache").stats().entries, 1u);
  EXPECT_EQ(detail::take_inventory(open_cache_dir(tmp / "cache"), true).entries.size(), 1u);
  Cache(tmp / "cache").clear();
  EXPECT_TRUE(fs::is_empty(tmp / "disk"));
}
