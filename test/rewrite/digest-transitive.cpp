// Mutation suite: the code digest follows what a cached function reaches within its
// translation unit. Each edit below either must change the digest (the function's
// meaning may change) or must not (it cannot). The script prints the counts.
// RUN: rm -rf %t && split-file %s %t
// RUN: %python %S/Inputs/digest_compare.py %rewrite %t/base.cpp \
// RUN:   %t/helper-body.cpp %t/helper-of-helper.cpp %t/macro-in-helper.cpp %t/constexpr-constant.cpp \
// RUN:   %t/const-global.cpp %t/mutable-global-init.cpp %t/static-member-constant.cpp %t/enumerator-value.cpp \
// RUN:   %t/field-type.cpp %t/field-order.cpp %t/field-default.cpp %t/field-added.cpp \
// RUN:   %t/base-field.cpp %t/base-added-field.cpp %t/constructor-body.cpp %t/constructor-initializer.cpp \
// RUN:   %t/destructor-body.cpp %t/member-function.cpp %t/operator-overload.cpp %t/template-body.cpp \
// RUN:   %t/lambda-body.cpp %t/address-taken.cpp %t/mutual-recursion.cpp %t/default-argument.cpp \
// RUN:   %t/static-local.cpp %t/alias-target.cpp %t/call-other-overload.cpp %t/enum-used-value.cpp \
// RUN:   %t/rename-local-in-member.cpp %t/helper-whitespace.cpp %t/helper-comment.cpp %t/helper-rename-param.cpp \
// RUN:   %t/unrelated-body.cpp %t/unrelated-constant.cpp %t/unrelated-enum.cpp %t/unused-function.cpp \
// RUN:   %t/unused-struct.cpp %t/unused-include.cpp %t/reorder-unrelated.cpp %t/format-struct.cpp \
// RUN: | FileCheck %s
// CHECK: helper-body.cpp: different
// CHECK-NEXT: helper-of-helper.cpp: different
// CHECK-NEXT: macro-in-helper.cpp: different
// CHECK-NEXT: constexpr-constant.cpp: different
// CHECK-NEXT: const-global.cpp: different
// CHECK-NEXT: mutable-global-init.cpp: different
// CHECK-NEXT: static-member-constant.cpp: different
// CHECK-NEXT: enumerator-value.cpp: different
// CHECK-NEXT: field-type.cpp: different
// CHECK-NEXT: field-order.cpp: different
// CHECK-NEXT: field-default.cpp: different
// CHECK-NEXT: field-added.cpp: different
// CHECK-NEXT: base-field.cpp: different
// CHECK-NEXT: base-added-field.cpp: different
// CHECK-NEXT: constructor-body.cpp: different
// CHECK-NEXT: constructor-initializer.cpp: different
// CHECK-NEXT: destructor-body.cpp: different
// CHECK-NEXT: member-function.cpp: different
// CHECK-NEXT: operator-overload.cpp: different
// CHECK-NEXT: template-body.cpp: different
// CHECK-NEXT: lambda-body.cpp: different
// CHECK-NEXT: address-taken.cpp: different
// CHECK-NEXT: mutual-recursion.cpp: different
// CHECK-NEXT: default-argument.cpp: different
// CHECK-NEXT: static-local.cpp: different
// CHECK-NEXT: alias-target.cpp: different
// CHECK-NEXT: call-other-overload.cpp: different
// CHECK-NEXT: enum-used-value.cpp: different
// CHECK-NEXT: rename-local-in-member.cpp: different
// CHECK-NEXT: helper-whitespace.cpp: same
// CHECK-NEXT: helper-comment.cpp: same
// CHECK-NEXT: helper-rename-param.cpp: same
// CHECK-NEXT: unrelated-body.cpp: same
// CHECK-NEXT: unrelated-constant.cpp: same
// CHECK-NEXT: unrelated-enum.cpp: same
// CHECK-NEXT: unused-function.cpp: same
// CHECK-NEXT: unused-struct.cpp: same
// CHECK-NEXT: unused-include.cpp: same
// CHECK-NEXT: reorder-unrelated.cpp: same
// CHECK-NEXT: format-struct.cpp: same
// CHECK-NEXT: summary: 40 edits, 11 same, 29 different

//--- base.cpp
#include <cmath>
#include <vector>
#define SCALE 3
namespace phys {
constexpr double kGravity = 9.81;
const int kSteps = 4;
double g_offset = 0.5;
enum class Mode { fast = 1, exact = 2 };
struct Base { int id = 7; };
struct Particle : Base {
  double x = 0;
  double v = 1;
  Particle() = default;
  Particle(double x0, double v0) : x(x0), v(v0 * 2) { x += 1; }
  ~Particle() { x = -1; }
  double energy() const { return 0.5 * v * v; }
  static constexpr int kDims = 3;
};
Particle operator+(const Particle &a, const Particle &b) { return Particle(a.x + b.x, a.v + b.v); }
template <class T> T twice(T x) { return x + x; }
double deep(double x) { return x * SCALE; }
double near_helper(double x) { return deep(x) + 1; }
double odd(int n);
double even(int n) { return n == 0 ? 1 : odd(n - 1); }
double odd(int n) { return n == 0 ? 0 : even(n - 1); }
double by_pointer(double x) { return x - 1; }
double with_default(double x, int k = 2) { return x * k; }
double counter() { static int calls = 10; return ++calls; }
using Real = double;
double unrelated(double x) { return x * 42; }
const int kUnrelated = 5;
enum class Other { a = 1 };
[[npcache::cached]] double simulate(double x, int n) {
  Particle p(x, 1.0);
  Particle q = p + Particle(1, 2);
  auto square = [](double v) { return v * v; };
  double (*fp)(double) = &by_pointer;
  Real r = 0;
  for (int i = 0; i < n * kSteps; ++i)
    r += near_helper(x) * kGravity + twice(q.energy()) + square(p.x) + fp(x) + g_offset;
  Mode m = Mode::exact;
  r += static_cast<int>(m) + even(4) + with_default(x) + counter() + p.id + Particle::kDims;
  return r;
}
} // namespace phys

//--- helper-body.cpp
#include <cmath>
#include <vector>
#define SCALE 3
namespace phys {
constexpr double kGravity = 9.81;
const int kSteps = 4;
double g_offset = 0.5;
enum class Mode { fast = 1, exact = 2 };
struct Base { int id = 7; };
struct Particle : Base {
  double x = 0;
  double v = 1;
  Particle() = default;
  Particle(double x0, double v0) : x(x0), v(v0 * 2) { x += 1; }
  ~Particle() { x = -1; }
  double energy() const { return 0.5 * v * v; }
  static constexpr int kDims = 3;
};
Particle operator+(const Particle &a, const Particle &b) { return Particle(a.x + b.x, a.v + b.v); }
template <class T> T twice(T x) { return x + x; }
double deep(double x) { return x * SCALE; }
double near_helper(double x) { return deep(x) + 2; }
double odd(int n);
double even(int n) { return n == 0 ? 1 : odd(n - 1); }
double odd(int n) { return n == 0 ? 0 : even(n - 1); }
double by_pointer(double x) { return x - 1; }
double with_default(double x, int k = 2) { return x * k; }
double counter() { static int calls = 10; return ++calls; }
using Real = double;
double unrelated(double x) { return x * 42; }
const int kUnrelated = 5;
enum class Other { a = 1 };
[[npcache::cached]] double simulate(double x, int n) {
  Particle p(x, 1.0);
  Particle q = p + Particle(1, 2);
  auto square = [](double v) { return v * v; };
  double (*fp)(double) = &by_pointer;
  Real r = 0;
  for (int i = 0; i < n * kSteps; ++i)
    r += near_helper(x) * kGravity + twice(q.energy()) + square(p.x) + fp(x) + g_offset;
  Mode m = Mode::exact;
  r += static_cast<int>(m) + even(4) + with_default(x) + counter() + p.id + Particle::kDims;
  return r;
}
} // namespace phys

//--- helper-of-helper.cpp
#include <cmath>
#include <vector>
#define SCALE 3
namespace phys {
constexpr double kGravity = 9.81;
const int kSteps = 4;
double g_offset = 0.5;
enum class Mode { fast = 1, exact = 2 };
struct Base { int id = 7; };
struct Particle : Base {
  double x = 0;
  double v = 1;
  Particle() = default;
  Particle(double x0, double v0) : x(x0), v(v0 * 2) { x += 1; }
  ~Particle() { x = -1; }
  double energy() const { return 0.5 * v * v; }
  static constexpr int kDims = 3;
};
Particle operator+(const Particle &a, const Particle &b) { return Particle(a.x + b.x, a.v + b.v); }
template <class T> T twice(T x) { return x + x; }
double deep(double x) { return x * SCALE + 0; }
double near_helper(double x) { return deep(x) + 1; }
double odd(int n);
double even(int n) { return n == 0 ? 1 : odd(n - 1); }
double odd(int n) { return n == 0 ? 0 : even(n - 1); }
double by_pointer(double x) { return x - 1; }
double with_default(double x, int k = 2) { return x * k; }
double counter() { static int calls = 10; return ++calls; }
using Real = double;
double unrelated(double x) { return x * 42; }
const int kUnrelated = 5;
enum class Other { a = 1 };
[[npcache::cached]] double simulate(double x, int n) {
  Particle p(x, 1.0);
  Particle q = p + Particle(1, 2);
  auto square = [](double v) { return v * v; };
  double (*fp)(double) = &by_pointer;
  Real r = 0;
  for (int i = 0; i < n * kSteps; ++i)
    r += near_helper(x) * kGravity + twice(q.energy()) + square(p.x) + fp(x) + g_offset;
  Mode m = Mode::exact;
  r += static_cast<int>(m) + even(4) + with_default(x) + counter() + p.id + Particle::kDims;
  return r;
}
} // namespace phys

//--- macro-in-helper.cpp
#include <cmath>
#include <vector>
#define SCALE 4
namespace phys {
constexpr double kGravity = 9.81;
const int kSteps = 4;
double g_offset = 0.5;
enum class Mode { fast = 1, exact = 2 };
struct Base { int id = 7; };
struct Particle : Base {
  double x = 0;
  double v = 1;
  Particle() = default;
  Particle(double x0, double v0) : x(x0), v(v0 * 2) { x += 1; }
  ~Particle() { x = -1; }
  double energy() const { return 0.5 * v * v; }
  static constexpr int kDims = 3;
};
Particle operator+(const Particle &a, const Particle &b) { return Particle(a.x + b.x, a.v + b.v); }
template <class T> T twice(T x) { return x + x; }
double deep(double x) { return x * SCALE; }
double near_helper(double x) { return deep(x) + 1; }
double odd(int n);
double even(int n) { return n == 0 ? 1 : odd(n - 1); }
double odd(int n) { return n == 0 ? 0 : even(n - 1); }
double by_pointer(double x) { return x - 1; }
double with_default(double x, int k = 2) { return x * k; }
double counter() { static int calls = 10; return ++calls; }
using Real = double;
double unrelated(double x) { return x * 42; }
const int kUnrelated = 5;
enum class Other { a = 1 };
[[npcache::cached]] double simulate(double x, int n) {
  Particle p(x, 1.0);
  Particle q = p + Particle(1, 2);
  auto square = [](double v) { return v * v; };
  double (*fp)(double) = &by_pointer;
  Real r = 0;
  for (int i = 0; i < n * kSteps; ++i)
    r += near_helper(x) * kGravity + twice(q.energy()) + square(p.x) + fp(x) + g_offset;
  Mode m = Mode::exact;
  r += static_cast<int>(m) + even(4) + with_default(x) + counter() + p.id + Particle::kDims;
  return r;
}
} // namespace phys

//--- constexpr-constant.cpp
#include <cmath>
#include <vector>
#define SCALE 3
namespace phys {
constexpr double kGravity = 9.80;
const int kSteps = 4;
double g_offset = 0.5;
enum class Mode { fast = 1, exact = 2 };
struct Base { int id = 7; };
struct Particle : Base {
  double x = 0;
  double v = 1;
  Particle() = default;
  Particle(double x0, double v0) : x(x0), v(v0 * 2) { x += 1; }
  ~Particle() { x = -1; }
  double energy() const { return 0.5 * v * v; }
  static constexpr int kDims = 3;
};
Particle operator+(const Particle &a, const Particle &b) { return Particle(a.x + b.x, a.v + b.v); }
template <class T> T twice(T x) { return x + x; }
double deep(double x) { return x * SCALE; }
double near_helper(double x) { return deep(x) + 1; }
double odd(int n);
double even(int n) { return n == 0 ? 1 : odd(n - 1); }
double odd(int n) { return n == 0 ? 0 : even(n - 1); }
double by_pointer(double x) { return x - 1; }
double with_default(double x, int k = 2) { return x * k; }
double counter() { static int calls = 10; return ++calls; }
using Real = double;
double unrelated(double x) { return x * 42; }
const int kUnrelated = 5;
enum class Other { a = 1 };
[[npcache::cached]] double simulate(double x, int n) {
  Particle p(x, 1.0);
  Particle q = p + Particle(1, 2);
  auto square = [](double v) { return v * v; };
  double (*fp)(double) = &by_pointer;
  Real r = 0;
  for (int i = 0; i < n * kSteps; ++i)
    r += near_helper(x) * kGravity + twice(q.energy()) + square(p.x) + fp(x) + g_offset;
  Mode m = Mode::exact;
  r += static_cast<int>(m) + even(4) + with_default(x) + counter() + p.id + Particle::kDims;
  return r;
}
} // namespace phys

//--- const-global.cpp
#include <cmath>
#include <vector>
#define SCALE 3
namespace phys {
constexpr double kGravity = 9.81;
const int kSteps = 5;
double g_offset = 0.5;
enum class Mode { fast = 1, exact = 2 };
struct Base { int id = 7; };
struct Particle : Base {
  double x = 0;
  double v = 1;
  Particle() = default;
  Particle(double x0, double v0) : x(x0), v(v0 * 2) { x += 1; }
  ~Particle() { x = -1; }
  double energy() const { return 0.5 * v * v; }
  static constexpr int kDims = 3;
};
Particle operator+(const Particle &a, const Particle &b) { return Particle(a.x + b.x, a.v + b.v); }
template <class T> T twice(T x) { return x + x; }
double deep(double x) { return x * SCALE; }
double near_helper(double x) { return deep(x) + 1; }
double odd(int n);
double even(int n) { return n == 0 ? 1 : odd(n - 1); }
double odd(int n) { return n == 0 ? 0 : even(n - 1); }
double by_pointer(double x) { return x - 1; }
double with_default(double x, int k = 2) { return x * k; }
double counter() { static int calls = 10; return ++calls; }
using Real = double;
double unrelated(double x) { return x * 42; }
const int kUnrelated = 5;
enum class Other { a = 1 };
[[npcache::cached]] double simulate(double x, int n) {
  Particle p(x, 1.0);
  Particle q = p + Particle(1, 2);
  auto square = [](double v) { return v * v; };
  double (*fp)(double) = &by_pointer;
  Real r = 0;
  for (int i = 0; i < n * kSteps; ++i)
    r += near_helper(x) * kGravity + twice(q.energy()) + square(p.x) + fp(x) + g_offset;
  Mode m = Mode::exact;
  r += static_cast<int>(m) + even(4) + with_default(x) + counter() + p.id + Particle::kDims;
  return r;
}
} // namespace phys

//--- mutable-global-init.cpp
#include <cmath>
#include <vector>
#define SCALE 3
namespace phys {
constexpr double kGravity = 9.81;
const int kSteps = 4;
double g_offset = 0.25;
enum class Mode { fast = 1, exact = 2 };
struct Base { int id = 7; };
struct Particle : Base {
  double x = 0;
  double v = 1;
  Particle() = default;
  Particle(double x0, double v0) : x(x0), v(v0 * 2) { x += 1; }
  ~Particle() { x = -1; }
  double energy() const { return 0.5 * v * v; }
  static constexpr int kDims = 3;
};
Particle operator+(const Particle &a, const Particle &b) { return Particle(a.x + b.x, a.v + b.v); }
template <class T> T twice(T x) { return x + x; }
double deep(double x) { return x * SCALE; }
double near_helper(double x) { return deep(x) + 1; }
double odd(int n);
double even(int n) { return n == 0 ? 1 : odd(n - 1); }
double odd(int n) { return n == 0 ? 0 : even(n - 1); }
double by_pointer(double x) { return x - 1; }
double with_default(double x, int k = 2) { return x * k; }
double counter() { static int calls = 10; return ++calls; }
using Real = double;
double unrelated(double x) { return x * 42; }
const int kUnrelated = 5;
enum class Other { a = 1 };
[[npcache::cached]] double simulate(double x, int n) {
  Particle p(x, 1.0);
  Particle q = p + Particle(1, 2);
  auto square = [](double v) { return v * v; };
  double (*fp)(double) = &by_pointer;
  Real r = 0;
  for (int i = 0; i < n * kSteps; ++i)
    r += near_helper(x) * kGravity + twice(q.energy()) + square(p.x) + fp(x) + g_offset;
  Mode m = Mode::exact;
  r += static_cast<int>(m) + even(4) + with_default(x) + counter() + p.id + Particle::kDims;
  return r;
}
} // namespace phys

//--- static-member-constant.cpp
#include <cmath>
#include <vector>
#define SCALE 3
namespace phys {
constexpr double kGravity = 9.81;
const int kSteps = 4;
double g_offset = 0.5;
enum class Mode { fast = 1, exact = 2 };
struct Base { int id = 7; };
struct Particle : Base {
  double x = 0;
  double v = 1;
  Particle() = default;
  Particle(double x0, double v0) : x(x0), v(v0 * 2) { x += 1; }
  ~Particle() { x = -1; }
  double energy() const { return 0.5 * v * v; }
  static constexpr int kDims = 2;
};
Particle operator+(const Particle &a, const Particle &b) { return Particle(a.x + b.x, a.v + b.v); }
template <class T> T twice(T x) { return x + x; }
double deep(double x) { return x * SCALE; }
double near_helper(double x) { return deep(x) + 1; }
double odd(int n);
double even(int n) { return n == 0 ? 1 : odd(n - 1); }
double odd(int n) { return n == 0 ? 0 : even(n - 1); }
double by_pointer(double x) { return x - 1; }
double with_default(double x, int k = 2) { return x * k; }
double counter() { static int calls = 10; return ++calls; }
using Real = double;
double unrelated(double x) { return x * 42; }
const int kUnrelated = 5;
enum class Other { a = 1 };
[[npcache::cached]] double simulate(double x, int n) {
  Particle p(x, 1.0);
  Particle q = p + Particle(1, 2);
  auto square = [](double v) { return v * v; };
  double (*fp)(double) = &by_pointer;
  Real r = 0;
  for (int i = 0; i < n * kSteps; ++i)
    r += near_helper(x) * kGravity + twice(q.energy()) + square(p.x) + fp(x) + g_offset;
  Mode m = Mode::exact;
  r += static_cast<int>(m) + even(4) + with_default(x) + counter() + p.id + Particle::kDims;
  return r;
}
} // namespace phys

//--- enumerator-value.cpp
#include <cmath>
#include <vector>
#define SCALE 3
namespace phys {
constexpr double kGravity = 9.81;
const int kSteps = 4;
double g_offset = 0.5;
enum class Mode { fast = 1, exact = 3 };
struct Base { int id = 7; };
struct Particle : Base {
  double x = 0;
  double v = 1;
  Particle() = default;
  Particle(double x0, double v0) : x(x0), v(v0 * 2) { x += 1; }
  ~Particle() { x = -1; }
  double energy() const { return 0.5 * v * v; }
  static constexpr int kDims = 3;
};
Particle operator+(const Particle &a, const Particle &b) { return Particle(a.x + b.x, a.v + b.v); }
template <class T> T twice(T x) { return x + x; }
double deep(double x) { return x * SCALE; }
double near_helper(double x) { return deep(x) + 1; }
double odd(int n);
double even(int n) { return n == 0 ? 1 : odd(n - 1); }
double odd(int n) { return n == 0 ? 0 : even(n - 1); }
double by_pointer(double x) { return x - 1; }
double with_default(double x, int k = 2) { return x * k; }
double counter() { static int calls = 10; return ++calls; }
using Real = double;
double unrelated(double x) { return x * 42; }
const int kUnrelated = 5;
enum class Other { a = 1 };
[[npcache::cached]] double simulate(double x, int n) {
  Particle p(x, 1.0);
  Particle q = p + Particle(1, 2);
  auto square = [](double v) { return v * v; };
  double (*fp)(double) = &by_pointer;
  Real r = 0;
  for (int i = 0; i < n * kSteps; ++i)
    r += near_helper(x) * kGravity + twice(q.energy()) + square(p.x) + fp(x) + g_offset;
  Mode m = Mode::exact;
  r += static_cast<int>(m) + even(4) + with_default(x) + counter() + p.id + Particle::kDims;
  return r;
}
} // namespace phys

//--- field-type.cpp
#include <cmath>
#include <vector>
#define SCALE 3
namespace phys {
constexpr double kGravity = 9.81;
const int kSteps = 4;
double g_offset = 0.5;
enum class Mode { fast = 1, exact = 2 };
struct Base { int id = 7; };
struct Particle : Base {
  double x = 0;
  float v = 1;
  Particle() = default;
  Particle(double x0, double v0) : x(x0), v(v0 * 2) { x += 1; }
  ~Particle() { x = -1; }
  double energy() const { return 0.5 * v * v; }
  static constexpr int kDims = 3;
};
Particle operator+(const Particle &a, const Particle &b) { return Particle(a.x + b.x, a.v + b.v); }
template <class T> T twice(T x) { return x + x; }
double deep(double x) { return x * SCALE; }
double near_helper(double x) { return deep(x) + 1; }
double odd(int n);
double even(int n) { return n == 0 ? 1 : odd(n - 1); }
double odd(int n) { return n == 0 ? 0 : even(n - 1); }
double by_pointer(double x) { return x - 1; }
double with_default(double x, int k = 2) { return x * k; }
double counter() { static int calls = 10; return ++calls; }
using Real = double;
double unrelated(double x) { return x * 42; }
const int kUnrelated = 5;
enum class Other { a = 1 };
[[npcache::cached]] double simulate(double x, int n) {
  Particle p(x, 1.0);
  Particle q = p + Particle(1, 2);
  auto square = [](double v) { return v * v; };
  double (*fp)(double) = &by_pointer;
  Real r = 0;
  for (int i = 0; i < n * kSteps; ++i)
    r += near_helper(x) * kGravity + twice(q.energy()) + square(p.x) + fp(x) + g_offset;
  Mode m = Mode::exact;
  r += static_cast<int>(m) + even(4) + with_default(x) + counter() + p.id + Particle::kDims;
  return r;
}
} // namespace phys

//--- field-order.cpp
#include <cmath>
#include <vector>
#define SCALE 3
namespace phys {
constexpr double kGravity = 9.81;
const int kSteps = 4;
double g_offset = 0.5;
enum class Mode { fast = 1, exact = 2 };
struct Base { int id = 7; };
struct Particle : Base {
  double v = 1;
  double x = 0;
  Particle() = default;
  Particle(double x0, double v0) : x(x0), v(v0 * 2) { x += 1; }
  ~Particle() { x = -1; }
  double energy() const { return 0.5 * v * v; }
  static constexpr int kDims = 3;
};
Particle operator+(const Particle &a, const Particle &b) { return Particle(a.x + b.x, a.v + b.v); }
template <class T> T twice(T x) { return x + x; }
double deep(double x) { return x * SCALE; }
double near_helper(double x) { return deep(x) + 1; }
double odd(int n);
double even(int n) { return n == 0 ? 1 : odd(n - 1); }
double odd(int n) { return n == 0 ? 0 : even(n - 1); }
double by_pointer(double x) { return x - 1; }
double with_default(double x, int k = 2) { return x * k; }
double counter() { static int calls = 10; return ++calls; }
using Real = double;
double unrelated(double x) { return x * 42; }
const int kUnrelated = 5;
enum class Other { a = 1 };
[[npcache::cached]] double simulate(double x, int n) {
  Particle p(x, 1.0);
  Particle q = p + Particle(1, 2);
  auto square = [](double v) { return v * v; };
  double (*fp)(double) = &by_pointer;
  Real r = 0;
  for (int i = 0; i < n * kSteps; ++i)
    r += near_helper(x) * kGravity + twice(q.energy()) + square(p.x) + fp(x) + g_offset;
  Mode m = Mode::exact;
  r += static_cast<int>(m) + even(4) + with_default(x) + counter() + p.id + Particle::kDims;
  return r;
}
} // namespace phys

//--- field-default.cpp
#include <cmath>
#include <vector>
#define SCALE 3
namespace phys {
constexpr double kGravity = 9.81;
const int kSteps = 4;
double g_offset = 0.5;
enum class Mode { fast = 1, exact = 2 };
struct Base { int id = 7; };
struct Particle : Base {
  double x = 0;
  double v = 2;
  Particle() = default;
  Particle(double x0, double v0) : x(x0), v(v0 * 2) { x += 1; }
  ~Particle() { x = -1; }
  double energy() const { return 0.5 * v * v; }
  static constexpr int kDims = 3;
};
Particle operator+(const Particle &a, const Particle &b) { return Particle(a.x + b.x, a.v + b.v); }
template <class T> T twice(T x) { return x + x; }
double deep(double x) { return x * SCALE; }
double near_helper(double x) { return deep(x) + 1; }
double odd(int n);
double even(int n) { return n == 0 ? 1 : odd(n - 1); }
double odd(int n) { return n == 0 ? 0 : even(n - 1); }
double by_pointer(double x) { return x - 1; }
double with_default(double x, int k = 2) { return x * k; }
double counter() { static int calls = 10; return ++calls; }
using Real = double;
double unrelated(double x) { return x * 42; }
const int kUnrelated = 5;
enum class Other { a = 1 };
[[npcache::cached]] double simulate(double x, int n) {
  Particle p(x, 1.0);
  Particle q = p + Particle(1, 2);
  auto square = [](double v) { return v * v; };
  double (*fp)(double) = &by_pointer;
  Real r = 0;
  for (int i = 0; i < n * kSteps; ++i)
    r += near_helper(x) * kGravity + twice(q.energy()) + square(p.x) + fp(x) + g_offset;
  Mode m = Mode::exact;
  r += static_cast<int>(m) + even(4) + with_default(x) + counter() + p.id + Particle::kDims;
  return r;
}
} // namespace phys

//--- field-added.cpp
#include <cmath>
#include <vector>
#define SCALE 3
namespace phys {
constexpr double kGravity = 9.81;
const int kSteps = 4;
double g_offset = 0.5;
enum class Mode { fast = 1, exact = 2 };
struct Base { int id = 7; };
struct Particle : Base {
  double x = 0;
  double v = 1;
  double w = 0;
  Particle() = default;
  Particle(double x0, double v0) : x(x0), v(v0 * 2) { x += 1; }
  ~Particle() { x = -1; }
  double energy() const { return 0.5 * v * v; }
  static constexpr int kDims = 3;
};
Particle operator+(const Particle &a, const Particle &b) { return Particle(a.x + b.x, a.v + b.v); }
template <class T> T twice(T x) { return x + x; }
double deep(double x) { return x * SCALE; }
double near_helper(double x) { return deep(x) + 1; }
double odd(int n);
double even(int n) { return n == 0 ? 1 : odd(n - 1); }
double odd(int n) { return n == 0 ? 0 : even(n - 1); }
double by_pointer(double x) { return x - 1; }
double with_default(double x, int k = 2) { return x * k; }
double counter() { static int calls = 10; return ++calls; }
using Real = double;
double unrelated(double x) { return x * 42; }
const int kUnrelated = 5;
enum class Other { a = 1 };
[[npcache::cached]] double simulate(double x, int n) {
  Particle p(x, 1.0);
  Particle q = p + Particle(1, 2);
  auto square = [](double v) { return v * v; };
  double (*fp)(double) = &by_pointer;
  Real r = 0;
  for (int i = 0; i < n * kSteps; ++i)
    r += near_helper(x) * kGravity + twice(q.energy()) + square(p.x) + fp(x) + g_offset;
  Mode m = Mode::exact;
  r += static_cast<int>(m) + even(4) + with_default(x) + counter() + p.id + Particle::kDims;
  return r;
}
} // namespace phys

//--- base-field.cpp
#include <cmath>
#include <vector>
#define SCALE 3
namespace phys {
constexpr double kGravity = 9.81;
const int kSteps = 4;
double g_offset = 0.5;
enum class Mode { fast = 1, exact = 2 };
struct Base { int id = 8; };
struct Particle : Base {
  double x = 0;
  double v = 1;
  Particle() = default;
  Particle(double x0, double v0) : x(x0), v(v0 * 2) { x += 1; }
  ~Particle() { x = -1; }
  double energy() const { return 0.5 * v * v; }
  static constexpr int kDims = 3;
};
Particle operator+(const Particle &a, const Particle &b) { return Particle(a.x + b.x, a.v + b.v); }
template <class T> T twice(T x) { return x + x; }
double deep(double x) { return x * SCALE; }
double near_helper(double x) { return deep(x) + 1; }
double odd(int n);
double even(int n) { return n == 0 ? 1 : odd(n - 1); }
double odd(int n) { return n == 0 ? 0 : even(n - 1); }
double by_pointer(double x) { return x - 1; }
double with_default(double x, int k = 2) { return x * k; }
double counter() { static int calls = 10; return ++calls; }
using Real = double;
double unrelated(double x) { return x * 42; }
const int kUnrelated = 5;
enum class Other { a = 1 };
[[npcache::cached]] double simulate(double x, int n) {
  Particle p(x, 1.0);
  Particle q = p + Particle(1, 2);
  auto square = [](double v) { return v * v; };
  double (*fp)(double) = &by_pointer;
  Real r = 0;
  for (int i = 0; i < n * kSteps; ++i)
    r += near_helper(x) * kGravity + twice(q.energy()) + square(p.x) + fp(x) + g_offset;
  Mode m = Mode::exact;
  r += static_cast<int>(m) + even(4) + with_default(x) + counter() + p.id + Particle::kDims;
  return r;
}
} // namespace phys

//--- base-added-field.cpp
#include <cmath>
#include <vector>
#define SCALE 3
namespace phys {
constexpr double kGravity = 9.81;
const int kSteps = 4;
double g_offset = 0.5;
enum class Mode { fast = 1, exact = 2 };
struct Base { int id = 7; int tag = 0; };
struct Particle : Base {
  double x = 0;
  double v = 1;
  Particle() = default;
  Particle(double x0, double v0) : x(x0), v(v0 * 2) { x += 1; }
  ~Particle() { x = -1; }
  double energy() const { return 0.5 * v * v; }
  static constexpr int kDims = 3;
};
Particle operator+(const Particle &a, const Particle &b) { return Particle(a.x + b.x, a.v + b.v); }
template <class T> T twice(T x) { return x + x; }
double deep(double x) { return x * SCALE; }
double near_helper(double x) { return deep(x) + 1; }
double odd(int n);
double even(int n) { return n == 0 ? 1 : odd(n - 1); }
double odd(int n) { return n == 0 ? 0 : even(n - 1); }
double by_pointer(double x) { return x - 1; }
double with_default(double x, int k = 2) { return x * k; }
double counter() { static int calls = 10; return ++calls; }
using Real = double;
double unrelated(double x) { return x * 42; }
const int kUnrelated = 5;
enum class Other { a = 1 };
[[npcache::cached]] double simulate(double x, int n) {
  Particle p(x, 1.0);
  Particle q = p + Particle(1, 2);
  auto square = [](double v) { return v * v; };
  double (*fp)(double) = &by_pointer;
  Real r = 0;
  for (int i = 0; i < n * kSteps; ++i)
    r += near_helper(x) * kGravity + twice(q.energy()) + square(p.x) + fp(x) + g_offset;
  Mode m = Mode::exact;
  r += static_cast<int>(m) + even(4) + with_default(x) + counter() + p.id + Particle::kDims;
  return r;
}
} // namespace phys

//--- constructor-body.cpp
#include <cmath>
#include <vector>
#define SCALE 3
namespace phys {
constexpr double kGravity = 9.81;
const int kSteps = 4;
double g_offset = 0.5;
enum class Mode { fast = 1, exact = 2 };
struct Base { int id = 7; };
struct Particle : Base {
  double x = 0;
  double v = 1;
  Particle() = default;
  Particle(double x0, double v0) : x(x0), v(v0 * 2) { x += 2; }
  ~Particle() { x = -1; }
  double energy() const { return 0.5 * v * v; }
  static constexpr int kDims = 3;
};
Particle operator+(const Particle &a, const Particle &b) { return Particle(a.x + b.x, a.v + b.v); }
template <class T> T twice(T x) { return x + x; }
double deep(double x) { return x * SCALE; }
double near_helper(double x) { return deep(x) + 1; }
double odd(int n);
double even(int n) { return n == 0 ? 1 : odd(n - 1); }
double odd(int n) { return n == 0 ? 0 : even(n - 1); }
double by_pointer(double x) { return x - 1; }
double with_default(double x, int k = 2) { return x * k; }
double counter() { static int calls = 10; return ++calls; }
using Real = double;
double unrelated(double x) { return x * 42; }
const int kUnrelated = 5;
enum class Other { a = 1 };
[[npcache::cached]] double simulate(double x, int n) {
  Particle p(x, 1.0);
  Particle q = p + Particle(1, 2);
  auto square = [](double v) { return v * v; };
  double (*fp)(double) = &by_pointer;
  Real r = 0;
  for (int i = 0; i < n * kSteps; ++i)
    r += near_helper(x) * kGravity + twice(q.energy()) + square(p.x) + fp(x) + g_offset;
  Mode m = Mode::exact;
  r += static_cast<int>(m) + even(4) + with_default(x) + counter() + p.id + Particle::kDims;
  return r;
}
} // namespace phys

//--- constructor-initializer.cpp
#include <cmath>
#include <vector>
#define SCALE 3
namespace phys {
constexpr double kGravity = 9.81;
const int kSteps = 4;
double g_offset = 0.5;
enum class Mode { fast = 1, exact = 2 };
struct Base { int id = 7; };
struct Particle : Base {
  double x = 0;
  double v = 1;
  Particle() = default;
  Particle(double x0, double v0) : x(x0), v(v0 * 3) { x += 1; }
  ~Particle() { x = -1; }
  double energy() const { return 0.5 * v * v; }
  static constexpr int kDims = 3;
};
Particle operator+(const Particle &a, const Particle &b) { return Particle(a.x + b.x, a.v + b.v); }
template <class T> T twice(T x) { return x + x; }
double deep(double x) { return x * SCALE; }
double near_helper(double x) { return deep(x) + 1; }
double odd(int n);
double even(int n) { return n == 0 ? 1 : odd(n - 1); }
double odd(int n) { return n == 0 ? 0 : even(n - 1); }
double by_pointer(double x) { return x - 1; }
double with_default(double x, int k = 2) { return x * k; }
double counter() { static int calls = 10; return ++calls; }
using Real = double;
double unrelated(double x) { return x * 42; }
const int kUnrelated = 5;
enum class Other { a = 1 };
[[npcache::cached]] double simulate(double x, int n) {
  Particle p(x, 1.0);
  Particle q = p + Particle(1, 2);
  auto square = [](double v) { return v * v; };
  double (*fp)(double) = &by_pointer;
  Real r = 0;
  for (int i = 0; i < n * kSteps; ++i)
    r += near_helper(x) * kGravity + twice(q.energy()) + square(p.x) + fp(x) + g_offset;
  Mode m = Mode::exact;
  r += static_cast<int>(m) + even(4) + with_default(x) + counter() + p.id + Particle::kDims;
  return r;
}
} // namespace phys

//--- destructor-body.cpp
#include <cmath>
#include <vector>
#define SCALE 3
namespace phys {
constexpr double kGravity = 9.81;
const int kSteps = 4;
double g_offset = 0.5;
enum class Mode { fast = 1, exact = 2 };
struct Base { int id = 7; };
struct Particle : Base {
  double x = 0;
  double v = 1;
  Particle() = default;
  Particle(double x0, double v0) : x(x0), v(v0 * 2) { x += 1; }
  ~Particle() { x = -2; }
  double energy() const { return 0.5 * v * v; }
  static constexpr int kDims = 3;
};
Particle operator+(const Particle &a, const Particle &b) { return Particle(a.x + b.x, a.v + b.v); }
template <class T> T twice(T x) { return x + x; }
double deep(double x) { return x * SCALE; }
double near_helper(double x) { return deep(x) + 1; }
double odd(int n);
double even(int n) { return n == 0 ? 1 : odd(n - 1); }
double odd(int n) { return n == 0 ? 0 : even(n - 1); }
double by_pointer(double x) { return x - 1; }
double with_default(double x, int k = 2) { return x * k; }
double counter() { static int calls = 10; return ++calls; }
using Real = double;
double unrelated(double x) { return x * 42; }
const int kUnrelated = 5;
enum class Other { a = 1 };
[[npcache::cached]] double simulate(double x, int n) {
  Particle p(x, 1.0);
  Particle q = p + Particle(1, 2);
  auto square = [](double v) { return v * v; };
  double (*fp)(double) = &by_pointer;
  Real r = 0;
  for (int i = 0; i < n * kSteps; ++i)
    r += near_helper(x) * kGravity + twice(q.energy()) + square(p.x) + fp(x) + g_offset;
  Mode m = Mode::exact;
  r += static_cast<int>(m) + even(4) + with_default(x) + counter() + p.id + Particle::kDims;
  return r;
}
} // namespace phys

//--- member-function.cpp
#include <cmath>
#include <vector>
#define SCALE 3
namespace phys {
constexpr double kGravity = 9.81;
const int kSteps = 4;
double g_offset = 0.5;
enum class Mode { fast = 1, exact = 2 };
struct Base { int id = 7; };
struct Particle : Base {
  double x = 0;
  double v = 1;
  Particle() = default;
  Particle(double x0, double v0) : x(x0), v(v0 * 2) { x += 1; }
  ~Particle() { x = -1; }
  double energy() const { return 0.25 * v * v; }
  static constexpr int kDims = 3;
};
Particle operator+(const Particle &a, const Particle &b) { return Particle(a.x + b.x, a.v + b.v); }
template <class T> T twice(T x) { return x + x; }
double deep(double x) { return x * SCALE; }
double near_helper(double x) { return deep(x) + 1; }
double odd(int n);
double even(int n) { return n == 0 ? 1 : odd(n - 1); }
double odd(int n) { return n == 0 ? 0 : even(n - 1); }
double by_pointer(double x) { return x - 1; }
double with_default(double x, int k = 2) { return x * k; }
double counter() { static int calls = 10; return ++calls; }
using Real = double;
double unrelated(double x) { return x * 42; }
const int kUnrelated = 5;
enum class Other { a = 1 };
[[npcache::cached]] double simulate(double x, int n) {
  Particle p(x, 1.0);
  Particle q = p + Particle(1, 2);
  auto square = [](double v) { return v * v; };
  double (*fp)(double) = &by_pointer;
  Real r = 0;
  for (int i = 0; i < n * kSteps; ++i)
    r += near_helper(x) * kGravity + twice(q.energy()) + square(p.x) + fp(x) + g_offset;
  Mode m = Mode::exact;
  r += static_cast<int>(m) + even(4) + with_default(x) + counter() + p.id + Particle::kDims;
  return r;
}
} // namespace phys

//--- operator-overload.cpp
#include <cmath>
#include <vector>
#define SCALE 3
namespace phys {
constexpr double kGravity = 9.81;
const int kSteps = 4;
double g_offset = 0.5;
enum class Mode { fast = 1, exact = 2 };
struct Base { int id = 7; };
struct Particle : Base {
  double x = 0;
  double v = 1;
  Particle() = default;
  Particle(double x0, double v0) : x(x0), v(v0 * 2) { x += 1; }
  ~Particle() { x = -1; }
  double energy() const { return 0.5 * v * v; }
  static constexpr int kDims = 3;
};
Particle operator+(const Particle &a, const Particle &b) { return Particle(a.x + b.x, a.v - b.v); }
template <class T> T twice(T x) { return x + x; }
double deep(double x) { return x * SCALE; }
double near_helper(double x) { return deep(x) + 1; }
double odd(int n);
double even(int n) { return n == 0 ? 1 : odd(n - 1); }
double odd(int n) { return n == 0 ? 0 : even(n - 1); }
double by_pointer(double x) { return x - 1; }
double with_default(double x, int k = 2) { return x * k; }
double counter() { static int calls = 10; return ++calls; }
using Real = double;
double unrelated(double x) { return x * 42; }
const int kUnrelated = 5;
enum class Other { a = 1 };
[[npcache::cached]] double simulate(double x, int n) {
  Particle p(x, 1.0);
  Particle q = p + Particle(1, 2);
  auto square = [](double v) { return v * v; };
  double (*fp)(double) = &by_pointer;
  Real r = 0;
  for (int i = 0; i < n * kSteps; ++i)
    r += near_helper(x) * kGravity + twice(q.energy()) + square(p.x) + fp(x) + g_offset;
  Mode m = Mode::exact;
  r += static_cast<int>(m) + even(4) + with_default(x) + counter() + p.id + Particle::kDims;
  return r;
}
} // namespace phys

//--- template-body.cpp
#include <cmath>
#include <vector>
#define SCALE 3
namespace phys {
constexpr double kGravity = 9.81;
const int kSteps = 4;
double g_offset = 0.5;
enum class Mode { fast = 1, exact = 2 };
struct Base { int id = 7; };
struct Particle : Base {
  double x = 0;
  double v = 1;
  Particle() = default;
  Particle(double x0, double v0) : x(x0), v(v0 * 2) { x += 1; }
  ~Particle() { x = -1; }
  double energy() const { return 0.5 * v * v; }
  static constexpr int kDims = 3;
};
Particle operator+(const Particle &a, const Particle &b) { return Particle(a.x + b.x, a.v + b.v); }
template <class T> T twice(T x) { return x * 2; }
double deep(double x) { return x * SCALE; }
double near_helper(double x) { return deep(x) + 1; }
double odd(int n);
double even(int n) { return n == 0 ? 1 : odd(n - 1); }
double odd(int n) { return n == 0 ? 0 : even(n - 1); }
double by_pointer(double x) { return x - 1; }
double with_default(double x, int k = 2) { return x * k; }
double counter() { static int calls = 10; return ++calls; }
using Real = double;
double unrelated(double x) { return x * 42; }
const int kUnrelated = 5;
enum class Other { a = 1 };
[[npcache::cached]] double simulate(double x, int n) {
  Particle p(x, 1.0);
  Particle q = p + Particle(1, 2);
  auto square = [](double v) { return v * v; };
  double (*fp)(double) = &by_pointer;
  Real r = 0;
  for (int i = 0; i < n * kSteps; ++i)
    r += near_helper(x) * kGravity + twice(q.energy()) + square(p.x) + fp(x) + g_offset;
  Mode m = Mode::exact;
  r += static_cast<int>(m) + even(4) + with_default(x) + counter() + p.id + Particle::kDims;
  return r;
}
} // namespace phys

//--- lambda-body.cpp
#include <cmath>
#include <vector>
#define SCALE 3
namespace phys {
constexpr double kGravity = 9.81;
const int kSteps = 4;
double g_offset = 0.5;
enum class Mode { fast = 1, exact = 2 };
struct Base { int id = 7; };
struct Particle : Base {
  double x = 0;
  double v = 1;
  Particle() = default;
  Particle(double x0, double v0) : x(x0), v(v0 * 2) { x += 1; }
  ~Particle() { x = -1; }
  double energy() const { return 0.5 * v * v; }
  static constexpr int kDims = 3;
};
Particle operator+(const Particle &a, const Particle &b) { return Particle(a.x + b.x, a.v + b.v); }
template <class T> T twice(T x) { return x + x; }
double deep(double x) { return x * SCALE; }
double near_helper(double x) { return deep(x) + 1; }
double odd(int n);
double even(int n) { return n == 0 ? 1 : odd(n - 1); }
double odd(int n) { return n == 0 ? 0 : even(n - 1); }
double by_pointer(double x) { return x - 1; }
double with_default(double x, int k = 2) { return x * k; }
double counter() { static int calls = 10; return ++calls; }
using Real = double;
double unrelated(double x) { return x * 42; }
const int kUnrelated = 5;
enum class Other { a = 1 };
[[npcache::cached]] double simulate(double x, int n) {
  Particle p(x, 1.0);
  Particle q = p + Particle(1, 2);
  auto square = [](double v) { return v * v * v; };
  double (*fp)(double) = &by_pointer;
  Real r = 0;
  for (int i = 0; i < n * kSteps; ++i)
    r += near_helper(x) * kGravity + twice(q.energy()) + square(p.x) + fp(x) + g_offset;
  Mode m = Mode::exact;
  r += static_cast<int>(m) + even(4) + with_default(x) + counter() + p.id + Particle::kDims;
  return r;
}
} // namespace phys

//--- address-taken.cpp
#include <cmath>
#include <vector>
#define SCALE 3
namespace phys {
constexpr double kGravity = 9.81;
const int kSteps = 4;
double g_offset = 0.5;
enum class Mode { fast = 1, exact = 2 };
struct Base { int id = 7; };
struct Particle : Base {
  double x = 0;
  double v = 1;
  Particle() = default;
  Particle(double x0, double v0) : x(x0), v(v0 * 2) { x += 1; }
  ~Particle() { x = -1; }
  double energy() const { return 0.5 * v * v; }
  static constexpr int kDims = 3;
};
Particle operator+(const Particle &a, const Particle &b) { return Particle(a.x + b.x, a.v + b.v); }
template <class T> T twice(T x) { return x + x; }
double deep(double x) { return x * SCALE; }
double near_helper(double x) { return deep(x) + 1; }
double odd(int n);
double even(int n) { return n == 0 ? 1 : odd(n - 1); }
double odd(int n) { return n == 0 ? 0 : even(n - 1); }
double by_pointer(double x) { return x - 2; }
double with_default(double x, int k = 2) { return x * k; }
double counter() { static int calls = 10; return ++calls; }
using Real = double;
double unrelated(double x) { return x * 42; }
const int kUnrelated = 5;
enum class Other { a = 1 };
[[npcache::cached]] double simulate(double x, int n) {
  Particle p(x, 1.0);
  Particle q = p + Particle(1, 2);
  auto square = [](double v) { return v * v; };
  double (*fp)(double) = &by_pointer;
  Real r = 0;
  for (int i = 0; i < n * kSteps; ++i)
    r += near_helper(x) * kGravity + twice(q.energy()) + square(p.x) + fp(x) + g_offset;
  Mode m = Mode::exact;
  r += static_cast<int>(m) + even(4) + with_default(x) + counter() + p.id + Particle::kDims;
  return r;
}
} // namespace phys

//--- mutual-recursion.cpp
#include <cmath>
#include <vector>
#define SCALE 3
namespace phys {
constexpr double kGravity = 9.81;
const int kSteps = 4;
double g_offset = 0.5;
enum class Mode { fast = 1, exact = 2 };
struct Base { int id = 7; };
struct Particle : Base {
  double x = 0;
  double v = 1;
  Particle() = default;
  Particle(double x0, double v0) : x(x0), v(v0 * 2) { x += 1; }
  ~Particle() { x = -1; }
  double energy() const { return 0.5 * v * v; }
  static constexpr int kDims = 3;
};
Particle operator+(const Particle &a, const Particle &b) { return Particle(a.x + b.x, a.v + b.v); }
template <class T> T twice(T x) { return x + x; }
double deep(double x) { return x * SCALE; }
double near_helper(double x) { return deep(x) + 1; }
double odd(int n);
double even(int n) { return n == 0 ? 1 : odd(n - 1); }
double odd(int n) { return n == 0 ? 0.5 : even(n - 1); }
double by_pointer(double x) { return x - 1; }
double with_default(double x, int k = 2) { return x * k; }
double counter() { static int calls = 10; return ++calls; }
using Real = double;
double unrelated(double x) { return x * 42; }
const int kUnrelated = 5;
enum class Other { a = 1 };
[[npcache::cached]] double simulate(double x, int n) {
  Particle p(x, 1.0);
  Particle q = p + Particle(1, 2);
  auto square = [](double v) { return v * v; };
  double (*fp)(double) = &by_pointer;
  Real r = 0;
  for (int i = 0; i < n * kSteps; ++i)
    r += near_helper(x) * kGravity + twice(q.energy()) + square(p.x) + fp(x) + g_offset;
  Mode m = Mode::exact;
  r += static_cast<int>(m) + even(4) + with_default(x) + counter() + p.id + Particle::kDims;
  return r;
}
} // namespace phys

//--- default-argument.cpp
#include <cmath>
#include <vector>
#define SCALE 3
namespace phys {
constexpr double kGravity = 9.81;
const int kSteps = 4;
double g_offset = 0.5;
enum class Mode { fast = 1, exact = 2 };
struct Base { int id = 7; };
struct Particle : Base {
  double x = 0;
  double v = 1;
  Particle() = default;
  Particle(double x0, double v0) : x(x0), v(v0 * 2) { x += 1; }
  ~Particle() { x = -1; }
  double energy() const { return 0.5 * v * v; }
  static constexpr int kDims = 3;
};
Particle operator+(const Particle &a, const Particle &b) { return Particle(a.x + b.x, a.v + b.v); }
template <class T> T twice(T x) { return x + x; }
double deep(double x) { return x * SCALE; }
double near_helper(double x) { return deep(x) + 1; }
double odd(int n);
double even(int n) { return n == 0 ? 1 : odd(n - 1); }
double odd(int n) { return n == 0 ? 0 : even(n - 1); }
double by_pointer(double x) { return x - 1; }
double with_default(double x, int k = 3) { return x * k; }
double counter() { static int calls = 10; return ++calls; }
using Real = double;
double unrelated(double x) { return x * 42; }
const int kUnrelated = 5;
enum class Other { a = 1 };
[[npcache::cached]] double simulate(double x, int n) {
  Particle p(x, 1.0);
  Particle q = p + Particle(1, 2);
  auto square = [](double v) { return v * v; };
  double (*fp)(double) = &by_pointer;
  Real r = 0;
  for (int i = 0; i < n * kSteps; ++i)
    r += near_helper(x) * kGravity + twice(q.energy()) + square(p.x) + fp(x) + g_offset;
  Mode m = Mode::exact;
  r += static_cast<int>(m) + even(4) + with_default(x) + counter() + p.id + Particle::kDims;
  return r;
}
} // namespace phys

//--- static-local.cpp
#include <cmath>
#include <vector>
#define SCALE 3
namespace phys {
constexpr double kGravity = 9.81;
const int kSteps = 4;
double g_offset = 0.5;
enum class Mode { fast = 1, exact = 2 };
struct Base { int id = 7; };
struct Particle : Base {
  double x = 0;
  double v = 1;
  Particle() = default;
  Particle(double x0, double v0) : x(x0), v(v0 * 2) { x += 1; }
  ~Particle() { x = -1; }
  double energy() const { return 0.5 * v * v; }
  static constexpr int kDims = 3;
};
Particle operator+(const Particle &a, const Particle &b) { return Particle(a.x + b.x, a.v + b.v); }
template <class T> T twice(T x) { return x + x; }
double deep(double x) { return x * SCALE; }
double near_helper(double x) { return deep(x) + 1; }
double odd(int n);
double even(int n) { return n == 0 ? 1 : odd(n - 1); }
double odd(int n) { return n == 0 ? 0 : even(n - 1); }
double by_pointer(double x) { return x - 1; }
double with_default(double x, int k = 2) { return x * k; }
double counter() { static int calls = 11; return ++calls; }
using Real = double;
double unrelated(double x) { return x * 42; }
const int kUnrelated = 5;
enum class Other { a = 1 };
[[npcache::cached]] double simulate(double x, int n) {
  Particle p(x, 1.0);
  Particle q = p + Particle(1, 2);
  auto square = [](double v) { return v * v; };
  double (*fp)(double) = &by_pointer;
  Real r = 0;
  for (int i = 0; i < n * kSteps; ++i)
    r += near_helper(x) * kGravity + twice(q.energy()) + square(p.x) + fp(x) + g_offset;
  Mode m = Mode::exact;
  r += static_cast<int>(m) + even(4) + with_default(x) + counter() + p.id + Particle::kDims;
  return r;
}
} // namespace phys

//--- alias-target.cpp
#include <cmath>
#include <vector>
#define SCALE 3
namespace phys {
constexpr double kGravity = 9.81;
const int kSteps = 4;
double g_offset = 0.5;
enum class Mode { fast = 1, exact = 2 };
struct Base { int id = 7; };
struct Particle : Base {
  double x = 0;
  double v = 1;
  Particle() = default;
  Particle(double x0, double v0) : x(x0), v(v0 * 2) { x += 1; }
  ~Particle() { x = -1; }
  double energy() const { return 0.5 * v * v; }
  static constexpr int kDims = 3;
};
Particle operator+(const Particle &a, const Particle &b) { return Particle(a.x + b.x, a.v + b.v); }
template <class T> T twice(T x) { return x + x; }
double deep(double x) { return x * SCALE; }
double near_helper(double x) { return deep(x) + 1; }
double odd(int n);
double even(int n) { return n == 0 ? 1 : odd(n - 1); }
double odd(int n) { return n == 0 ? 0 : even(n - 1); }
double by_pointer(double x) { return x - 1; }
double with_default(double x, int k = 2) { return x * k; }
double counter() { static int calls = 10; return ++calls; }
using Real = float;
double unrelated(double x) { return x * 42; }
const int kUnrelated = 5;
enum class Other { a = 1 };
[[npcache::cached]] double simulate(double x, int n) {
  Particle p(x, 1.0);
  Particle q = p + Particle(1, 2);
  auto square = [](double v) { return v * v; };
  double (*fp)(double) = &by_pointer;
  Real r = 0;
  for (int i = 0; i < n * kSteps; ++i)
    r += near_helper(x) * kGravity + twice(q.energy()) + square(p.x) + fp(x) + g_offset;
  Mode m = Mode::exact;
  r += static_cast<int>(m) + even(4) + with_default(x) + counter() + p.id + Particle::kDims;
  return r;
}
} // namespace phys

//--- call-other-overload.cpp
#include <cmath>
#include <vector>
#define SCALE 3
namespace phys {
constexpr double kGravity = 9.81;
const int kSteps = 4;
double g_offset = 0.5;
enum class Mode { fast = 1, exact = 2 };
struct Base { int id = 7; };
struct Particle : Base {
  double x = 0;
  double v = 1;
  Particle() = default;
  Particle(double x0, double v0) : x(x0), v(v0 * 2) { x += 1; }
  ~Particle() { x = -1; }
  double energy() const { return 0.5 * v * v; }
  static constexpr int kDims = 3;
};
Particle operator+(const Particle &a, const Particle &b) { return Particle(a.x + b.x, a.v + b.v); }
template <class T> T twice(T x) { return x + x; }
double deep(double x) { return x * SCALE; }
double near_helper(double x) { return deep(x) + 1; }
double odd(int n);
double even(int n) { return n == 0 ? 1 : odd(n - 1); }
double odd(int n) { return n == 0 ? 0 : even(n - 1); }
double by_pointer(double x) { return x - 1; }
double with_default(double x, int k = 2) { return x * k; }
double counter() { static int calls = 10; return ++calls; }
using Real = double;
double unrelated(double x) { return x * 42; }
const int kUnrelated = 5;
enum class Other { a = 1 };
[[npcache::cached]] double simulate(double x, int n) {
  Particle p(x, 1.0);
  Particle q = p + Particle(1, 2);
  auto square = [](double v) { return v * v; };
  double (*fp)(double) = &by_pointer;
  Real r = 0;
  for (int i = 0; i < n * kSteps; ++i)
    r += near_helper(x) * kGravity + twice(static_cast<float>(q.energy())) + square(p.x) + fp(x) + g_offset;
  Mode m = Mode::exact;
  r += static_cast<int>(m) + even(4) + with_default(x) + counter() + p.id + Particle::kDims;
  return r;
}
} // namespace phys

//--- enum-used-value.cpp
#include <cmath>
#include <vector>
#define SCALE 3
namespace phys {
constexpr double kGravity = 9.81;
const int kSteps = 4;
double g_offset = 0.5;
enum class Mode { fast = 1, exact = 2 };
struct Base { int id = 7; };
struct Particle : Base {
  double x = 0;
  double v = 1;
  Particle() = default;
  Particle(double x0, double v0) : x(x0), v(v0 * 2) { x += 1; }
  ~Particle() { x = -1; }
  double energy() const { return 0.5 * v * v; }
  static constexpr int kDims = 3;
};
Particle operator+(const Particle &a, const Particle &b) { return Particle(a.x + b.x, a.v + b.v); }
template <class T> T twice(T x) { return x + x; }
double deep(double x) { return x * SCALE; }
double near_helper(double x) { return deep(x) + 1; }
double odd(int n);
double even(int n) { return n == 0 ? 1 : odd(n - 1); }
double odd(int n) { return n == 0 ? 0 : even(n - 1); }
double by_pointer(double x) { return x - 1; }
double with_default(double x, int k = 2) { return x * k; }
double counter() { static int calls = 10; return ++calls; }
using Real = double;
double unrelated(double x) { return x * 42; }
const int kUnrelated = 5;
enum class Other { a = 1 };
[[npcache::cached]] double simulate(double x, int n) {
  Particle p(x, 1.0);
  Particle q = p + Particle(1, 2);
  auto square = [](double v) { return v * v; };
  double (*fp)(double) = &by_pointer;
  Real r = 0;
  for (int i = 0; i < n * kSteps; ++i)
    r += near_helper(x) * kGravity + twice(q.energy()) + square(p.x) + fp(x) + g_offset;
  Mode m = Mode::fast;
  r += static_cast<int>(m) + even(4) + with_default(x) + counter() + p.id + Particle::kDims;
  return r;
}
} // namespace phys

//--- rename-local-in-member.cpp
#include <cmath>
#include <vector>
#define SCALE 3
namespace phys {
constexpr double kGravity = 9.81;
const int kSteps = 4;
double g_offset = 0.5;
enum class Mode { fast = 1, exact = 2 };
struct Base { int id = 7; };
struct Particle : Base {
  double x = 0;
  double v = 1;
  Particle() = default;
  Particle(double x0, double v0) : x(x0), v(v0 * 2) { x += 1; }
  ~Particle() { x = -1; }
  double energy() const { double half = 0.5; return half * v * v; }
  static constexpr int kDims = 3;
};
Particle operator+(const Particle &a, const Particle &b) { return Particle(a.x + b.x, a.v + b.v); }
template <class T> T twice(T x) { return x + x; }
double deep(double x) { return x * SCALE; }
double near_helper(double x) { return deep(x) + 1; }
double odd(int n);
double even(int n) { return n == 0 ? 1 : odd(n - 1); }
double odd(int n) { return n == 0 ? 0 : even(n - 1); }
double by_pointer(double x) { return x - 1; }
double with_default(double x, int k = 2) { return x * k; }
double counter() { static int calls = 10; return ++calls; }
using Real = double;
double unrelated(double x) { return x * 42; }
const int kUnrelated = 5;
enum class Other { a = 1 };
[[npcache::cached]] double simulate(double x, int n) {
  Particle p(x, 1.0);
  Particle q = p + Particle(1, 2);
  auto square = [](double v) { return v * v; };
  double (*fp)(double) = &by_pointer;
  Real r = 0;
  for (int i = 0; i < n * kSteps; ++i)
    r += near_helper(x) * kGravity + twice(q.energy()) + square(p.x) + fp(x) + g_offset;
  Mode m = Mode::exact;
  r += static_cast<int>(m) + even(4) + with_default(x) + counter() + p.id + Particle::kDims;
  return r;
}
} // namespace phys

//--- helper-whitespace.cpp
#include <cmath>
#include <vector>
#define SCALE 3
namespace phys {
constexpr double kGravity = 9.81;
const int kSteps = 4;
double g_offset = 0.5;
enum class Mode { fast = 1, exact = 2 };
struct Base { int id = 7; };
struct Particle : Base {
  double x = 0;
  double v = 1;
  Particle() = default;
  Particle(double x0, double v0) : x(x0), v(v0 * 2) { x += 1; }
  ~Particle() { x = -1; }
  double energy() const { return 0.5 * v * v; }
  static constexpr int kDims = 3;
};
Particle operator+(const Particle &a, const Particle &b) { return Particle(a.x + b.x, a.v + b.v); }
template <class T> T twice(T x) { return x + x; }
double deep(double x) { return x * SCALE; }
double near_helper(double x) { return   deep( x )+1 ; }
double odd(int n);
double even(int n) { return n == 0 ? 1 : odd(n - 1); }
double odd(int n) { return n == 0 ? 0 : even(n - 1); }
double by_pointer(double x) { return x - 1; }
double with_default(double x, int k = 2) { return x * k; }
double counter() { static int calls = 10; return ++calls; }
using Real = double;
double unrelated(double x) { return x * 42; }
const int kUnrelated = 5;
enum class Other { a = 1 };
[[npcache::cached]] double simulate(double x, int n) {
  Particle p(x, 1.0);
  Particle q = p + Particle(1, 2);
  auto square = [](double v) { return v * v; };
  double (*fp)(double) = &by_pointer;
  Real r = 0;
  for (int i = 0; i < n * kSteps; ++i)
    r += near_helper(x) * kGravity + twice(q.energy()) + square(p.x) + fp(x) + g_offset;
  Mode m = Mode::exact;
  r += static_cast<int>(m) + even(4) + with_default(x) + counter() + p.id + Particle::kDims;
  return r;
}
} // namespace phys

//--- helper-comment.cpp
#include <cmath>
#include <vector>
#define SCALE 3
namespace phys {
constexpr double kGravity = 9.81;
const int kSteps = 4;
double g_offset = 0.5;
enum class Mode { fast = 1, exact = 2 };
struct Base { int id = 7; };
struct Particle : Base {
  double x = 0;
  double v = 1;
  Particle() = default;
  Particle(double x0, double v0) : x(x0), v(v0 * 2) { x += 1; }
  ~Particle() { x = -1; }
  double energy() const { return 0.5 * v * v; }
  static constexpr int kDims = 3;
};
Particle operator+(const Particle &a, const Particle &b) { return Particle(a.x + b.x, a.v + b.v); }
template <class T> T twice(T x) { return x + x; }
/// Deep.
double deep(double x) { /* triple */ return x * SCALE; }
double near_helper(double x) { return deep(x) + 1; }
double odd(int n);
double even(int n) { return n == 0 ? 1 : odd(n - 1); }
double odd(int n) { return n == 0 ? 0 : even(n - 1); }
double by_pointer(double x) { return x - 1; }
double with_default(double x, int k = 2) { return x * k; }
double counter() { static int calls = 10; return ++calls; }
using Real = double;
double unrelated(double x) { return x * 42; }
const int kUnrelated = 5;
enum class Other { a = 1 };
[[npcache::cached]] double simulate(double x, int n) {
  Particle p(x, 1.0);
  Particle q = p + Particle(1, 2);
  auto square = [](double v) { return v * v; };
  double (*fp)(double) = &by_pointer;
  Real r = 0;
  for (int i = 0; i < n * kSteps; ++i)
    r += near_helper(x) * kGravity + twice(q.energy()) + square(p.x) + fp(x) + g_offset;
  Mode m = Mode::exact;
  r += static_cast<int>(m) + even(4) + with_default(x) + counter() + p.id + Particle::kDims;
  return r;
}
} // namespace phys

//--- helper-rename-param.cpp
#include <cmath>
#include <vector>
#define SCALE 3
namespace phys {
constexpr double kGravity = 9.81;
const int kSteps = 4;
double g_offset = 0.5;
enum class Mode { fast = 1, exact = 2 };
struct Base { int id = 7; };
struct Particle : Base {
  double x = 0;
  double v = 1;
  Particle() = default;
  Particle(double x0, double v0) : x(x0), v(v0 * 2) { x += 1; }
  ~Particle() { x = -1; }
  double energy() const { return 0.5 * v * v; }
  static constexpr int kDims = 3;
};
Particle operator+(const Particle &a, const Particle &b) { return Particle(a.x + b.x, a.v + b.v); }
template <class T> T twice(T x) { return x + x; }
double deep(double x) { return x * SCALE; }
double near_helper(double y) { return deep(y) + 1; }
double odd(int n);
double even(int n) { return n == 0 ? 1 : odd(n - 1); }
double odd(int n) { return n == 0 ? 0 : even(n - 1); }
double by_pointer(double x) { return x - 1; }
double with_default(double x, int k = 2) { return x * k; }
double counter() { static int calls = 10; return ++calls; }
using Real = double;
double unrelated(double x) { return x * 42; }
const int kUnrelated = 5;
enum class Other { a = 1 };
[[npcache::cached]] double simulate(double x, int n) {
  Particle p(x, 1.0);
  Particle q = p + Particle(1, 2);
  auto square = [](double v) { return v * v; };
  double (*fp)(double) = &by_pointer;
  Real r = 0;
  for (int i = 0; i < n * kSteps; ++i)
    r += near_helper(x) * kGravity + twice(q.energy()) + square(p.x) + fp(x) + g_offset;
  Mode m = Mode::exact;
  r += static_cast<int>(m) + even(4) + with_default(x) + counter() + p.id + Particle::kDims;
  return r;
}
} // namespace phys

//--- unrelated-body.cpp
#include <cmath>
#include <vector>
#define SCALE 3
namespace phys {
constexpr double kGravity = 9.81;
const int kSteps = 4;
double g_offset = 0.5;
enum class Mode { fast = 1, exact = 2 };
struct Base { int id = 7; };
struct Particle : Base {
  double x = 0;
  double v = 1;
  Particle() = default;
  Particle(double x0, double v0) : x(x0), v(v0 * 2) { x += 1; }
  ~Particle() { x = -1; }
  double energy() const { return 0.5 * v * v; }
  static constexpr int kDims = 3;
};
Particle operator+(const Particle &a, const Particle &b) { return Particle(a.x + b.x, a.v + b.v); }
template <class T> T twice(T x) { return x + x; }
double deep(double x) { return x * SCALE; }
double near_helper(double x) { return deep(x) + 1; }
double odd(int n);
double even(int n) { return n == 0 ? 1 : odd(n - 1); }
double odd(int n) { return n == 0 ? 0 : even(n - 1); }
double by_pointer(double x) { return x - 1; }
double with_default(double x, int k = 2) { return x * k; }
double counter() { static int calls = 10; return ++calls; }
using Real = double;
double unrelated(double x) { return x * 43; }
const int kUnrelated = 5;
enum class Other { a = 1 };
[[npcache::cached]] double simulate(double x, int n) {
  Particle p(x, 1.0);
  Particle q = p + Particle(1, 2);
  auto square = [](double v) { return v * v; };
  double (*fp)(double) = &by_pointer;
  Real r = 0;
  for (int i = 0; i < n * kSteps; ++i)
    r += near_helper(x) * kGravity + twice(q.energy()) + square(p.x) + fp(x) + g_offset;
  Mode m = Mode::exact;
  r += static_cast<int>(m) + even(4) + with_default(x) + counter() + p.id + Particle::kDims;
  return r;
}
} // namespace phys

//--- unrelated-constant.cpp
#include <cmath>
#include <vector>
#define SCALE 3
namespace phys {
constexpr double kGravity = 9.81;
const int kSteps = 4;
double g_offset = 0.5;
enum class Mode { fast = 1, exact = 2 };
struct Base { int id = 7; };
struct Particle : Base {
  double x = 0;
  double v = 1;
  Particle() = default;
  Particle(double x0, double v0) : x(x0), v(v0 * 2) { x += 1; }
  ~Particle() { x = -1; }
  double energy() const { return 0.5 * v * v; }
  static constexpr int kDims = 3;
};
Particle operator+(const Particle &a, const Particle &b) { return Particle(a.x + b.x, a.v + b.v); }
template <class T> T twice(T x) { return x + x; }
double deep(double x) { return x * SCALE; }
double near_helper(double x) { return deep(x) + 1; }
double odd(int n);
double even(int n) { return n == 0 ? 1 : odd(n - 1); }
double odd(int n) { return n == 0 ? 0 : even(n - 1); }
double by_pointer(double x) { return x - 1; }
double with_default(double x, int k = 2) { return x * k; }
double counter() { static int calls = 10; return ++calls; }
using Real = double;
double unrelated(double x) { return x * 42; }
const int kUnrelated = 6;
enum class Other { a = 1 };
[[npcache::cached]] double simulate(double x, int n) {
  Particle p(x, 1.0);
  Particle q = p + Particle(1, 2);
  auto square = [](double v) { return v * v; };
  double (*fp)(double) = &by_pointer;
  Real r = 0;
  for (int i = 0; i < n * kSteps; ++i)
    r += near_helper(x) * kGravity + twice(q.energy()) + square(p.x) + fp(x) + g_offset;
  Mode m = Mode::exact;
  r += static_cast<int>(m) + even(4) + with_default(x) + counter() + p.id + Particle::kDims;
  return r;
}
} // namespace phys

//--- unrelated-enum.cpp
#include <cmath>
#include <vector>
#define SCALE 3
namespace phys {
constexpr double kGravity = 9.81;
const int kSteps = 4;
double g_offset = 0.5;
enum class Mode { fast = 1, exact = 2 };
struct Base { int id = 7; };
struct Particle : Base {
  double x = 0;
  double v = 1;
  Particle() = default;
  Particle(double x0, double v0) : x(x0), v(v0 * 2) { x += 1; }
  ~Particle() { x = -1; }
  double energy() const { return 0.5 * v * v; }
  static constexpr int kDims = 3;
};
Particle operator+(const Particle &a, const Particle &b) { return Particle(a.x + b.x, a.v + b.v); }
template <class T> T twice(T x) { return x + x; }
double deep(double x) { return x * SCALE; }
double near_helper(double x) { return deep(x) + 1; }
double odd(int n);
double even(int n) { return n == 0 ? 1 : odd(n - 1); }
double odd(int n) { return n == 0 ? 0 : even(n - 1); }
double by_pointer(double x) { return x - 1; }
double with_default(double x, int k = 2) { return x * k; }
double counter() { static int calls = 10; return ++calls; }
using Real = double;
double unrelated(double x) { return x * 42; }
const int kUnrelated = 5;
enum class Other { a = 2, b };
[[npcache::cached]] double simulate(double x, int n) {
  Particle p(x, 1.0);
  Particle q = p + Particle(1, 2);
  auto square = [](double v) { return v * v; };
  double (*fp)(double) = &by_pointer;
  Real r = 0;
  for (int i = 0; i < n * kSteps; ++i)
    r += near_helper(x) * kGravity + twice(q.energy()) + square(p.x) + fp(x) + g_offset;
  Mode m = Mode::exact;
  r += static_cast<int>(m) + even(4) + with_default(x) + counter() + p.id + Particle::kDims;
  return r;
}
} // namespace phys

//--- unused-function.cpp
#include <cmath>
#include <vector>
#define SCALE 3
namespace phys {
constexpr double kGravity = 9.81;
const int kSteps = 4;
double g_offset = 0.5;
enum class Mode { fast = 1, exact = 2 };
struct Base { int id = 7; };
struct Particle : Base {
  double x = 0;
  double v = 1;
  Particle() = default;
  Particle(double x0, double v0) : x(x0), v(v0 * 2) { x += 1; }
  ~Particle() { x = -1; }
  double energy() const { return 0.5 * v * v; }
  static constexpr int kDims = 3;
};
Particle operator+(const Particle &a, const Particle &b) { return Particle(a.x + b.x, a.v + b.v); }
template <class T> T twice(T x) { return x + x; }
double deep(double x) { return x * SCALE; }
double near_helper(double x) { return deep(x) + 1; }
double odd(int n);
double even(int n) { return n == 0 ? 1 : odd(n - 1); }
double odd(int n) { return n == 0 ? 0 : even(n - 1); }
double by_pointer(double x) { return x - 1; }
double with_default(double x, int k = 2) { return x * k; }
double counter() { static int calls = 10; return ++calls; }
using Real = double;
double unused_new(int y) { return y; }
double unrelated(double x) { return x * 42; }
const int kUnrelated = 5;
enum class Other { a = 1 };
[[npcache::cached]] double simulate(double x, int n) {
  Particle p(x, 1.0);
  Particle q = p + Particle(1, 2);
  auto square = [](double v) { return v * v; };
  double (*fp)(double) = &by_pointer;
  Real r = 0;
  for (int i = 0; i < n * kSteps; ++i)
    r += near_helper(x) * kGravity + twice(q.energy()) + square(p.x) + fp(x) + g_offset;
  Mode m = Mode::exact;
  r += static_cast<int>(m) + even(4) + with_default(x) + counter() + p.id + Particle::kDims;
  return r;
}
} // namespace phys

//--- unused-struct.cpp
#include <cmath>
#include <vector>
#define SCALE 3
namespace phys {
constexpr double kGravity = 9.81;
const int kSteps = 4;
double g_offset = 0.5;
enum class Mode { fast = 1, exact = 2 };
struct Base { int id = 7; };
struct Particle : Base {
  double x = 0;
  double v = 1;
  Particle() = default;
  Particle(double x0, double v0) : x(x0), v(v0 * 2) { x += 1; }
  ~Particle() { x = -1; }
  double energy() const { return 0.5 * v * v; }
  static constexpr int kDims = 3;
};
Particle operator+(const Particle &a, const Particle &b) { return Particle(a.x + b.x, a.v + b.v); }
template <class T> T twice(T x) { return x + x; }
double deep(double x) { return x * SCALE; }
double near_helper(double x) { return deep(x) + 1; }
double odd(int n);
double even(int n) { return n == 0 ? 1 : odd(n - 1); }
double odd(int n) { return n == 0 ? 0 : even(n - 1); }
double by_pointer(double x) { return x - 1; }
double with_default(double x, int k = 2) { return x * k; }
double counter() { static int calls = 10; return ++calls; }
using Real = double;
double unrelated(double x) { return x * 42; }
struct Unused { int z; };
const int kUnrelated = 5;
enum class Other { a = 1 };
[[npcache::cached]] double simulate(double x, int n) {
  Particle p(x, 1.0);
  Particle q = p + Particle(1, 2);
  auto square = [](double v) { return v * v; };
  double (*fp)(double) = &by_pointer;
  Real r = 0;
  for (int i = 0; i < n * kSteps; ++i)
    r += near_helper(x) * kGravity + twice(q.energy()) + square(p.x) + fp(x) + g_offset;
  Mode m = Mode::exact;
  r += static_cast<int>(m) + even(4) + with_default(x) + counter() + p.id + Particle::kDims;
  return r;
}
} // namespace phys

//--- unused-include.cpp
#include <cmath>
#include <vector>
#include <map>
#define SCALE 3
namespace phys {
constexpr double kGravity = 9.81;
const int kSteps = 4;
double g_offset = 0.5;
enum class Mode { fast = 1, exact = 2 };
struct Base { int id = 7; };
struct Particle : Base {
  double x = 0;
  double v = 1;
  Particle() = default;
  Particle(double x0, double v0) : x(x0), v(v0 * 2) { x += 1; }
  ~Particle() { x = -1; }
  double energy() const { return 0.5 * v * v; }
  static constexpr int kDims = 3;
};
Particle operator+(const Particle &a, const Particle &b) { return Particle(a.x + b.x, a.v + b.v); }
template <class T> T twice(T x) { return x + x; }
double deep(double x) { return x * SCALE; }
double near_helper(double x) { return deep(x) + 1; }
double odd(int n);
double even(int n) { return n == 0 ? 1 : odd(n - 1); }
double odd(int n) { return n == 0 ? 0 : even(n - 1); }
double by_pointer(double x) { return x - 1; }
double with_default(double x, int k = 2) { return x * k; }
double counter() { static int calls = 10; return ++calls; }
using Real = double;
double unrelated(double x) { return x * 42; }
const int kUnrelated = 5;
enum class Other { a = 1 };
[[npcache::cached]] double simulate(double x, int n) {
  Particle p(x, 1.0);
  Particle q = p + Particle(1, 2);
  auto square = [](double v) { return v * v; };
  double (*fp)(double) = &by_pointer;
  Real r = 0;
  for (int i = 0; i < n * kSteps; ++i)
    r += near_helper(x) * kGravity + twice(q.energy()) + square(p.x) + fp(x) + g_offset;
  Mode m = Mode::exact;
  r += static_cast<int>(m) + even(4) + with_default(x) + counter() + p.id + Particle::kDims;
  return r;
}
} // namespace phys

//--- reorder-unrelated.cpp
#include <cmath>
#include <vector>
#define SCALE 3
namespace phys {
constexpr double kGravity = 9.81;
const int kSteps = 4;
double g_offset = 0.5;
enum class Mode { fast = 1, exact = 2 };
struct Base { int id = 7; };
struct Particle : Base {
  double x = 0;
  double v = 1;
  Particle() = default;
  Particle(double x0, double v0) : x(x0), v(v0 * 2) { x += 1; }
  ~Particle() { x = -1; }
  double energy() const { return 0.5 * v * v; }
  static constexpr int kDims = 3;
};
Particle operator+(const Particle &a, const Particle &b) { return Particle(a.x + b.x, a.v + b.v); }
template <class T> T twice(T x) { return x + x; }
double deep(double x) { return x * SCALE; }
double near_helper(double x) { return deep(x) + 1; }
double odd(int n);
double even(int n) { return n == 0 ? 1 : odd(n - 1); }
double odd(int n) { return n == 0 ? 0 : even(n - 1); }
double by_pointer(double x) { return x - 1; }
double with_default(double x, int k = 2) { return x * k; }
double counter() { static int calls = 10; return ++calls; }
using Real = double;
const int kUnrelated = 5;
double unrelated(double x) { return x * 42; }
enum class Other { a = 1 };
[[npcache::cached]] double simulate(double x, int n) {
  Particle p(x, 1.0);
  Particle q = p + Particle(1, 2);
  auto square = [](double v) { return v * v; };
  double (*fp)(double) = &by_pointer;
  Real r = 0;
  for (int i = 0; i < n * kSteps; ++i)
    r += near_helper(x) * kGravity + twice(q.energy()) + square(p.x) + fp(x) + g_offset;
  Mode m = Mode::exact;
  r += static_cast<int>(m) + even(4) + with_default(x) + counter() + p.id + Particle::kDims;
  return r;
}
} // namespace phys

//--- format-struct.cpp
#include <cmath>
#include <vector>
#define SCALE 3
namespace phys {
constexpr double kGravity = 9.81;
const int kSteps = 4;
double g_offset = 0.5;
enum class Mode { fast = 1, exact = 2 };
struct Base {
  int id = 7;
};
struct Particle : Base {
  double x = 0;
  double v = 1;
  Particle() = default;
  Particle(double x0, double v0) : x(x0), v(v0 * 2) { x += 1; }
  ~Particle() { x = -1; }
  double energy() const { return 0.5 * v * v; }
  static constexpr int kDims = 3;
};
Particle operator+(const Particle &a, const Particle &b) { return Particle(a.x + b.x, a.v + b.v); }
template <class T> T twice(T x) { return x + x; }
double deep(double x) { return x * SCALE; }
double near_helper(double x) { return deep(x) + 1; }
double odd(int n);
double even(int n) { return n == 0 ? 1 : odd(n - 1); }
double odd(int n) { return n == 0 ? 0 : even(n - 1); }
double by_pointer(double x) { return x - 1; }
double with_default(double x, int k = 2) { return x * k; }
double counter() { static int calls = 10; return ++calls; }
using Real = double;
double unrelated(double x) { return x * 42; }
const int kUnrelated = 5;
enum class Other { a = 1 };
[[npcache::cached]] double simulate(double x, int n) {
  Particle p(x, 1.0);
  Particle q = p + Particle(1, 2);
  auto square = [](double v) { return v * v; };
  double (*fp)(double) = &by_pointer;
  Real r = 0;
  for (int i = 0; i < n * kSteps; ++i)
    r += near_helper(x) * kGravity + twice(q.energy()) + square(p.x) + fp(x) + g_offset;
  Mode m = Mode::exact;
  r += static_cast<int>(m) + even(4) + with_default(x) + counter() + p.id + Particle::kDims;
  return r;
}
} // namespace phys
