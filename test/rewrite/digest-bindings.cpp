// A structured binding means the element at its position: `auto [b, a]` for `auto [a, b]`
// swaps the values the body reads, where the names alone said nothing changed. Bindings
// count as locals by position (renaming them all changes nothing), and a tuple-like type's
// own get<I> counts as the call it is.
// RUN: rm -rf %t && split-file %s %t
// RUN: %python %S/Inputs/digest_compare.py %rewrite %t/base.cpp %t/swap-pair.cpp \
// RUN:   %t/swap-struct.cpp %t/swap-array.cpp %t/renamed.cpp %t/tuple-get.cpp | FileCheck %s
// CHECK:      swap-pair.cpp: different
// CHECK-NEXT: swap-struct.cpp: different
// CHECK-NEXT: swap-array.cpp: different
// CHECK-NEXT: renamed.cpp: same
// CHECK-NEXT: tuple-get.cpp: different
// CHECK-NEXT: summary: 5 edits, 1 same, 4 different

//--- base.cpp
#include <tuple>
#include <utility>
struct P { double a, b; };
struct T { double x; };
template <std::size_t I> double get(const T &t) { return I == 0 ? t.x : -t.x; }
template <> struct std::tuple_size<T> : std::integral_constant<std::size_t, 2> {};
template <std::size_t I> struct std::tuple_element<I, T> { using type = double; };
std::pair<double, double> make(double x) { return {x, 2 * x}; }
[[npcache::cached]] double f(double x) {
  auto [a, b] = make(x);
  P p{x, 3.0};
  auto [c, d] = p;
  double pair[2] = {x, 5};
  auto [e, g] = pair;
  auto [h, k] = T{x};
  return a - b + c / d + e - g + h * k;
}

//--- swap-pair.cpp
#include <tuple>
#include <utility>
struct P { double a, b; };
struct T { double x; };
template <std::size_t I> double get(const T &t) { return I == 0 ? t.x : -t.x; }
template <> struct std::tuple_size<T> : std::integral_constant<std::size_t, 2> {};
template <std::size_t I> struct std::tuple_element<I, T> { using type = double; };
std::pair<double, double> make(double x) { return {x, 2 * x}; }
[[npcache::cached]] double f(double x) {
  auto [b, a] = make(x);
  P p{x, 3.0};
  auto [c, d] = p;
  double pair[2] = {x, 5};
  auto [e, g] = pair;
  auto [h, k] = T{x};
  return a - b + c / d + e - g + h * k;
}

//--- swap-struct.cpp
#include <tuple>
#include <utility>
struct P { double a, b; };
struct T { double x; };
template <std::size_t I> double get(const T &t) { return I == 0 ? t.x : -t.x; }
template <> struct std::tuple_size<T> : std::integral_constant<std::size_t, 2> {};
template <std::size_t I> struct std::tuple_element<I, T> { using type = double; };
std::pair<double, double> make(double x) { return {x, 2 * x}; }
[[npcache::cached]] double f(double x) {
  auto [a, b] = make(x);
  P p{x, 3.0};
  auto [d, c] = p;
  double pair[2] = {x, 5};
  auto [e, g] = pair;
  auto [h, k] = T{x};
  return a - b + c / d + e - g + h * k;
}

//--- swap-array.cpp
#include <tuple>
#include <utility>
struct P { double a, b; };
struct T { double x; };
template <std::size_t I> double get(const T &t) { return I == 0 ? t.x : -t.x; }
template <> struct std::tuple_size<T> : std::integral_constant<std::size_t, 2> {};
template <std::size_t I> struct std::tuple_element<I, T> { using type = double; };
std::pair<double, double> make(double x) { return {x, 2 * x}; }
[[npcache::cached]] double f(double x) {
  auto [a, b] = make(x);
  P p{x, 3.0};
  auto [c, d] = p;
  double pair[2] = {x, 5};
  auto [g, e] = pair;
  auto [h, k] = T{x};
  return a - b + c / d + e - g + h * k;
}

//--- renamed.cpp
#include <tuple>
#include <utility>
struct P { double a, b; };
struct T { double x; };
template <std::size_t I> double get(const T &t) { return I == 0 ? t.x : -t.x; }
template <> struct std::tuple_size<T> : std::integral_constant<std::size_t, 2> {};
template <std::size_t I> struct std::tuple_element<I, T> { using type = double; };
std::pair<double, double> make(double x) { return {x, 2 * x}; }
[[npcache::cached]] double f(double x) {
  auto [first, second] = make(x);
  P p{x, 3.0};
  auto [c, d] = p;
  double pair[2] = {x, 5};
  auto [e, g] = pair;
  auto [h, k] = T{x};
  return first - second + c / d + e - g + h * k;
}

//--- tuple-get.cpp
#include <tuple>
#include <utility>
struct P { double a, b; };
struct T { double x; };
template <std::size_t I> double get(const T &t) { return I == 0 ? t.x : 2 * t.x; }
template <> struct std::tuple_size<T> : std::integral_constant<std::size_t, 2> {};
template <std::size_t I> struct std::tuple_element<I, T> { using type = double; };
std::pair<double, double> make(double x) { return {x, 2 * x}; }
[[npcache::cached]] double f(double x) {
  auto [a, b] = make(x);
  P p{x, 3.0};
  auto [c, d] = p;
  double pair[2] = {x, 5};
  auto [e, g] = pair;
  auto [h, k] = T{x};
  return a - b + c / d + e - g + h * k;
}
