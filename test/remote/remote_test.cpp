// Remote tiers against real servers on loopback: redis-server and nginx with WebDAV,
// started by each test, and fake servers that hang or answer garbage. "Machines" are
// processes of the probe program with separate local cache directories.
#include "servers.hpp"
#include "counters.hpp"
#include "storage/remote.hpp"
#include "../unit/test_util.hpp"

#include <gtest/gtest.h>

#include <numeric>
#include <set>
#include <thread>

namespace npcache::test {
namespace {

struct ProbeRun {
  std::string out, err;
  bool computed() const { return out.rfind("computed ", 0) == 0; }
  bool loaded() const { return out.rfind("loaded ", 0) == 0; }
  std::string value() const { return out.substr(out.find(' ') + 1); }
};

enum class Backend { redis, http };

class RemoteTest : public ::testing::TestWithParam<Backend> {
protected:
  void SetUp() override {
    if (GetParam() == Backend::redis) {
      start_redis(server);
      url = "redis://127.0.0.1:" + std::to_string(server.port());
    } else {
      www = start_nginx(server);
      url = "http://127.0.0.1:" + std::to_string(server.port()) + "/cache/";
    }
  }

  // The probe on "machine" `machine` (its own cache directory), with the remote `spec`
  // and more environment `env`.
  ProbeRun probe(const std::string &machine, const std::string &spec, const std::string &env = "",
            const std::string &args = "1000") {
    std::string out_file = (tmp / "out.txt").string(), err_file = (tmp / "err.txt").string();
    std::string command = "env -u NPCACHE_MODE -u NPCACHE_LOG -u NPCACHE_CONFIG -u NPCACHE_REMOTE_KEY_FILE "
                          "NPCACHE_DIR=" + (tmp / machine).string() + " NPCACHE_REMOTE='" + spec + "' " + env +
                          " " + NPCACHE_PROBE + " " + args + " >" + out_file + " 2>" + err_file;
    EXPECT_EQ(std::system(command.c_str()), 0) << command;
    auto text = [](const std::string &file) {
      auto bytes = read_bytes(file);
      return std::string(bytes.begin(), bytes.end());
    };
    return {text(out_file), text(err_file)};
  }

  // The names of the objects the server holds.
  std::vector<std::string> objects() {
    std::vector<std::string> names;
    if (GetParam() == Backend::redis) {
      std::string file = (tmp / "keys.txt").string();
      std::system(("redis-cli -p " + std::to_string(server.port()) + " --raw KEYS '*' >" + file).c_str());
      std::ifstream in(file);
      for (std::string line; std::getline(in, line);)
        if (!line.empty())
          names.push_back(line);
    } else {
      for (const std::filesystem::path &file : entry_files(www))
        names.push_back(std::filesystem::relative(file, www / "cache").string());
    }
    return names;
  }

  void overwrite(const std::string &name, const std::string &bytes) {
    if (GetParam() == Backend::redis) {
      std::ofstream(tmp / "value.bin", std::ios::binary) << bytes;
      std::string command = "redis-cli -p " + std::to_string(server.port()) + " -x SET '" + name + "' <" +
                            (tmp / "value.bin").string() + " >/dev/null";
      ASSERT_EQ(std::system(command.c_str()), 0);
    } else {
      std::ofstream(www / "cache" / name, std::ios::binary | std::ios::trunc) << bytes;
    }
  }

  Server server;
  std::string url;
  std::filesystem::path www;
  TempDir tmp;
};

TEST_P(RemoteTest, SecondMachineHitsRemotelyThenLocally) {
  ProbeRun first = probe("a", url);
  ASSERT_TRUE(first.computed()) << first.out << first.err;
  EXPECT_EQ(first.err, "");
  ProbeRun second = probe("b", url);
  ASSERT_TRUE(second.loaded()) << second.out << second.err;
  EXPECT_EQ(second.value(), first.value());
  // Copied to b's own cache: loaded with the server gone.
  server.stop();
  ProbeRun third = probe("b", "");
  EXPECT_TRUE(third.loaded()) << third.out << third.err;
  EXPECT_EQ(third.value(), first.value());
}

// The entry carries the floating-point exception flags its computation raised, and a hit
// on another machine raises them as the computation did there.
TEST_P(RemoteTest, AHitFromTheServerRaisesTheFlagsTheComputationRaised) {
  ProbeRun first = probe("a", url, "PROBE_RAISE=1");
  ASSERT_TRUE(first.computed()) << first.out << first.err;
  ProbeRun second = probe("b", url, "PROBE_RAISE=1");
  ASSERT_TRUE(second.loaded()) << second.out << second.err;
  EXPECT_EQ(second.value(), first.value());
  EXPECT_NE(first.out.find(" overflow\n"), std::string::npos) << first.out;
  // The copy the hit left in b's own cache keeps them too.
  server.stop();
  ProbeRun third = probe("b", "", "PROBE_RAISE=1");
  ASSERT_TRUE(third.loaded()) << third.out << third.err;
  EXPECT_EQ(third.value(), first.value());
}

TEST_P(RemoteTest, AnEditOnOneMachineMissesThereAndLeavesTheOthersEntry) {
  ASSERT_TRUE(probe("a", url, "", "1000 v1").computed());
  EXPECT_TRUE(probe("b", url, "", "1000 v2").computed()); // b's code differs
  ProbeRun fresh_v1 = probe("c", url, "", "1000 v1");
  EXPECT_TRUE(fresh_v1.loaded()) << fresh_v1.out << fresh_v1.err;
  EXPECT_TRUE(probe("d", url, "", "1000 v2").loaded());
  EXPECT_EQ(objects().size(), 2u);
}

TEST_P(RemoteTest, ReadOnlyTierIsReadButNeverWritten) {
  ASSERT_TRUE(probe("a", url + "|read-only").computed());
  EXPECT_TRUE(objects().empty());
  EXPECT_TRUE(probe("b", url).computed());
  EXPECT_TRUE(probe("c", url + "|read-only").loaded());
}

TEST_P(RemoteTest, RemoteFalseKeepsAFunctionsResultsLocal) {
  std::ofstream(tmp / "conf.json") << R"({"functions": {"probe::*": {"remote": false}}})";
  std::string config = "NPCACHE_CONFIG=" + (tmp / "conf.json").string();
  ASSERT_TRUE(probe("a", url, config).computed());
  EXPECT_TRUE(objects().empty());
  EXPECT_TRUE(probe("b", url, config).computed());
}

TEST_P(RemoteTest, BadRemoteEntryIsAMissAndIsReplaced) {
  ASSERT_TRUE(probe("a", url).computed());
  std::vector<std::string> names = objects();
  ASSERT_EQ(names.size(), 1u);
  for (const std::string &bad : {std::string("garbage"), std::string()}) {
    overwrite(names[0], bad);
    ProbeRun reader = probe("fresh-" + std::to_string(bad.size()), url);
    EXPECT_TRUE(reader.computed()) << reader.out << reader.err;
    EXPECT_NE(reader.err.find("entry"), std::string::npos) << reader.err;
  }
  ProbeRun after = probe("after", url);
  EXPECT_TRUE(after.loaded()) << after.out << after.err;
}

TEST_P(RemoteTest, WithAKeyOnlyEntriesSignedWithItAreUsed) {
  std::ofstream(tmp / "key") << "team secret\n";
  std::ofstream(tmp / "other-key") << "another secret\n";
  std::string key = "NPCACHE_REMOTE_KEY_FILE=" + (tmp / "key").string();
  // Planted: the same key and function, other values, unsigned.
  ProbeRun planted = probe("attacker", url, "", "1000 '' forged");
  ASSERT_TRUE(planted.computed());
  ProbeRun reader = probe("reader", url, key);
  EXPECT_TRUE(reader.computed()) << reader.out << reader.err;
  EXPECT_NE(reader.err.find("unsigned"), std::string::npos) << reader.err;
  const std::string truth = reader.value();
  EXPECT_NE(truth, planted.value());
  // Signed with another key.
  ASSERT_TRUE(probe("attacker2", url, "NPCACHE_REMOTE_KEY_FILE=" + (tmp / "other-key").string(),
                    "1000 '' forged").computed());
  ProbeRun reader2 = probe("reader2", url, key);
  EXPECT_TRUE(reader2.computed()) << reader2.out << reader2.err;
  EXPECT_EQ(reader2.value(), truth);
  // reader2 replaced it with an entry signed with the key: used.
  ProbeRun reader3 = probe("reader3", url, key);
  EXPECT_TRUE(reader3.loaded()) << reader3.out << reader3.err;
  EXPECT_EQ(reader3.value(), truth);
}

// A program that exits with uploads still queued. Signing is the first use of OpenSSL in
// it, on the upload thread; OpenSSL's clean-up at exit must not run before the uploads
// that the exit waits for, nor under them.
TEST_P(RemoteTest, WithAKeyUploadsStillQueuedAtExitAreSignedAndSent) {
  std::ofstream(tmp / "key") << "team secret\n";
  const std::string key = "NPCACHE_REMOTE_KEY_FILE=" + (tmp / "key").string();
  // The small entry's upload sets OpenSSL up while the 32 MiB call runs; that one's upload
  // is still queued when main returns.
  ProbeRun writer = probe("writer", url, key + " PROBE_THEN=4000000", "1000");
  ASSERT_TRUE(writer.computed()) << writer.out << writer.err;
  EXPECT_NE(writer.out.find("\ncomputed "), std::string::npos) << writer.out;
  EXPECT_EQ(writer.err, "");
  EXPECT_EQ(objects().size(), 2u);
  ProbeRun small = probe("small", url, key, "1000");
  EXPECT_TRUE(small.loaded()) << small.out << small.err;
  ProbeRun large = probe("large", url, key, "4000000");
  EXPECT_TRUE(large.loaded()) << large.out << large.err;
}

// ---- The command ----

std::string remote_counters_file(const std::string &tier) { return detail::remote_counters_name(tier); }

// Runs `npcache ARGS` with NPCACHE_REMOTE=spec; returns its exit status and output.
int command(const std::string &spec, const std::string &args, std::string &output, const TempDir &tmp) {
  std::string file = (tmp / "command.txt").string();
  int status = std::system(("env -u NPCACHE_CONFIG NPCACHE_REMOTE='" + spec + "' " + NPCACHE_CLI + " " + args +
                            " >" + file + " 2>&1")
                               .c_str());
  auto bytes = read_bytes(file);
  output.assign(bytes.begin(), bytes.end());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST_P(RemoteTest, PushSeedsTheRemoteFromALocalCache) {
  ASSERT_TRUE(probe("ci", "").computed()); // no remote yet
  ASSERT_TRUE(probe("ci", "", "", "77").computed());
  std::string output;
  EXPECT_EQ(command(url, "push --no-progress " + (tmp / "ci").string(), output, tmp), 0) << output;
  EXPECT_NE(output.find("pushed 2 entries"), std::string::npos) << output;
  EXPECT_EQ(objects().size(), 2u);
  EXPECT_EQ(command(url, "push --no-progress " + (tmp / "ci").string(), output, tmp), 0) << output;
  EXPECT_NE(output.find("pushed 0 entries (0 B) to 1 tier; 2 already there"), std::string::npos) << output;
  ProbeRun laptop = probe("laptop", url + "|read-only");
  EXPECT_TRUE(laptop.loaded()) << laptop.out << laptop.err;
  EXPECT_TRUE(probe("laptop", url + "|read-only", "", "77").loaded());
}

TEST_P(RemoteTest, RemoteCheckSaysWhatIsWrong) {
  std::string output;
  EXPECT_EQ(command(url, "remote check", output, tmp), 0) << output;
  EXPECT_NE(output.find(": ok"), std::string::npos) << output;
  EXPECT_TRUE(objects().empty()); // the test object is removed
  int dead = free_port();
  std::string scheme = GetParam() == Backend::redis ? "redis" : "http";
  EXPECT_EQ(command(url + " " + scheme + "://127.0.0.1:" + std::to_string(dead), "remote check", output, tmp), 3);
  EXPECT_NE(output.find(": ok"), std::string::npos) << output;
  EXPECT_NE(output.find("127.0.0.1:" + std::to_string(dead) + ": writing: "), std::string::npos) << output;
}

TEST_P(RemoteTest, StatsCountEachTierAcrossProcesses) {
  ASSERT_TRUE(probe("a", url).computed());
  ASSERT_TRUE(probe("b", url).loaded());           // b: a remote hit
  ASSERT_TRUE(probe("b", url, "", "77").computed()); // b: a remote miss, then an upload
  const std::string dead = "redis://127.0.0.1:" + std::to_string(free_port());
  ASSERT_TRUE(probe("b", url + " " + dead, "", "78").computed()); // b: one error on the dead tier
  std::string output;
  ASSERT_EQ(command("", "stats --json " + (tmp / "b").string(), output, tmp), 0) << output;
  auto field = [&](const std::string &tier, const std::string &name) -> long long {
    std::size_t at = output.find("\"tier\": \"" + tier + "\"");
    if (at == std::string::npos)
      return -1;
    std::size_t object = output.rfind('{', at);
    std::size_t key = output.find("\"" + name + "\": ", object);
    return std::stoll(output.substr(key + name.size() + 4));
  };
  EXPECT_EQ(field(url, "hits"), 1) << output;
  EXPECT_EQ(field(url, "misses"), 2) << output; // one per call, however many requests it made
  EXPECT_EQ(field(url, "errors"), 0) << output;
  EXPECT_GT(field(url, "bytes_read"), 8000) << output; // the 1000 doubles
  EXPECT_GT(field(url, "bytes_written"), 2 * 77 * 8) << output; // 77 and 78 doubles
  EXPECT_EQ(field(dead, "errors"), 1) << output;
  EXPECT_EQ(command("", "clear " + (tmp / "b").string(), output, tmp), 0) << output;
  EXPECT_FALSE(std::filesystem::exists(tmp / "b" / remote_counters_file(url))) << output;
}

// Passwords in URLs reach the server, never a message.
TEST(RemoteCredentials, NeverInWarningsOrTheCommandsOutput) {
  Server redis;
  start_redis(redis, {"--requirepass", "right-password"});
  TempDir tmp;
  const std::string port = std::to_string(redis.port()), dead = std::to_string(free_port());
  const std::string specs = "redis://:wrong-password@127.0.0.1:" + port + " redis://:hunter2@127.0.0.1:" + dead +
                            " http://user:http-secret@127.0.0.1:" + dead + "/x/";
  std::string command = "env -u NPCACHE_CONFIG NPCACHE_DIR=" + (tmp / "cache").string() + " NPCACHE_REMOTE='" + specs +
                        "' " + NPCACHE_PROBE + " >" + (tmp / "out").string() + " 2>" + (tmp / "err").string();
  ASSERT_EQ(std::system(command.c_str()), 0);
  auto bytes = read_bytes(tmp / "err");
  std::string err(bytes.begin(), bytes.end());
  std::string output;
  EXPECT_EQ(npcache::test::command(specs, "remote check", output, tmp), 3);
  for (const std::string &text : {err, output}) {
    EXPECT_NE(text.find("redis://127.0.0.1:" + port), std::string::npos) << text; // named, without the password
    EXPECT_NE(text.find("http://user@127.0.0.1:" + dead + "/x/"), std::string::npos) << text;
    for (const char *secret : {"wrong-password", "hunter2", "http-secret"})
      EXPECT_EQ(text.find(secret), std::string::npos) << secret << " in: " << text;
  }
  EXPECT_NE(output.find("AUTH refused"), std::string::npos) << output;
}

TEST(RemoteCommand, RemoteCheckReportsHttpRefusals) {
  Server nginx;
  start_nginx(nginx);
  TempDir tmp;
  std::string output;
  const std::string base = "http://127.0.0.1:" + std::to_string(nginx.port());
  EXPECT_EQ(command(base + "/403/ " + base + "/507/", "remote check", output, tmp), 3);
  EXPECT_NE(output.find("/403/: writing: HTTP 403"), std::string::npos) << output;
  EXPECT_NE(output.find("/507/: writing: HTTP 507"), std::string::npos) << output;
}

// A program that forks after using a tier: each child talks to the server on connections
// of its own, never on the parent's (whose replies it would take, or garble).
TEST_P(RemoteTest, ForkedChildrenUseConnectionsOfTheirOwn) {
  auto reader = [&](const std::string &dir, bool write) {
    Config config;
    config.defaults.remote_storage = std::vector<std::string>{url + "|back-off=600000"};
    config.defaults.write = write;
    return Cache(tmp / dir, config);
  };
  int runs = 0;
  auto fn = [&runs](int k) {
    ++runs;
    return std::vector<int>(64, k);
  };
  Cache writer = reader("writer", true);
  auto f = writer.wrap("fork::f", fn);
  for (int k = 0; k < 300; ++k)
    f(k);
  ASSERT_TRUE(detail::flush_uploads(std::chrono::milliseconds(10000)));
  Cache parent = reader("parent", false);
  auto g = parent.wrap("fork::f", fn);
  ASSERT_EQ(g(0), std::vector<int>(64, 0)); // the parent's connection, now pooled
  std::vector<pid_t> children;
  for (int c = 0; c < 4; ++c) {
    pid_t pid = ::fork();
    if (pid == 0) {
      runs = 0;
      const std::uint64_t before = parent.stats().remote_hits;
      for (int k = 0; k < 300; ++k)
        if (g(k) != std::vector<int>(64, k))
          ::_exit(2);
      ::_exit(runs == 0 && parent.stats().remote_hits - before == 300 ? 0 : 1);
    }
    children.push_back(pid);
  }
  for (int k = 0; k < 300; ++k) // the parent goes on meanwhile
    EXPECT_EQ(g(k), std::vector<int>(64, k));
  for (pid_t pid : children) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "child status " << status;
  }
  EXPECT_EQ(runs, 300); // the writer's, and none since
}

// A server that restarts closes the connections idle in the pool. The next requests go on
// new connections and succeed: counted as failures, each would skip the tier for a back-off
// (ServerKilledMidRunAndRestarted failed one run in four that way, with back-off=1).
TEST_P(RemoteTest, IdleConnectionsClosedByARestartAreReopened) {
  detail::RemoteSpec spec = detail::parse_remote_spec(url);
  std::unique_ptr<detail::RemoteBackend> backend =
      GetParam() == Backend::redis ? detail::make_redis_backend(spec) : detail::make_http_backend(spec);
  const std::string name = "restart/entry";
  const unsigned char bytes[] = {1, 2, 3};
  ASSERT_EQ(backend->put(name, bytes, sizeof bytes), "");
  auto burst = [&] { // requests from four threads at once leave more than one connection idle
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
      threads.emplace_back([&] {
        for (int i = 0; i < 50; ++i)
          EXPECT_EQ(backend->get(name).status, detail::Fetched::Status::found);
      });
    for (std::thread &t : threads)
      t.join();
  };
  auto redis_clients = [&] { // connected clients, less the redis-cli that asks
    std::string file = (tmp / "clients.txt").string();
    std::system(("redis-cli -p " + std::to_string(server.port()) + " CLIENT LIST >" + file).c_str());
    std::ifstream in(file);
    int lines = 0;
    for (std::string line; std::getline(in, line);)
      lines += !line.empty();
    return lines - 1;
  };
  burst();
  for (int i = 0; i < 100 && GetParam() == Backend::redis && redis_clients() < 2; ++i)
    burst();
  if (GetParam() == Backend::redis)
    ASSERT_GE(redis_clients(), 2);
  server.stop();
  server.restart(); // empty for Redis; nginx's files stay
  for (int i = 0; i < 8; ++i) {
    detail::Fetched fetched = backend->get(name);
    EXPECT_NE(fetched.status, detail::Fetched::Status::failed) << i << ": " << fetched.error;
  }
  EXPECT_EQ(backend->put(name, bytes, sizeof bytes), "");
}

// ---- Compute once across machines (Redis locks) ----

class RemoteLockTest : public RemoteTest {};

TEST_P(RemoteLockTest, IdenticalMissesOnFourMachinesComputeOnce) {
  std::string command;
  for (int i = 0; i < 4; ++i)
    command += "(env -u NPCACHE_MODE -u NPCACHE_CONFIG NPCACHE_DIR=" + (tmp / ("m" + std::to_string(i))).string() +
               " NPCACHE_REMOTE='" + url + "' PROBE_SLEEP_MS=1500 " + NPCACHE_PROBE + " >" +
               (tmp / ("out" + std::to_string(i))).string() + ") & ";
  ASSERT_EQ(std::system((command + "wait").c_str()), 0);
  int computed = 0, loaded = 0;
  std::set<std::string> values;
  for (int i = 0; i < 4; ++i) {
    std::ifstream in(tmp / ("out" + std::to_string(i)));
    std::string how, value;
    in >> how >> value;
    computed += how == "computed";
    loaded += how == "loaded";
    values.insert(value);
  }
  EXPECT_EQ(computed, 1);
  EXPECT_EQ(loaded, 3);
  EXPECT_EQ(values.size(), 1u);
}

TEST_P(RemoteLockTest, AMachineThatDiesLosesItsLockByExpiry) {
  const std::string spec = url + "|lock-ttl=300";
  std::string command = "exec env -u NPCACHE_MODE -u NPCACHE_CONFIG NPCACHE_DIR=" + (tmp / "dies").string() +
                        " NPCACHE_REMOTE='" + spec + "' PROBE_SLEEP_MS=600000 " + NPCACHE_PROBE + " >/dev/null";
  pid_t holder = ::fork();
  if (holder == 0) {
    ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char *>(nullptr));
    ::_exit(127);
  }
  auto locked = [&] {
    for (const std::string &name : objects())
      if (name.size() > 5 && name.compare(name.size() - 5, 5, ".lock") == 0)
        return true;
    return false;
  };
  for (int i = 0; i < 1000 && !locked(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ASSERT_TRUE(locked());
  ::kill(holder, SIGKILL);
  ::waitpid(holder, nullptr, 0);
  // lock_timeout is 600 s and this test's timeout 120 s: only the expiry lets it compute.
  ProbeRun next = probe("next", spec);
  EXPECT_TRUE(next.computed()) << next.out << next.err;
  EXPECT_TRUE(probe("after", spec).loaded());
}

INSTANTIATE_TEST_SUITE_P(Redis, RemoteLockTest, ::testing::Values(Backend::redis),
                         [](const auto &) { return std::string("redis"); });

INSTANTIATE_TEST_SUITE_P(Servers, RemoteTest, ::testing::Values(Backend::redis, Backend::http),
                         [](const auto &info) { return info.param == Backend::redis ? "redis" : "http"; });

// ---- Faults, in process: every call returns the right value, and the tier is asked no
// more often than its back-off allows. ----

class RemoteFaultTest : public ::testing::Test {
protected:
  // Calls a fresh function `calls` times with new arguments through a cache in `dir`
  // whose remote tier is `spec`; returns how many times it ran. Every value is checked.
  int call(const std::string &spec, int calls, const std::string &dir = "local", int size = 16) {
    Config config;
    config.defaults.remote_storage = std::vector<std::string>{spec};
    Cache cache(tmp / dir, config);
    int runs = 0;
    auto f = cache.wrap("fault::f", [&runs, size](int x) {
      ++runs;
      return std::vector<double>(static_cast<std::size_t>(size), x * 0.5);
    });
    for (int i = 0; i < calls; ++i)
      EXPECT_EQ(f(i), std::vector<double>(static_cast<std::size_t>(size), i * 0.5));
    return runs;
  }

  static detail::RemoteCounters counters(const std::string &display) {
    for (detail::RemoteTier *tier : detail::all_remote_tiers())
      if (tier->spec().display == display)
        return tier->counters();
    ADD_FAILURE() << "no tier " << display;
    return {};
  }

  TempDir tmp;
};

TEST_F(RemoteFaultTest, ServerThatNeverAnswersCostsOneRequestPerBackOff) {
  for (const char *scheme : {"redis", "http"}) {
    FakeServer silent;
    std::string spec = std::string(scheme) + "://127.0.0.1:" + std::to_string(silent.port()) + "/";
    EXPECT_EQ(call(spec + "|timeout=200|back-off=600000", 5, scheme), 5);
    detail::flush_uploads(std::chrono::milliseconds(5000));
    EXPECT_EQ(silent.accepted(), 1) << scheme;
    EXPECT_EQ(counters(spec).errors, 1u) << scheme;
  }
}

TEST_F(RemoteFaultTest, ServerThatIsDownIsSkipped) {
  int port = free_port(); // nothing listens there
  for (const char *scheme : {"redis", "http"}) {
    std::string spec = std::string(scheme) + "://127.0.0.1:" + std::to_string(port) + "/";
    EXPECT_EQ(call(spec + "|back-off=600000", 4, scheme), 4);
    detail::flush_uploads(std::chrono::milliseconds(5000));
    EXPECT_EQ(counters(spec).errors, 1u) << scheme;
  }
}

TEST_F(RemoteFaultTest, GarbageAndTruncatedRepliesAreMisses) {
  const std::vector<std::pair<const char *, std::string>> replies = {
      {"redis", "this is not RESP\r\n"},
      {"redis", "$100\r\ntruncated"},
      {"redis", "$7\r\ngarbage\r\n"},
      {"http", "HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\ngarbage"},
      {"http", "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\ntruncated"},
      {"http", "not http at all\r\n\r\n"},
  };
  for (const auto &[scheme, reply] : replies) {
    FakeServer garbage(reply);
    std::string spec = std::string(scheme) + "://127.0.0.1:" + std::to_string(garbage.port()) + "/";
    EXPECT_EQ(call(spec + "|timeout=300|back-off=600000", 3, "g" + std::to_string(garbage.port())), 3)
        << scheme << " " << reply;
    detail::flush_uploads(std::chrono::milliseconds(5000));
    EXPECT_GE(counters(spec).errors, 1u) << reply;
    EXPECT_EQ(counters(spec).hits, 0u) << reply;
  }
}

TEST_F(RemoteFaultTest, HttpRefusalsAreFailuresNotResults) {
  Server nginx;
  start_nginx(nginx);
  for (const char *status : {"403", "500", "507"}) {
    std::string spec = "http://127.0.0.1:" + std::to_string(nginx.port()) + "/" + status + "/";
    EXPECT_EQ(call(spec + "|back-off=600000", 3, status), 3) << status;
    detail::flush_uploads(std::chrono::milliseconds(5000));
    EXPECT_EQ(counters(spec).errors, 1u) << status;
    EXPECT_EQ(counters(spec).bytes_written, 0u) << status;
  }
}

TEST_F(RemoteFaultTest, RedisOutOfMemoryKeepsTheResultLocal) {
  Server redis;
  start_redis(redis, {"--maxmemory", "1mb", "--maxmemory-policy", "noeviction"});
  std::string spec = "redis://127.0.0.1:" + std::to_string(redis.port());
  EXPECT_EQ(call(spec + "|back-off=600000", 1, "big", 1 << 18), 1); // 2 MiB of doubles
  detail::flush_uploads(std::chrono::milliseconds(5000));
  EXPECT_EQ(counters(spec).errors, 1u);
  EXPECT_EQ(counters(spec).bytes_written, 0u);
  EXPECT_EQ(call(spec, 1, "big", 1 << 18), 0); // the local entry
}

TEST_F(RemoteFaultTest, ServerKilledMidRunAndRestarted) {
  Server redis;
  start_redis(redis);
  std::string spec = "redis://127.0.0.1:" + std::to_string(redis.port()) + "|back-off=1";
  EXPECT_EQ(call(spec, 2, "one"), 2);
  ASSERT_TRUE(detail::flush_uploads(std::chrono::milliseconds(5000)));
  redis.stop();
  EXPECT_EQ(call(spec, 4, "two"), 4); // a new machine, the server gone: all computed
  detail::flush_uploads(std::chrono::milliseconds(5000));
  redis.restart(); // empty: nothing was saved
  std::this_thread::sleep_for(std::chrono::milliseconds(5)); // past the back-off
  EXPECT_EQ(call(spec, 5, "three"), 5);
  ASSERT_TRUE(detail::flush_uploads(std::chrono::milliseconds(5000)));
  EXPECT_EQ(call(spec, 5, "four"), 0); // all from the restarted server
}

} // namespace
} // namespace npcache::test
