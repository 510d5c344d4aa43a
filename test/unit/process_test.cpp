// Persistence across separate processes, and the environment variables, each read by a
// fresh process of the probe program.
#include "test_util.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <sys/stat.h>

namespace npcache::test {
namespace {

struct ProbeRun {
  std::string out, err;
};

class ProcessTest : public ::testing::Test {
protected:
  // Runs the probe with `env` (assignments such as "NPCACHE_MODE=off"), NPCACHE_DIR set
  // to tmp/cache unless `with_dir` is false, and no other NPCACHE_ variable.
  ProbeRun probe(const std::string &env, int n = 1000, bool with_dir = true,
                 const std::string &version = "") {
    std::string out_file = (tmp / "out.txt").string(), err_file = (tmp / "err.txt").string();
    std::string dir = with_dir ? "NPCACHE_DIR=" + (tmp / "cache").string() : "";
    std::string command = "env -u NPCACHE_DIR -u NPCACHE_MODE -u NPCACHE_LOG -u NPCACHE_CONFIG " +
                          dir + " " + env + " " + NPCACHE_PROBE + " " + std::to_string(n) +
                          " '" + version + "' >" + out_file + " 2>" + err_file;
    EXPECT_EQ(std::system(command.c_str()), 0) << command;
    auto text = [](const std::string &file) {
      auto bytes = read_bytes(file);
      return std::string(bytes.begin(), bytes.end());
    };
    return {text(out_file), text(err_file)};
  }

  static bool computed(const ProbeRun &r) { return r.out.rfind("computed ", 0) == 0; }
  static bool loaded(const ProbeRun &r) { return r.out.rfind("loaded ", 0) == 0; }

  TempDir tmp;
};

TEST_F(ProcessTest, SecondProcessLoadsWhatTheFirstComputed) {
  ProbeRun first = probe("");
  ProbeRun second = probe("");
  EXPECT_TRUE(computed(first)) << first.out;
  EXPECT_TRUE(loaded(second)) << second.out;
  EXPECT_EQ(first.out.substr(9), second.out.substr(7)); // same sum
  EXPECT_EQ(first.err + second.err, "");
}

TEST_F(ProcessTest, ModeOffNeverReadsOrWrites) {
  probe("");
  EXPECT_TRUE(computed(probe("NPCACHE_MODE=off")));
  EXPECT_TRUE(computed(probe("NPCACHE_MODE=off", 7)));
  EXPECT_EQ(entry_files(tmp / "cache").size(), 1u);
}

TEST_F(ProcessTest, ModeReadonlyReadsButNeverWrites) {
  EXPECT_TRUE(computed(probe("NPCACHE_MODE=readonly")));
  EXPECT_TRUE(entry_files(tmp / "cache").empty());
  probe("");
  EXPECT_TRUE(loaded(probe("NPCACHE_MODE=readonly")));
}

TEST_F(ProcessTest, ModeRefreshRecomputesAndRewrites) {
  probe("");
  auto before = std::filesystem::last_write_time(entry_files(tmp / "cache").at(0));
  EXPECT_TRUE(computed(probe("NPCACHE_MODE=refresh")));
  EXPECT_NE(std::filesystem::last_write_time(entry_files(tmp / "cache").at(0)), before);
  EXPECT_TRUE(loaded(probe("NPCACHE_MODE=on")));
}

TEST_F(ProcessTest, BadModeIsAnErrorAndTurnsCachingOff) {
  ProbeRun r = probe("NPCACHE_MODE=readonyl");
  EXPECT_TRUE(computed(r));
  EXPECT_NE(r.err.find("npcache: error: NPCACHE_MODE=readonyl is not one of"), std::string::npos) << r.err;
  EXPECT_TRUE(entry_files(tmp / "cache").empty());
}

TEST_F(ProcessTest, ConfigFileFromTheEnvironment) {
  write_bytes(tmp / "conf.json", {});
  std::string text = R"({"dir": ")" + (tmp / "from-config").string() +
                     R"(", "functions": {"probe::*": {"compress": "zstd"}}})";
  write_bytes(tmp / "conf.json", std::vector<unsigned char>(text.begin(), text.end()));
  // NPCACHE_DIR beats the file's "dir"...
  probe("NPCACHE_CONFIG=" + (tmp / "conf.json").string());
  EXPECT_EQ(entry_files(tmp / "cache").size(), 1u);
  // ... and without it the file's "dir" applies.
  ProbeRun r = probe("NPCACHE_CONFIG=" + (tmp / "conf.json").string(), 1000, false);
  EXPECT_TRUE(computed(r));
  auto files = entry_files(tmp / "from-config");
  ASSERT_EQ(files.size(), 1u);
  auto bytes = read_bytes(files[0]);
  EXPECT_EQ(bytes[12] & 1, 1); // the zstd flag, from the per-function pattern
}

TEST_F(ProcessTest, MalformedConfigFileIsAnErrorWithLocationAndTurnsCachingOff) {
  std::string text = "{\n  \"compress\": \"lz4\"\n}\n";
  write_bytes(tmp / "bad.json", std::vector<unsigned char>(text.begin(), text.end()));
  ProbeRun r = probe("NPCACHE_CONFIG=" + (tmp / "bad.json").string());
  EXPECT_TRUE(computed(r));
  EXPECT_NE(r.err.find("npcache: " + (tmp / "bad.json").string() +
                       ":2:3: error: key 'compress': expected one of"),
            std::string::npos)
      << r.err;
  EXPECT_TRUE(computed(probe("NPCACHE_CONFIG=" + (tmp / "bad.json").string())));
}

// A directory (once an abort) or a FIFO (once a hang) named by NPCACHE_CONFIG is an
// error message, and the program runs on uncached.
TEST_F(ProcessTest, ConfigThatIsNoFileTurnsCachingOffWithoutFailingTheProgram) {
  ASSERT_EQ(::mkfifo((tmp / "fifo").c_str(), 0600), 0);
  for (const std::filesystem::path &config : {tmp.path(), tmp / "fifo"}) {
    ProbeRun r = probe("NPCACHE_CONFIG=" + config.string());
    EXPECT_TRUE(computed(r)) << r.out;
    EXPECT_NE(r.err.find("npcache: " + config.string() + ":1:1: error: the configuration is not a regular file "
                         "(from NPCACHE_CONFIG; caching is off)"),
              std::string::npos)
        << r.err;
  }
  EXPECT_TRUE(entry_files(tmp / "cache").empty());
}

TEST_F(ProcessTest, ExplainSaysWhyACallMissed) {
  ProbeRun r = probe("NPCACHE_LOG=explain");
  EXPECT_NE(r.err.find("npcache: explain: probe::table: miss: no entry yet for this function"),
            std::string::npos)
      << r.err;
  r = probe("NPCACHE_LOG=explain");
  EXPECT_EQ(r.err, "");
  r = probe("NPCACHE_LOG=explain", 7);
  EXPECT_NE(r.err.find("npcache: explain: probe::table: miss: no entry for these arguments"),
            std::string::npos)
      << r.err;
  r = probe("NPCACHE_LOG=explain", 7, true, "v2");
  EXPECT_NE(r.err.find("npcache: explain: probe::table: miss: the version changed: was '', now 'v2'"),
            std::string::npos)
      << r.err;
  r = probe("NPCACHE_LOG=debug");
  EXPECT_NE(r.err.find("npcache: debug: probe::table: hit "), std::string::npos) << r.err;
}

TEST_F(ProcessTest, LogOffSilencesWarnings) {
  probe("");
  auto file = entry_files(tmp / "cache").at(0);
  write_bytes(file, {'j', 'u', 'n', 'k'});
  ProbeRun quiet = probe("NPCACHE_LOG=off");
  EXPECT_TRUE(computed(quiet));
  EXPECT_EQ(quiet.err, "");
  write_bytes(file, {'j', 'u', 'n', 'k'});
  ProbeRun loud = probe("");
  EXPECT_NE(loud.err.find("npcache: warning:"), std::string::npos);
}

} // namespace
} // namespace npcache::test
