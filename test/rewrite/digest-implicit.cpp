// Code the AST keeps off a node's children, or in a declaration the walk did not read,
// must count too: the constructor `using Base::Base` runs, an enum's underlying type, the
// filler that makes the elements an initializer list leaves out, the array a structured
// binding or a lambda copies (behind an OpaqueValueExpr), the bytes of an #embed, the
// label a computed goto jumps to. Each kept the digest until 2026-12-03: a stale value. A
// parameter pack's length needs nothing of its own: the instance called differs.
// RUN: rm -rf %t && split-file %s %t
// RUN: %python %S/Inputs/digest_compare.py %rewrite %t/base.cpp \
// RUN:   %t/inherited-constructor.cpp %t/enum-type.cpp %t/array-filler.cpp \
// RUN:   %t/binding-array.cpp %t/captured-array.cpp %t/label-address.cpp \
// RUN:   %t/pack-size.cpp %t/labels-renamed.cpp -- -std=c++17 -Wno-c23-extensions | FileCheck %s
// CHECK:      inherited-constructor.cpp: different
// CHECK-NEXT: enum-type.cpp: different
// CHECK-NEXT: array-filler.cpp: different
// CHECK-NEXT: binding-array.cpp: different
// CHECK-NEXT: captured-array.cpp: different
// CHECK-NEXT: label-address.cpp: different
// CHECK-NEXT: pack-size.cpp: different
// CHECK-NEXT: labels-renamed.cpp: same
// CHECK-NEXT: summary: 8 edits, 1 same, 7 different
// Clang's blocks (-fblocks): a block's body is not among its children either.
// RUN: %python %S/Inputs/digest_compare.py %rewrite %t/block.cpp %t/block-body.cpp \
// RUN:   -- -fblocks | FileCheck %s --check-prefix=BLOCK
// BLOCK: block-body.cpp: different
// #embed: Clang 19 keeps an EmbedExpr, which has no children; Clang 22 makes a string
// literal of a char array's bytes. The digest differs between the two, so these parts
// tell digest_versions.py to leave them out.
// RUN: %python %S/Inputs/digest_compare.py %rewrite %t/embed.cpp %t/embed-other.cpp \
// RUN:   -- -Wno-c23-extensions | FileCheck %s --check-prefix=EMBED
// EMBED: embed-other.cpp: different
// noexcept(e) needs nothing of its own either: its value is what the declarations it
// reads say, and those count, even a member's constructor in another file that only
// std::optional's constructor runs.
// RUN: %python %S/Inputs/digest_compare.py %rewrite %t/noexcept.cpp %t/noexcept-throws.cpp \
// RUN:   | FileCheck %s --check-prefix=NOEXCEPT
// NOEXCEPT: noexcept-throws.cpp: different

//--- block.cpp
[[npcache::cached]] double f(double x) {
  double (^twice)(double) = ^(double y) { return y * 2; };
  return twice(x);
}

//--- block-body.cpp
[[npcache::cached]] double f(double x) {
  double (^twice)(double) = ^(double y) { return y * 3; };
  return twice(x);
}

//--- embed.cpp
// digest-versions: differs (#embed)
[[npcache::cached]] int f(int i) {
  static const char bytes[] = {
#embed "data.bin"
  };
  return bytes[i];
}

//--- embed-other.cpp
// digest-versions: differs (#embed)
[[npcache::cached]] int f(int i) {
  static const char bytes[] = {
#embed "other.bin"
  };
  return bytes[i];
}

//--- data.bin
ABCD

//--- other.bin
ABCE

//--- base.cpp
struct Base { double k; Base(double x) : k(x * 2) {} };
struct Derived : Base { using Base::Base; };
enum class Small : unsigned char { one = 1 };
struct S { double v; S() : v(7) {} S(double x) : v(x) {} };
template <class... Ts> double count(Ts... ts) { return sizeof...(Ts) + (ts + ...); }
[[npcache::cached]] double f(double x) {
  Derived d(x);
  double first[2] = {x, 2};
  double second[2] = {3, x};
  Small wrapped = static_cast<Small>(300);
  S filled[3] = {S(x)};
  auto [a, b] = first;
  auto copied = [first] { return first[1]; };
  void *jump = x > 0 ? &&positive : &&negative;
  goto *jump;
positive:
  x += 1;
negative:
  return d.k + static_cast<int>(wrapped) + filled[2].v + a - b + copied() + count(1.0, 2.0) + x;
}

//--- inherited-constructor.cpp
struct Base { double k; Base(double x) : k(x * 3) {} };
struct Derived : Base { using Base::Base; };
enum class Small : unsigned char { one = 1 };
struct S { double v; S() : v(7) {} S(double x) : v(x) {} };
template <class... Ts> double count(Ts... ts) { return sizeof...(Ts) + (ts + ...); }
[[npcache::cached]] double f(double x) {
  Derived d(x);
  double first[2] = {x, 2};
  double second[2] = {3, x};
  Small wrapped = static_cast<Small>(300);
  S filled[3] = {S(x)};
  auto [a, b] = first;
  auto copied = [first] { return first[1]; };
  void *jump = x > 0 ? &&positive : &&negative;
  goto *jump;
positive:
  x += 1;
negative:
  return d.k + static_cast<int>(wrapped) + filled[2].v + a - b + copied() + count(1.0, 2.0) + x;
}

//--- enum-type.cpp
struct Base { double k; Base(double x) : k(x * 2) {} };
struct Derived : Base { using Base::Base; };
enum class Small : int { one = 1 };
struct S { double v; S() : v(7) {} S(double x) : v(x) {} };
template <class... Ts> double count(Ts... ts) { return sizeof...(Ts) + (ts + ...); }
[[npcache::cached]] double f(double x) {
  Derived d(x);
  double first[2] = {x, 2};
  double second[2] = {3, x};
  Small wrapped = static_cast<Small>(300);
  S filled[3] = {S(x)};
  auto [a, b] = first;
  auto copied = [first] { return first[1]; };
  void *jump = x > 0 ? &&positive : &&negative;
  goto *jump;
positive:
  x += 1;
negative:
  return d.k + static_cast<int>(wrapped) + filled[2].v + a - b + copied() + count(1.0, 2.0) + x;
}

//--- array-filler.cpp
struct Base { double k; Base(double x) : k(x * 2) {} };
struct Derived : Base { using Base::Base; };
enum class Small : unsigned char { one = 1 };
struct S { double v; S() : v(8) {} S(double x) : v(x) {} };
template <class... Ts> double count(Ts... ts) { return sizeof...(Ts) + (ts + ...); }
[[npcache::cached]] double f(double x) {
  Derived d(x);
  double first[2] = {x, 2};
  double second[2] = {3, x};
  Small wrapped = static_cast<Small>(300);
  S filled[3] = {S(x)};
  auto [a, b] = first;
  auto copied = [first] { return first[1]; };
  void *jump = x > 0 ? &&positive : &&negative;
  goto *jump;
positive:
  x += 1;
negative:
  return d.k + static_cast<int>(wrapped) + filled[2].v + a - b + copied() + count(1.0, 2.0) + x;
}

//--- binding-array.cpp
struct Base { double k; Base(double x) : k(x * 2) {} };
struct Derived : Base { using Base::Base; };
enum class Small : unsigned char { one = 1 };
struct S { double v; S() : v(7) {} S(double x) : v(x) {} };
template <class... Ts> double count(Ts... ts) { return sizeof...(Ts) + (ts + ...); }
[[npcache::cached]] double f(double x) {
  Derived d(x);
  double first[2] = {x, 2};
  double second[2] = {3, x};
  Small wrapped = static_cast<Small>(300);
  S filled[3] = {S(x)};
  auto [a, b] = second;
  auto copied = [first] { return first[1]; };
  void *jump = x > 0 ? &&positive : &&negative;
  goto *jump;
positive:
  x += 1;
negative:
  return d.k + static_cast<int>(wrapped) + filled[2].v + a - b + copied() + count(1.0, 2.0) + x;
}

//--- captured-array.cpp
struct Base { double k; Base(double x) : k(x * 2) {} };
struct Derived : Base { using Base::Base; };
enum class Small : unsigned char { one = 1 };
struct S { double v; S() : v(7) {} S(double x) : v(x) {} };
template <class... Ts> double count(Ts... ts) { return sizeof...(Ts) + (ts + ...); }
[[npcache::cached]] double f(double x) {
  Derived d(x);
  double first[2] = {x, 2};
  double second[2] = {3, x};
  Small wrapped = static_cast<Small>(300);
  S filled[3] = {S(x)};
  auto [a, b] = first;
  auto copied = [second] { return second[1]; };
  void *jump = x > 0 ? &&positive : &&negative;
  goto *jump;
positive:
  x += 1;
negative:
  return d.k + static_cast<int>(wrapped) + filled[2].v + a - b + copied() + count(1.0, 2.0) + x;
}

//--- label-address.cpp
struct Base { double k; Base(double x) : k(x * 2) {} };
struct Derived : Base { using Base::Base; };
enum class Small : unsigned char { one = 1 };
struct S { double v; S() : v(7) {} S(double x) : v(x) {} };
template <class... Ts> double count(Ts... ts) { return sizeof...(Ts) + (ts + ...); }
[[npcache::cached]] double f(double x) {
  Derived d(x);
  double first[2] = {x, 2};
  double second[2] = {3, x};
  Small wrapped = static_cast<Small>(300);
  S filled[3] = {S(x)};
  auto [a, b] = first;
  auto copied = [first] { return first[1]; };
  void *jump = x > 0 ? &&negative : &&positive;
  goto *jump;
positive:
  x += 1;
negative:
  return d.k + static_cast<int>(wrapped) + filled[2].v + a - b + copied() + count(1.0, 2.0) + x;
}

//--- pack-size.cpp
struct Base { double k; Base(double x) : k(x * 2) {} };
struct Derived : Base { using Base::Base; };
enum class Small : unsigned char { one = 1 };
struct S { double v; S() : v(7) {} S(double x) : v(x) {} };
template <class... Ts> double count(Ts... ts) { return sizeof...(Ts) + (ts + ...); }
[[npcache::cached]] double f(double x) {
  Derived d(x);
  double first[2] = {x, 2};
  double second[2] = {3, x};
  Small wrapped = static_cast<Small>(300);
  S filled[3] = {S(x)};
  auto [a, b] = first;
  auto copied = [first] { return first[1]; };
  void *jump = x > 0 ? &&positive : &&negative;
  goto *jump;
positive:
  x += 1;
negative:
  return d.k + static_cast<int>(wrapped) + filled[2].v + a - b + copied() + count(3.0) + x;
}

//--- labels-renamed.cpp
struct Base { double k; Base(double x) : k(x * 2) {} };
struct Derived : Base { using Base::Base; };
enum class Small : unsigned char { one = 1 };
struct S { double v; S() : v(7) {} S(double x) : v(x) {} };
template <class... Ts> double count(Ts... ts) { return sizeof...(Ts) + (ts + ...); }
[[npcache::cached]] double f(double x) {
  Derived d(x);
  double first[2] = {x, 2};
  double second[2] = {3, x};
  Small wrapped = static_cast<Small>(300);
  S filled[3] = {S(x)};
  auto [a, b] = first;
  auto copied = [first] { return first[1]; };
  void *jump = x > 0 ? &&above : &&below;
  goto *jump;
above:
  x += 1;
below:
  return d.k + static_cast<int>(wrapped) + filled[2].v + a - b + copied() + count(1.0, 2.0) + x;
}

//--- member.h
struct Member {
  Member() = default;
  Member(Member &&) noexcept {}
};

//--- member-throws.h
struct Member {
  Member() = default;
  Member(Member &&) {}
};

//--- noexcept.cpp
#include <optional>
#include <utility>
#include "member.h"
[[npcache::cached]] int pick(int x) {
  std::optional<Member> m;
  if constexpr (noexcept(std::optional<Member>(std::move(m))))
    return x;
  else
    return 2 * x;
}

//--- noexcept-throws.cpp
#include <optional>
#include <utility>
#include "member-throws.h"
[[npcache::cached]] int pick(int x) {
  std::optional<Member> m;
  if constexpr (noexcept(std::optional<Member>(std::move(m))))
    return x;
  else
    return 2 * x;
}
