// A cache location that is missing, unusable or full never fails the call.
#include "test_util.hpp"

#include <gtest/gtest.h>

#include <csignal>
#include <sys/resource.h>

namespace npcache::test {
namespace {

std::vector<double> ramp(int n) {
  std::vector<double> v(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i)
    v[static_cast<std::size_t>(i)] = i;
  return v;
}

TEST(Failure, DirectoryBelowARegularFileReturnsResultsAndWarnsOnce) {
  TempDir tmp;
  write_bytes(tmp / "file", {'x'});
  Cache cache(tmp / "file" / "cache"); // ENOTDIR, even for root
  auto f = cache.wrap("ramp", ramp);
  ::testing::internal::CaptureStderr();
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(f(100 + i), ramp(100 + i));
  std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(err.find("npcache: warning: ramp: not caching: "), std::string::npos) << err;
  EXPECT_NE(err.find("Not a directory"), std::string::npos) << err;
  EXPECT_EQ(err.find("npcache: warning:"), err.rfind("npcache: warning:")) << err;
  EXPECT_EQ(cache.stats().errors, 1u);
  EXPECT_EQ(cache.stats().misses, 5u);
}

TEST(Failure, FullDiskReturnsResultsAndLeavesNoTemporaryFile) {
  TempDir tmp;
  int status = run_in_child([&] {
    std::signal(SIGXFSZ, SIG_IGN); // so the write fails with EFBIG instead of killing us
    rlimit limit{64 * 1024, 64 * 1024};
    ::setrlimit(RLIMIT_FSIZE, &limit);
    auto f = Cache(tmp.path()).wrap("ramp", ramp);
    for (int round = 0; round < 2; ++round) {
      if (f(100000) != ramp(100000)) // 800 KB: over the limit
        return 1;
      if (f(10) != ramp(10)) // small: fits
        return 2;
    }
    return 0;
  });
  EXPECT_EQ(status, 0);
  EXPECT_EQ(stored_entries(tmp.path()), 1u); // only the small result was stored
  for (auto it = std::filesystem::recursive_directory_iterator(tmp.path());
       it != std::filesystem::recursive_directory_iterator(); ++it)
    EXPECT_EQ(it->path().filename().string().find(".tmp."), std::string::npos) << it->path();
}

TEST(Failure, MissingDirectoryIsCreatedOnFirstWrite) {
  TempDir tmp;
  auto f = Cache(tmp / "a" / "b" / "c").wrap("ramp", ramp);
  EXPECT_EQ(f(5), ramp(5));
  EXPECT_EQ(stored_entries(tmp / "a" / "b" / "c"), 1u);
}

TEST(Failure, ReadOnlyModeWithMissingDirectoryIsQuiet) {
  TempDir tmp;
  Settings readonly;
  readonly.write = false;
  auto f = Cache(tmp / "missing").wrap("ramp", ramp, readonly);
  ::testing::internal::CaptureStderr();
  EXPECT_EQ(f(5), ramp(5));
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
  EXPECT_FALSE(std::filesystem::exists(tmp / "missing"));
}

} // namespace
} // namespace npcache::test
