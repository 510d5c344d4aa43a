#pragma once
#include <vector>

namespace phys {
extern int computations; // how many cached functions really ran

[[npcache::cached]] std::vector<double> simulate(int steps, double dt);
double energy(int n);

struct Plate { // a plain struct: its codec needs no user code
  int n;
  double alpha;
  double total(int steps) const; // cached in physics.cpp: keyed on *this and steps
};
} // namespace phys
