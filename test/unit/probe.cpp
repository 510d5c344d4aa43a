// A separate program for the process tests: calls one cached function through the
// default Cache (so the environment decides everything) and says whether it ran.
//   npcache_probe [N [VERSION [forged]]]
// "forged" is the security tests' attacker: the same function name and arguments, hence
// the same key, with other values, to plant in someone else's cache. PROBE_SLEEP_MS makes
// the function take that long, for the compute-once tests. PROBE_THEN=M calls it once more,
// with M, and prints a second line: a program that exits right after a call. PROBE_RAISE
// makes the function raise FE_OVERFLOW (its value unchanged), and each line say whether
// the call left it raised.
#include <npcache/npcache.hpp>

#include <cfenv>
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
  const bool raise = std::getenv("PROBE_RAISE") != nullptr;
  auto f = cache.wrap("probe::table", [&ran, first, sleep_ms, raise](int size) {
    ran = true;
    if (raise) {
      volatile double big = 1e300;
      big = big * big;
    }
    if (sleep_ms != nullptr)
      std::this_thread::sleep_for(std::chrono::milliseconds(std::atoi(sleep_ms)));
    std::vector<double> v(static_cast<std::size_t>(size));
    std::iota(v.begin(), v.end(), first);
    return v;
  }, version);
  auto call = [&](int size) {
    ran = false;
    std::feclearexcept(FE_ALL_EXCEPT);
    std::vector<double> v = f(size);
    const char *flags = !raise ? "" : std::fetestexcept(FE_OVERFLOW) != 0 ? " overflow" : " no-overflow";
    std::printf("%s %.17g%s\n", ran ? "computed" : "loaded", std::accumulate(v.begin(), v.end(), 0.0), flags);
  };
  call(n);
  if (const char *then = std::getenv("PROBE_THEN"))
    call(std::atoi(then));
  return 0;
}
