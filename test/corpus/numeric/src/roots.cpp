#include "numeric/numeric.hpp"

#include <cmath>

namespace numeric {

double bisect_cubic(double a, double b, double c, double d, double lo, double hi) {
  auto f = [&](double x) { return ((a * x + b) * x + c) * x + d; };
  for (int i = 0; i < kMaxIterations && hi - lo > tolerance(); ++i) {
    double mid = (lo + hi) / 2;
    if ((f(lo) < 0) == (f(mid) < 0))
      lo = mid;
    else
      hi = mid;
  }
  return (lo + hi) / 2;
}

double newton_sqrt(double x) {
  double r = x > 1 ? x / 2 : 1;
  for (int i = 0; i < 60; ++i)
    r = 0.5 * (r + x / r);
  return r;
}

double kepler(double mean_anomaly, double eccentricity) {
  double e = mean_anomaly;
  for (int i = 0; i < kMaxIterations; ++i) {
    double next = e - (e - eccentricity * std::sin(e) - mean_anomaly) / (1 - eccentricity * std::cos(e));
    if (std::fabs(next - e) < tolerance())
      return next;
    e = next;
  }
  return e;
}

std::vector<double> polynomial_roots(const std::vector<double> &coefficients, double lo, double hi, int cells) {
  std::vector<double> roots;
  double h = (hi - lo) / cells;
  for (int i = 0; i < cells; ++i) {
    double a = lo + i * h, b = a + h;
    if ((evaluate(coefficients, a) < 0) == (evaluate(coefficients, b) < 0))
      continue;
    for (int k = 0; k < 80; ++k) {
      double m = (a + b) / 2;
      if ((evaluate(coefficients, a) < 0) == (evaluate(coefficients, m) < 0))
        a = m;
      else
        b = m;
    }
    roots.push_back((a + b) / 2);
  }
  return roots;
}

int iterations_to_converge(double x0) {
  double x = x0;
  int n = 0;
  while (std::fabs(std::cos(x) - x) > 1e-10 && n < kMaxIterations) {
    x = std::cos(x);
    ++n;
  }
  return n;
}
} // namespace numeric
