// The rewrite does not parse or instantiate the bodies of functions in system headers:
// the digest counts them by name only, and skipping them halves the parse. A header
// included with -isystem whose template body is an error when instantiated is therefore
// never looked into; the same header included with -I is user code, parsed and digested.
// RUN: %rewrite %s -o %t.cpp -- -std=c++17 -isystem %S/Inputs/system
// RUN: FileCheck %s --input-file %t.cpp
// RUN: not %rewrite %s -o %t.user.cpp -- -std=c++17 -I %S/Inputs/system 2>&1 | FileCheck %s --check-prefix=USER
// RUN: not test -e %t.user.cpp

#include <unparsed.h>

// CHECK: double scaled(int n) {
// CHECK: cached_call(
[[npcache::cached]] double scaled(int n) { return unparsed(n) * 0.5; }
// USER: unparsed.h:4:{{[0-9]+}}: error: type 'int' cannot be used prior to '::'
