// npcache's side of bench/peers.py: one workload per run, timed in this process, printed
// as one JSON object. The Python peers run the same workloads in bench/peers.py, and the
// floors here are the system calls each workload cannot avoid.
//
//   npcache_peers DIR store-small N        N new (int, double) -> double calls (misses)
//   npcache_peers DIR hit-small N PASSES   the same N keys again, each pass in this process
//   npcache_peers DIR memory-small N PASSES  the same with memory = true, after a pass
//                                          that fills the memory tier
//   npcache_peers DIR hit-vector N MIB     a std::vector<double> of MIB MiB, N hits
//   npcache_peers DIR store-vector 1 MIB   the same stored (a miss), untimed
//   npcache_peers DIR first-hit-vector 1 MIB  the process's first call, a hit of what
//                                          store-vector stored: a program's second run
//   npcache_peers DIR floor-small N        openat + pread + close of N small files
//   npcache_peers DIR floor-store N        openat + write + close + renameat, N times
//   npcache_peers DIR floor-read MIB N     pread of a MIB MiB file into fresh memory
//   npcache_peers DIR hit-shared 1 SECONDS  key 0 over and over for SECONDS, from the wall-clock
//                                          time in NPCACHE_PEERS_START on (several processes
//                                          at once: bench/peers.py)
#include <npcache/npcache.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

int computed = 0;

double small(int k, double x) {
  ++computed;
  return k * x + 1.0;
}

std::vector<double> vector_of(int k, std::size_t mib) {
  ++computed;
  std::vector<double> v((mib << 20) / sizeof(double));
  for (std::size_t i = 0; i < v.size(); ++i)
    v[i] = static_cast<double>(i + static_cast<std::size_t>(k));
  return v;
}

void report(const char *workload, double seconds, long calls) {
  std::printf("{\"workload\": \"%s\", \"seconds\": %.9f, \"calls\": %ld, \"computed\": %d}\n",
              workload, seconds, calls, computed);
}

bool write_file(int dir_fd, const std::string &name, const void *data, std::size_t size) {
  int fd = ::openat(dir_fd, name.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    return false;
  bool ok = ::write(fd, data, size) == static_cast<ssize_t>(size);
  return ::close(fd) == 0 && ok;
}

} // namespace

int main(int argc, char **argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: npcache_peers DIR WORKLOAD N [ARG]\n");
    return 2;
  }
  const std::string dir = argv[1];
  const std::string workload = argv[2];
  const long n = std::atol(argv[3]);
  const long arg = argc > 4 ? std::atol(argv[4]) : 1;
  npcache::Settings memory;
  memory.memory = true;
  double sink = 0;

  if (workload == "hit-shared") {
    auto f = npcache::Cache(dir).wrap("peers::small", &small);
    sink += f(0, 0.5); // opened, and a hit: what is timed is the steady state
    const char *start = std::getenv("NPCACHE_PEERS_START");
    const auto at = std::chrono::system_clock::time_point(std::chrono::duration_cast<std::chrono::system_clock::duration>(
        std::chrono::duration<double>(start != nullptr ? std::atof(start) : 0)));
    std::this_thread::sleep_until(at);
    const auto begin = Clock::now();
    long calls = 0;
    const double duration = std::atof(argv[4]);
    while (seconds_since(begin) < duration)
      for (int i = 0; i < 256; ++i, ++calls)
        sink += f(0, 0.5);
    report(workload.c_str(), seconds_since(begin), calls);
  } else if (workload == "store-small" || workload == "hit-small" || workload == "memory-small") {
    auto f = npcache::Cache(dir).wrap("peers::small", &small,
                                      workload == "memory-small" ? memory : npcache::Settings{});
    const long passes = workload == "store-small" ? 1 : arg;
    if (workload == "memory-small") // filled from the disk, untimed: then only memory answers
      for (long k = 0; k < n; ++k)
        sink += f(static_cast<int>(k), 0.5);
    const auto begin = Clock::now();
    for (long p = 0; p < passes; ++p)
      for (long k = 0; k < n; ++k)
        sink += f(static_cast<int>(k), 0.5);
    report(workload.c_str(), seconds_since(begin), n * passes);
  } else if (workload == "hit-vector" || workload == "store-vector" || workload == "first-hit-vector") {
    auto f = npcache::Cache(dir).wrap("peers::vector", [mib = static_cast<std::size_t>(arg)](int k) {
      return vector_of(k, mib);
    });
    if (workload != "first-hit-vector")
      f(0); // stored, or already there: the timed calls are hits
    if (workload == "store-vector") {
      report(workload.c_str(), 0, 1);
      return 0;
    }
    const int before = computed;
    const auto begin = Clock::now();
    for (long i = 0; i < n; ++i)
      sink += f(0)[1];
    computed -= before;
    report(workload.c_str(), seconds_since(begin), n);
  } else if (workload == "floor-small" || workload == "floor-store") {
    // Relative to the directory held open, as npcache's own reads and writes are.
    std::filesystem::create_directories(dir);
    int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    const double value = 1.5;
    char buffer[256] = {};
    if (workload == "floor-small")
      for (long k = 0; k < n; ++k)
        write_file(dir_fd, std::to_string(k), buffer, 200);
    const auto begin = Clock::now();
    for (long k = 0; k < n; ++k) {
      const std::string name = std::to_string(k);
      if (workload == "floor-small") {
        int fd = ::openat(dir_fd, name.c_str(), O_RDONLY | O_CLOEXEC);
        sink += static_cast<double>(::pread(fd, buffer, sizeof buffer, 0));
        ::close(fd);
      } else {
        write_file(dir_fd, name + ".tmp", &value, sizeof value);
        ::renameat(dir_fd, (name + ".tmp").c_str(), dir_fd, name.c_str());
      }
    }
    report(workload.c_str(), seconds_since(begin), n);
    ::close(dir_fd);
  } else if (workload == "floor-read") {
    std::filesystem::create_directories(dir);
    const std::size_t bytes = static_cast<std::size_t>(n) << 20;
    const std::string path = dir + "/floor.bin";
    {
      std::vector<char> block(bytes, 1);
      write_file(AT_FDCWD, path, block.data(), bytes);
    }
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    const auto begin = Clock::now();
    for (long i = 0; i < arg; ++i) {
      std::unique_ptr<char[]> fresh(new char[bytes]);
      npcache::detail::advise_huge_pages(fresh.get(), bytes);
      for (std::size_t done = 0; done < bytes;) {
        ssize_t got = ::pread(fd, fresh.get() + done, bytes - done, static_cast<off_t>(done));
        if (got <= 0)
          return 1;
        done += static_cast<std::size_t>(got);
      }
      sink += fresh[bytes - 1];
    }
    report(workload.c_str(), seconds_since(begin), arg);
    ::close(fd);
  } else {
    std::fprintf(stderr, "npcache_peers: unknown workload '%s'\n", workload.c_str());
    return 2;
  }
  return sink == 12345.678 ? 3 : 0; // keeps the loops' results alive
}
