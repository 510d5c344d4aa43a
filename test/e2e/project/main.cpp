#include "physics.h"

#include <cstdio>

template <int N> [[npcache::cached]] double power(double x) {
  ++phys::computations;
  double r = 1;
  for (int i = 0; i < N; ++i)
    r *= x;
  return r;
}

int main() {
  std::vector<double> x = phys::simulate(1000, 0.25);
  double e = phys::energy(12);
  double t = phys::Plate{4, 0.5}.total(3) + phys::Plate{4, 0.25}.total(3);
  double p = power<2>(3.0) + power<3>(3.0);
  std::printf("computed=%d last=%g energy=%g total=%g power=%g\n", phys::computations, x.back(), e,
              t, p);
  return 0;
}
