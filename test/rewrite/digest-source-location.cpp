// A line or a path that the code computes with counts by value: __LINE__ and __FILE__
// outside a failing assert's report, __builtin_LINE() and std::source_location, also as a
// default argument (the line of the call). Until 2026-12-05 only their macros' names
// counted, and a function returning its line returned the old one after an edit above it.
// An assert's line stays out (digest-node-kinds.cpp), as does a line that moved below.
// Each variant adds one line to its base: above (shifted) or below everything (below).
// RUN: rm -rf %t && split-file %s %t && cd %t
// RUN: sed '1s/^/\n/' line.cpp > line-shifted.cpp
// RUN: sed '$a int unrelated() { return 1; }' line.cpp > line-below.cpp
// RUN: %python %S/Inputs/digest_compare.py %rewrite line.cpp line-shifted.cpp line-below.cpp \
// RUN:   | FileCheck %s --check-prefix=LINE
// LINE: line-shifted.cpp: different
// LINE-NEXT: line-below.cpp: same
// A project's function that never returns may throw what it is handed to a caller that
// catches it, and so may a throw.
// RUN: sed 's/^    if (x > 1)$/\n&/' reported.cpp > reported-throw-shifted.cpp
// RUN: sed 's/^    if (x < 0)$/\n&/' reported.cpp > reported-noreturn-shifted.cpp
// RUN: %python %S/Inputs/digest_compare.py %rewrite reported.cpp reported-throw-shifted.cpp \
// RUN:   reported-noreturn-shifted.cpp | FileCheck %s --check-prefix=REPORTED
// REPORTED: reported-throw-shifted.cpp: different
// REPORTED-NEXT: reported-noreturn-shifted.cpp: different
// RUN: sed 's/^.*int call_line/\n&/' builtin.cpp > builtin-call-shifted.cpp
// RUN: sed 's/^.*int made_line/\n&/' builtin.cpp > builtin-made-shifted.cpp
// RUN: sed '$a int unrelated() { return 1; }' builtin.cpp > builtin-below.cpp
// RUN: %python %S/Inputs/digest_compare.py %rewrite builtin.cpp builtin-call-shifted.cpp \
// RUN:   builtin-made-shifted.cpp builtin-below.cpp | FileCheck %s --check-prefix=BUILTIN
// BUILTIN: builtin-call-shifted.cpp: different
// BUILTIN-NEXT: builtin-made-shifted.cpp: different
// BUILTIN-NEXT: builtin-below.cpp: same
// RUN: sed '1s/^/\n/' current.cpp > current-shifted.cpp
// RUN: %python %S/Inputs/digest_compare.py %rewrite current.cpp current-shifted.cpp -- -std=c++20 \
// RUN:   | FileCheck %s --check-prefix=CURRENT
// CURRENT: current-shifted.cpp: different

//--- line.cpp
#include <cassert>
int line_here() { return __LINE__; }
[[npcache::cached]] int where(int x) {
  assert(x >= 0);
  return x * 1000 + line_here();
}

//--- reported.cpp
#include <stdexcept>
#include <string>
[[noreturn]] void fail(int line) { throw std::runtime_error(std::to_string(line)); }
[[npcache::cached]] std::string thrown(double x) {
  try {
    if (x > 1)
      throw std::runtime_error(std::to_string(__LINE__));
  } catch (const std::exception &e) {
    return e.what();
  }
  return "fine";
}
[[npcache::cached]] std::string failed(double x) {
  try {
    if (x < 0)
      fail(__LINE__);
  } catch (const std::exception &e) {
    return e.what();
  }
  return "fine";
}

//--- builtin.cpp
int line_of_call(int line = __builtin_LINE()) { return line; }
struct Made {
  int line = __builtin_LINE();
};
[[npcache::cached]] int call_line(int x) { return x + line_of_call(); }
[[npcache::cached]] int made_line(int x) { return x + Made{}.line; }

//--- current.cpp
#include <source_location>
[[npcache::cached]] unsigned current_line(unsigned x) {
  return x + std::source_location::current().line();
}

