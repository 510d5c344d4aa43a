#pragma once
#include <array>
#include <string>
#include <utility>
#include <vector>

namespace numeric {

extern const double kPi;
extern const double kEuler;
extern const int kMaxIterations;
double tolerance();
std::string length_unit(int power);

// integrate.cpp
enum class Rule { trapezoid, simpson };
double integrate_polynomial(const std::vector<double> &coefficients, double a, double b, int n, Rule rule);
double integrate_gaussian(double mean, double sigma, double a, double b, int n);
double integrate_sine_power(int power, double a, double b);
template <class T> T midpoint_sum(T a, T b, int n, T scale);

// interpolate.cpp
struct Sample { double x; double y; };
double lerp(double a, double b, double t);
double interpolate_linear(const std::vector<Sample> &table, double x);
std::vector<double> resample(const std::vector<Sample> &table, int count);
std::vector<double> spline_second_derivatives(const std::vector<Sample> &table);
double interpolate_spline(const std::vector<Sample> &table, double x);

// linalg.cpp
using Matrix = std::vector<std::vector<double>>;
Matrix multiply(const Matrix &a, const Matrix &b);
Matrix transpose(const Matrix &a);
Matrix identity(int n);
std::vector<double> solve(const Matrix &a, const std::vector<double> &b);
double determinant(const Matrix &a);
double frobenius(const Matrix &a);
Matrix hilbert(int n);
double condition_estimate(int n);
std::array<double, 3> cross(const std::array<double, 3> &a, const std::array<double, 3> &b);
double dot(const std::vector<double> &a, const std::vector<double> &b);

// ode.cpp
struct State { double position; double velocity; };
State oscillator_step(State s, double omega, double dt);
std::vector<State> oscillator(State start, double omega, double dt, int steps);
double decay(double y0, double rate, double t, int steps);
double logistic(double r, double x0, int steps);
std::pair<double, double> lotka_volterra(double prey, double predators, double dt, int steps);

// polynomial.cpp
double evaluate(const std::vector<double> &coefficients, double x);
std::vector<double> derivative(const std::vector<double> &coefficients);
std::vector<double> product(const std::vector<double> &a, const std::vector<double> &b);
std::vector<double> chebyshev(int n);
std::vector<double> legendre(int n);
double legendre_value(int n, double x);

// roots.cpp
double bisect_cubic(double a, double b, double c, double d, double lo, double hi);
double newton_sqrt(double x);
double kepler(double mean_anomaly, double eccentricity);
std::vector<double> polynomial_roots(const std::vector<double> &coefficients, double lo, double hi, int cells);
int iterations_to_converge(double x0);

// special.cpp
double gamma(double x);
double log_gamma(double x);
double beta(double a, double b);
double erf_series(double x);
double bessel_j0(double x);
long binomial(int n, int k);
std::vector<long> pascal_row(int n);
double zeta(double s, int terms);

// statistics.cpp
struct Summary { double mean; double variance; double minimum; double maximum; };
double mean(const std::vector<double> &values);
double variance(const std::vector<double> &values);
double median(std::vector<double> values);
Summary summarize(const std::vector<double> &values);
std::vector<int> histogram(const std::vector<double> &values, double lo, double hi, int bins);
double correlation(const std::vector<double> &x, const std::vector<double> &y);
std::pair<double, double> linear_fit(const std::vector<double> &x, const std::vector<double> &y);
std::vector<double> moving_average(const std::vector<double> &values, int window);
std::vector<double> lcg_sequence(unsigned seed, int count);
std::string describe(const Summary &s);

} // namespace numeric
