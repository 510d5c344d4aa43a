#include "numeric/numeric.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace numeric {

double mean(const std::vector<double> &values) {
  double sum = 0;
  for (double v : values)
    sum += v;
  return values.empty() ? 0 : sum / values.size();
}

double variance(const std::vector<double> &values) {
  double m = mean(values), sum = 0;
  for (double v : values)
    sum += (v - m) * (v - m);
  return values.size() < 2 ? 0 : sum / (values.size() - 1);
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  std::size_t n = values.size();
  return n == 0 ? 0 : n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

Summary summarize(const std::vector<double> &values) {
  auto [lo, hi] = std::minmax_element(values.begin(), values.end());
  return {mean(values), variance(values), *lo, *hi};
}

std::vector<int> histogram(const std::vector<double> &values, double lo, double hi, int bins) {
  std::vector<int> counts(bins, 0);
  for (double v : values) {
    int b = static_cast<int>((v - lo) / (hi - lo) * bins);
    if (b >= 0 && b < bins)
      ++counts[b];
  }
  return counts;
}

double correlation(const std::vector<double> &x, const std::vector<double> &y) {
  double mx = mean(x), my = mean(y), sxy = 0, sxx = 0, syy = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
    syy += (y[i] - my) * (y[i] - my);
  }
  return sxy / std::sqrt(sxx * syy);
}

std::pair<double, double> linear_fit(const std::vector<double> &x, const std::vector<double> &y) {
  double mx = mean(x), my = mean(y), sxy = 0, sxx = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
  }
  double slope = sxy / sxx;
  return {slope, my - slope * mx};
}

std::vector<double> moving_average(const std::vector<double> &values, int window) {
  std::vector<double> out;
  for (std::size_t i = 0; i + window <= values.size(); ++i)
    out.push_back(mean(std::vector<double>(values.begin() + i, values.begin() + i + window)));
  return out;
}

std::vector<double> lcg_sequence(unsigned seed, int count) {
  std::vector<double> out;
  unsigned state = seed;
  for (int i = 0; i < count; ++i) {
    state = state * 1664525u + 1013904223u;
    out.push_back(state / 4294967296.0);
  }
  return out;
}

std::string describe(const Summary &s) {
  char text[160];
  std::snprintf(text, sizeof text, "mean %.6f variance %.6f range [%.6f, %.6f]", s.mean, s.variance,
                s.minimum, s.maximum);
  return text;
}
} // namespace numeric
