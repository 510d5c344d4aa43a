#include "fit/fit.hpp"

#include <Eigen/Cholesky>

#include <cmath>

namespace fit {
namespace {
Eigen::MatrixXd vandermonde(const std::vector<double> &x, int degree) {
  Eigen::MatrixXd v(x.size(), degree + 1);
  for (std::size_t i = 0; i < x.size(); ++i)
    for (int j = 0; j <= degree; ++j)
      v(i, j) = std::pow(x[i], j);
  return v;
}
Eigen::Map<const Eigen::VectorXd> as_vector(const std::vector<double> &v) {
  return Eigen::Map<const Eigen::VectorXd>(v.data(), static_cast<Eigen::Index>(v.size()));
}
} // namespace

std::vector<double> polyfit(const std::vector<double> &x, const std::vector<double> &y, int degree) {
  Eigen::MatrixXd v = vandermonde(x, degree);
  Eigen::VectorXd c = (v.transpose() * v).ldlt().solve(v.transpose() * as_vector(y));
  return std::vector<double>(c.data(), c.data() + c.size());
}

double residual_norm(const std::vector<double> &x, const std::vector<double> &y, int degree) {
  std::vector<double> c = polyfit(x, y, degree);
  return (vandermonde(x, degree) * as_vector(c) - as_vector(y)).norm();
}

std::vector<double> ridge(const std::vector<double> &x, const std::vector<double> &y, int degree, double lambda) {
  Eigen::MatrixXd v = vandermonde(x, degree);
  Eigen::MatrixXd a = v.transpose() * v + lambda * Eigen::MatrixXd::Identity(degree + 1, degree + 1);
  Eigen::VectorXd c = a.ldlt().solve(v.transpose() * as_vector(y));
  return std::vector<double>(c.data(), c.data() + c.size());
}
} // namespace fit
