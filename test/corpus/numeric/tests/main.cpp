// The library's tests: every function, with printed results that an uncached build
// reproduces exactly. Some calls repeat, as real programs repeat them.
#include "numeric/numeric.hpp"

#include <cstdio>
#include <stdexcept>

using namespace numeric;

static int failures = 0;
static void check(bool ok, const char *what) {
  if (!ok) {
    ++failures;
    std::printf("FAILED: %s\n", what);
  }
}
static void show(const char *name, double v) { std::printf("%s %.17g\n", name, v); }
static void show(const char *name, const std::vector<double> &v) {
  std::printf("%s [", name);
  for (double x : v)
    std::printf(" %.17g", x);
  std::printf(" ]\n");
}

int main() {
  const std::vector<double> cubic{-6, 11, -6, 1}; // (x-1)(x-2)(x-3)
  for (int n : {10, 100, 10})
    show("trapezoid", integrate_polynomial(cubic, 0, 4, n, Rule::trapezoid));
  show("simpson", integrate_polynomial(cubic, 0, 4, 9, Rule::simpson));
  show("gaussian", integrate_gaussian(0, 1, -2, 2, 400));
  for (int power : {1, 3, 1})
    std::printf("unit %s\n", length_unit(power).c_str());
  show("sine2", integrate_sine_power(2, 0, kPi));
  show("midpoint", midpoint_sum(0.0, 1.0, 10, 2.0));
  show("midpoint-float", midpoint_sum(0.0f, 1.0f, 10, 2.0f));

  std::vector<Sample> table{{0, 0}, {1, 1}, {2, 4}, {3, 9}, {4, 16}};
  show("lerp", lerp(1, 3, 0.25));
  show("linear", interpolate_linear(table, 2.5));
  show("resample", resample(table, 6));
  show("spline-d2", spline_second_derivatives(table));
  show("spline", interpolate_spline(table, 2.5));

  Matrix a{{4, 1, 2}, {1, 5, 3}, {2, 3, 6}};
  show("solve", solve(a, {1, 2, 3}));
  show("det", determinant(a));
  show("det-product", determinant(multiply(a, transpose(a))));
  show("frobenius", frobenius(identity(4)));
  for (int n : {3, 5, 3})
    show("condition", condition_estimate(n));
  auto c = cross({1, 0, 0}, {0, 1, 0});
  show("cross", std::vector<double>(c.begin(), c.end()));
  show("dot", dot({1, 2, 3}, {4, 5, 6}));
  try {
    solve({{1, 2}, {2, 4}}, {1, 2});
    check(false, "singular matrix solved");
  } catch (const std::domain_error &e) {
    std::printf("singular: %s\n", e.what());
  }

  auto path = oscillator({1, 0}, 2, 0.01, 100);
  show("oscillator", path.back().position);
  show("step", oscillator_step({1, 0}, 2, 0.01).velocity);
  show("decay", decay(1, 0.5, 2, 1000));
  show("logistic", logistic(3.7, 0.2, 50));
  auto lv = lotka_volterra(10, 5, 0.001, 5000);
  show("lotka", lv.first + lv.second);

  show("evaluate", evaluate(cubic, 2.5));
  show("derivative", derivative(cubic));
  show("product", product({1, 1}, {1, -1}));
  show("chebyshev5", chebyshev(5));
  show("legendre4", legendre(4));
  show("legendre-value", legendre_value(3, 0.5));

  show("bisect", bisect_cubic(1, 0, -2, -5, 2, 3));
  for (double x : {2.0, 10.0, 2.0})
    show("sqrt", newton_sqrt(x));
  show("kepler", kepler(1.0, 0.3));
  show("roots", polynomial_roots(cubic, 0, 4, 16));
  std::printf("iterations %d\n", iterations_to_converge(1.0));

  show("gamma", gamma(4.5));
  show("log-gamma", log_gamma(10));
  show("beta", beta(2, 3));
  show("erf", erf_series(0.5));
  show("j0", bessel_j0(2.4048));
  std::printf("binomial %ld\n", binomial(20, 7));
  auto row = pascal_row(6);
  for (long v : row)
    std::printf("%ld ", v);
  std::printf("\n");
  show("zeta", zeta(2, 1000));

  std::vector<double> values = lcg_sequence(42, 200);
  show("mean", mean(values));
  show("variance", variance(values));
  show("median", median(values));
  Summary s = summarize(values);
  std::printf("%s\n", describe(s).c_str());
  auto h = histogram(values, 0, 1, 5);
  for (int v : h)
    std::printf("%d ", v);
  std::printf("\n");
  std::vector<double> xs = lcg_sequence(7, 50), ys;
  for (double x : xs)
    ys.push_back(3 * x + 1);
  show("correlation", correlation(xs, ys));
  auto fit = linear_fit(xs, ys);
  show("fit", fit.first + fit.second);
  show("moving", moving_average(lcg_sequence(3, 8), 3));
  check(row.size() == 7, "pascal row");
  std::printf("%s\n", failures == 0 ? "all passed" : "FAILURES");
  return failures == 0 ? 0 : 1;
}
