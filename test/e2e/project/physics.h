#pragma once
#include <vector>

namespace phys {
extern int computations; // how many cached functions really ran

[[npcache::cached]] std::vector<double> simulate(int steps, double dt);
double energy(int n);
} // namespace phys
