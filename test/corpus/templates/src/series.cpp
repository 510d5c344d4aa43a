#include "templates/templates.hpp"

#include <cmath>

namespace gen {

template <Kind K> double partial_sum(int terms) {
  double s = 0;
  for (int k = 1; k <= terms; ++k) {
    if constexpr (K == Kind::harmonic)
      s += 1.0 / k;
    else if constexpr (K == Kind::geometric)
      s += std::pow(0.5, k);
    else
      s += (k % 2 == 1 ? 1.0 : -1.0) / k;
  }
  return s;
}

template <int N> std::array<double, N> powers(double x) {
  std::array<double, N> out{};
  double p = 1;
  for (int i = 0; i < N; ++i, p *= x)
    out[i] = p;
  return out;
}

template <char C> int count_char(const std::string &text) {
  int n = 0;
  for (char c : text)
    n += c == C;
  return n;
}

template double partial_sum<Kind::harmonic>(int);
template double partial_sum<Kind::geometric>(int);
template double partial_sum<Kind::alternating>(int);
template std::array<double, 3> powers<3>(double);
template std::array<double, 5> powers<5>(double);
template int count_char<'a'>(const std::string &);
template int count_char<'e'>(const std::string &);

double series_report(int terms) {
  return partial_sum<Kind::harmonic>(terms) - partial_sum<Kind::alternating>(terms) +
         powers<5>(0.5)[4];
}
} // namespace gen
