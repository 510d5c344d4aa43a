#include "fit/fit.hpp"

#include <cstdio>

using namespace fit;

static void show(const char *name, const std::vector<double> &v) {
  std::printf("%s", name);
  for (double x : v)
    std::printf(" %.12g", x);
  std::printf("\n");
}

int main() {
  std::vector<double> x, y;
  for (int i = 0; i < 12; ++i) {
    x.push_back(i * 0.5);
    y.push_back(1 + 2 * x.back() - 0.5 * x.back() * x.back() + (i % 3) * 0.01);
  }
  show("polyfit", polyfit(x, y, 2));
  for (int degree : {1, 2, 1})
    std::printf("residual %d %.12g\n", degree, residual_norm(x, y, degree));
  show("ridge", ridge(x, y, 2, 0.1));
  show("eigen", eigenvalues({4, 1, 0, 1, 3, 1, 0, 1, 2}, 3));
  std::printf("radius %.12g\n", spectral_radius({2, 1, 1, 3}, 2));
  show("laplacian", laplacian_spectrum(5));
  auto s = singular_extremes({1, 2, 3, 4, 5, 6}, 3, 2);
  std::printf("singular %.12g %.12g\n", s[0], s[1]);
  std::vector<double> z{1.0, 2.1, 2.9, 4.2, 5.0, 5.9, 7.1};
  Estimate e = track(z, 1.0, 0.5);
  std::printf("track %.12g %.12g %.12g\n", e.position, e.velocity, e.variance);
  show("smoothed", smoothed(z, 0.5));
  show("bar", bar_displacements(4, 2.0, 100.0, 5.0));
  std::printf("tip %.12g %.12g\n", tip_deflection(8, 5.0), tip_deflection(16, 5.0));
  std::printf("heat %.12g\n", heat_steady(20, 1.0, 3.0, 0.1));
  return 0;
}
