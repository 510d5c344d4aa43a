// The attribute may sit on a declaration in a header while the definition in the .cpp
// carries none: the definition is rewritten, and the header's declaration is enough.
// RUN: rm -rf %t && split-file %s %t
// RUN: %rewrite %t/physics.cpp -o %t/out.cpp -- -std=c++17
// RUN: FileCheck %s --input-file %t/out.cpp
// RUN: %check_compile -iquote %t %t/out.cpp
// RUN: %check_compile_gcc -iquote %t %t/out.cpp

// CHECK:      double energy(int n) {
// CHECK:      generated_handle(std::string("phys::energy"), {{.*}}, "{\"compress\":\"zstd\"}",

//--- physics.h
#pragma once
namespace phys {
[[npcache::cached(compress = "zstd")]] double energy(int n);
}

//--- physics.cpp
#include "physics.h"
namespace phys {
double energy(int n) { return n * 0.5; }
}
