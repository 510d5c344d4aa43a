#pragma once
#include <array>
#include <vector>

namespace fit {
// least_squares.cpp
std::vector<double> polyfit(const std::vector<double> &x, const std::vector<double> &y, int degree);
double residual_norm(const std::vector<double> &x, const std::vector<double> &y, int degree);
std::vector<double> ridge(const std::vector<double> &x, const std::vector<double> &y, int degree, double lambda);
// spectra.cpp
std::vector<double> eigenvalues(const std::vector<double> &symmetric, int n);
double spectral_radius(const std::vector<double> &matrix, int n);
std::vector<double> laplacian_spectrum(int nodes);
std::array<double, 2> singular_extremes(const std::vector<double> &matrix, int rows, int cols);
// kalman.cpp
struct Estimate { double position; double velocity; double variance; };
Estimate track(const std::vector<double> &measurements, double dt, double noise);
std::vector<double> smoothed(const std::vector<double> &measurements, double noise);
// fem.cpp
std::vector<double> bar_displacements(int elements, double length, double stiffness, double load);
double tip_deflection(int elements, double load);
double heat_steady(int nodes, double left, double right, double source);
} // namespace fit
