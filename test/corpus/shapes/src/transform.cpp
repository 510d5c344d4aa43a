#include "shapes/shapes.hpp"

#include <cmath>

namespace shapes {

Point Transform::apply(const Point &p) const { return {a * p.x + b * p.y + tx, c * p.x + d * p.y + ty}; }
Transform Transform::then(const Transform &n) const {
  return {n.a * a + n.b * c, n.a * b + n.b * d, n.c * a + n.d * c, n.c * b + n.d * d,
          n.a * tx + n.b * ty + n.tx, n.c * tx + n.d * ty + n.ty};
}
double Transform::determinant() const { return a * d - b * c; }
Transform Transform::rotation(double r) { return {std::cos(r), -std::sin(r), std::sin(r), std::cos(r), 0, 0}; }
Transform Transform::scaling(double sx, double sy) { return {sx, 0, 0, sy, 0, 0}; }

Polygon transformed(const Polygon &polygon, const Transform &t) {
  Polygon out;
  for (const Point &p : polygon.vertices)
    out.vertices.push_back(t.apply(p));
  return out;
}
} // namespace shapes
