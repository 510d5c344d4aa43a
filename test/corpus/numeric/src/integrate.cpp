#include "numeric/numeric.hpp"

#include <cmath>

namespace numeric {
namespace {
double gaussian(double x, double mean, double sigma) {
  double z = (x - mean) / sigma;
  return std::exp(-0.5 * z * z) / (sigma * std::sqrt(2 * kPi));
}
} // namespace

template <class T> T midpoint_sum(T a, T b, int n, T scale) {
  T h = (b - a) / n, sum = 0;
  for (int i = 0; i < n; ++i)
    sum += scale * (a + (i + T(0.5)) * h);
  return sum * h;
}
template double midpoint_sum<double>(double, double, int, double);
template float midpoint_sum<float>(float, float, int, float);

double integrate_polynomial(const std::vector<double> &coefficients, double a, double b, int n, Rule rule) {
  if (rule == Rule::simpson && n % 2 == 1)
    ++n;
  double h = (b - a) / n, sum = 0;
  for (int i = 0; i <= n; ++i) {
    double w = (i == 0 || i == n) ? 1 : rule == Rule::trapezoid ? 2 : (i % 2 == 1 ? 4 : 2);
    sum += w * evaluate(coefficients, a + i * h);
  }
  return rule == Rule::trapezoid ? sum * h / 2 : sum * h / 3;
}

double integrate_gaussian(double mean, double sigma, double a, double b, int n) {
  double h = (b - a) / n, sum = 0;
  for (int i = 0; i < n; ++i)
    sum += gaussian(a + (i + 0.5) * h, mean, sigma);
  return sum * h;
}

double integrate_sine_power(int power, double a, double b) {
  const int n = 2000;
  double h = (b - a) / n, sum = 0;
  for (int i = 0; i < n; ++i)
    sum += std::pow(std::sin(a + (i + 0.5) * h), power);
  return sum * h;
}
} // namespace numeric
