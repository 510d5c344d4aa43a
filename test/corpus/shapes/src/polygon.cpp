#include "shapes/shapes.hpp"

#include <cmath>

namespace shapes {

double Polygon::area() const {
  double sum = 0;
  for (std::size_t i = 0; i < vertices.size(); ++i) {
    const Point &a = vertices[i], &b = vertices[(i + 1) % vertices.size()];
    sum += a.x * b.y - b.x * a.y;
  }
  return std::fabs(sum) / 2;
}

double Polygon::perimeter() const {
  double sum = 0;
  for (std::size_t i = 0; i < vertices.size(); ++i)
    sum += vertices[i].distance(vertices[(i + 1) % vertices.size()]);
  return sum;
}

Point Polygon::centroid() const {
  double cx = 0, cy = 0;
  for (const Point &p : vertices) {
    cx += p.x;
    cy += p.y;
  }
  return {cx / vertices.size(), cy / vertices.size()};
}

bool Polygon::convex() const {
  int sign = 0;
  for (std::size_t i = 0; i < vertices.size(); ++i) {
    const Point &a = vertices[i], &b = vertices[(i + 1) % vertices.size()],
                &c = vertices[(i + 2) % vertices.size()];
    double z = (b.x - a.x) * (c.y - b.y) - (b.y - a.y) * (c.x - b.x);
    int s = z > 0 ? 1 : z < 0 ? -1 : 0;
    if (s != 0 && sign != 0 && s != sign)
      return false;
    if (s != 0)
      sign = s;
  }
  return true;
}

Polygon Polygon::translated(double dx, double dy) const {
  Polygon out = *this;
  for (Point &p : out.vertices) {
    p.x += dx;
    p.y += dy;
  }
  return out;
}

Polygon Polygon::regular(int sides, double radius) {
  Polygon p;
  for (int i = 0; i < sides; ++i)
    p.vertices.push_back(Point::polar(radius, 2 * M_PI * i / sides));
  return p;
}
} // namespace shapes
