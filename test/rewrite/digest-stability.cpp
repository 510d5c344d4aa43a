// The code digest ignores whitespace, comments, formatting and local names, and changes
// with every change of meaning.
// RUN: rm -rf %t && split-file %s %t
// RUN: %python %S/Inputs/digest_compare.py %rewrite %t/base.cpp \
// RUN:   %t/format.cpp %t/comments.cpp %t/rename-local.cpp %t/rename-param.cpp %t/unrelated.cpp \
// RUN:   %t/literal.cpp %t/float-literal.cpp %t/operator.cpp %t/compare.cpp %t/swap.cpp \
// RUN:   %t/type.cpp %t/return-type.cpp %t/param-type.cpp %t/callee.cpp %t/statement.cpp \
// RUN:   %t/string.cpp %t/cast.cpp %t/unary.cpp %t/member.cpp %t/default-arg.cpp %t/macro.cpp \
// RUN:   %t/bool.cpp %t/loop.cpp \
// RUN: | FileCheck %s
// CHECK:      format.cpp: same
// CHECK-NEXT: comments.cpp: same
// CHECK-NEXT: rename-local.cpp: same
// CHECK-NEXT: rename-param.cpp: same
// CHECK-NEXT: unrelated.cpp: same
// CHECK-NEXT: literal.cpp: different
// CHECK-NEXT: float-literal.cpp: different
// CHECK-NEXT: operator.cpp: different
// CHECK-NEXT: compare.cpp: different
// CHECK-NEXT: swap.cpp: different
// CHECK-NEXT: type.cpp: different
// CHECK-NEXT: return-type.cpp: different
// CHECK-NEXT: param-type.cpp: different
// CHECK-NEXT: callee.cpp: different
// CHECK-NEXT: statement.cpp: different
// CHECK-NEXT: string.cpp: different
// CHECK-NEXT: cast.cpp: different
// CHECK-NEXT: unary.cpp: different
// CHECK-NEXT: member.cpp: different
// CHECK-NEXT: default-arg.cpp: different
// CHECK-NEXT: macro.cpp: different
// CHECK-NEXT: bool.cpp: different
// CHECK-NEXT: loop.cpp: different
// CHECK-NEXT: summary: 23 edits, 5 same, 18 different

//--- base.cpp
#include <string>
#include <utility>
#define FACTOR 2
double helper(double x);
double other(double x);
[[npcache::cached]] double f(double a, int n = 3) {
  double sum = 0;
  for (int i = 0; i < n; ++i)
    sum += helper(a) * FACTOR + 0.5;
  std::pair<int, double> p{n, a};
  std::string s = "abc";
  bool flag = true;
  return flag ? sum - p.second + (double)s.size() + static_cast<float>(-a) : 0;
}

//--- format.cpp
#include <string>
#include <utility>
#define FACTOR 2
double helper(double x);
double other(double x);
[[npcache::cached]]
double
f(double a,   int n = 3)
{
  double sum=0;
  for (int i=0;i<n;++i) sum+=helper(a)*FACTOR+0.5;
  std::pair<int,double> p{n,a}; std::string s="abc"; bool flag=true;
  return flag?sum-p.second+(double)s.size()+static_cast<float>(-a):0;
}

//--- comments.cpp
#include <string>
#include <utility>
#define FACTOR 2
double helper(double x);
double other(double x);
/// Documented now.
[[npcache::cached]] double f(double a, int n = 3) {
  double sum = 0; // running total
  /* loop */ for (int i = 0; i < n; ++i)
    sum += helper(a) * FACTOR + 0.5;
  std::pair<int, double> p{n, a};
  std::string s = "abc";
  bool flag = true;
  return flag ? sum - p.second + (double)s.size() + static_cast<float>(-a) : 0;
}

//--- rename-local.cpp
#include <string>
#include <utility>
#define FACTOR 2
double helper(double x);
double other(double x);
[[npcache::cached]] double f(double a, int n = 3) {
  double total = 0;
  for (int k = 0; k < n; ++k)
    total += helper(a) * FACTOR + 0.5;
  std::pair<int, double> pr{n, a};
  std::string str = "abc";
  bool on = true;
  return on ? total - pr.second + (double)str.size() + static_cast<float>(-a) : 0;
}

//--- rename-param.cpp
#include <string>
#include <utility>
#define FACTOR 2
double helper(double x);
double other(double x);
[[npcache::cached]] double f(double x, int count = 3) {
  double sum = 0;
  for (int i = 0; i < count; ++i)
    sum += helper(x) * FACTOR + 0.5;
  std::pair<int, double> p{count, x};
  std::string s = "abc";
  bool flag = true;
  return flag ? sum - p.second + (double)s.size() + static_cast<float>(-x) : 0;
}

//--- unrelated.cpp
#include <string>
#include <utility>
#define FACTOR 2
double helper(double x);
double other(double x);
int unrelated(int y) { return y * 7; }
[[npcache::cached]] double f(double a, int n = 3) {
  double sum = 0;
  for (int i = 0; i < n; ++i)
    sum += helper(a) * FACTOR + 0.5;
  std::pair<int, double> p{n, a};
  std::string s = "abc";
  bool flag = true;
  return flag ? sum - p.second + (double)s.size() + static_cast<float>(-a) : 0;
}

//--- literal.cpp
#include <string>
#include <utility>
#define FACTOR 2
double helper(double x);
double other(double x);
[[npcache::cached]] double f(double a, int n = 3) {
  double sum = 1;
  for (int i = 0; i < n; ++i)
    sum += helper(a) * FACTOR + 0.5;
  std::pair<int, double> p{n, a};
  std::string s = "abc";
  bool flag = true;
  return flag ? sum - p.second + (double)s.size() + static_cast<float>(-a) : 0;
}


//--- float-literal.cpp
#include <string>
#include <utility>
#define FACTOR 2
double helper(double x);
double other(double x);
[[npcache::cached]] double f(double a, int n = 3) {
  double sum = 0;
  for (int i = 0; i < n; ++i)
    sum += helper(a) * FACTOR + 0.25;
  std::pair<int, double> p{n, a};
  std::string s = "abc";
  bool flag = true;
  return flag ? sum - p.second + (double)s.size() + static_cast<float>(-a) : 0;
}


//--- operator.cpp
#include <string>
#include <utility>
#define FACTOR 2
double helper(double x);
double other(double x);
[[npcache::cached]] double f(double a, int n = 3) {
  double sum = 0;
  for (int i = 0; i < n; ++i)
    sum -= helper(a) * FACTOR + 0.5;
  std::pair<int, double> p{n, a};
  std::string s = "abc";
  bool flag = true;
  return flag ? sum - p.second + (double)s.size() + static_cast<float>(-a) : 0;
}


//--- compare.cpp
#include <string>
#include <utility>
#define FACTOR 2
double helper(double x);
double other(double x);
[[npcache::cached]] double f(double a, int n = 3) {
  double sum = 0;
  for (int i = 0; i <= n; ++i)
    sum += helper(a) * FACTOR + 0.5;
  std::pair<int, double> p{n, a};
  std::string s = "abc";
  bool flag = true;
  return flag ? sum - p.second + (double)s.size() + static_cast<float>(-a) : 0;
}


//--- swap.cpp
#include <string>
#include <utility>
#define FACTOR 2
double helper(double x);
double other(double x);
[[npcache::cached]] double f(double a, int n = 3) {
  double sum = 0;
  for (int i = 0; i < n; ++i)
    sum += helper(a) * FACTOR + 0.5;
  std::pair<int, double> p{n, n};
  std::string s = "abc";
  bool flag = true;
  return flag ? sum - p.second + (double)s.size() + static_cast<float>(-a) : 0;
}


//--- type.cpp
#include <string>
#include <utility>
#define FACTOR 2
double helper(double x);
double other(double x);
[[npcache::cached]] double f(double a, int n = 3) {
  float sum = 0;
  for (int i = 0; i < n; ++i)
    sum += helper(a) * FACTOR + 0.5;
  std::pair<int, double> p{n, a};
  std::string s = "abc";
  bool flag = true;
  return flag ? sum - p.second + (double)s.size() + static_cast<float>(-a) : 0;
}


//--- return-type.cpp
#include <string>
#include <utility>
#define FACTOR 2
double helper(double x);
double other(double x);
[[npcache::cached]] float f(double a, int n = 3) {
  double sum = 0;
  for (int i = 0; i < n; ++i)
    sum += helper(a) * FACTOR + 0.5;
  std::pair<int, double> p{n, a};
  std::string s = "abc";
  bool flag = true;
  return flag ? sum - p.second + (double)s.size() + static_cast<float>(-a) : 0;
}


//--- param-type.cpp
#include <string>
#include <utility>
#define FACTOR 2
double helper(double x);
double other(double x);
[[npcache::cached]] double f(double a, long n = 3) {
  double sum = 0;
  for (int i = 0; i < n; ++i)
    sum += helper(a) * FACTOR + 0.5;
  std::pair<int, double> p{n, a};
  std::string s = "abc";
  bool flag = true;
  return flag ? sum - p.second + (double)s.size() + static_cast<float>(-a) : 0;
}


//--- callee.cpp
#include <string>
#include <utility>
#define FACTOR 2
double helper(double x);
double other(double x);
[[npcache::cached]] double f(double a, int n = 3) {
  double sum = 0;
  for (int i = 0; i < n; ++i)
    sum += other(a) * FACTOR + 0.5;
  std::pair<int, double> p{n, a};
  std::string s = "abc";
  bool flag = true;
  return flag ? sum - p.second + (double)s.size() + static_cast<float>(-a) : 0;
}


//--- statement.cpp
#include <string>
#include <utility>
#define FACTOR 2
double helper(double x);
double other(double x);
[[npcache::cached]] double f(double a, int n = 3) {
  double sum = 0;
  for (int i = 0; i < n; ++i)
    sum += helper(a) * FACTOR + 0.5;
  std::pair<int, double> p{n, a};
  std::string s = "abc";
  bool flag = true;
  sum *= 2;
  return flag ? sum - p.second + (double)s.size() + static_cast<float>(-a) : 0;
}


//--- string.cpp
#include <string>
#include <utility>
#define FACTOR 2
double helper(double x);
double other(double x);
[[npcache::cached]] double f(double a, int n = 3) {
  double sum = 0;
  for (int i = 0; i < n; ++i)
    sum += helper(a) * FACTOR + 0.5;
  std::pair<int, double> p{n, a};
  std::string s = "abd";
  bool flag = true;
  return flag ? sum - p.second + (double)s.size() + static_cast<float>(-a) : 0;
}


//--- cast.cpp
#include <string>
#include <utility>
#define FACTOR 2
double helper(double x);
double other(double x);
[[npcache::cached]] double f(double a, int n = 3) {
  double sum = 0;
  for (int i = 0; i < n; ++i)
    sum += helper(a) * FACTOR + 0.5;
  std::pair<int, double> p{n, a};
  std::string s = "abc";
  bool flag = true;
  return flag ? sum - p.second + (double)s.size() + static_cast<double>(-a) : 0;
}


//--- unary.cpp
#include <string>
#include <utility>
#define FACTOR 2
double helper(double x);
double other(double x);
[[npcache::cached]] double f(double a, int n = 3) {
  double sum = 0;
  for (int i = 0; i < n; ++i)
    sum += helper(a) * FACTOR + 0.5;
  std::pair<int, double> p{n, a};
  std::string s = "abc";
  bool flag = true;
  return flag ? sum - p.second + (double)s.size() + static_cast<float>(+a) : 0;
}


//--- member.cpp
#include <string>
#include <utility>
#define FACTOR 2
double helper(double x);
double other(double x);
[[npcache::cached]] double f(double a, int n = 3) {
  double sum = 0;
  for (int i = 0; i < n; ++i)
    sum += helper(a) * FACTOR + 0.5;
  std::pair<int, double> p{n, a};
  std::string s = "abc";
  bool flag = true;
  return flag ? sum - p.first + (double)s.size() + static_cast<float>(-a) : 0;
}


//--- default-arg.cpp
#include <string>
#include <utility>
#define FACTOR 2
double helper(double x);
double other(double x);
[[npcache::cached]] double f(double a, int n = 4) {
  double sum = 0;
  for (int i = 0; i < n; ++i)
    sum += helper(a) * FACTOR + 0.5;
  std::pair<int, double> p{n, a};
  std::string s = "abc";
  bool flag = true;
  return flag ? sum - p.second + (double)s.size() + static_cast<float>(-a) : 0;
}


//--- macro.cpp
#include <string>
#include <utility>
#define FACTOR 3
double helper(double x);
double other(double x);
[[npcache::cached]] double f(double a, int n = 3) {
  double sum = 0;
  for (int i = 0; i < n; ++i)
    sum += helper(a) * FACTOR + 0.5;
  std::pair<int, double> p{n, a};
  std::string s = "abc";
  bool flag = true;
  return flag ? sum - p.second + (double)s.size() + static_cast<float>(-a) : 0;
}


//--- bool.cpp
#include <string>
#include <utility>
#define FACTOR 2
double helper(double x);
double other(double x);
[[npcache::cached]] double f(double a, int n = 3) {
  double sum = 0;
  for (int i = 0; i < n; ++i)
    sum += helper(a) * FACTOR + 0.5;
  std::pair<int, double> p{n, a};
  std::string s = "abc";
  bool flag = false;
  return flag ? sum - p.second + (double)s.size() + static_cast<float>(-a) : 0;
}


//--- loop.cpp
#include <string>
#include <utility>
#define FACTOR 2
double helper(double x);
double other(double x);
[[npcache::cached]] double f(double a, int n = 3) {
  double sum = 0;
  for (int i = 1; i < n; ++i)
    sum += helper(a) * FACTOR + 0.5;
  std::pair<int, double> p{n, a};
  std::string s = "abc";
  bool flag = true;
  return flag ? sum - p.second + (double)s.size() + static_cast<float>(-a) : 0;
}

