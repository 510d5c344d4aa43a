// A separate program for the process tests: calls one cached function through the
// default Cache (so the environment decides everything) and says whether it ran.
//   npcache_probe [N [VERSION [forged]]]
// "forged" is the security tests' attacker: the same function name and arguments, hence
// the same key, with other values, to plant in someone else's cache. PROBE_SLEEP_MS makes
// the function take that long, for the compute-once tests. PROBE_THEN=M calls it once more,
// with M, and prints a second line: a program that exits right after a call.
#include <npcache/npcache.hpp>

#include <cstdio>
#include <cstdlib>
#include <numeric>
#include <string>
#include <thread>
#include <chrono>

int main(int argc, char **argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 1000;
  std::string version = argc > 2 ? argv[2] : "";
  const double first = argc > 3 && std::string(argv[3]) == "forged" ? 1000.5 : 0.5;
  bool ran = false;
  npcache::Cache cache;
  const char *sleep_ms = std::getenv("PROBE_SLEEP_MS");
  auto f = cache.wrap("probe::table", [&ran, first, sleep_ms](int size) {
    ran = true;
    if (sleep_ms != nullptr)
      std::this_thread::sleep_for(std::chrono::milliseconds(std::atoi(sleep_ms)));
    std::vector<double> v(static_cast<std::size_t>(size));
    std::iota(v.begin(), v.end(), first);
    return v;
  }, version);
  auto call = [&](int size) {
    ran = false;
    std::vector<double> v = f(size);
    std::printf("%s %.17g\n", ran ? "computed" : "loaded", std::accumulate(v.begin(), v.end(), 0.0));
  };
  call(n);
  if (const char *then = std::getenv("PROBE_THEN"))
    call(std::atoi(then));
  return 0;
}
