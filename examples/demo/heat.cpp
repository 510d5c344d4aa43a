// npcache demo: a 2-D heat-diffusion simulation that takes a few seconds, cached on disk
// with the runtime API. Run it twice: the first process computes, the second loads.
#include <npcache/npcache.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace demo {

// Explicit finite differences on an n x n plate with a hot square in the middle.
std::vector<double> simulate_heat(int n, int steps, double alpha) {
  std::vector<double> u(static_cast<std::size_t>(n) * n, 0.0), next = u;
  for (int y = n / 2 - n / 8; y < n / 2 + n / 8; ++y)
    for (int x = n / 2 - n / 8; x < n / 2 + n / 8; ++x)
      u[static_cast<std::size_t>(y) * n + x] = 100.0;
  for (int s = 0; s < steps; ++s) {
    for (int y = 1; y < n - 1; ++y)
      for (int x = 1; x < n - 1; ++x) {
        std::size_t i = static_cast<std::size_t>(y) * n + x;
        next[i] = u[i] + alpha * (u[i - 1] + u[i + 1] + u[i - n] + u[i + n] - 4 * u[i]);
      }
    u.swap(next);
  }
  return u;
}

} // namespace demo

int main(int argc, char **argv) {
  const int n = argc > 1 ? std::atoi(argv[1]) : 512;
  const int steps = argc > 2 ? std::atoi(argv[2]) : 12000;
  const double alpha = 0.24;

  bool computed = false;
  npcache::Cache cache; // NPCACHE_DIR, else .npcache in the working directory
  auto simulate = cache.wrap("demo::simulate_heat", [&computed](int n, int steps, double alpha) {
    computed = true;
    return demo::simulate_heat(n, steps, alpha);
  });

  auto start = std::chrono::steady_clock::now();
  std::vector<double> field = simulate(n, steps, alpha);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  std::size_t center = static_cast<std::size_t>(n / 2) * n + n / 2;
  std::printf("simulate_heat(n=%d, steps=%d, alpha=%.2f): %s in %.3f %s; center %.6f\n", n, steps,
              alpha, computed ? "computed (miss)" : "loaded (hit)",
              seconds < 1 ? seconds * 1e3 : seconds, seconds < 1 ? "ms" : "s", field[center]);
  npcache::Stats stats = cache.stats();
  std::printf("cache %s: %llu entr%s, %.1f MiB\n", cache.dir().c_str(),
              static_cast<unsigned long long>(stats.entries), stats.entries == 1 ? "y" : "ies",
              static_cast<double>(stats.bytes) / (1 << 20));
  return 0;
}
