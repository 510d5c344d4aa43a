#include "fit/fit.hpp"

#include <Eigen/Dense>

namespace fit {

Estimate track(const std::vector<double> &measurements, double dt, double noise) {
  Eigen::Matrix2d f;
  f << 1, dt, 0, 1;
  Eigen::RowVector2d h(1, 0);
  Eigen::Matrix2d q = Eigen::Matrix2d::Identity() * 1e-3, p = Eigen::Matrix2d::Identity();
  Eigen::Vector2d x(measurements.empty() ? 0 : measurements.front(), 0);
  for (double z : measurements) {
    x = f * x;
    p = f * p * f.transpose() + q;
    double s = h * p * h.transpose() + noise;
    Eigen::Vector2d k = p * h.transpose() / s;
    x += k * (z - h * x);
    p = (Eigen::Matrix2d::Identity() - k * h) * p;
  }
  return {x(0), x(1), p(0, 0)};
}

std::vector<double> smoothed(const std::vector<double> &measurements, double noise) {
  std::vector<double> out;
  for (std::size_t i = 1; i <= measurements.size(); ++i)
    out.push_back(track(std::vector<double>(measurements.begin(), measurements.begin() + i), 1.0, noise).position);
  return out;
}
} // namespace fit
