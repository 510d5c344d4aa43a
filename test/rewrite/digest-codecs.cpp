// A cached function's digest covers the program's own codecs of its parameters and
// result (full and partial specializations of npcache::codec, and those of the types
// inside them), since they decide the bytes an entry holds: an edit of one misses rather
// than decode old entries in a new layout. A comment in one, or an edit of a codec of a
// type the function does not take or return, changes nothing; npcache's own codecs
// (input_file's here, in headers included with -I as in a build of npcache's own tree)
// are not walked: they change with the format version.
// RUN: rm -rf %t && split-file %s %t
// RUN: %python %S/Inputs/digest_compare.py %rewrite %t/base.cpp %t/point-order.cpp \
// RUN:   %t/point-comment.cpp %t/box-decode.cpp %t/other-codec.cpp -- -I%npcache_include | FileCheck %s
// CHECK:      point-order.cpp: different
// CHECK-NEXT: point-comment.cpp: same
// CHECK-NEXT: box-decode.cpp: different
// CHECK-NEXT: other-codec.cpp: same
// CHECK-NEXT: summary: 4 edits, 2 same, 2 different
// RUN: %rewrite %t/base.cpp -o %t/base.out.cpp -- -std=c++17 -I%npcache_include
// RUN: FileCheck %s --input-file %t/base.out.cpp --check-prefix=LISTED
// LISTED: npcache::codec<Point>::encode(npcache::Sink &, const Point &)
// RUN: %rewrite %t/own.cpp -o %t/own.out.cpp -- -std=c++17 -I%npcache_include
// RUN: FileCheck %s --input-file %t/own.out.cpp --check-prefix=OWN --implicit-check-not='codec<'
// OWN: "load(npcache::input_file, int)

//--- common.h
// The codecs, each body a macro that a variant may define first.
#include <npcache/codec.hpp>
#include <vector>
#ifndef POINT_ENCODE
#define POINT_ENCODE out.put(p.x); out.put(p.y);
#define POINT_DECODE double a = in.get<double>(); return Point(a, in.get<double>());
#endif
#ifndef BOX_CODE
#define BOX_CODE(v) v
#endif
#ifndef OTHER_SHIFT
#define OTHER_SHIFT 0
#endif
struct Point { double x, y; Point(double a, double b) : x(a), y(b) {} };
template <class T> struct Box { T value; };
struct Other { int n; };
template <> struct npcache::codec<Point> {
  static std::string name() { return "Point"; }
  static void encode(npcache::Sink &out, const Point &p) { POINT_ENCODE }
  static Point decode(npcache::Source &in) { POINT_DECODE }
};
template <class T> struct npcache::codec<Box<T>> {
  static std::string name() { return "Box"; }
  static void encode(npcache::Sink &out, const Box<T> &b) { out.put(BOX_CODE(b.value)); }
  static Box<T> decode(npcache::Source &in) { return Box<T>{BOX_CODE(in.get<T>())}; }
};
template <> struct npcache::codec<Other> {
  static std::string name() { return "Other"; }
  static void encode(npcache::Sink &out, const Other &o) { out.put(o.n + OTHER_SHIFT); }
  static Other decode(npcache::Source &in) { return Other{in.get<int>() - OTHER_SHIFT}; }
};

//--- base.cpp
#include "common.h"
[[npcache::cached]] std::vector<Point> walk(int n) { return std::vector<Point>(n, Point(1, 2)); }
[[npcache::cached]] Box<double> boxed(double v) { return Box<double>{3 * v}; }

//--- point-order.cpp
#define POINT_ENCODE out.put(p.y); out.put(p.x);
#define POINT_DECODE double a = in.get<double>(); return Point(in.get<double>(), a);
#include "common.h"
[[npcache::cached]] std::vector<Point> walk(int n) { return std::vector<Point>(n, Point(1, 2)); }
[[npcache::cached]] Box<double> boxed(double v) { return Box<double>{3 * v}; }

//--- point-comment.cpp
#define POINT_ENCODE /* x, then y */ out.put(p.x);   out.put(p.y);
#define POINT_DECODE double a = in.get<double>();\
  return Point(a, in.get<double>());
#include "common.h"
[[npcache::cached]] std::vector<Point> walk(int n) { return std::vector<Point>(n, Point(1, 2)); }
[[npcache::cached]] Box<double> boxed(double v) { return Box<double>{3 * v}; }

//--- box-decode.cpp
#define BOX_CODE(v) -v
#include "common.h"
[[npcache::cached]] std::vector<Point> walk(int n) { return std::vector<Point>(n, Point(1, 2)); }
[[npcache::cached]] Box<double> boxed(double v) { return Box<double>{3 * v}; }

//--- other-codec.cpp
#define OTHER_SHIFT 1
#include "common.h"
[[npcache::cached]] std::vector<Point> walk(int n) { return std::vector<Point>(n, Point(1, 2)); }
[[npcache::cached]] Box<double> boxed(double v) { return Box<double>{3 * v}; }

//--- own.cpp
#include <npcache/input_file.hpp>
#include <string>
[[npcache::cached]] std::string load(npcache::input_file f, int n) { return std::string(f) + std::to_string(n); }
