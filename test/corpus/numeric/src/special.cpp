#include "numeric/numeric.hpp"

#include <cmath>

namespace numeric {
namespace {
const double kLanczos[] = {676.5203681218851, -1259.1392167224028, 771.32342877765313,
                           -176.61502916214059, 12.507343278686905, -0.13857109526572012,
                           9.9843695780195716e-6, 1.5056327351493116e-7};
}

double gamma(double x) {
  if (x < 0.5)
    return kPi / (std::sin(kPi * x) * gamma(1 - x));
  x -= 1;
  double a = 0.99999999999980993, t = x + 7.5;
  for (int i = 0; i < 8; ++i)
    a += kLanczos[i] / (x + i + 1);
  return std::sqrt(2 * kPi) * std::pow(t, x + 0.5) * std::exp(-t) * a;
}

double log_gamma(double x) { return std::log(gamma(x)); }

double beta(double a, double b) { return gamma(a) * gamma(b) / gamma(a + b); }

double erf_series(double x) {
  double sum = 0, term = x;
  for (int n = 0; n < 60; ++n) {
    sum += term / (2 * n + 1);
    term *= -x * x / (n + 1);
  }
  return 2 / std::sqrt(kPi) * sum;
}

double bessel_j0(double x) {
  double sum = 0, term = 1;
  for (int k = 0; k < 40; ++k) {
    sum += term;
    term *= -(x * x / 4) / ((k + 1.0) * (k + 1.0));
  }
  return sum;
}

long binomial(int n, int k) {
  if (k < 0 || k > n)
    return 0;
  long r = 1;
  for (int i = 1; i <= k; ++i)
    r = r * (n - k + i) / i;
  return r;
}

std::vector<long> pascal_row(int n) {
  std::vector<long> row;
  for (int k = 0; k <= n; ++k)
    row.push_back(binomial(n, k));
  return row;
}

double zeta(double s, int terms) {
  double sum = 0;
  for (int k = 1; k <= terms; ++k)
    sum += 1 / std::pow(k, s);
  return sum;
}
} // namespace numeric
