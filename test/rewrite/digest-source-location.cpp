// A line or a path that the code computes with counts by value: __LINE__ and __FILE__
// outside a failing assert's report, __builtin_LINE() and std::source_location, also as a
// default argument (the line of the call). Until 2026-12-05 only their macros' names
// counted, and a function returning its line returned the old one after an edit above it.
// An assert's line stays out (digest-node-kinds.cpp), as does a line that moved below.
// RUN: rm -rf %t && split-file %s %t
// RUN: %python %S/Inputs/digest_compare.py %rewrite %t/line.cpp \
// RUN:   %t/line-shifted.cpp %t/line-moved-below.cpp | FileCheck %s --check-prefix=LINE
// LINE: line-shifted.cpp: different
// LINE-NEXT: line-moved-below.cpp: same
// RUN: %python %S/Inputs/digest_compare.py %rewrite %t/reported.cpp \
// RUN:   %t/reported-throw-shifted.cpp %t/reported-noreturn-shifted.cpp \
// RUN:   | FileCheck %s --check-prefix=REPORTED
// REPORTED: reported-throw-shifted.cpp: different
// REPORTED-NEXT: reported-noreturn-shifted.cpp: different
// RUN: %python %S/Inputs/digest_compare.py %rewrite %t/builtin.cpp \
// RUN:   %t/builtin-call-shifted.cpp %t/builtin-made-shifted.cpp %t/builtin-moved-below.cpp \
// RUN:   | FileCheck %s --check-prefix=BUILTIN
// BUILTIN: builtin-call-shifted.cpp: different
// BUILTIN-NEXT: builtin-made-shifted.cpp: different
// BUILTIN-NEXT: builtin-moved-below.cpp: same
// RUN: %python %S/Inputs/digest_compare.py %rewrite %t/current.cpp \
// RUN:   %t/current-shifted.cpp -- -std=c++20 | FileCheck %s --check-prefix=CURRENT
// CURRENT: current-shifted.cpp: different

//--- line.cpp
#include <cassert>
int line_here() { return __LINE__; }
[[npcache::cached]] int where(int x) {
  assert(x >= 0);
  return x * 1000 + line_here();
}

//--- line-shifted.cpp
#include <cassert>

int line_here() { return __LINE__; }
[[npcache::cached]] int where(int x) {
  assert(x >= 0);
  return x * 1000 + line_here();
}

//--- line-moved-below.cpp
#include <cassert>
int line_here() { return __LINE__; }
[[npcache::cached]] int where(int x) {
  assert(x >= 0);
  return x * 1000 + line_here();
}

int unrelated() { return 1; }

// A project's function that never returns may throw, and the caller may catch what it is
// handed; so may a throw's own operand.
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

//--- reported-throw-shifted.cpp
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

//--- reported-noreturn-shifted.cpp
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

//--- builtin-call-shifted.cpp
int line_of_call(int line = __builtin_LINE()) { return line; }
struct Made {
  int line = __builtin_LINE();
};

[[npcache::cached]] int call_line(int x) { return x + line_of_call(); }
[[npcache::cached]] int made_line(int x) { return x + Made{}.line; }

//--- builtin-made-shifted.cpp
int line_of_call(int line = __builtin_LINE()) { return line; }
struct Made {
  int line = __builtin_LINE();
};
[[npcache::cached]] int call_line(int x) { return x + line_of_call(); }

[[npcache::cached]] int made_line(int x) { return x + Made{}.line; }

//--- builtin-moved-below.cpp
int line_of_call(int line = __builtin_LINE()) { return line; }
struct Made {
  int line = __builtin_LINE();
};
[[npcache::cached]] int call_line(int x) { return x + line_of_call(); }
[[npcache::cached]] int made_line(int x) { return x + Made{}.line; }

int unrelated() { return 1; }

//--- current.cpp
#include <source_location>
[[npcache::cached]] unsigned current_line(unsigned x) {
  return x + std::source_location::current().line();
}

//--- current-shifted.cpp
#include <source_location>

[[npcache::cached]] unsigned current_line(unsigned x) {
  return x + std::source_location::current().line();
}
