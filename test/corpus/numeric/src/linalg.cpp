#include "numeric/numeric.hpp"

#include <cmath>
#include <stdexcept>

namespace numeric {

Matrix multiply(const Matrix &a, const Matrix &b) {
  Matrix c(a.size(), std::vector<double>(b.front().size(), 0.0));
  for (std::size_t i = 0; i < a.size(); ++i)
    for (std::size_t k = 0; k < b.size(); ++k)
      for (std::size_t j = 0; j < b[k].size(); ++j)
        c[i][j] += a[i][k] * b[k][j];
  return c;
}

Matrix transpose(const Matrix &a) {
  Matrix t(a.front().size(), std::vector<double>(a.size()));
  for (std::size_t i = 0; i < a.size(); ++i)
    for (std::size_t j = 0; j < a[i].size(); ++j)
      t[j][i] = a[i][j];
  return t;
}

Matrix identity(int n) {
  Matrix m(n, std::vector<double>(n, 0.0));
  for (int i = 0; i < n; ++i)
    m[i][i] = 1;
  return m;
}

std::vector<double> solve(const Matrix &a, const std::vector<double> &b) {
  Matrix m = a;
  std::vector<double> x = b;
  std::size_t n = m.size();
  for (std::size_t col = 0; col < n; ++col) {
    std::size_t pivot = col;
    for (std::size_t r = col + 1; r < n; ++r)
      if (std::fabs(m[r][col]) > std::fabs(m[pivot][col]))
        pivot = r;
    if (std::fabs(m[pivot][col]) < tolerance())
      throw std::domain_error("singular matrix");
    std::swap(m[col], m[pivot]);
    std::swap(x[col], x[pivot]);
    for (std::size_t r = col + 1; r < n; ++r) {
      double f = m[r][col] / m[col][col];
      for (std::size_t c = col; c < n; ++c)
        m[r][c] -= f * m[col][c];
      x[r] -= f * x[col];
    }
  }
  for (std::size_t r = n; r-- > 0;) {
    for (std::size_t c = r + 1; c < n; ++c)
      x[r] -= m[r][c] * x[c];
    x[r] /= m[r][r];
  }
  return x;
}

double determinant(const Matrix &a) {
  Matrix m = a;
  double det = 1;
  for (std::size_t col = 0; col < m.size(); ++col) {
    std::size_t pivot = col;
    while (pivot < m.size() && m[pivot][col] == 0)
      ++pivot;
    if (pivot == m.size())
      return 0;
    if (pivot != col) {
      std::swap(m[pivot], m[col]);
      det = -det;
    }
    det *= m[col][col];
    for (std::size_t r = col + 1; r < m.size(); ++r) {
      double f = m[r][col] / m[col][col];
      for (std::size_t c = col; c < m.size(); ++c)
        m[r][c] -= f * m[col][c];
    }
  }
  return det;
}

double frobenius(const Matrix &a) {
  double sum = 0;
  for (const auto &row : a)
    for (double v : row)
      sum += v * v;
  return std::sqrt(sum);
}

Matrix hilbert(int n) {
  Matrix h(n, std::vector<double>(n));
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j)
      h[i][j] = 1.0 / (i + j + 1);
  return h;
}

double condition_estimate(int n) {
  Matrix h = hilbert(n);
  std::vector<double> ones(n, 1.0);
  std::vector<double> x = solve(h, ones);
  double big = 0;
  for (double v : x)
    big = std::max(big, std::fabs(v));
  return big * frobenius(h);
}

std::array<double, 3> cross(const std::array<double, 3> &a, const std::array<double, 3> &b) {
  return {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
}

double dot(const std::vector<double> &a, const std::vector<double> &b) {
  double sum = 0;
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i)
    sum += a[i] * b[i];
  return sum;
}
} // namespace numeric
