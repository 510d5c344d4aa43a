#include "shapes/shapes.hpp"

#include <cstdio>

namespace shapes {

const double Tolerance::epsilon = 1e-9;

double Length::factor(Unit unit) {
  switch (unit) {
  case Unit::meter:
    return 1;
  case Unit::foot:
    return 0.3048;
  case Unit::inch:
    return 0.0254;
  }
  return 0;
}

Length Length::to(Unit other) const { return {value * factor(unit) / factor(other), other}; }

std::string Length::text() const {
  static const char *const kNames[] = {"m", "ft", "in"};
  char out[64];
  std::snprintf(out, sizeof out, "%.*f %s", Tolerance::digits, value, kNames[static_cast<int>(unit)]);
  return out;
}

Length add(const Length &a, const Length &b) { return {a.value + b.to(a.unit).value, a.unit}; }
} // namespace shapes
