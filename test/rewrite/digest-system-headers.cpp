// Code in system headers counts by name only, and its bodies are not parsed; the contents
// of the headers that declare and define what the function reaches count instead. An
// upgrade of a library's headers (here gain.h, as -isystem brings it) changes the digest;
// the same contents in another directory do not, nor does one more system header that
// the function reaches nothing of.
// RUN: rm -rf %t && mkdir -p %t/v1 %t/v2 %t/moved %t/other
// RUN: echo 'inline double gain(double x) { return x * 2; }' > %t/v1/gain.h
// RUN: echo 'inline double gain(double x) { return x * 3; }' > %t/v2/gain.h
// RUN: cp %t/v1/gain.h %t/moved/gain.h && cp %t/v1/gain.h %t/other/gain.h
// RUN: echo 'inline int unused() { return 1; }' > %t/other/unused.h
// RUN: %rewrite %s -o %t/v1.cpp -- -std=c++17 -isystem %t/v1
// RUN: %rewrite %s -o %t/v2.cpp -- -std=c++17 -isystem %t/v2
// RUN: %rewrite %s -o %t/moved.cpp -- -std=c++17 -isystem %t/moved
// RUN: %rewrite %s -o %t/other.cpp -- -std=c++17 -isystem %t/other -include unused.h
// RUN: grep -o 'Key128{0x[0-9a-f]*ull, 0x[0-9a-f]*ull}' %t/v1.cpp > %t/v1.digest
// RUN: grep -o 'Key128{0x[0-9a-f]*ull, 0x[0-9a-f]*ull}' %t/v2.cpp > %t/v2.digest
// RUN: grep -o 'Key128{0x[0-9a-f]*ull, 0x[0-9a-f]*ull}' %t/moved.cpp > %t/moved.digest
// RUN: grep -o 'Key128{0x[0-9a-f]*ull, 0x[0-9a-f]*ull}' %t/other.cpp > %t/other.digest
// RUN: test -s %t/v1.digest
// RUN: not diff %t/v1.digest %t/v2.digest
// RUN: diff %t/v1.digest %t/moved.digest
// RUN: diff %t/v1.digest %t/other.digest
// The dependency list names them, for NPCACHE_LOG=explain.
// RUN: FileCheck %s --input-file %t/v1.cpp

#include <gain.h>

// CHECK: (system headers)\t{{[0-9a-f]+}}
[[npcache::cached]] double twice(double x) { return gain(x); }
