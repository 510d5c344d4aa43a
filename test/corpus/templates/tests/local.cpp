// Templates defined where they are used, with type, value and unnamed parameters, and an
// abbreviated template.
#include <cstdio>
#include <string>
#include <vector>

template <class T, int N> T power(T x) {
  T r = 1;
  for (int i = 0; i < N; ++i)
    r *= x;
  return r;
}

template <double Scale> double scaled(double x) { return x * Scale; }
template <auto Tag> int tagged(int x) { return x * 1000 + static_cast<int>(sizeof(Tag)); }
template <class T, class = void> T doubled(T x) { return x + x; }
auto add(auto a, auto b) { return a + b; }

struct Range { int lo; int hi; };
template <Range R> int clamp(int x) { return x < R.lo ? R.lo : x > R.hi ? R.hi : x; }

int local_tests() {
  std::printf("power %g %d %g\n", power<double, 3>(2.5), power<int, 4>(3), power<float, 2>(1.5f));
  std::printf("scaled %g %g\n", scaled<1.5>(2.0), scaled<1.9>(2.0));
  std::printf("tagged %d %d\n", tagged<'a'>(1), tagged<97>(1));
  std::printf("doubled %g %d\n", doubled(1.25), doubled(21));
  std::printf("add %g %d\n", add(1, 2.5), add(2, 3));
  std::printf("clamp %d %d\n", clamp<Range{0, 10}>(15), clamp<Range{-5, 5}>(15));
  return 0;
}
