#pragma once

namespace phys {
double scale(double x); // defined in helpers.cpp: a cross-file dependency of Plate::total
}
