#include "numeric/numeric.hpp"

namespace numeric {
extern const double kPi = 3.14159265358979323846;
extern const double kEuler = 0.57721566490153286061;
extern const int kMaxIterations = 200;
double tolerance() { return 1e-12; }
std::string length_unit(int power) {
  return power == 1 ? NUMERIC_LENGTH_UNIT : NUMERIC_LENGTH_UNIT "^" + std::to_string(power);
}
} // namespace numeric
