"""Writes the digest mutation suites, digest-transitive.cpp and digest-node-kinds.cpp: a
base translation unit and one variant per edit, each edit marked as one that must change
the cached function's digest or must not.
Run it again after changing a base or the edits: python3 make_digest_suites.py"""
import os

TRANSITIVE_BASE = r'''#include <cmath>
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
struct Shape { virtual ~Shape() = default; virtual double area() const { return 1; } };
struct Square : Shape { double side = 2; double area() const override { return side * side; } };
double measure(const Shape &s) { return s.area(); }
struct Animal { virtual ~Animal() = default; virtual int legs() const { return 4; } };
struct Bird : Animal { int legs() const override { return 2; } };
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
  Square sq;
  r += static_cast<int>(m) + even(4) + with_default(x) + counter() + p.id + Particle::kDims;
  return r + measure(sq);
}
} // namespace phys
'''

TRANSITIVE_CHANGE = [
    ('helper-body', 'return deep(x) + 1;', 'return deep(x) + 2;'),
    ('helper-of-helper', 'return x * SCALE;', 'return x * SCALE + 0;'),
    ('macro-in-helper', '#define SCALE 3', '#define SCALE 4'),
    ('constexpr-constant', 'kGravity = 9.81;', 'kGravity = 9.80;'),
    ('const-global', 'const int kSteps = 4;', 'const int kSteps = 5;'),
    ('mutable-global-init', 'double g_offset = 0.5;', 'double g_offset = 0.25;'),
    ('static-member-constant', 'kDims = 3;', 'kDims = 2;'),
    ('enumerator-value', 'exact = 2 }', 'exact = 3 }'),
    ('field-type', '  double v = 1;', '  float v = 1;'),
    ('field-order', '  double x = 0;\n  double v = 1;', '  double v = 1;\n  double x = 0;'),
    ('field-default', '  double v = 1;', '  double v = 2;'),
    ('field-added', '  double v = 1;', '  double v = 1;\n  double w = 0;'),
    ('base-field', 'struct Base { int id = 7; };', 'struct Base { int id = 8; };'),
    ('base-added-field', 'struct Base { int id = 7; };', 'struct Base { int id = 7; int tag = 0; };'),
    ('constructor-body', '{ x += 1; }', '{ x += 2; }'),
    ('constructor-initializer', 'v(v0 * 2)', 'v(v0 * 3)'),
    ('destructor-body', '~Particle() { x = -1; }', '~Particle() { x = -2; }'),
    ('member-function', 'return 0.5 * v * v;', 'return 0.25 * v * v;'),
    ('operator-overload', 'a.v + b.v', 'a.v - b.v'),
    ('template-body', 'return x + x;', 'return x * 2;'),
    ('lambda-body', 'return v * v; };', 'return v * v * v; };'),
    ('address-taken', 'return x - 1;', 'return x - 2;'),
    ('mutual-recursion', 'return n == 0 ? 0 : even(n - 1);', 'return n == 0 ? 0.5 : even(n - 1);'),
    ('default-argument', 'int k = 2)', 'int k = 3)'),
    ('static-local', 'static int calls = 10;', 'static int calls = 11;'),
    ('alias-target', 'using Real = double;', 'using Real = float;'),
    ('call-other-overload', 'twice(q.energy())', 'twice(static_cast<float>(q.energy()))'),
    ('enum-used-value', 'Mode m = Mode::exact;', 'Mode m = Mode::fast;'),
    ('local-added-in-member', 'double energy() const { return 0.5 * v * v; }',
     'double energy() const { double half = 0.5; return half * v * v; }'),
    ('virtual-override-body', 'return side * side; }', 'return side * side * 2; }'),
    ('virtual-base-body', 'virtual double area() const { return 1; }', 'virtual double area() const { return 0; }'),
    ('virtual-new-override', 'double measure(const Shape &s)',
     'struct Circle : Shape { double area() const override { return 3.14; } };\ndouble measure(const Shape &s)'),
    ('derived-field', 'struct Square : Shape { double side = 2;', 'struct Square : Shape { double side = 3;'),
]
TRANSITIVE_SAME = [
    ('helper-whitespace', 'return deep(x) + 1;', 'return   deep( x )+1 ;'),
    ('helper-comment', 'double deep(double x) { return x * SCALE; }',
     '/// Deep.\ndouble deep(double x) { /* triple */ return x * SCALE; }'),
    ('helper-rename-param', 'double near_helper(double x) { return deep(x) + 1; }',
     'double near_helper(double y) { return deep(y) + 1; }'),
    ('unrelated-body', 'return x * 42;', 'return x * 43;'),
    ('unrelated-constant', 'const int kUnrelated = 5;', 'const int kUnrelated = 6;'),
    ('unrelated-enum', 'enum class Other { a = 1 };', 'enum class Other { a = 2, b };'),
    ('unused-function', 'double unrelated(double x)', 'double unused_new(int y) { return y; }\ndouble unrelated(double x)'),
    ('unused-struct', 'const int kUnrelated = 5;', 'struct Unused { int z; };\nconst int kUnrelated = 5;'),
    ('unused-include', '#include <vector>', '#include <vector>\n#include <map>'),
    ('reorder-unrelated', 'double unrelated(double x) { return x * 42; }\nconst int kUnrelated = 5;',
     'const int kUnrelated = 5;\ndouble unrelated(double x) { return x * 42; }'),
    ('format-struct', 'struct Base { int id = 7; };', 'struct Base {\n  int id = 7;\n};'),
    ('unrelated-virtual-override', 'int legs() const override { return 2; }', 'int legs() const override { return 3; }'),
    ('unrelated-virtual-base', 'virtual int legs() const { return 4; }', 'virtual int legs() const { return 6; }'),
]


# Node kinds and details the walker must not drop, and what must not reach the digest:
# where assert's __FILE__ and __LINE__ point, and the names of labels.
NODE_BASE = r'''#include <cassert>
#include <cstddef>
#include <typeinfo>
struct Pair { double x; double y; };
struct Bits { int low : 3; int high : 5; };
struct alignas(8) Aligned { char c; };
struct Root { int v = 1; };
struct Derived : virtual Root { int d = 2; };
double external_scaled(double x, int k = 4);
template <class... T> double fold(T... xs) { return (xs + ... + 0.0); }
__attribute__((target("fma"))) double adl_helper(double x) { return x + 1; }
double other_helper(double x) { return x + 2; }
template <class T> [[npcache::cached]] T generic(T x) { return adl_helper(x); }
[[npcache::cached]] double f(double x) {
  assert(x == x);
  double r = x;
  char c = 'a';
  r += c;
  r += typeid(int) == typeid(long) ? 1 : 0;
  r += offsetof(Pair, x);
  int counter = 0;
  r += __atomic_add_fetch(&counter, 1, __ATOMIC_RELAXED);
  r += fold(1.0, 2.0);
  r += external_scaled(x);
  int i = 0;
start:
  if (++i < 3)
    goto start;
finish:
  r += i;
  r += sizeof(Bits) + alignof(Aligned) + sizeof(Derived);
  {
#pragma STDC FP_CONTRACT ON
    r = r * x + 1;
  }
#ifdef __clang__
  return r;
#else
  return r + 1;
#endif
}
double use() { return generic(1.0); }
'''
NODE_CHANGE = [
    ('character-literal', "char c = 'a';", "char c = 'b';"),
    ('typeid-operand', 'typeid(long)', 'typeid(int)'),
    ('offsetof-field', 'offsetof(Pair, x)', 'offsetof(Pair, y)'),
    ('atomic-operation', '__atomic_add_fetch', '__atomic_sub_fetch'),
    ('fold-operator', '(xs + ... + 0.0)', '(xs * ... * 0.0)'),
    ('default-of-external', 'int k = 4', 'int k = 5'),
    ('goto-target', 'goto start;', 'goto finish;'),
    ('fp-pragma', 'FP_CONTRACT ON', 'FP_CONTRACT OFF'),
    # The last field: no later field's offset shows its width in the layout.
    ('bit-field-width', 'int high : 5;', 'int high : 6;'),
    ('alignment', 'alignas(8)', 'alignas(16)'),
    ('virtual-base', ': virtual Root', ': Root'),
    ('template-callee', 'return adl_helper(x); }', 'return other_helper(x); }'),
    ('branch-clang-skips', 'return r + 1;', 'return r + 2;'),
    ('function-attribute', 'target("fma")', 'target("avx2")'),
]
NODE_SAME = [
    ('line-shift-above-assert', '[[npcache::cached]] double f', '// a comment line\n\n[[npcache::cached]] double f'),
    ('branch-clang-skips-format', 'return r + 1;', 'return   r+1; // what GCC compiles'),
    ('label-rename', 'start:\n  if (++i < 3)\n    goto start;', 'again:\n  if (++i < 3)\n    goto again;'),
]


def write_suite(file_name, intro, base, must_change, must_not_change):
    edits = must_change + must_not_change
    names = [n for n, _, _ in edits]
    out = [f"// {line}" if line else "//" for line in intro] + [
        "// Generated by Inputs/make_digest_suites.py; edit that, not this file.",
        "// RUN: rm -rf %t && split-file %s %t",
        "// RUN: %python %S/Inputs/digest_compare.py %rewrite %t/base.cpp \\",
    ]
    for i in range(0, len(names), 4):
        out.append("// RUN:   " + " ".join(f"%t/{n}.cpp" for n in names[i:i + 4]) + " \\")
    out.append("// RUN: | FileCheck %s")
    for i, n in enumerate(names):
        verdict = "different" if i < len(must_change) else "same"
        out.append(f"// CHECK{'' if i == 0 else '-NEXT'}: {n}.cpp: {verdict}")
    out.append(f"// CHECK-NEXT: summary: {len(edits)} edits, {len(must_not_change)} same, "
               f"{len(must_change)} different")
    out.append("")
    text = "\n".join(out) + "\n//--- base.cpp\n" + base
    for n, old, new in edits:
        assert base.count(old) >= 1, n
        text += f"\n//--- {n}.cpp\n" + base.replace(old, new, 1)
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", file_name), "w") as f:
        f.write(text)
    print(f"{file_name}: {len(edits)} edits: {len(must_change)} must change, "
          f"{len(must_not_change)} must not")


write_suite("digest-transitive.cpp",
            ["Mutation suite: the code digest follows what a cached function reaches within its",
             "translation unit. Each edit below either must change the digest (the function's",
             "meaning may change) or must not (it cannot). The script prints the counts."],
            TRANSITIVE_BASE, TRANSITIVE_CHANGE, TRANSITIVE_SAME)
write_suite("digest-node-kinds.cpp",
            ["Mutation suite: every kind of node that carries meaning reaches the digest (character",
             "literals, typeid, offsetof, atomics, folds, default arguments of functions defined",
             "elsewhere, goto targets, FP pragmas, bit-field widths, alignment, virtual bases,",
             "names called in templates, the branches of #if that Clang skips but another",
             "compiler takes), and what does not carry meaning stays out of it: the path and",
             "line that assert's __FILE__ and __LINE__ give, the names of labels, the format of",
             "a skipped branch."],
            NODE_BASE, NODE_CHANGE, NODE_SAME)
