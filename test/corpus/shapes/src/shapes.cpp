#include "shapes/shapes.hpp"

#include <algorithm>
#include <cmath>

namespace shapes {

double Point::distance(const Point &other) const { return std::hypot(x - other.x, y - other.y); }
Point Point::rotated(double radians) const {
  return {x * std::cos(radians) - y * std::sin(radians), x * std::sin(radians) + y * std::cos(radians)};
}
Point Point::scaled(double factor) const { return {x * factor, y * factor}; }
Point Point::polar(double radius, double radians) { return Point{radius, 0}.rotated(radians); }

double Circle::area() const { return M_PI * radius * radius; }
double Circle::perimeter() const { return 2 * M_PI * radius; }
bool Circle::contains(const Point &p) const { return center.distance(p) <= radius + Tolerance::epsilon; }
Circle Circle::grown(double by) const { return {center, radius + by}; }

double Rectangle::area() const { return width * height; }
double Rectangle::diagonal() const { return std::hypot(width, height); }
std::vector<Point> Rectangle::corners() const {
  return {corner, {corner.x + width, corner.y}, {corner.x + width, corner.y + height}, {corner.x, corner.y + height}};
}
Rectangle Rectangle::intersection(const Rectangle &other) const {
  double x0 = std::max(corner.x, other.corner.x), y0 = std::max(corner.y, other.corner.y);
  double x1 = std::min(corner.x + width, other.corner.x + other.width);
  double y1 = std::min(corner.y + height, other.corner.y + other.height);
  return {{x0, y0}, std::max(0.0, x1 - x0), std::max(0.0, y1 - y0)};
}

namespace {
class Disk : public Shape {
public:
  explicit Disk(double r) : r_(r) {}
  double area() const override { return Circle{{0, 0}, r_}.area(); }
  std::string name() const override { return "disk"; }

private:
  double r_;
};
class Square : public Shape {
public:
  explicit Square(double s) : s_(s) {}
  double area() const override { return Rectangle{{0, 0}, s_, s_}.area(); }
  std::string name() const override { return "square"; }

private:
  double s_;
};
} // namespace

std::unique_ptr<Shape> make_shape(const std::string &kind, double size) {
  if (kind == "disk")
    return std::make_unique<Disk>(size);
  if (kind == "hexagon")
    return std::make_unique<Square>(size * 1.5); // defined elsewhere in a real project
  return std::make_unique<Square>(size);
}

double total_area(const std::vector<std::string> &kinds, double size) {
  double sum = 0;
  for (const std::string &kind : kinds)
    sum += make_shape(kind, size)->area();
  return sum;
}
} // namespace shapes
