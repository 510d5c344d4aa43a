// npcache::input_file and npcache::input_dir: the key follows what the files contain.
// Each run is a fresh process of the input probe, so a digest it does not read the file
// for came from the table on disk.
#include "test_util.hpp"

#include <npcache/input_file.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <fcntl.h>
#include <sys/stat.h>
#include <thread>

namespace npcache::test {
namespace {

namespace fs = std::filesystem;

struct ProbeResult {
  bool computed = false;
  unsigned long long hashed = 0; // files the process read to hash them
  std::string value;
};

class InputFileTest : public ::testing::Test {
protected:
  ProbeResult probe(const std::string &kind, const fs::path &path) {
    const std::string out_file = (tmp / "out.txt").string();
    const std::string command = "env -u NPCACHE_MODE -u NPCACHE_LOG -u NPCACHE_CONFIG NPCACHE_DIR=" +
                                cache().string() + " " + NPCACHE_INPUT_PROBE + " " + kind + " '" +
                                path.string() + "' >" + out_file;
    EXPECT_EQ(std::system(command.c_str()), 0) << command;
    auto bytes = read_bytes(out_file);
    std::string text(bytes.begin(), bytes.end());
    ProbeResult run;
    char state[16] = {};
    int used = 0;
    EXPECT_EQ(std::sscanf(text.c_str(), "%15s hashed=%llu %n", state, &run.hashed, &used), 2) << text;
    run.computed = std::string(state) == "computed";
    run.value = text.substr(static_cast<std::size_t>(used));
    if (!run.value.empty() && run.value.back() == '\n')
      run.value.pop_back();
    return run;
  }

  static void write(const fs::path &file, const std::string &text) {
    fs::create_directories(file.parent_path());
    write_bytes(file, std::vector<unsigned char>(text.begin(), text.end()));
  }

  // A digest is remembered only for a file last changed over a second before it was
  // hashed (an edit in the same timestamp tick would otherwise go unseen).
  static void settle() { std::this_thread::sleep_for(std::chrono::milliseconds(1100)); }

  static struct timespec mtime_of(const fs::path &file) {
    struct stat st;
    EXPECT_EQ(::stat(file.c_str(), &st), 0);
    return st.st_mtim;
  }

  static void set_mtime(const fs::path &file, const struct timespec &mtime) {
    struct timespec times[2] = {mtime, mtime};
    EXPECT_EQ(::utimensat(AT_FDCWD, file.c_str(), times, 0), 0);
  }

  fs::path cache() const { return tmp / "cache"; }

  TempDir tmp;
};

TEST_F(InputFileTest, EditingTheFileMissesAndTouchingItHits) {
  const fs::path data = tmp / "data.csv";
  write(data, "alpha");
  ProbeResult first = probe("file", data);
  EXPECT_TRUE(first.computed);
  EXPECT_EQ(first.value, "alpha");
  ProbeResult again = probe("file", data);
  EXPECT_FALSE(again.computed);
  EXPECT_EQ(again.value, "alpha");
  write(data, "bravo"); // the same size
  ProbeResult edited = probe("file", data);
  EXPECT_TRUE(edited.computed);
  EXPECT_EQ(edited.value, "bravo");
  set_mtime(data, {mtime_of(data).tv_sec + 10, 0}); // touched, not changed
  ProbeResult touched = probe("file", data);
  EXPECT_FALSE(touched.computed);
  EXPECT_EQ(touched.value, "bravo");
  EXPECT_EQ(touched.hashed, 1u); // read again: the file's times moved
}

TEST_F(InputFileTest, AnUnchangedFileIsNotReadAgainInTheNextProcess) {
  const fs::path data = tmp / "data.csv";
  write(data, "alpha");
  settle();
  ProbeResult first = probe("file", data);
  EXPECT_TRUE(first.computed);
  EXPECT_EQ(first.hashed, 1u);
  ProbeResult second = probe("file", data);
  EXPECT_FALSE(second.computed);
  EXPECT_EQ(second.hashed, 0u);
  EXPECT_EQ(second.value, "alpha");
}

// The fast path must not take an edit that keeps the size and puts the modification time
// back (as `cp -p`, `rsync -t` or `touch -r` do) for the old content: the change time
// still moves, and it is part of what is remembered.
TEST_F(InputFileTest, AnEditThatKeepsSizeAndModificationTimeMisses) {
  const fs::path data = tmp / "data.csv";
  write(data, "alpha");
  settle();
  ASSERT_TRUE(probe("file", data).computed);
  ASSERT_EQ(probe("file", data).hashed, 0u); // remembered
  const struct timespec old = mtime_of(data);
  write(data, "bravo");
  set_mtime(data, old);
  ProbeResult edited = probe("file", data);
  EXPECT_TRUE(edited.computed);
  EXPECT_EQ(edited.value, "bravo");
}

TEST_F(InputFileTest, ARememberedDigestThatIsDamagedIsNotUsed) {
  const fs::path data = tmp / "data.csv";
  write(data, "alpha");
  settle();
  ASSERT_TRUE(probe("file", data).computed);
  std::vector<fs::path> records;
  for (const auto &e : fs::directory_iterator(cache() / ".inputs"))
    records.push_back(e.path());
  ASSERT_EQ(records.size(), 1u);
  std::vector<unsigned char> bytes = read_bytes(records[0]);
  bytes[bytes.size() - 20] ^= 1; // inside the digest
  write_bytes(records[0], bytes);
  ::chmod(records[0].c_str(), 0600);
  ProbeResult again = probe("file", data);
  EXPECT_EQ(again.hashed, 1u);
  EXPECT_FALSE(again.computed); // the content is the same
  EXPECT_EQ(again.value, "alpha");
}

TEST_F(InputFileTest, AMissingFileMissesOnceItExists) {
  const fs::path data = tmp / "later.csv";
  EXPECT_EQ(probe("file", data).value, "<missing>");
  EXPECT_FALSE(probe("file", data).computed);
  write(data, "alpha");
  ProbeResult created = probe("file", data);
  EXPECT_TRUE(created.computed);
  EXPECT_EQ(created.value, "alpha");
}

TEST_F(InputFileTest, TheSameContentAtAnotherPathIsAnotherKey) {
  write(tmp / "a.csv", "alpha");
  write(tmp / "b.csv", "alpha");
  EXPECT_TRUE(probe("file", tmp / "a.csv").computed);
  EXPECT_TRUE(probe("file", tmp / "b.csv").computed);
}

TEST_F(InputFileTest, AFolderMissesWhenAnyFileUnderItChanges) {
  const fs::path dir = tmp / "inputs";
  write(dir / "a" / "x.txt", "one");
  write(dir / "b.txt", "two");
  ProbeResult first = probe("dir", dir);
  EXPECT_TRUE(first.computed);
  EXPECT_EQ(first.value, "a/x.txt=one;b.txt=two;");
  EXPECT_FALSE(probe("dir", dir).computed);
  write(dir / "a" / "x.txt", "ONE"); // nested, same size
  EXPECT_EQ(probe("dir", dir).value, "a/x.txt=ONE;b.txt=two;");
  write(dir / "c.txt", "three");
  ProbeResult added = probe("dir", dir);
  EXPECT_TRUE(added.computed);
  EXPECT_EQ(added.value, "a/x.txt=ONE;b.txt=two;c.txt=three;");
  fs::rename(dir / "c.txt", dir / "d.txt");
  ProbeResult renamed = probe("dir", dir);
  EXPECT_TRUE(renamed.computed);
  EXPECT_EQ(renamed.value, "a/x.txt=ONE;b.txt=two;d.txt=three;");
  EXPECT_FALSE(probe("dir", dir).computed);
}

TEST_F(InputFileTest, ClearRemovesTheRememberedDigests) {
  const fs::path data = tmp / "data.csv";
  write(data, "alpha");
  settle();
  probe("file", data);
  ASSERT_TRUE(fs::exists(cache() / ".inputs"));
  Cache(cache()).clear(remove_dir);
  EXPECT_FALSE(fs::exists(cache()));
}

TEST(InputState, TheDigestIsTheContentsAndFailuresAreTold) {
  TempDir tmp;
  const std::string text = "some,numbers\n1,2\n";
  write_bytes(tmp / "f.csv", std::vector<unsigned char>(text.begin(), text.end()));
  detail::InputState file = detail::input_state((tmp / "f.csv").string(), false);
  EXPECT_EQ(file.status, detail::InputState::ok);
  EXPECT_EQ(file.digest, hash_bytes(text.data(), text.size()));
  EXPECT_EQ(detail::input_state((tmp / "none.csv").string(), false).status, detail::InputState::missing);
  EXPECT_EQ(detail::input_state(tmp.path().string(), false).status, detail::InputState::wrong_kind);
  EXPECT_EQ(detail::input_state((tmp / "f.csv").string(), true).status, detail::InputState::wrong_kind);
}

// Only a digest of a file that has stood still for a second is remembered: a file whose
// times are not yet a second old is read on every call. Kernels with fine-grained
// timestamps (Linux 6.13+) never give two writes the same times, so the test dates the
// file an hour ahead rather than relying on a write landing in the same tick.
TEST(InputState, AFileChangedLessThanASecondAgoIsNotRemembered) {
  TempDir tmp;
  const fs::path file = tmp / "f.csv";
  const std::string text = "alpha";
  write_bytes(file, std::vector<unsigned char>(text.begin(), text.end()));
  struct timespec times[2];
  ::clock_gettime(CLOCK_REALTIME, &times[0]);
  times[0].tv_sec += 3600;
  times[1] = times[0];
  ASSERT_EQ(::utimensat(AT_FDCWD, file.c_str(), times, 0), 0);
  const std::uint64_t before = detail::input_files_hashed();
  for (int call = 0; call < 3; ++call)
    ASSERT_EQ(detail::input_state(file.string(), false).digest, hash_bytes(text.data(), text.size()));
  EXPECT_EQ(detail::input_files_hashed() - before, 3u);
}

// A file written again within the same timestamp tick as the version that was hashed (the
// kernel's file clock ticks every few milliseconds) looks unchanged by size and times, so
// such a digest must not be remembered. Rewriting at once, many times over, lands in the
// same tick in most rounds.
TEST(InputState, AFileRewrittenInTheSameTickIsReadAgain) {
  TempDir tmp;
  const fs::path file = tmp / "f.csv";
  for (int round = 0; round < 50; ++round) {
    const std::string a = "alpha" + std::to_string(round % 10), b = "bravo" + std::to_string(round % 10);
    write_bytes(file, std::vector<unsigned char>(a.begin(), a.end()));
    ASSERT_EQ(detail::input_state(file.string(), false).digest, hash_bytes(a.data(), a.size()));
    write_bytes(file, std::vector<unsigned char>(b.begin(), b.end()));
    ASSERT_EQ(detail::input_state(file.string(), false).digest, hash_bytes(b.data(), b.size())) << round;
  }
}

} // namespace
} // namespace npcache::test
