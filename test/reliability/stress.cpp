// Crash and load harnesses, run by ctest in a short form and by hand for longer.
//
//   npcache_stress crash DIR ROUNDS
//     Each round forks a writer that stores entries as fast as it can and kill -9s it
//     at a random moment, while one reader process checks every value it gets. Then
//     every entry left is verified and decoded, and a new process's first store must
//     clean up the temporaries the killed writers left.
//   npcache_stress load DIR PROCESSES THREADS SECONDS
//     Processes x threads call shared and private keys under a small max_size, so that
//     eviction runs all the time; every value is checked. Reports operations per second.
//
// Prints one summary line; exits 1 if anything was wrong.
#include "maintenance.hpp"
#include "names.hpp"

#include <npcache/npcache.hpp>

#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <poll.h>
#include <random>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace npcache;
namespace fs = std::filesystem;

namespace {

// Every key's value is known, so any value read can be checked. Sizes vary so that
// entries are written in one piece, in chunks, and through the hashing thread.
std::vector<double> expected(int k) {
  static const std::size_t kSizes[] = {20, 2000, 60000, 2200000}; // 2.2M: 17.6 MB
  std::vector<double> v(kSizes[static_cast<unsigned>(k) % 4]);
  for (std::size_t i = 0; i < v.size(); ++i)
    v[i] = k * 1e7 + static_cast<double>(i);
  return v;
}

// Hash keys: the smallest values (160 bytes) go to the small-entry store, the others to
// files, and a value tells its key (its first element is k * 1e7) for the final check.
auto wrap(const std::string &dir, Settings s) {
  return Cache(dir).wrap("stress::value", [](int k) { return expected(k); }, s);
}

// Whether an entry of an inventory is whole, verified, and holds one key's value.
bool entry_holds_its_value(const detail::Inventory &inv, const detail::EntryInfo &e) {
  detail::EntryHeader header;
  std::vector<unsigned char> payload;
  if (detail::verify_entry(inv, e, header, &payload).status != detail::ReadStatus::ok)
    return false;
  MemorySource in(payload.data(), payload.size());
  std::vector<double> v = codec<std::vector<double>>::decode(in);
  return !v.empty() && v == expected(static_cast<int>(std::llround(v[0] / 1e7)));
}

struct Counts {
  std::uint64_t ops = 0, hits = 0, wrong = 0;
};

// Runs `body` in a child that reports Counts through a pipe.
struct Child {
  pid_t pid = -1;
  int fd = -1;
};
template <class Body> Child spawn(Body body) {
  int p[2];
  if (::pipe(p) != 0)
    std::abort();
  pid_t pid = ::fork();
  if (pid == 0) {
    ::close(p[0]);
    Counts c = body();
    (void)!::write(p[1], &c, sizeof c);
    ::_exit(0);
  }
  ::close(p[1]);
  return Child{pid, p[0]};
}
Counts collect(Child child) {
  Counts c;
  bool whole = ::read(child.fd, &c, sizeof c) == static_cast<ssize_t>(sizeof c);
  ::close(child.fd);
  int status = 0;
  ::waitpid(child.pid, &status, 0);
  if (!whole || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
    c.wrong += 1; // a child that died or reported nothing counts as an error
  return c;
}

detail::SafeDir cache_dir(const std::string &dir) {
  std::string why;
  return detail::SafeDir::open_root(dir, {}, false, why);
}

std::size_t count_temps(const std::string &dir) {
  std::size_t n = 0;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); it != fs::recursive_directory_iterator();
       it.increment(ec))
    n += detail::is_temp_file(it->path().filename().string());
  return n;
}

// A later process's first store removes what killed writers left; returns what remains.
std::size_t clean_up(const std::string &dir) {
  pid_t cleaner = ::fork();
  if (cleaner == 0) {
    Settings s;
    s.refresh = true;
    wrap(dir, s)(0);
    ::_exit(0);
  }
  ::waitpid(cleaner, nullptr, 0);
  return count_temps(dir);
}

int crash(const std::string &dir, int rounds) {
  const std::string stop_file = dir + ".stop";
  fs::remove(stop_file);
  fs::remove_all(dir);
  fs::create_directories(dir);
  Child reader = spawn([&] {
    Settings s;
    s.write = false;
    auto f = wrap(dir, s);
    std::mt19937 rng(1);
    Counts c;
    while (!fs::exists(stop_file)) {
      int k = static_cast<int>(rng() % 64);
      c.wrong += f(k) != expected(k);
      ++c.ops;
    }
    c.hits = Cache(dir).stats().hits;
    return c;
  });
  std::mt19937 rng(42);
  int killed = 0;
  std::size_t temps_left = 0, temps_after = 0;
  for (int round = 0; round < rounds; ++round) {
    int stored[2];
    if (::pipe2(stored, O_NONBLOCK) != 0)
      std::abort();
    pid_t writer = ::fork();
    if (writer == 0) {
      ::close(stored[0]);
      Settings s;
      s.refresh = true; // store on every call
      auto f = wrap(dir, s);
      std::mt19937 local(static_cast<unsigned>(round));
      for (;;) {
        f(static_cast<int>(local() % 64));
        (void)!::write(stored[1], "s", 1); // never blocks: a full pipe drops it
      }
    }
    ::close(stored[1]);
    // The kill lands at a random moment after the writer's first whole store, so that
    // every round leaves entries however slow the build (a sanitizer's writer often
    // stored nothing within a fixed 20 ms).
    pollfd first{stored[0], POLLIN, 0};
    ::poll(&first, 1, 120000);
    std::this_thread::sleep_for(std::chrono::microseconds(500 + rng() % 20000));
    ::kill(writer, SIGKILL);
    int status = 0;
    ::waitpid(writer, &status, 0);
    killed += WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
    ::close(stored[0]); // only now: a writer that wrote to a closed pipe would die of SIGPIPE
    temps_left += count_temps(dir); // the next writer's first store removes them
  }
  temps_after = clean_up(dir);
  { std::ofstream(stop_file) << "stop\n"; }
  Counts read = collect(reader);
  fs::remove(stop_file);

  // Every entry left must be whole, verified, and hold its key's value.
  std::uint64_t checked = 0, checked_files = 0, bad = 0;
  const detail::Inventory inv = detail::take_inventory(cache_dir(dir), false);
  for (const auto &e : inv.entries) {
    bad += !entry_holds_its_value(inv, e);
    checked += e.small ? 1 : 0;
    checked_files += e.small ? 0 : 1;
  }
  std::printf("crash: %d writers killed; reader: %llu calls, %llu wrong; %llu small and %llu file entries "
              "verified, %llu bad; %zu temporaries left by the killed writers, %zu after a new process's first "
              "store\n",
              killed, static_cast<unsigned long long>(read.ops),
              static_cast<unsigned long long>(read.wrong), static_cast<unsigned long long>(checked),
              static_cast<unsigned long long>(checked_files),
              static_cast<unsigned long long>(bad), temps_left, temps_after);
  return killed == rounds && read.wrong == 0 && bad == 0 && checked > 0 && checked_files > 0 && temps_after == 0
             ? 0
             : 1;
}

int load(const std::string &dir, int processes, int threads, double seconds) {
  fs::remove_all(dir);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  std::vector<Child> children;
  for (int p = 0; p < processes; ++p)
    children.push_back(spawn([&, p] {
      Settings s;
      s.max_size_bytes = 16ull << 20; // far below the working set: eviction runs constantly
      auto f = wrap(dir, s);
      std::atomic<std::uint64_t> ops{0}, wrong{0};
      std::vector<std::thread> pool;
      for (int t = 0; t < threads; ++t)
        pool.emplace_back([&, t] {
          std::mt19937 rng(static_cast<unsigned>(p * 100 + t));
          while (std::chrono::steady_clock::now() < deadline) {
            // Half the calls share 16 keys across every process; half are this process's own.
            int r = rng() % 2 ? static_cast<int>(rng() % 16)
                              : 1000 + p * 64 + static_cast<int>(rng() % 64);
            int k = 4 * r + r % 3; // not the 17.6 MB size: keeps the calls many

            wrong += f(k) != expected(k);
            ++ops;
          }
        });
      for (auto &t : pool)
        t.join();
      Stats st = Cache(dir).stats();
      Counts c;
      c.ops = ops;
      c.wrong = wrong;
      c.hits = st.hits;
      return c;
    }));
  Counts total;
  for (Child &c : children) {
    Counts one = collect(c);
    total.ops += one.ops;
    total.wrong += one.wrong;
  }
  detail::Inventory inv = detail::take_inventory(cache_dir(dir), false);
  std::uint64_t bad = 0, small = 0;
  for (const auto &e : inv.entries) {
    bad += !entry_holds_its_value(inv, e);
    small += e.small;
  }
  std::printf("load: %d processes x %d threads for %.0f s: %llu calls, %.0f calls/s, %llu wrong; "
              "directory %.1f MiB in %zu entries (%llu small; max_size 16 MiB), %llu bad\n",
              processes, threads, seconds, static_cast<unsigned long long>(total.ops),
              static_cast<double>(total.ops) / seconds, static_cast<unsigned long long>(total.wrong),
              static_cast<double>(inv.bytes) / (1 << 20), inv.entries.size(),
              static_cast<unsigned long long>(small), static_cast<unsigned long long>(bad));
  return total.wrong == 0 && bad == 0 && total.ops > 0 ? 0 : 1;
}

} // namespace

int main(int argc, char **argv) {
  std::string mode = argc > 2 ? argv[1] : "";
  if (mode == "crash" && argc == 4)
    return crash(argv[2], std::atoi(argv[3]));
  if (mode == "load" && argc == 6)
    return load(argv[2], std::atoi(argv[3]), std::atoi(argv[4]), std::atof(argv[5]));
  std::fprintf(stderr, "usage: npcache_stress crash DIR ROUNDS | load DIR PROCESSES THREADS SECONDS\n");
  return 2;
}
