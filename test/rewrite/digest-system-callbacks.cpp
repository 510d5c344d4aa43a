// System code runs the program's code without naming it: std::sort calls a comparator or
// a hidden friend operator<, std::accumulate a functor or a free operator+, std::vector an
// element's copy constructor, std::unordered_map a std::hash specialization. The bodies of
// system templates are not parsed, so these were never seen as calls, and an edit of any
// of them kept the digest: a stale value. A type of the program that is a template argument of
// system code now counts with the operations such code can call; a method only the
// program calls by name (energy) does not.
// RUN: rm -rf %t && split-file %s %t
// RUN: %python %S/Inputs/digest_compare.py %rewrite %t/base.cpp \
// RUN:   %t/comparator.cpp %t/copy-constructor.cpp %t/free-operator.cpp %t/hash.cpp \
// RUN:   %t/member-template.cpp %t/unrelated-method.cpp %t/hidden-friend.cpp | FileCheck %s
// CHECK:      comparator.cpp: different
// CHECK-NEXT: copy-constructor.cpp: different
// CHECK-NEXT: free-operator.cpp: different
// CHECK-NEXT: hash.cpp: different
// CHECK-NEXT: member-template.cpp: different
// CHECK-NEXT: unrelated-method.cpp: same
// CHECK-NEXT: hidden-friend.cpp: different
// CHECK-NEXT: summary: 7 edits, 1 same, 6 different

//--- base.cpp
#include <algorithm>
#include <functional>
#include <numeric>
#include <set>
#include <unordered_map>
#include <vector>
struct Greater { bool operator()(double a, double b) const { return a > b; } };
struct Vec {
  double x;
  Vec(double v) : x(v) {}
  Vec(const Vec &o) : x(o.x) {}
  double energy() const { return x * x; }
};
Vec operator+(const Vec &a, const Vec &b) { return Vec(a.x + b.x); }
struct Key { int k; bool operator==(const Key &o) const { return k == o.k; } };
struct Ranked {
  double x;
  friend bool operator<(const Ranked &a, const Ranked &b) { return a.x < b.x; }
};
template <> struct std::hash<Key> { std::size_t operator()(const Key &key) const { return key.k % 7; } };
struct Generic { template <class T> T operator()(T a, T b) const { return a < b ? a : b; } };
[[npcache::cached]] double f(std::vector<double> v) {
  std::sort(v.begin(), v.end(), Greater{});
  std::set<double, Greater> ordered(v.begin(), v.end());
  std::vector<Vec> vecs(v.begin(), v.end());
  std::vector<Vec> copied = vecs;
  Vec total = std::accumulate(copied.begin(), copied.end(), Vec(0));
  std::unordered_map<Key, double> buckets;
  buckets[Key{3}] = 1;
  double least = std::accumulate(v.begin(), v.end(), v[0], Generic{});
  std::vector<Ranked> ranked{{2}, {1}};
  std::sort(ranked.begin(), ranked.end());
  return *ordered.begin() + total.x + buckets.bucket(Key{3}) + least + ranked[0].x;
}

//--- hidden-friend.cpp
#include <algorithm>
#include <functional>
#include <numeric>
#include <set>
#include <unordered_map>
#include <vector>
struct Greater { bool operator()(double a, double b) const { return a > b; } };
struct Vec {
  double x;
  Vec(double v) : x(v) {}
  Vec(const Vec &o) : x(o.x) {}
  double energy() const { return x * x; }
};
Vec operator+(const Vec &a, const Vec &b) { return Vec(a.x + b.x); }
struct Key { int k; bool operator==(const Key &o) const { return k == o.k; } };
struct Ranked {
  double x;
  friend bool operator<(const Ranked &a, const Ranked &b) { return a.x > b.x; }
};
template <> struct std::hash<Key> { std::size_t operator()(const Key &key) const { return key.k % 7; } };
struct Generic { template <class T> T operator()(T a, T b) const { return a < b ? a : b; } };
[[npcache::cached]] double f(std::vector<double> v) {
  std::sort(v.begin(), v.end(), Greater{});
  std::set<double, Greater> ordered(v.begin(), v.end());
  std::vector<Vec> vecs(v.begin(), v.end());
  std::vector<Vec> copied = vecs;
  Vec total = std::accumulate(copied.begin(), copied.end(), Vec(0));
  std::unordered_map<Key, double> buckets;
  buckets[Key{3}] = 1;
  double least = std::accumulate(v.begin(), v.end(), v[0], Generic{});
  std::vector<Ranked> ranked{{2}, {1}};
  std::sort(ranked.begin(), ranked.end());
  return *ordered.begin() + total.x + buckets.bucket(Key{3}) + least + ranked[0].x;
}

//--- comparator.cpp
#include <algorithm>
#include <functional>
#include <numeric>
#include <set>
#include <unordered_map>
#include <vector>
struct Greater { bool operator()(double a, double b) const { return a < b; } };
struct Vec {
  double x;
  Vec(double v) : x(v) {}
  Vec(const Vec &o) : x(o.x) {}
  double energy() const { return x * x; }
};
Vec operator+(const Vec &a, const Vec &b) { return Vec(a.x + b.x); }
struct Key { int k; bool operator==(const Key &o) const { return k == o.k; } };
struct Ranked {
  double x;
  friend bool operator<(const Ranked &a, const Ranked &b) { return a.x < b.x; }
};
template <> struct std::hash<Key> { std::size_t operator()(const Key &key) const { return key.k % 7; } };
struct Generic { template <class T> T operator()(T a, T b) const { return a < b ? a : b; } };
[[npcache::cached]] double f(std::vector<double> v) {
  std::sort(v.begin(), v.end(), Greater{});
  std::set<double, Greater> ordered(v.begin(), v.end());
  std::vector<Vec> vecs(v.begin(), v.end());
  std::vector<Vec> copied = vecs;
  Vec total = std::accumulate(copied.begin(), copied.end(), Vec(0));
  std::unordered_map<Key, double> buckets;
  buckets[Key{3}] = 1;
  double least = std::accumulate(v.begin(), v.end(), v[0], Generic{});
  std::vector<Ranked> ranked{{2}, {1}};
  std::sort(ranked.begin(), ranked.end());
  return *ordered.begin() + total.x + buckets.bucket(Key{3}) + least + ranked[0].x;
}

//--- copy-constructor.cpp
#include <algorithm>
#include <functional>
#include <numeric>
#include <set>
#include <unordered_map>
#include <vector>
struct Greater { bool operator()(double a, double b) const { return a > b; } };
struct Vec {
  double x;
  Vec(double v) : x(v) {}
  Vec(const Vec &o) : x(o.x * 2) {}
  double energy() const { return x * x; }
};
Vec operator+(const Vec &a, const Vec &b) { return Vec(a.x + b.x); }
struct Key { int k; bool operator==(const Key &o) const { return k == o.k; } };
struct Ranked {
  double x;
  friend bool operator<(const Ranked &a, const Ranked &b) { return a.x < b.x; }
};
template <> struct std::hash<Key> { std::size_t operator()(const Key &key) const { return key.k % 7; } };
struct Generic { template <class T> T operator()(T a, T b) const { return a < b ? a : b; } };
[[npcache::cached]] double f(std::vector<double> v) {
  std::sort(v.begin(), v.end(), Greater{});
  std::set<double, Greater> ordered(v.begin(), v.end());
  std::vector<Vec> vecs(v.begin(), v.end());
  std::vector<Vec> copied = vecs;
  Vec total = std::accumulate(copied.begin(), copied.end(), Vec(0));
  std::unordered_map<Key, double> buckets;
  buckets[Key{3}] = 1;
  double least = std::accumulate(v.begin(), v.end(), v[0], Generic{});
  std::vector<Ranked> ranked{{2}, {1}};
  std::sort(ranked.begin(), ranked.end());
  return *ordered.begin() + total.x + buckets.bucket(Key{3}) + least + ranked[0].x;
}

//--- free-operator.cpp
#include <algorithm>
#include <functional>
#include <numeric>
#include <set>
#include <unordered_map>
#include <vector>
struct Greater { bool operator()(double a, double b) const { return a > b; } };
struct Vec {
  double x;
  Vec(double v) : x(v) {}
  Vec(const Vec &o) : x(o.x) {}
  double energy() const { return x * x; }
};
Vec operator+(const Vec &a, const Vec &b) { return Vec(a.x - b.x); }
struct Key { int k; bool operator==(const Key &o) const { return k == o.k; } };
struct Ranked {
  double x;
  friend bool operator<(const Ranked &a, const Ranked &b) { return a.x < b.x; }
};
template <> struct std::hash<Key> { std::size_t operator()(const Key &key) const { return key.k % 7; } };
struct Generic { template <class T> T operator()(T a, T b) const { return a < b ? a : b; } };
[[npcache::cached]] double f(std::vector<double> v) {
  std::sort(v.begin(), v.end(), Greater{});
  std::set<double, Greater> ordered(v.begin(), v.end());
  std::vector<Vec> vecs(v.begin(), v.end());
  std::vector<Vec> copied = vecs;
  Vec total = std::accumulate(copied.begin(), copied.end(), Vec(0));
  std::unordered_map<Key, double> buckets;
  buckets[Key{3}] = 1;
  double least = std::accumulate(v.begin(), v.end(), v[0], Generic{});
  std::vector<Ranked> ranked{{2}, {1}};
  std::sort(ranked.begin(), ranked.end());
  return *ordered.begin() + total.x + buckets.bucket(Key{3}) + least + ranked[0].x;
}

//--- hash.cpp
#include <algorithm>
#include <functional>
#include <numeric>
#include <set>
#include <unordered_map>
#include <vector>
struct Greater { bool operator()(double a, double b) const { return a > b; } };
struct Vec {
  double x;
  Vec(double v) : x(v) {}
  Vec(const Vec &o) : x(o.x) {}
  double energy() const { return x * x; }
};
Vec operator+(const Vec &a, const Vec &b) { return Vec(a.x + b.x); }
struct Key { int k; bool operator==(const Key &o) const { return k == o.k; } };
struct Ranked {
  double x;
  friend bool operator<(const Ranked &a, const Ranked &b) { return a.x < b.x; }
};
template <> struct std::hash<Key> { std::size_t operator()(const Key &key) const { return key.k % 5; } };
struct Generic { template <class T> T operator()(T a, T b) const { return a < b ? a : b; } };
[[npcache::cached]] double f(std::vector<double> v) {
  std::sort(v.begin(), v.end(), Greater{});
  std::set<double, Greater> ordered(v.begin(), v.end());
  std::vector<Vec> vecs(v.begin(), v.end());
  std::vector<Vec> copied = vecs;
  Vec total = std::accumulate(copied.begin(), copied.end(), Vec(0));
  std::unordered_map<Key, double> buckets;
  buckets[Key{3}] = 1;
  double least = std::accumulate(v.begin(), v.end(), v[0], Generic{});
  std::vector<Ranked> ranked{{2}, {1}};
  std::sort(ranked.begin(), ranked.end());
  return *ordered.begin() + total.x + buckets.bucket(Key{3}) + least + ranked[0].x;
}

//--- member-template.cpp
#include <algorithm>
#include <functional>
#include <numeric>
#include <set>
#include <unordered_map>
#include <vector>
struct Greater { bool operator()(double a, double b) const { return a > b; } };
struct Vec {
  double x;
  Vec(double v) : x(v) {}
  Vec(const Vec &o) : x(o.x) {}
  double energy() const { return x * x; }
};
Vec operator+(const Vec &a, const Vec &b) { return Vec(a.x + b.x); }
struct Key { int k; bool operator==(const Key &o) const { return k == o.k; } };
struct Ranked {
  double x;
  friend bool operator<(const Ranked &a, const Ranked &b) { return a.x < b.x; }
};
template <> struct std::hash<Key> { std::size_t operator()(const Key &key) const { return key.k % 7; } };
struct Generic { template <class T> T operator()(T a, T b) const { return a < b ? b : a; } };
[[npcache::cached]] double f(std::vector<double> v) {
  std::sort(v.begin(), v.end(), Greater{});
  std::set<double, Greater> ordered(v.begin(), v.end());
  std::vector<Vec> vecs(v.begin(), v.end());
  std::vector<Vec> copied = vecs;
  Vec total = std::accumulate(copied.begin(), copied.end(), Vec(0));
  std::unordered_map<Key, double> buckets;
  buckets[Key{3}] = 1;
  double least = std::accumulate(v.begin(), v.end(), v[0], Generic{});
  std::vector<Ranked> ranked{{2}, {1}};
  std::sort(ranked.begin(), ranked.end());
  return *ordered.begin() + total.x + buckets.bucket(Key{3}) + least + ranked[0].x;
}

//--- unrelated-method.cpp
#include <algorithm>
#include <functional>
#include <numeric>
#include <set>
#include <unordered_map>
#include <vector>
struct Greater { bool operator()(double a, double b) const { return a > b; } };
struct Vec {
  double x;
  Vec(double v) : x(v) {}
  Vec(const Vec &o) : x(o.x) {}
  double energy() const { return x * x * x; }
};
Vec operator+(const Vec &a, const Vec &b) { return Vec(a.x + b.x); }
struct Key { int k; bool operator==(const Key &o) const { return k == o.k; } };
struct Ranked {
  double x;
  friend bool operator<(const Ranked &a, const Ranked &b) { return a.x < b.x; }
};
template <> struct std::hash<Key> { std::size_t operator()(const Key &key) const { return key.k % 7; } };
struct Generic { template <class T> T operator()(T a, T b) const { return a < b ? a : b; } };
[[npcache::cached]] double f(std::vector<double> v) {
  std::sort(v.begin(), v.end(), Greater{});
  std::set<double, Greater> ordered(v.begin(), v.end());
  std::vector<Vec> vecs(v.begin(), v.end());
  std::vector<Vec> copied = vecs;
  Vec total = std::accumulate(copied.begin(), copied.end(), Vec(0));
  std::unordered_map<Key, double> buckets;
  buckets[Key{3}] = 1;
  double least = std::accumulate(v.begin(), v.end(), v[0], Generic{});
  std::vector<Ranked> ranked{{2}, {1}};
  std::sort(ranked.begin(), ranked.end());
  return *ordered.begin() + total.x + buckets.bucket(Key{3}) + least + ranked[0].x;
}
