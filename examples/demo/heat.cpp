// npcache demo: a 2-D heat-diffusion simulation that takes a couple of seconds. The
// attribute is all it takes: the first run computes, later runs load, and editing the
// function's body makes the next run compute again.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace demo {

int computed = 0; // how often the simulation really ran in this process

// Explicit finite differences on an n x n plate with a hot square in the middle.
// `pure = true`: the counter it bumps is there to show misses, not an input.
[[npcache::cached(pure = true)]]
std::vector<double> simulate_heat(int n, int steps, double alpha) {
  ++computed;
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

  auto start = std::chrono::steady_clock::now();
  std::vector<double> field = demo::simulate_heat(n, steps, 0.24);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  std::size_t center = static_cast<std::size_t>(n / 2) * n + n / 2;
  std::printf("simulate_heat(n=%d, steps=%d): %s in %.3f %s; center temperature %.6f\n", n, steps,
              demo::computed ? "computed (miss)" : "loaded (hit)", seconds < 1 ? seconds * 1e3 : seconds,
              seconds < 1 ? "ms" : "s", field[center]);
  return 0;
}
