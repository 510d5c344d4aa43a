#include "shapes/shapes.hpp"

#include <cstdio>

using namespace shapes;

int main() {
  Point o{0, 0}, p{3, 4};
  std::printf("distance %.17g\n", o.distance(p));
  Point r = p.rotated(0.5);
  std::printf("rotated %.17g %.17g\n", r.x, r.y);
  std::printf("polar %.17g\n", Point::polar(2, 1).y);
  Circle c{{1, 1}, 2};
  std::printf("circle %.17g %.17g %d %.17g\n", c.area(), c.perimeter(), c.contains(p), c.grown(1).area());
  Rectangle a{{0, 0}, 4, 3}, b{{2, 1}, 5, 5};
  std::printf("rectangle %.17g %.17g %.17g\n", a.area(), a.diagonal(), a.intersection(b).area());
  for (const Point &q : a.corners())
    std::printf("(%g,%g) ", q.x, q.y);
  std::printf("\n");
  for (int sides : {3, 6, 3}) {
    Polygon hex = Polygon::regular(sides, 1);
    std::printf("regular %d %.17g %.17g %d\n", sides, hex.area(), hex.perimeter(), hex.convex());
  }
  Polygon moved = Polygon::regular(4, 2).translated(1, 1);
  std::printf("centroid %.17g %.17g\n", moved.centroid().x, moved.centroid().y);
  Transform t = Transform::rotation(0.25).then(Transform::scaling(2, 3));
  std::printf("transform %.17g %.17g\n", t.determinant(), transformed(moved, t).area());
  std::printf("total %.17g\n", total_area({"disk", "square", "hexagon"}, 2));
  Length feet{10, Unit::foot};
  std::printf("%s %s %s\n", feet.text().c_str(), feet.to(Unit::meter).text().c_str(),
              add(feet, Length{12, Unit::inch}).text().c_str());
  Registry registry;
  int id = registry.add("first");
  registry.add("second");
  std::printf("registry %s %d\n", registry.lookup(id).c_str(), registry.size());
  int s1 = next_serial(), s2 = next_serial();
  std::printf("serials %d %d\n", s1, s2);
  return 0;
}
