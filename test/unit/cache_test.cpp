#include "test_util.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cfenv>
#include <clocale>
#include <cstdlib>
#include <thread>
#if defined(__x86_64__)
#include <xmmintrin.h>
#endif

namespace npcache::test {
namespace {

std::atomic<int> g_calls{0};

std::vector<double> linspace(double a, double b, int n) {
  ++g_calls;
  std::vector<double> out(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i)
    out[static_cast<std::size_t>(i)] = a + (b - a) * i / (n - 1);
  return out;
}

class CacheTest : public ::testing::Test {
protected:
  void SetUp() override { g_calls = 0; }
  TempDir tmp;
};

TEST_F(CacheTest, SecondCallIsAHitAndDoesNotRunTheFunction) {
  Cache cache(tmp.path());
  auto f = cache.wrap("linspace", linspace);
  std::vector<double> first = f(7, 42, 50);
  EXPECT_EQ(g_calls, 1);
  std::vector<double> second = f(7, 42, 50);
  EXPECT_EQ(g_calls, 1);
  EXPECT_EQ(first, second);
  EXPECT_EQ(first, linspace(7, 42, 50));
  Stats s = cache.stats();
  EXPECT_EQ(s.hits, 1u);
  EXPECT_EQ(s.misses, 1u);
  EXPECT_EQ(s.entries, 1u);
  EXPECT_GT(s.bytes, 50u * sizeof(double));
}

TEST_F(CacheTest, DifferentArgumentsMiss) {
  Cache cache(tmp.path());
  auto f = cache.wrap("linspace", linspace);
  f(0, 1, 10);
  f(0, 1, 11);
  f(0, 2, 10);
  EXPECT_EQ(g_calls, 3);
  f(0, 1, 10);
  EXPECT_EQ(g_calls, 3);
}

TEST_F(CacheTest, AnotherCacheObjectOnTheSameDirectoryHits) {
  Cache(tmp.path()).wrap("linspace", linspace)(1, 2, 3);
  Cache(tmp.path()).wrap("linspace", linspace)(1, 2, 3);
  EXPECT_EQ(g_calls, 1);
}

TEST_F(CacheTest, VersionChangeMissesAndOldVersionStillHits) {
  Cache cache(tmp.path());
  cache.wrap("linspace", linspace, "v1")(1, 2, 3);
  cache.wrap("linspace", linspace, "v2")(1, 2, 3);
  EXPECT_EQ(g_calls, 2);
  cache.wrap("linspace", linspace, "v1")(1, 2, 3);
  EXPECT_EQ(g_calls, 2);
}

TEST_F(CacheTest, FunctionsWithTheSameShortNameDoNotShareEntries) {
  Cache cache(tmp.path());
  auto a = cache.wrap("physics::step", [](int x) { return x + 1; });
  auto b = cache.wrap("chemistry::step", [](int x) { return x + 2; });
  EXPECT_EQ(a(1), 2);
  EXPECT_EQ(b(1), 3);
  EXPECT_EQ(a(1), 2);
  EXPECT_EQ(b(1), 3);
}

// int 2 and unsigned 2 encode to the same four bytes, and so do the results: only the
// signature in the function's identity keeps the second call from hitting the first's entry.
TEST_F(CacheTest, SameNameWithAnotherSignatureDoesNotShareEntries) {
  Cache cache(tmp.path());
  auto as_int = cache.wrap("f", [](int x) { return x * 2; });
  auto as_unsigned = cache.wrap("f", [](unsigned x) { return x * 3; });
  EXPECT_EQ(encode(2), encode(2u));
  EXPECT_EQ(as_int(2), 4);
  EXPECT_EQ(as_unsigned(2u), 6u);
  EXPECT_EQ(as_int(2), 4);
}

TEST_F(CacheTest, HitReturnsTheSameTypeAndValueAsAMiss) {
  Cache cache(tmp.path());
  using Result = std::tuple<std::map<std::string, std::vector<float>>, std::optional<int>,
                            std::variant<std::string, double>>;
  auto f = cache.wrap("complex", [](const std::string &s) -> Result {
    ++g_calls;
    return {{{s, {1.f, 2.f}}}, 3, std::string("x")};
  });
  Result miss = f("k");
  Result hit = f("k");
  static_assert(std::is_same_v<decltype(hit), Result>);
  EXPECT_EQ(g_calls, 1);
  EXPECT_TRUE(miss == hit);
}

// The same code computes other values under another rounding mode, or with subnormals
// flushed to zero: the environment at the call is an input, as the arguments are.
TEST_F(CacheTest, TheFloatingPointEnvironmentOfTheCallIsPartOfTheKey) {
  Cache cache(tmp.path());
  auto third = cache.wrap("third", [](double x) {
    ++g_calls;
    return x / 3.0;
  });
  volatile double one = 1.0; // not folded at compile time, under the default rounding
  const double nearest = third(one);
  ASSERT_EQ(std::fesetround(FE_UPWARD), 0);
  const double upward = third(one);
  const int calls_upward = g_calls;
  const double upward_again = third(one);
  std::fesetround(FE_TONEAREST);
  EXPECT_EQ(calls_upward, 2);
  EXPECT_GT(upward, nearest);
  EXPECT_EQ(upward_again, upward);
  EXPECT_EQ(third(one), nearest);
  EXPECT_EQ(g_calls, 2);
}

#if defined(__x86_64__)
TEST_F(CacheTest, FlushingSubnormalsToZeroIsPartOfTheKey) {
  Cache cache(tmp.path());
  auto scale = cache.wrap("scale", [](double x) {
    ++g_calls;
    return x * 1e-300;
  });
  volatile double small = 1e-10;
  const double subnormal = scale(small);
  const unsigned int saved = _mm_getcsr();
  _mm_setcsr(saved | 0x8040u); // flush-to-zero and denormals-are-zero, as -ffast-math sets
  const double flushed = scale(small);
  _mm_setcsr(saved);
  EXPECT_GT(subnormal, 0.0);
  EXPECT_EQ(flushed, 0.0);
  EXPECT_EQ(g_calls, 2);
  EXPECT_EQ(scale(small), subnormal);
  EXPECT_EQ(g_calls, 2);
}
#endif

// Text functions read the C locale: mbstowcs counts "\xc3\xa9" as one character in
// C.UTF-8 and refuses it in "C".
TEST_F(CacheTest, TheLocaleOfTheCallIsPartOfTheKey) {
  Cache cache(tmp.path());
  auto characters = cache.wrap("characters", [](const std::string &text) {
    ++g_calls;
    return static_cast<long>(std::mbstowcs(nullptr, text.c_str(), 0));
  });
  const std::string e_acute = "\xc3\xa9";
  const long in_c = characters(e_acute);
  ASSERT_NE(std::setlocale(LC_ALL, "C.UTF-8"), nullptr);
  const long in_utf8 = characters(e_acute);
  const long in_utf8_again = characters(e_acute);
  std::setlocale(LC_ALL, "C");
  EXPECT_EQ(in_c, -1);
  EXPECT_EQ(in_utf8, 1);
  EXPECT_EQ(in_utf8_again, 1);
  EXPECT_EQ(g_calls, 2);
  EXPECT_EQ(characters(e_acute), -1);
  EXPECT_EQ(g_calls, 2);
}

struct UserError {
  int code;
};

TEST_F(CacheTest, ExceptionsReachTheCallerUnchangedAndNothingIsStored) {
  Cache cache(tmp.path());
  auto f = cache.wrap("thrower", [](int x) -> int {
    ++g_calls;
    if (x < 0)
      throw UserError{x};
    return x;
  });
  try {
    f(-3);
    FAIL() << "no exception";
  } catch (const UserError &e) {
    EXPECT_EQ(e.code, -3);
  }
  EXPECT_THROW(f(-3), UserError);
  EXPECT_EQ(g_calls, 2);
  EXPECT_EQ(cache.stats().entries, 0u);
}

Cache *g_nested_cache = nullptr;

long fib(int n);
long fib_uncached(int n) {
  ++g_calls;
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}
long fib(int n) {
  static auto cached = g_nested_cache->wrap("fib", fib_uncached);
  return cached(n);
}

TEST_F(CacheTest, RecursiveCachedCallsWorkAndHitTheirOwnEntries) {
  Cache cache(tmp.path());
  g_nested_cache = &cache;
  EXPECT_EQ(fib(30), 832040);
  EXPECT_EQ(g_calls, 31); // each n computed once
  EXPECT_EQ(fib(30), 832040);
  EXPECT_EQ(g_calls, 31);
}

TEST_F(CacheTest, CachedFunctionCallingAnotherCachedFunction) {
  Cache cache(tmp.path());
  auto inner = cache.wrap("inner", [](int x) { ++g_calls; return x * x; });
  auto outer = cache.wrap("outer", [&inner](int x) { ++g_calls; return inner(x) + inner(x + 1); });
  EXPECT_EQ(outer(3), 25);
  EXPECT_EQ(g_calls, 3);
  EXPECT_EQ(inner(4), 16);
  EXPECT_EQ(g_calls, 3);
}

TEST_F(CacheTest, SlowComputationDoesNotBlockOtherKeys) {
  // One thread computes key 1 until released; key 2 must complete meanwhile.
  Cache cache(tmp.path());
  std::atomic<bool> release{false}, started{false};
  auto f = cache.wrap("gate", [&](int x) {
    if (x == 1) {
      started = true;
      while (!release)
        std::this_thread::yield();
    }
    return x;
  });
  std::thread slow([&] { EXPECT_EQ(f(1), 1); });
  while (!started)
    std::this_thread::yield();
  EXPECT_EQ(f(2), 2); // would hang forever under one global lock
  release = true;
  slow.join();
}

TEST_F(CacheTest, ClearRemovesOnlyNpcacheFiles) {
  Cache cache(tmp.path());
  auto f = cache.wrap("linspace", linspace);
  f(1, 2, 3);
  f(1, 2, 4);
  write_bytes(tmp / "notes.txt", {'h', 'i'});
  std::filesystem::create_directory(tmp / "data");
  write_bytes(tmp / "data" / "keep.npc", {'x'});
  ASSERT_EQ(cache.stats().entries, 2u);
  cache.clear();
  EXPECT_EQ(cache.stats().entries, 0u);
  EXPECT_TRUE(std::filesystem::exists(tmp / "notes.txt"));
  EXPECT_TRUE(std::filesystem::exists(tmp / "data" / "keep.npc"));
  f(1, 2, 3);
  EXPECT_EQ(g_calls, 3); // recomputed after clear
}

TEST_F(CacheTest, CallsAfterClearRemoveDirRecreateTheDirectory) {
  auto dir = tmp / "cache";
  Cache cache(dir);
  auto f = cache.wrap("linspace", linspace);
  f(1, 2, 3);
  cache.clear(remove_dir);
  EXPECT_FALSE(std::filesystem::exists(dir));
  EXPECT_EQ(f(1, 2, 3), linspace(1, 2, 3));
  EXPECT_EQ(cache.stats().entries, 1u);
  f(1, 2, 3);
  EXPECT_EQ(g_calls, 3); // miss after clear, own direct call, then a hit
}

// A handle reads through its function directory held open; when the directory is
// removed and another handle (or process) fills a new one, the first must find the new
// entries rather than keep missing in the removed directory.
TEST_F(CacheTest, FindsEntriesInADirectoryReplacedSinceItsFirstCall) {
  auto dir = tmp / "cache";
  auto f = Cache(dir).wrap("linspace", linspace);
  f(1, 2, 3);
  EXPECT_EQ(g_calls, 1);
  std::filesystem::remove_all(dir);
  Cache(dir).wrap("linspace", linspace)(1, 2, 3); // a new handle: sets up a new directory
  EXPECT_EQ(g_calls, 2);
  EXPECT_EQ(f(1, 2, 3), linspace(1, 2, 3));
  EXPECT_EQ(g_calls, 3); // f hit the new handle's entry; the 3rd call is the direct one
  f(4, 5, 6);
  EXPECT_EQ(g_calls, 4); // a miss stored in the new directory...
  Cache(dir).wrap("linspace", linspace)(4, 5, 6);
  EXPECT_EQ(g_calls, 4); // ...where others find it
}

// A miss checks the held directory with one stat of its path (not by opening it again):
// that stat must also notice a mode that makes it untrusted since it was opened.
TEST_F(CacheTest, StopsStoringInADirectoryMadeWritableByOthersSinceItsFirstCall) {
  Cache cache(tmp.path());
  auto f = cache.wrap("linspace", linspace);
  f(1, 2, 3);
  const std::filesystem::path function_dir = function_dirs(tmp.path()).at(0);
  std::filesystem::permissions(function_dir, std::filesystem::perms::others_write,
                               std::filesystem::perm_options::add);
  f(4, 5, 6); // computed, and not stored where others could have planted it
  EXPECT_EQ(g_calls, 2);
  EXPECT_EQ(g_calls, 2);
  std::filesystem::permissions(function_dir, std::filesystem::perms::others_write,
                               std::filesystem::perm_options::remove);
  EXPECT_EQ(stored_entries(tmp.path()), 1u);
  EXPECT_GE(cache.stats().errors, 1u); // said so
}

TEST_F(CacheTest, ClearRemoveDirLeavesADirectoryHoldingUserFiles) {
  Cache cache(tmp.path());
  cache.wrap("linspace", linspace)(1, 2, 3);
  write_bytes(tmp / "mine.txt", {'x'});
  cache.clear(remove_dir);
  EXPECT_TRUE(std::filesystem::exists(tmp / "mine.txt"));
  EXPECT_EQ(cache.stats().entries, 0u);
}

TEST_F(CacheTest, DisabledCallsTheFunctionDirectly) {
  Settings off;
  off.enabled = false;
  auto f = Cache(tmp.path()).wrap("linspace", linspace, off);
  f(1, 2, 3);
  f(1, 2, 3);
  EXPECT_EQ(g_calls, 2);
  EXPECT_EQ(stored_entries(tmp.path()), 0u);
  EXPECT_TRUE(entry_files(tmp.path()).empty());
}

TEST_F(CacheTest, WriteFalseReadsButNeverWrites) {
  Settings readonly;
  readonly.write = false;
  Cache cache(tmp.path());
  cache.wrap("linspace", linspace, readonly)(1, 2, 3);
  EXPECT_EQ(stored_entries(tmp.path()), 0u);
  cache.wrap("linspace", linspace)(1, 2, 3); // writes
  cache.wrap("linspace", linspace, readonly)(1, 2, 3);
  EXPECT_EQ(g_calls, 2); // the read-only call hit the entry
}

TEST_F(CacheTest, RefreshRecomputesAndOverwrites) {
  Settings refresh;
  refresh.refresh = true;
  Cache cache(tmp.path());
  int version = 1;
  auto normal = cache.wrap("v", [&](int) { ++g_calls; return version; });
  auto refreshing = cache.wrap("v", [&](int) { ++g_calls; return version; }, refresh);
  EXPECT_EQ(normal(0), 1);
  version = 2;
  EXPECT_EQ(normal(0), 1); // stale by design: the code did not say it changed
  EXPECT_EQ(refreshing(0), 2);
  EXPECT_EQ(normal(0), 2); // the refresh overwrote the entry
  EXPECT_EQ(g_calls, 2);
}

TEST_F(CacheTest, ZstdCompressesAndRoundTrips) {
  Settings zstd;
  zstd.compress = Compression::zstd;
  zstd.level = 3;
  TempDir plain_dir;
  std::vector<double> expected = linspace(0, 1, 100000);
  auto compressed = Cache(tmp.path()).wrap("linspace", linspace, zstd);
  auto plain = Cache(plain_dir.path()).wrap("linspace", linspace);
  compressed(0, 1, 100000);
  plain(0, 1, 100000);
  g_calls = 0;
  EXPECT_EQ(compressed(0, 1, 100000), expected);
  EXPECT_EQ(g_calls, 0);
  auto zsize = std::filesystem::file_size(entry_files(tmp.path()).at(0));
  auto psize = std::filesystem::file_size(entry_files(plain_dir.path()).at(0));
  EXPECT_LT(zsize, psize);
}

// In both stores: small results in the small-entry store, and as files.
TEST_F(CacheTest, MaxAgeExpiresEntries) {
  Settings young;
  young.max_age_seconds = 1;
  auto in_store = Cache(tmp.path() / "store").wrap("linspace", linspace, young);
  auto as_file = Cache(tmp.path() / "files").wrap("linspace", linspace, files_only(young));
  for (auto *f : {&in_store, &as_file}) {
    (*f)(1, 2, 3);
    (*f)(1, 2, 3);
  }
  EXPECT_EQ(g_calls, 2);
  ASSERT_EQ(entry_files(tmp.path() / "files").size(), 1u);
  ASSERT_TRUE(entry_files(tmp.path() / "store").empty());
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  in_store(1, 2, 3);
  EXPECT_EQ(g_calls, 3) << "the small store's entry outlived max_age";
  as_file(1, 2, 3);
  EXPECT_EQ(g_calls, 4) << "the file outlived max_age";
}

TEST_F(CacheTest, ReadableKeysNameEntriesAfterTheArguments) {
  Settings readable;
  readable.key = KeyStyle::readable;
  auto f = Cache(tmp.path()).wrap("linspace", linspace, readable);
  f(7, 42.5, 50);
  auto files = entry_files(tmp.path());
  ASSERT_EQ(files.size(), 1u);
  std::string name = files[0].filename().string();
  EXPECT_EQ(name.rfind("7_42.5_50-", 0), 0u) << name;
  f(7, 42.5, 50);
  EXPECT_EQ(g_calls, 1);
}

TEST_F(CacheTest, ReadableKeysSanitizeHostileStrings) {
  Settings readable;
  readable.key = KeyStyle::readable;
  Cache cache(tmp.path());
  auto f = cache.wrap("echo", [](const std::string &s) { ++g_calls; return s; }, readable);
  const std::vector<std::string> hostile = {
      "../../etc/passwd", "/abs/path", "..", ".", ".hidden", "a\\b", "nul\0byte",
      std::string(5000, 'x'), "new\nline", "tab\tand space", "\xff\xfe utf8 \xc3\xa9", "*?<>|:\"",
      "", "-rf", "con"};
  for (const auto &s : hostile)
    EXPECT_EQ(f(s), s);
  for (const auto &s : hostile)
    EXPECT_EQ(f(s), s);
  EXPECT_EQ(g_calls, static_cast<int>(hostile.size())); // the second round all hit
  auto files = entry_files(tmp.path());
  EXPECT_EQ(files.size(), hostile.size());
  auto function_dir = files.at(0).parent_path();
  for (const auto &file : files) {
    EXPECT_EQ(file.parent_path(), function_dir) << file; // nothing escaped
    std::string name = file.filename().string();
    EXPECT_LE(name.size(), 80u + 1 + 32 + 4) << name;
    EXPECT_NE(name[0], '.') << name;
    EXPECT_EQ(name.find(".."), std::string::npos) << name;
    for (char c : name)
      EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || std::strchr("._+=,-", c)) << name;
  }
}

TEST_F(CacheTest, StringViewAndConstReferenceArguments) {
  Cache cache(tmp.path());
  auto f = cache.wrap("len", [](std::string_view s, const std::vector<int> &v) {
    ++g_calls;
    return s.size() + v.size();
  });
  EXPECT_EQ(f("abc", {1, 2}), 5u);
  EXPECT_EQ(f("abc", {1, 2}), 5u);
  EXPECT_EQ(g_calls, 1);
}

TEST_F(CacheTest, MoveOnlyArgumentsByValueAreForwarded) {
  Cache cache(tmp.path());
  auto f = cache.wrap("sum", [](std::vector<int> v) {
    ++g_calls;
    long s = 0;
    for (int x : v)
      s += x;
    return s;
  });
  std::vector<int> v{1, 2, 3};
  EXPECT_EQ(f(v), 6);
  EXPECT_EQ(f(std::vector<int>{1, 2, 3}), 6);
  EXPECT_EQ(g_calls, 1);
}

TEST_F(CacheTest, DefaultCacheUsesSetCacheDir) {
  set_cache_dir(tmp / "from-set-cache-dir");
  Cache cache;
  EXPECT_EQ(cache.dir(), tmp / "from-set-cache-dir");
  cache.wrap("linspace", linspace)(1, 2, 3);
  EXPECT_EQ(stored_entries(tmp / "from-set-cache-dir"), 1u);
}

TEST_F(CacheTest, ConfigObjectActsAsTheProjectFile) {
  Config config = parse_config(R"({"functions": {"sim::*": {"enabled": false}}})", "inline.json");
  Cache cache(tmp.path(), config);
  auto off = cache.wrap("sim::step", linspace);
  auto on = cache.wrap("other::step", linspace);
  off(1, 2, 3);
  off(1, 2, 3);
  on(1, 2, 3);
  on(1, 2, 3);
  EXPECT_EQ(g_calls, 3);
}

} // namespace
} // namespace npcache::test

namespace npcache::test {
namespace {

TEST(GeneratedCode, DependencyListIsKeptOncePerCodeVersionAndCleared) {
  TempDir tmp;
  Cache cache(tmp.path());
  int calls = 0;
  auto run = [&](const Key128 &digest, int x) {
    detail::Code code{digest, "test context", "f(int)\tabc\nhelper()\tdef\n"};
    detail::Handle handle = detail::make_handle(cache, "f", detail::signature_text<int, int>(), {}, code);
    return detail::cached_call(handle, [&] { return ++calls + x; }, x);
  };
  run(Key128{1, 2}, 1);
  run(Key128{1, 2}, 2);
  EXPECT_EQ(run(Key128{1, 2}, 1), 2); // a hit: the first call's value
  run(Key128{3, 4}, 1);               // another code version: a miss
  EXPECT_EQ(calls, 3);
  int deps = 0;
  for (const auto &file : std::filesystem::recursive_directory_iterator(tmp.path()))
    deps += file.path().extension() == ".deps";
  EXPECT_EQ(deps, 2); // one per code version, not one per entry
  EXPECT_EQ(cache.stats().entries, 3u);
  cache.clear(remove_dir);
  EXPECT_FALSE(std::filesystem::exists(tmp.path()));
}

} // namespace
} // namespace npcache::test
