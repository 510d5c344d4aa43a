#include "physics.h"
#include "helpers.h"

namespace phys {
int computations = 0;

static double advance(double x, double dt) { return x + dt; }

std::vector<double> simulate(int steps, double dt) {
  ++computations;
  std::vector<double> x(static_cast<std::size_t>(steps));
  for (int i = 1; i < steps; ++i)
    x[static_cast<std::size_t>(i)] = advance(x[static_cast<std::size_t>(i - 1)], dt);
  return x;
}

[[npcache::cached(compress = "zstd")]]
double energy(int n) {
  ++computations;
  return n * 0.5;
}

[[npcache::cached]] double Plate::total(int steps) const {
  ++computations;
  return n * scale(alpha) * steps;
}
} // namespace phys
