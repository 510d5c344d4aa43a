// The remote tiers against their floors, in one run: redis-server and nginx (WebDAV) started
// on loopback, and for each the bare client transfer of the very object npcache reads
// (hiredis GET; curl GET with a reused handle) next to npcache's remote hit of it.
//
//   npcache_remote_bench [--quick]
//
// Workloads:
//   small   (int, double) -> double; remote hits of N distinct keys by a reader whose local
//           cache is read-only (so every call is a local miss and a remote hit), and by
//           one that copies each hit into its local cache (the first call on a new machine)
//   large   a 256 MiB std::vector<double>, read-only reader; throughput against the floor's
//   procs   8 reader processes on one Redis, read-only, for 2 s: calls/s in all
// Ratios are printed against issue 13's goals: small <= 1.3x the floor's time, large >=
// 0.8x the floor's throughput. Each figure is the best of 3 runs.
#include "storage/remote.hpp"
#include "../test/remote/servers.hpp"

#include <npcache/npcache.hpp>

#include <curl/curl.h>
#include <hiredis/hiredis.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <sys/wait.h>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

struct Tier {
  const char *name;
  std::string url;
};

template <class F> double best_of(int runs, F run) {
  double best = 1e300;
  for (int i = 0; i < runs; ++i)
    best = std::min(best, run());
  return best;
}

std::vector<std::string> redis_keys(int port, const std::string &pattern) {
  redisContext *c = redisConnect("127.0.0.1", port);
  auto *reply = static_cast<redisReply *>(redisCommand(c, "KEYS %s", pattern.c_str()));
  std::vector<std::string> keys;
  for (std::size_t i = 0; reply != nullptr && i < reply->elements; ++i)
    keys.emplace_back(reply->element[i]->str, reply->element[i]->len);
  freeReplyObject(reply);
  redisFree(c);
  std::sort(keys.begin(), keys.end());
  return keys;
}

// Seconds per GET of each of `names`, in a loop: the bare transfer into the client's
// memory, no further copy (hiredis keeps the value in its reply).
double floor_redis(int port, const std::vector<std::string> &names, std::size_t &bytes) {
  redisContext *c = redisConnect("127.0.0.1", port);
  auto start = Clock::now();
  bytes = 0;
  for (const std::string &name : names) {
    auto *reply = static_cast<redisReply *>(redisCommand(c, "GET %b", name.data(), name.size()));
    bytes += reply->len;
    freeReplyObject(reply);
  }
  double s = seconds_since(start);
  redisFree(c);
  return s / static_cast<double>(names.size());
}

struct Body {
  CURL *handle;
  std::vector<unsigned char> bytes;
};

// Into memory reserved for the length the server gives, as npcache's client does.
std::size_t keep_bytes(char *data, std::size_t size, std::size_t count, void *out) {
  auto *body = static_cast<Body *>(out);
  curl_off_t length = -1;
  if (body->bytes.empty() && curl_easy_getinfo(body->handle, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length) == CURLE_OK &&
      length > 0)
    body->bytes.reserve(static_cast<std::size_t>(length));
  body->bytes.insert(body->bytes.end(), data, data + size * count);
  return size * count;
}

double floor_http(const std::string &base, const std::vector<std::string> &names, std::size_t &bytes) {
  CURL *h = curl_easy_init();
  auto start = Clock::now();
  bytes = 0;
  for (const std::string &name : names) {
    Body body{h, {}};
    curl_easy_setopt(h, CURLOPT_URL, (base + name).c_str());
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, keep_bytes);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &body);
    curl_easy_perform(h);
    bytes += body.bytes.size();
  }
  double s = seconds_since(start);
  curl_easy_cleanup(h);
  return s / static_cast<double>(names.size());
}

npcache::Config remote_config(const std::string &url, bool write) {
  npcache::Config config;
  config.defaults.remote_storage = std::vector<std::string>{url};
  config.defaults.write = write;
  return config;
}

double small_fn(int k, double x) { return k * x + 1.0; }

// Seconds per call of the N keys 0..N-1 through a fresh local cache.
double npcache_small(const std::string &url, const std::string &dir, int n, bool write, int &computed) {
  std::filesystem::remove_all(dir);
  npcache::Cache cache(dir, remote_config(url, write));
  auto f = cache.wrap("bench::small", [&computed](int k, double x) {
    ++computed;
    return small_fn(k, x);
  });
  auto start = Clock::now();
  for (int k = 0; k < n; ++k)
    if (f(k, 0.5) != small_fn(k, 0.5))
      std::abort();
  return seconds_since(start) / n;
}

std::vector<double> large_fn(std::size_t count) {
  std::vector<double> v(count);
  for (std::size_t i = 0; i < count; ++i)
    v[i] = static_cast<double>(i);
  return v;
}

double npcache_large(const std::string &url, const std::string &dir, std::size_t count, bool write, int &computed) {
  std::filesystem::remove_all(dir);
  npcache::Cache cache(dir, remote_config(url, write));
  auto f = cache.wrap("bench::large", [&computed](std::size_t c) {
    ++computed;
    return large_fn(c);
  });
  auto start = Clock::now();
  std::vector<double> v = f(count);
  double s = seconds_since(start);
  if (v.size() != count || v[count - 1] != static_cast<double>(count - 1))
    std::abort();
  return s;
}

} // namespace

int main(int argc, char **argv) {
  const bool quick = argc > 1 && std::string(argv[1]) == "--quick";
  const int n = quick ? 200 : 5000;
  const std::size_t large_count = (quick ? (8u << 20) : (256u << 20)) / sizeof(double);
  const int runs = quick ? 1 : 3;
  const std::string scratch = std::filesystem::temp_directory_path() / ("npcache-remote-bench-" + std::to_string(::getpid()));
  std::filesystem::create_directories(scratch);

  npcache::test::Server redis, nginx;
  npcache::test::start_redis(redis, {"--proto-max-bulk-len", "1gb"});
  std::filesystem::path www = npcache::test::start_nginx(nginx);
  const Tier tiers[] = {{"redis", "redis://127.0.0.1:" + std::to_string(redis.port())},
                        {"http", "http://127.0.0.1:" + std::to_string(nginx.port()) + "/cache/"}};
  const std::string http_base = "http://127.0.0.1:" + std::to_string(nginx.port()) + "/cache/";
  // The objects of one function's entries on a tier's server.
  auto object_names = [&](const Tier &tier, const std::string &function_dir) {
    std::vector<std::string> names;
    if (std::string(tier.name) == "redis")
      return redis_keys(redis.port(), function_dir + "*");
    for (const auto &e : std::filesystem::recursive_directory_iterator(www / "cache"))
      if (e.is_regular_file() && e.path().string().find(function_dir) != std::string::npos)
        names.push_back(std::filesystem::relative(e.path(), www / "cache").string());
    return names;
  };

  std::printf("# %d small keys, %zu MiB large, best of %d\n", n, large_count * sizeof(double) >> 20, runs);
  std::printf("%-6s %-7s %14s %14s %14s %8s  %s\n", "tier", "load", "floor", "npcache r/o", "npcache+copy",
              "ratio", "goal");
  for (const Tier &tier : tiers) {
    int computed = 0;
    npcache_small(tier.url, scratch + "/writer", n, true, computed); // seeds the server
    npcache::detail::flush_uploads(std::chrono::seconds(60));
    if (computed != n)
      std::abort();
    std::vector<std::string> names = object_names(tier, "bench__small");
    std::size_t bytes = 0;
    double floor = best_of(runs, [&] {
      return std::string(tier.name) == "redis" ? floor_redis(redis.port(), names, bytes)
                                               : floor_http(http_base, names, bytes);
    });
    double read_only = best_of(runs, [&] { return npcache_small(tier.url, scratch + "/reader", n, false, computed); });
    double with_copy = best_of(runs, [&] { return npcache_small(tier.url, scratch + "/copier", n, true, computed); });
    if (computed != n)
      std::abort(); // every reader call was a remote hit
    std::printf("%-6s %-7s %11.2f us %11.2f us %11.2f us %7.2fx  <= 1.3x (%zu-byte objects)\n", tier.name, "small",
                floor * 1e6, read_only * 1e6, with_copy * 1e6, read_only / floor, bytes / names.size());
  }
  for (const Tier &tier : tiers) {
    int computed = 0;
    npcache_large(tier.url, scratch + "/writer", large_count, true, computed);
    npcache::detail::flush_uploads(std::chrono::seconds(120));
    std::vector<std::string> names = object_names(tier, "bench__large");
    if (names.size() != 1)
      std::abort();
    std::size_t bytes = 0;
    double floor = best_of(runs, [&] {
      return std::string(tier.name) == "redis" ? floor_redis(redis.port(), names, bytes)
                                               : floor_http(http_base, names, bytes);
    });
    double read_only = best_of(runs, [&] { return npcache_large(tier.url, scratch + "/reader", large_count, false, computed); });
    if (computed != 1)
      std::abort();
    const double gb = static_cast<double>(bytes) / 1e9;
    std::printf("%-6s %-7s %9.2f GB/s %9.2f GB/s %14s %7.2fx  >= 0.8x (%.0f ms floor, %.0f ms npcache)\n", tier.name,
                "large", gb / floor, gb / read_only, "-", floor / read_only, floor * 1e3, read_only * 1e3);
  }
  // 8 processes, each a read-only reader of the seeded small keys, for 2 s.
  {
    const int procs = 8;
    const double seconds = quick ? 0.5 : 2.0;
    std::vector<pid_t> pids;
    std::string counts = scratch + "/counts";
    std::filesystem::create_directories(counts);
    for (int p = 0; p < procs; ++p) {
      pid_t pid = ::fork();
      if (pid == 0) {
        npcache::Cache cache(scratch + "/proc" + std::to_string(p), remote_config(tiers[0].url, false));
        auto f = cache.wrap("bench::small", [](int k, double x) { return small_fn(k, x) + 1e9; }); // never runs
        long calls = 0;
        auto start = Clock::now();
        while (seconds_since(start) < seconds) {
          int k = static_cast<int>(calls % n);
          if (f(k, 0.5) != small_fn(k, 0.5))
            ::_exit(2);
          ++calls;
        }
        std::FILE *out = std::fopen((counts + "/" + std::to_string(p)).c_str(), "w");
        std::fprintf(out, "%ld %.6f\n", calls, seconds_since(start));
        std::fclose(out);
        ::_exit(0);
      }
      pids.push_back(pid);
    }
    double rate = 0;
    for (int p = 0; p < procs; ++p) {
      int status = 0;
      ::waitpid(pids[static_cast<std::size_t>(p)], &status, 0);
      if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        std::abort();
      long calls = 0;
      double s = 1;
      std::FILE *in = std::fopen((counts + "/" + std::to_string(p)).c_str(), "r");
      if (std::fscanf(in, "%ld %lf", &calls, &s) != 2)
        std::abort();
      std::fclose(in);
      rate += static_cast<double>(calls) / s;
    }
    std::printf("redis  8 procs %.0f remote hits/s in all (read-only readers, %d keys)\n", rate, n);
  }
  std::filesystem::remove_all(scratch);
  return 0;
}
