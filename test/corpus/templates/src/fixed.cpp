#include "templates/templates.hpp"

#include <cmath>

namespace gen {

template <int Bits> long to_fixed(double value) { return std::lround(value * (1L << Bits)); }
template <int Bits> double from_fixed(long value) { return double(value) / (1L << Bits); }
template <int Bits> long fixed_multiply(long a, long b) { return (a * b) >> Bits; }
template <int Bits> double fixed_round_trip(double value) {
  return from_fixed<Bits>(fixed_multiply<Bits>(to_fixed<Bits>(value), to_fixed<Bits>(1.0)));
}

template long to_fixed<8>(double);
template long to_fixed<16>(double);
template double from_fixed<8>(long);
template double from_fixed<16>(long);
template long fixed_multiply<8>(long, long);
template long fixed_multiply<16>(long, long);
template double fixed_round_trip<8>(double);
template double fixed_round_trip<16>(double);
} // namespace gen
