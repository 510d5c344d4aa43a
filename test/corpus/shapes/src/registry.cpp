#include "shapes/shapes.hpp"

namespace shapes {

int Registry::add(const std::string &name) {
  names_.push_back(name);
  return static_cast<int>(names_.size()) - 1;
}
std::string Registry::lookup(int id) const { return id >= 0 && id < size() ? names_[id] : "?"; }
int Registry::size() const { return static_cast<int>(names_.size()); }

int next_serial() {
  static int serial = 100;
  return ++serial;
}
} // namespace shapes
