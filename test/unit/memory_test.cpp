// The memory tier: a hit from memory is proved by the function not running while the
// entry on disk is gone (or was never written).
#include "storage/memory.hpp"
#include "test_util.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace npcache::test {
namespace {

using detail::encoded_size;
using detail::kMemoryOverheadBytes;
using detail::MemoryTier;

std::atomic<int> g_calls{0};

std::vector<double> ramp(int n, double step) {
  ++g_calls;
  std::vector<double> out(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i)
    out[static_cast<std::size_t>(i)] = i * step;
  return out;
}

Settings in_memory() {
  Settings s = files_only(); // removing an entry is removing its file
  s.memory = true;
  return s;
}

void remove_entries(const std::filesystem::path &dir) {
  for (const auto &file : entry_files(dir))
    std::filesystem::remove(file);
}

class MemoryTierTest : public ::testing::Test {
protected:
  void SetUp() override { g_calls = 0; }
  TempDir tmp;
};

TEST_F(MemoryTierTest, AComputedResultIsServedFromMemoryWithoutItsEntry) {
  Cache cache(tmp.path());
  auto f = cache.wrap("ramp", ramp, in_memory());
  const std::vector<double> first = f(100, 0.5);
  ASSERT_EQ(entry_files(tmp.path()).size(), 1u);
  remove_entries(tmp.path());
  EXPECT_EQ(f(100, 0.5), first);
  EXPECT_EQ(g_calls, 1);
  Stats s = cache.stats();
  EXPECT_EQ(s.memory_hits, 1u);
  EXPECT_EQ(s.hits, 0u);
  EXPECT_EQ(s.misses, 1u);
  // Another key is not in memory.
  f(100, 0.25);
  EXPECT_EQ(g_calls, 2);
}

// Large values are copied outside the tier's lock: the same result.
TEST_F(MemoryTierTest, ALargeResultIsServedFromMemoryToo) {
  auto f = Cache(tmp.path()).wrap("ramp", ramp, in_memory());
  const std::vector<double> first = f(100000, 0.5);
  remove_entries(tmp.path());
  EXPECT_EQ(f(100000, 0.5), first);
  EXPECT_EQ(g_calls, 1);
}

TEST_F(MemoryTierTest, WithoutMemoryTheSameCallRecomputes) {
  auto f = Cache(tmp.path()).wrap("ramp", ramp, files_only());
  f(100, 0.5); // computed
  f(100, 0.5); // loaded
  remove_entries(tmp.path());
  f(100, 0.5);
  EXPECT_EQ(g_calls, 2);
}

TEST_F(MemoryTierTest, ADiskHitIsKeptInMemory) {
  Cache(tmp.path()).wrap("ramp", ramp, files_only())(64, 2.0); // stored on disk only
  Cache cache(tmp.path());
  auto f = cache.wrap("ramp", ramp, in_memory());
  EXPECT_EQ(f(64, 2.0), ramp(64, 2.0));
  EXPECT_EQ(cache.stats().hits, 1u);
  remove_entries(tmp.path());
  g_calls = 0;
  EXPECT_EQ(f(64, 2.0), ramp(64, 2.0));
  EXPECT_EQ(g_calls, 1); // only the reference call above
  EXPECT_EQ(cache.stats().memory_hits, 1u);
}

TEST_F(MemoryTierTest, WorksWhenNothingIsWrittenToDisk) {
  Settings s = in_memory();
  s.write = false;
  auto f = Cache(tmp.path()).wrap("ramp", ramp, s);
  f(10, 1.0);
  f(10, 1.0);
  EXPECT_EQ(g_calls, 1);
  EXPECT_TRUE(entry_files(tmp.path()).empty());
}

TEST_F(MemoryTierTest, AHitReturnsACopy) {
  auto f = Cache(tmp.path()).wrap("ramp", ramp, in_memory());
  std::vector<double> first = f(8, 1.0);
  first[3] = -1;
  std::vector<double> second = f(8, 1.0);
  second[4] = -1;
  EXPECT_EQ(f(8, 1.0), ramp(8, 1.0));
}

TEST_F(MemoryTierTest, RefreshRecomputesEvenWhatMemoryHolds) {
  Cache cache(tmp.path());
  int version = 1;
  auto compute = [&](int) { ++g_calls; return version; };
  auto normal = cache.wrap("v", compute, in_memory());
  Settings refresh = in_memory();
  refresh.refresh = true;
  auto refreshing = cache.wrap("v", compute, refresh);
  EXPECT_EQ(normal(0), 1);
  version = 2;
  EXPECT_EQ(refreshing(0), 2);
  EXPECT_EQ(g_calls, 2);
  // The refresh replaced the value in memory too.
  remove_entries(tmp.path());
  EXPECT_EQ(normal(0), 2);
  EXPECT_EQ(g_calls, 2);
}

TEST_F(MemoryTierTest, ClearDropsTheCachesValuesFromMemory) {
  TempDir other;
  Cache cache(tmp.path()), other_cache(other.path());
  auto f = cache.wrap("ramp", ramp, in_memory());
  auto g = other_cache.wrap("ramp", ramp, in_memory());
  f(5, 1.0);
  g(5, 1.0);
  cache.clear();
  remove_entries(other.path());
  f(5, 1.0);
  EXPECT_EQ(g_calls, 3);
  g(5, 1.0); // the other cache's value stayed in memory
  EXPECT_EQ(g_calls, 3);
}

TEST_F(MemoryTierTest, CachesOfOtherDirectoriesKeepApart) {
  TempDir other;
  Settings s = in_memory();
  s.write = false;
  auto plus_one = Cache(tmp.path()).wrap("step", [](int x) { return x + 1; }, s);
  auto plus_two = Cache(other.path()).wrap("step", [](int x) { return x + 2; }, s);
  EXPECT_EQ(plus_one(1), 2);
  EXPECT_EQ(plus_two(1), 3);
}

// On disk, functions of one name and two signatures live in two directories; in memory,
// only the key (which covers the signature) keeps them apart.
TEST_F(MemoryTierTest, SameNameWithAnotherSignatureDoesNotShareValues) {
  Cache cache(tmp.path());
  auto as_int = cache.wrap("f", [](int x) { return x * 2; }, in_memory());
  auto as_unsigned = cache.wrap("f", [](unsigned x) { return x * 3; }, in_memory());
  EXPECT_EQ(as_int(2), 4);
  EXPECT_EQ(as_unsigned(2u), 6u);
  EXPECT_EQ(as_int(2), 4);
}

TEST_F(MemoryTierTest, MaxAgeExpiresValuesInMemory) {
  Settings s = in_memory();
  s.write = false;
  s.max_age_seconds = 1;
  auto f = Cache(tmp.path()).wrap("ramp", ramp, s);
  f(4, 1.0);
  f(4, 1.0);
  EXPECT_EQ(g_calls, 1);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  f(4, 1.0);
  EXPECT_EQ(g_calls, 2);
}

// An entry loaded from disk keeps its age in memory: it expires when it would on disk.
TEST_F(MemoryTierTest, ALoadedEntryKeepsItsAgeInMemory) {
  Cache(tmp.path()).wrap("ramp", ramp, files_only())(4, 1.0);
  std::this_thread::sleep_for(std::chrono::milliseconds(700));
  Settings s = in_memory();
  s.max_age_seconds = 1;
  auto f = Cache(tmp.path()).wrap("ramp", ramp, s);
  f(4, 1.0); // from disk, 0.7 s old
  EXPECT_EQ(g_calls, 1);
  remove_entries(tmp.path());
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  f(4, 1.0); // 1.1 s old: expired in memory too
  EXPECT_EQ(g_calls, 2);
}

TEST_F(MemoryTierTest, ThreadsShareItAndGetRightValues) {
  auto f = Cache(tmp.path()).wrap("ramp", ramp, in_memory());
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 2000; ++i) {
        int n = 1 + (i + t) % 16;
        std::vector<double> v = f(n, 0.5);
        if (v.size() != static_cast<std::size_t>(n) || v.back() != (n - 1) * 0.5)
          ++wrong;
      }
    });
  for (auto &t : threads)
    t.join();
  EXPECT_EQ(wrong, 0);
  EXPECT_LE(g_calls, 16 * 8); // and far fewer, with compute-once
}

MemoryTier::Slot slot(std::uint64_t n) { return {Key128{n, ~n}, 7}; }
std::shared_ptr<const void> value(int n) { return std::make_shared<const int>(n); }

// The int kept for `s`, or -1.
int found(MemoryTier &tier, const MemoryTier::Slot &s) {
  int out = -1;
  tier.find(s, 0, [](const void *kept, void *o) { *static_cast<int *>(o) = *static_cast<const int *>(kept); },
            &out);
  return out;
}

TEST(MemoryTier, KeepsTheMostRecentlyUsedWithinItsBound) {
  MemoryTier tier;
  const std::uint64_t each = 1000 + kMemoryOverheadBytes;
  for (std::uint64_t n = 0; n < 10; ++n)
    tier.keep(slot(n), value(static_cast<int>(n)), 1000, 0, 5 * each);
  EXPECT_EQ(tier.bytes(), 5 * each);
  for (std::uint64_t n = 0; n < 5; ++n)
    EXPECT_EQ(found(tier, slot(n)), -1) << n;
  // Using 5 makes 6 the least recently used: the next value pushes 6 out, not 5.
  ASSERT_NE(found(tier, slot(5)), -1);
  tier.keep(slot(10), value(10), 1000, 0, 5 * each);
  EXPECT_EQ(found(tier, slot(6)), -1);
  ASSERT_NE(found(tier, slot(5)), -1);
  EXPECT_EQ(found(tier, slot(5)), 5);
  for (std::uint64_t n = 7; n <= 10; ++n)
    EXPECT_NE(found(tier, slot(n)), -1) << n;
}

// Eviction spares a used value once (CLOCK): used again, it stays; not used again, it goes
// in its turn, so a value used once long ago does not stay for good.
TEST(MemoryTier, SparesAUsedValueOnce) {
  MemoryTier tier;
  const std::uint64_t each = 1000 + kMemoryOverheadBytes;
  for (std::uint64_t n = 0; n < 3; ++n)
    tier.keep(slot(n), value(static_cast<int>(n)), 1000, 0, 3 * each);
  ASSERT_EQ(found(tier, slot(0)), 0);
  tier.keep(slot(3), value(3), 1000, 0, 3 * each); // 1 goes; 0 is spared
  EXPECT_EQ(found(tier, slot(1)), -1);
  tier.keep(slot(4), value(4), 1000, 0, 3 * each); // 2 goes
  EXPECT_EQ(found(tier, slot(2)), -1);
  EXPECT_EQ(tier.bytes(), 3 * each);
  // 0 was not used since it was spared; 3 and 4 were not used at all and are newer.
  tier.keep(slot(5), value(5), 1000, 0, 3 * each);
  EXPECT_EQ(found(tier, slot(0)), -1);
  for (std::uint64_t n = 3; n <= 5; ++n)
    EXPECT_EQ(found(tier, slot(n)), static_cast<int>(n)) << n;
}

TEST(MemoryTier, AValueLargerThanTheBoundIsNotKept) {
  MemoryTier tier;
  tier.keep(slot(1), value(1), 100, 0, 1000);
  tier.keep(slot(2), value(2), 5000, 0, 1000);
  EXPECT_EQ(found(tier, slot(2)), -1);
  EXPECT_NE(found(tier, slot(1)), -1);
  EXPECT_EQ(tier.bytes(), 100 + kMemoryOverheadBytes);
}

TEST(MemoryTier, ReplacingAValueCountsItOnce) {
  MemoryTier tier;
  tier.keep(slot(1), value(1), 100, 0, 10000);
  tier.keep(slot(1), value(2), 300, 0, 10000);
  EXPECT_EQ(tier.bytes(), 300 + kMemoryOverheadBytes);
  EXPECT_EQ(found(tier, slot(1)), 2);
}

TEST(MemoryTier, DropRemovesOneDirectorysValues) {
  MemoryTier tier;
  tier.keep({Key128{1, 1}, 7}, value(1), 10, 0, 10000);
  tier.keep({Key128{1, 1}, 8}, value(2), 10, 0, 10000);
  tier.drop(7);
  EXPECT_EQ(found(tier, {Key128{1, 1}, 7}), -1);
  EXPECT_NE(found(tier, {Key128{1, 1}, 8}), -1);
  EXPECT_EQ(tier.bytes(), 10 + kMemoryOverheadBytes);
}

TEST(MemoryTier, EncodedSizeIsWhatTheCodecWrites) {
  const std::vector<double> v(1000, 1.0);
  BufferSink sink;
  codec<std::vector<double>>::encode(sink, v);
  EXPECT_EQ(encoded_size(&detail::encode_value<std::vector<double>>, &v), sink.bytes().size());
}

} // namespace
} // namespace npcache::test
