// The standard library's numeric types have codecs: std::complex (and arrays of it),
// std::valarray, std::deque, std::list, std::bitset and std::chrono::duration, as
// parameters and results. --list-cacheable agrees, and a rewritten file includes the codec
// header they need, and only then: the output compiles with GCC and Clang.
// RUN: %rewrite %s -o %t.unmarked.cpp --list-cacheable %t.json -- -std=c++17
// RUN: FileCheck %s --input-file %t.json --check-prefix=LIST
// RUN: %rewrite %s -o %t.cpp -- -std=c++17 -DMARK
// RUN: FileCheck %s --input-file %t.cpp --check-prefix=OUT
// RUN: %check_compile_gcc %t.cpp
// RUN: %check_compile %t.cpp

#include <bitset>
#include <chrono>
#include <complex>
#include <deque>
#include <list>
#include <valarray>
#include <vector>

#ifdef MARK
#define CACHED [[npcache::cached]]
#else
#define CACHED
#endif

// OUT: {{^}}#include <npcache/codec/numeric.hpp>

CACHED std::vector<std::complex<double>> spectrum(const std::vector<double> &x) {
  std::vector<std::complex<double>> out;
  for (double v : x)
    out.emplace_back(v, -v);
  return out;
}
// LIST: "cacheable": true,
// LIST-NEXT: "column": {{[0-9]+}},
// LIST-NEXT: "line": {{[0-9]+}},
// LIST-NEXT: "name": "spectrum(const std::vector<double> &)",

CACHED std::complex<float> rotate(std::complex<float> z, const std::valarray<float> &w) {
  return z * w.sum();
}
// LIST: "cacheable": true,
// LIST-NEXT: "column": {{[0-9]+}},
// LIST-NEXT: "line": {{[0-9]+}},
// LIST-NEXT: "name": "rotate(std::complex<float>, const std::valarray<float> &)",

CACHED std::deque<int> window(const std::list<int> &items, std::bitset<16> mask) {
  std::deque<int> out;
  int i = 0;
  for (int item : items)
    if (mask[static_cast<std::size_t>(i++ % 16)])
      out.push_back(item);
  return out;
}
// LIST: "cacheable": true,
// LIST-NEXT: "column": {{[0-9]+}},
// LIST-NEXT: "line": {{[0-9]+}},
// LIST-NEXT: "name": "window(const std::list<int> &, std::bitset<16>)",

CACHED std::chrono::milliseconds timeout(std::chrono::seconds s) { return s * 2; }
// LIST: "cacheable": true,
// LIST-NEXT: "column": {{[0-9]+}},
// LIST-NEXT: "line": {{[0-9]+}},
// LIST-NEXT: "name": "timeout(std::chrono::seconds)",
