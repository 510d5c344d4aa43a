// `-o` naming a pipe (or /dev/null) writes into it: a rename over it put a file in its
// place, and as root, `-o /dev/null` left every later program with a /dev/null that kept
// what was written to it (until 2026-12-05; e2e tests then failed reading it back).
// RUN: rm -rf %t && mkdir %t && mkfifo %t/pipe
// RUN: sh -c 'timeout 60 cat %t/pipe > %t/out.cpp & %rewrite %s -o %t/pipe -- -std=c++17; wait'
// RUN: test -p %t/pipe
// RUN: FileCheck %s --input-file %t/out.cpp
// RUN: not ls %t/pipe.tmp
// CHECK: npcache::detail

[[npcache::cached]] double twice(double x) { return 2 * x; }
