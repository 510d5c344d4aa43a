#include "physics.h"

#include <cstdio>

int main() {
  std::vector<double> x = phys::simulate(1000, 0.25);
  double e = phys::energy(12);
  std::printf("computed=%d last=%g energy=%g\n", phys::computations, x.back(), e);
  return 0;
}
