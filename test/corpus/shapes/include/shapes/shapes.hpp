#pragma once
#include <memory>
#include <string>
#include <vector>

namespace shapes {

struct Point {
  double x;
  double y;
  double distance(const Point &other) const;
  Point rotated(double radians) const;
  Point scaled(double factor) const;
  static Point polar(double radius, double radians);
};

// Constants of a class: one whose value another file gives, one whose value is here.
struct Tolerance {
  static const double epsilon; // units.cpp
  static const int digits = 6;
};

struct Circle {
  Point center;
  double radius;
  double area() const;
  double perimeter() const;
  bool contains(const Point &p) const;
  Circle grown(double by) const;
};

struct Rectangle {
  Point corner;
  double width;
  double height;
  double area() const;
  double diagonal() const;
  std::vector<Point> corners() const;
  Rectangle intersection(const Rectangle &other) const;
};

struct Polygon {
  std::vector<Point> vertices;
  double area() const;
  double perimeter() const;
  Point centroid() const;
  bool convex() const;
  Polygon translated(double dx, double dy) const;
  static Polygon regular(int sides, double radius);
};

// An abstract interface: its implementations hold state npcache cannot key on.
class Shape {
public:
  virtual ~Shape() = default;
  virtual double area() const = 0;
  virtual std::string name() const = 0;
};
std::unique_ptr<Shape> make_shape(const std::string &kind, double size);
double total_area(const std::vector<std::string> &kinds, double size);

// units.cpp
enum class Unit { meter, foot, inch };
struct Length {
  double value;
  Unit unit;
  Length to(Unit other) const;
  std::string text() const;
  static double factor(Unit unit);
};
Length add(const Length &a, const Length &b);

// transform.cpp
struct Transform {
  double a, b, c, d, tx, ty;
  Point apply(const Point &p) const;
  Transform then(const Transform &next) const;
  double determinant() const;
  static Transform rotation(double radians);
  static Transform scaling(double sx, double sy);
};
Polygon transformed(const Polygon &polygon, const Transform &t);

// registry.cpp: a class with private state and a counter that changes.
class Registry {
public:
  int add(const std::string &name);
  std::string lookup(int id) const;
  int size() const;

private:
  std::vector<std::string> names_;
};
int next_serial();

} // namespace shapes
