// A function template's arguments, types and values, are part of its identity, known
// once it is instantiated: the text of that here; that instances get different entries
// when the program runs, in launcher/templates.test and launcher/recursion.test.
// RUN: %rewrite %s -o %t.cpp -- -std=c++17
// RUN: grep -v '^ *//' %t.cpp | FileCheck %s
// RUN: %check_compile %t.cpp
// RUN: %check_compile_gcc %t.cpp

template <class T, int N>
[[npcache::cached]] T power(T x) {
  T r = 1;
  for (int i = 0; i < N; ++i)
    r *= x;
  return r;
}
// CHECK: T power(T x) {
// CHECK: generated_handle(std::string("power") + "<" + ::npcache::detail::template_argument<T>() + "," + ::npcache::detail::template_value(N) + ">",

double use() { return power<double, 3>(2.0) + power<float, 2>(3.0f); }
