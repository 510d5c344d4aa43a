#include "fit/fit.hpp"

#include <Eigen/Cholesky>
#include <Eigen/SparseCholesky>

namespace fit {

std::vector<double> bar_displacements(int elements, double length, double stiffness, double load) {
  int n = elements; // the first node is fixed
  double k = stiffness * elements / length;
  std::vector<Eigen::Triplet<double>> entries;
  for (int e = 0; e < elements; ++e) {
    int a = e - 1, b = e;
    if (a >= 0) {
      entries.emplace_back(a, a, k);
      entries.emplace_back(a, b, -k);
      entries.emplace_back(b, a, -k);
    }
    entries.emplace_back(b, b, k);
  }
  Eigen::SparseMatrix<double> kmat(n, n);
  kmat.setFromTriplets(entries.begin(), entries.end());
  Eigen::VectorXd f = Eigen::VectorXd::Zero(n);
  f(n - 1) = load;
  Eigen::SimplicialLDLT<Eigen::SparseMatrix<double>> solver(kmat);
  Eigen::VectorXd u = solver.solve(f);
  return std::vector<double>(u.data(), u.data() + u.size());
}

double tip_deflection(int elements, double load) { return bar_displacements(elements, 2.0, 100.0, load).back(); }

double heat_steady(int nodes, double left, double right, double source) {
  Eigen::MatrixXd a = Eigen::MatrixXd::Zero(nodes, nodes);
  Eigen::VectorXd b = Eigen::VectorXd::Constant(nodes, source);
  for (int i = 0; i < nodes; ++i) {
    a(i, i) = 2;
    if (i > 0)
      a(i, i - 1) = -1;
    if (i + 1 < nodes)
      a(i, i + 1) = -1;
  }
  b(0) += left;
  b(nodes - 1) += right;
  return a.ldlt().solve(b).mean();
}
} // namespace fit
