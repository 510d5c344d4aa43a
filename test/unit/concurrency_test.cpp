// Many threads and processes on one directory: every returned value is checked.
#include "test_util.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace npcache::test {
namespace {

// A result large enough that writing it takes a while, so that readers race writers.
std::vector<std::uint64_t> table(int key) {
  std::vector<std::uint64_t> v(20000);
  for (std::size_t i = 0; i < v.size(); ++i)
    v[i] = static_cast<std::uint64_t>(key) * 1000003u + i;
  return v;
}

// Every element: a value assembled from two writers' halves would differ somewhere inside.
bool check(const std::vector<std::uint64_t> &v, int key) {
  if (v.size() != 20000)
    return false;
  for (std::size_t i = 0; i < v.size(); ++i)
    if (v[i] != static_cast<std::uint64_t>(key) * 1000003u + i)
      return false;
  return true;
}

TEST(Concurrency, ThreadsOnSameAndDifferentKeys) {
  TempDir tmp;
  Cache cache(tmp.path());
  auto f = cache.wrap("table", table);
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 300; ++i) {
        int key = (i * 7 + t) % 24; // every key is hit by several threads
        if (!check(f(key), key))
          ++wrong;
      }
    });
  for (auto &t : threads)
    t.join();
  EXPECT_EQ(wrong, 0);
  Stats s = cache.stats();
  EXPECT_EQ(s.hits + s.misses, 8u * 300u);
  EXPECT_EQ(s.entries, 24u);
  EXPECT_EQ(s.errors, 0u);
}

TEST(Concurrency, ForkedProcessesOnSameAndDifferentKeys) {
  TempDir tmp;
  std::vector<pid_t> children;
  for (int p = 0; p < 8; ++p) {
    pid_t pid = ::fork();
    if (pid == 0) {
      auto f = Cache(tmp.path()).wrap("table", table);
      int bad = 0;
      for (int i = 0; i < 400; ++i) {
        int key = (i * 5 + p) % 16;
        if (!check(f(key), key))
          ++bad;
      }
      ::_exit(bad == 0 ? 0 : 1);
    }
    children.push_back(pid);
  }
  for (pid_t pid : children) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "status " << status;
  }
  EXPECT_EQ(stored_entries(tmp.path()), 16u);
  // Every entry left behind is whole: a fresh process hits all of them.
  int misses = 0;
  auto f = Cache(tmp.path()).wrap("table", [&misses](int key) {
    ++misses;
    return table(key);
  });
  for (int key = 0; key < 16; ++key)
    EXPECT_TRUE(check(f(key), key));
  EXPECT_EQ(misses, 0);
}

} // namespace
} // namespace npcache::test
