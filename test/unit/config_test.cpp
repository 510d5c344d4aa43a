#include "storage/remote.hpp"
#include "test_util.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>

namespace npcache::test {
namespace {

std::string error_of(const std::string &text) {
  try {
    parse_config(text, "npcache.json");
  } catch (const config_error &e) {
    return e.what();
  }
  return "no error";
}

TEST(Config, ParsesEveryOption) {
  Config c = parse_config(R"({
    "dir": ".cache", "enabled": true, "write": false, "refresh": true, "memory": false,
    "compress": "zstd", "level": 5, "key": "readable", "version": "v2",
    "max_size": "20GiB", "max_age": "7d", "lock_timeout": "90s",
    "functions": {"sim::*": {"compress": "none"}, "sim::fast": {"enabled": false}}
  })", "npcache.json");
  EXPECT_EQ(*c.defaults.dir, ".cache");
  EXPECT_FALSE(*c.defaults.write);
  EXPECT_TRUE(*c.defaults.refresh);
  EXPECT_EQ(*c.defaults.compress, Compression::zstd);
  EXPECT_EQ(*c.defaults.level, 5);
  EXPECT_EQ(*c.defaults.key, KeyStyle::readable);
  EXPECT_EQ(*c.defaults.version, "v2");
  EXPECT_EQ(*c.defaults.max_size_bytes, 20ull << 30);
  EXPECT_EQ(*c.defaults.max_age_seconds, 7 * 86400);
  EXPECT_EQ(*c.defaults.lock_timeout_seconds, 90);
  Settings fast = c.for_function("sim::fast");
  EXPECT_EQ(*fast.compress, Compression::none);
  EXPECT_FALSE(*fast.enabled);
  Settings slow = c.for_function("sim::slow");
  EXPECT_EQ(*slow.compress, Compression::none);
  EXPECT_TRUE(*slow.enabled); // from the top level
  Settings other = c.for_function("other");
  EXPECT_EQ(*other.compress, Compression::zstd);
}

TEST(Config, MemoryIsASwitchOrTheTiersSize) {
  Config c = parse_config(R"({"memory": "64MiB", "functions": {"off": {"memory": false},
                              "bytes": {"memory": 4096}, "on": {"memory": true}}})", "x.json");
  EXPECT_TRUE(*c.defaults.memory);
  EXPECT_EQ(*c.defaults.memory_size_bytes, 64ull << 20);
  EXPECT_FALSE(*c.for_function("off").memory);
  EXPECT_EQ(*c.for_function("bytes").memory_size_bytes, 4096u);
  Settings on = c.for_function("on");
  EXPECT_TRUE(*on.memory);
  EXPECT_EQ(*on.memory_size_bytes, 64ull << 20); // the size from the top level
  EXPECT_FALSE(*parse_config(R"({"memory": 0})", "x.json").defaults.memory);
  EXPECT_EQ(error_of("{\"memory\": 1.5}"),
            "npcache.json:1:2: error: key 'memory': expected true, false or a size such as \"256MiB\", got 1.5");
  EXPECT_EQ(error_of("{\"max_size\": true}"),
            "npcache.json:1:2: error: key 'max_size': expected a size such as \"256MiB\", got true");
}

TEST(Config, SmallStoreIsASwitchOrItsLargestEntry) {
  Config c = parse_config(R"({"small_store": "4KiB", "functions": {"off": {"small_store": false},
                              "on": {"small_store": true}}})", "x.json");
  EXPECT_EQ(*c.defaults.small_store_bytes, 4096u);
  EXPECT_EQ(*c.for_function("off").small_store_bytes, 0u);
  EXPECT_EQ(*c.for_function("on").small_store_bytes, kDefaultSmallStoreBytes);
  EXPECT_EQ(*parse_config(R"({"small_store": 0})", "x.json").defaults.small_store_bytes, 0u);
  // What the rewriter writes for a function reads back the same.
  EXPECT_EQ(*parse_config(settings_json(c.defaults), "x.json").defaults.small_store_bytes, 4096u);
}

TEST(Config, NullMeansNoLimit) {
  Config c = parse_config(R"({"max_age": null, "max_size": null, "lock_timeout": null})", "x.json");
  EXPECT_EQ(*c.defaults.max_age_seconds, 0);
  EXPECT_EQ(*c.defaults.max_size_bytes, 0u);
  EXPECT_EQ(*c.defaults.lock_timeout_seconds, 0); // never wait
}

TEST(Config, BadValueNamesFileLineColumnAndKey) {
  EXPECT_EQ(error_of("{\n  \"dir\": \"x\",\n  \"compress\": \"lz4\"\n}"),
            "npcache.json:3:3: error: key 'compress': expected one of \"none\", \"zstd\", got \"lz4\"");
  EXPECT_EQ(error_of("{\"functions\": {\n  \"sim::*\": {\n     \"enabled\": 1}}}"),
            "npcache.json:3:6: error: key 'functions.sim::*.enabled': expected true or false, got 1");
  EXPECT_EQ(error_of("{\"level\": 99}"),
            "npcache.json:1:2: error: key 'level': expected an integer from -131072 to 22, got 99");
  EXPECT_EQ(error_of("{\"max_age\": \"7 days\"}"),
            "npcache.json:1:2: error: key 'max_age': '7 days' is not a duration such as \"7d\", "
            "\"12h\", \"30m\" or \"45s\"");
  EXPECT_EQ(error_of("{\"max_size\": \"lots\"}"),
            "npcache.json:1:2: error: key 'max_size': 'lots' is not a size such as \"20GiB\", "
            "\"500MB\" or \"4096\"");
  EXPECT_EQ(error_of("{\"functions\": []}"),
            "npcache.json:1:2: error: key 'functions': expected an object mapping name patterns to options");
}

TEST(Config, UnknownAndDuplicateKeysAreErrors) {
  EXPECT_EQ(error_of("{\n\n    \"compresion\": \"zstd\"}").rfind(
                "npcache.json:3:5: error: key 'compresion': unknown option", 0),
            0u);
  EXPECT_EQ(error_of("{\"dir\": \"a\", \"dir\": \"b\"}"),
            "npcache.json:1:14: error: key 'dir': duplicate key");
}

TEST(Config, SyntaxErrorsNameLineAndColumn) {
  std::string err = error_of("{\n  \"dir\": \"a\",\n}");
  EXPECT_EQ(err.rfind("npcache.json:3:1: error: ", 0), 0u) << err;
  err = error_of("[1, 2]");
  EXPECT_EQ(err, "npcache.json:1:1: error: the file must hold a JSON object");
  err = error_of("");
  EXPECT_EQ(err.rfind("npcache.json:1:1: error: ", 0), 0u) << err;
}

TEST(Config, MissingFileIsAnError) {
  EXPECT_THROW(load_config("/nonexistent/npcache.json"), config_error);
}

std::string load_error(const std::filesystem::path &file) {
  try {
    load_config(file);
  } catch (const config_error &e) {
    return e.what();
  }
  return "no error";
}

// Anything but a regular file of a reasonable size is an error, at once: a directory
// (once an uncaught std::ios_base::failure), a FIFO (once a hang: no writer ever comes),
// a device that never ends, a file of megabytes.
TEST(Config, OnlyARegularFileOfReasonableSizeIsRead) {
  TempDir tmp;
  EXPECT_EQ(load_error(tmp.path()), tmp.path().string() + ":1:1: error: the configuration is not a regular file");
  ASSERT_EQ(::mkfifo((tmp / "fifo").c_str(), 0600), 0);
  EXPECT_EQ(load_error(tmp / "fifo"), (tmp / "fifo").string() + ":1:1: error: the configuration is not a regular file");
  EXPECT_EQ(load_error("/dev/zero"), "/dev/zero:1:1: error: the configuration is not a regular file");
  std::string huge = "{\"version\": \"" + std::string(2u << 20, 'x') + "\"}";
  write_bytes(tmp / "huge.json", std::vector<unsigned char>(huge.begin(), huge.end()));
  EXPECT_EQ(load_error(tmp / "huge.json"), (tmp / "huge.json").string() + ":1:1: error: the configuration file has " +
                                               std::to_string(huge.size()) +
                                               " bytes; more than 1048576 is not a configuration");
  std::string fine = R"({"version": "v2"})";
  write_bytes(tmp / "fine.json", std::vector<unsigned char>(fine.begin(), fine.end()));
  EXPECT_EQ(*load_config(tmp / "fine.json").defaults.version, "v2");
}

// Patterns apply in the order the file gives them, so a later one overrides an earlier.
TEST(Config, FunctionPatternsApplyInFileOrder) {
  Config first = parse_config(R"({"functions": {"z*": {"enabled": false}, "*": {"enabled": true}}})", "c.json");
  Config last = parse_config(R"({"functions": {"*": {"enabled": true}, "z*": {"enabled": false}}})", "c.json");
  EXPECT_TRUE(*first.for_function("zeta").enabled);
  EXPECT_FALSE(*last.for_function("zeta").enabled);
  EXPECT_TRUE(*last.for_function("alpha").enabled);
}

TEST(Config, NumbersOutOfRangeAndEmptyDirectoriesAreErrors) {
  // 4294967299 is 2^32 + 3: read as an int, it would pass as level 3.
  EXPECT_EQ(error_of(R"({"level": 4294967299})"),
            "npcache.json:1:2: error: key 'level': expected an integer from -131072 to 22, got 4294967299");
  EXPECT_EQ(error_of(R"({"level": -9223372036854775808})"),
            "npcache.json:1:2: error: key 'level': expected an integer from -131072 to 22, got -9223372036854775808");
  EXPECT_EQ(error_of(R"({"level": 3.5})"),
            "npcache.json:1:2: error: key 'level': expected an integer from -131072 to 22, got 3.5");
  EXPECT_EQ(*parse_config(R"({"level": 22})", "c.json").defaults.level, 22);
  EXPECT_EQ(error_of(R"({"dir": ""})"), "npcache.json:1:2: error: key 'dir': expected a directory, got an empty string");
  EXPECT_EQ(error_of(R"({"functions": {"f": {"dir": ""}}})"),
            "npcache.json:1:22: error: key 'functions.f.dir': expected a directory, got an empty string");
}

// The options a pattern may set do not include "functions"; the top level's do.
TEST(Config, UnknownOptionListsWhatIsValidThere) {
  EXPECT_EQ(error_of(R"({"functions": {"f": {"functions": {}}}})"),
            "npcache.json:1:22: error: key 'functions.f.functions': unknown option; expected one of enabled, "
            "write, refresh, memory, small_store, dir, version, compress, level, key, max_age, max_size, lock_timeout, shared, "
            "remote, remote_key_file");
  EXPECT_EQ(error_of(R"({"sharde": "group"})"),
            "npcache.json:1:2: error: key 'sharde': unknown option; expected one of enabled, write, refresh, "
            "memory, small_store, dir, version, compress, level, key, max_age, max_size, lock_timeout, shared, remote, "
            "remote_key_file, functions");
}

TEST(Config, RemoteTiersAreURLsWithAttributes) {
  Config c = parse_config(R"({"remote": ["redis://:pw@cache.lan:6380/2|read-only|timeout=500",
                                         "http://dav.lan/npcache|connect-timeout=50|prefix=team/"],
                              "remote_key_file": "/etc/npcache.key",
                              "functions": {"private::*": {"remote": false}}})",
                          "npcache.json");
  ASSERT_TRUE(c.defaults.remote_storage);
  ASSERT_EQ(c.defaults.remote_storage->size(), 2u);
  EXPECT_EQ(*c.defaults.remote_key_file, "/etc/npcache.key");
  EXPECT_FALSE(*c.for_function("private::f").remote);
  EXPECT_FALSE(c.for_function("public::f").remote);
  detail::RemoteSpec redis = detail::parse_remote_spec((*c.defaults.remote_storage)[0]);
  EXPECT_EQ(redis.kind, detail::RemoteSpec::Kind::redis);
  EXPECT_EQ(redis.host, "cache.lan");
  EXPECT_EQ(redis.port, 6380);
  EXPECT_EQ(redis.db, 2);
  EXPECT_EQ(redis.password, "pw");
  EXPECT_TRUE(redis.read_only);
  EXPECT_EQ(redis.timeout.count(), 500);
  EXPECT_EQ(redis.display, "redis://cache.lan:6380/2"); // no password
  detail::RemoteSpec http = detail::parse_remote_spec((*c.defaults.remote_storage)[1]);
  EXPECT_EQ(http.base, "http://dav.lan/npcache/");
  EXPECT_EQ(http.prefix, "team/");
  EXPECT_EQ(http.connect_timeout.count(), 50);
  EXPECT_FALSE(http.read_only);
  // Carried through a rewritten function's settings.
  Settings s = c.defaults;
  s.remote = false;
  Settings back = parse_config(settings_json(s), "x").defaults;
  EXPECT_FALSE(*back.remote);
  back = parse_config(settings_json(c.defaults), "x").defaults;
  EXPECT_EQ(*back.remote_storage, *c.defaults.remote_storage);
  EXPECT_EQ(*back.remote_key_file, "/etc/npcache.key");
}

TEST(Config, BadRemoteSpecIsAnErrorThatShowsNoPassword) {
  EXPECT_EQ(error_of(R"({"remote": ["redis://user:hunter2@host:99999"]})"),
            "npcache.json:1:2: error: key 'remote': 'redis://user@host:99999': '99999' is not a port");
  EXPECT_EQ(error_of(R"({"remote": ["ftp://user:hunter2@host/"]})"),
            "npcache.json:1:2: error: key 'remote': expected a redis://, http:// or https:// URL, got one "
            "starting 'ftp'");
  EXPECT_EQ(error_of(R"({"remote": ["http://host/|writable"]})"),
            "npcache.json:1:2: error: key 'remote': 'http://host/': unknown attribute 'writable'; expected "
            "read-only, connect-timeout=MS, timeout=MS, back-off=MS, lock-ttl=MS or prefix=TEXT");
  EXPECT_EQ(error_of(R"({"remote": "redis://host"})"),
            "npcache.json:1:2: error: key 'remote': expected true, false or a list of remote storage URLs, got "
            "\"redis://host\"");
}

TEST(Config, SizesAndDurations) {
  EXPECT_EQ(parse_size("4096"), 4096u);
  EXPECT_EQ(parse_size("1KiB"), 1024u);
  EXPECT_EQ(parse_size("3MB"), 3000000u);
  EXPECT_EQ(parse_size("2 GiB"), 2ull << 30);
  EXPECT_THROW(parse_size("-1"), std::invalid_argument);
  EXPECT_THROW(parse_size("1.5GB"), std::invalid_argument);
  EXPECT_THROW(parse_size("99999999999999999999"), std::invalid_argument);
  EXPECT_THROW(parse_size("99999999999TiB"), std::invalid_argument);
  EXPECT_EQ(parse_duration("45s"), 45);
  EXPECT_EQ(parse_duration("12h"), 12 * 3600);
  EXPECT_EQ(parse_duration("2w"), 14 * 86400);
  EXPECT_THROW(parse_duration("7"), std::invalid_argument);
  EXPECT_THROW(parse_duration("d"), std::invalid_argument);
}

TEST(Config, LaterLayersWin) {
  Settings low, high;
  low.compress = Compression::zstd;
  low.dir = "low";
  high.dir = "high";
  low.merge(high);
  EXPECT_EQ(*low.dir, "high");
  EXPECT_EQ(*low.compress, Compression::zstd);
}

} // namespace
} // namespace npcache::test
