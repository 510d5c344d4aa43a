#include "numeric/numeric.hpp"

#include <algorithm>

namespace numeric {

double lerp(double a, double b, double t) { return a + (b - a) * t; }

static std::size_t segment(const std::vector<Sample> &table, double x) {
  std::size_t i = 1;
  while (i + 1 < table.size() && table[i].x < x)
    ++i;
  return i;
}

double interpolate_linear(const std::vector<Sample> &table, double x) {
  std::size_t i = segment(table, x);
  const Sample &a = table[i - 1], &b = table[i];
  return lerp(a.y, b.y, (x - a.x) / (b.x - a.x));
}

std::vector<double> resample(const std::vector<Sample> &table, int count) {
  std::vector<double> out;
  double lo = table.front().x, hi = table.back().x;
  for (int i = 0; i < count; ++i)
    out.push_back(interpolate_linear(table, lo + (hi - lo) * i / (count - 1)));
  return out;
}

std::vector<double> spline_second_derivatives(const std::vector<Sample> &table) {
  std::size_t n = table.size();
  std::vector<double> y2(n, 0.0), u(n, 0.0);
  for (std::size_t i = 1; i + 1 < n; ++i) {
    double sig = (table[i].x - table[i - 1].x) / (table[i + 1].x - table[i - 1].x);
    double p = sig * y2[i - 1] + 2;
    y2[i] = (sig - 1) / p;
    double d = (table[i + 1].y - table[i].y) / (table[i + 1].x - table[i].x) -
               (table[i].y - table[i - 1].y) / (table[i].x - table[i - 1].x);
    u[i] = (6 * d / (table[i + 1].x - table[i - 1].x) - sig * u[i - 1]) / p;
  }
  for (std::size_t k = n - 1; k-- > 0;)
    y2[k] = y2[k] * y2[k + 1] + u[k];
  return y2;
}

double interpolate_spline(const std::vector<Sample> &table, double x) {
  std::vector<double> y2 = spline_second_derivatives(table);
  std::size_t i = segment(table, x);
  double h = table[i].x - table[i - 1].x;
  double a = (table[i].x - x) / h, b = (x - table[i - 1].x) / h;
  return a * table[i - 1].y + b * table[i].y +
         ((a * a * a - a) * y2[i - 1] + (b * b * b - b) * y2[i]) * h * h / 6;
}
} // namespace numeric
