#include "numeric/numeric.hpp"

namespace numeric {

double evaluate(const std::vector<double> &coefficients, double x) {
  double y = 0;
  for (std::size_t i = coefficients.size(); i-- > 0;)
    y = y * x + coefficients[i];
  return y;
}

std::vector<double> derivative(const std::vector<double> &coefficients) {
  std::vector<double> d;
  for (std::size_t i = 1; i < coefficients.size(); ++i)
    d.push_back(coefficients[i] * static_cast<double>(i));
  return d;
}

std::vector<double> product(const std::vector<double> &a, const std::vector<double> &b) {
  std::vector<double> p(a.size() + b.size() - 1, 0.0);
  for (std::size_t i = 0; i < a.size(); ++i)
    for (std::size_t j = 0; j < b.size(); ++j)
      p[i + j] += a[i] * b[j];
  return p;
}

std::vector<double> chebyshev(int n) {
  std::vector<double> previous{1}, current{0, 1};
  if (n == 0)
    return previous;
  for (int k = 1; k < n; ++k) {
    std::vector<double> next = product(current, {0, 2});
    for (std::size_t i = 0; i < previous.size(); ++i)
      next[i] -= previous[i];
    previous = current;
    current = next;
  }
  return current;
}

std::vector<double> legendre(int n) {
  std::vector<double> previous{1}, current{0, 1};
  if (n == 0)
    return previous;
  for (int k = 1; k < n; ++k) {
    std::vector<double> next = product(current, {0, (2.0 * k + 1) / (k + 1)});
    for (std::size_t i = 0; i < previous.size(); ++i)
      next[i] -= previous[i] * k / (k + 1);
    previous = current;
    current = next;
  }
  return current;
}

double legendre_value(int n, double x) { return evaluate(legendre(n), x); }
} // namespace numeric
