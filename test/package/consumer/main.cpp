#include <npcache/npcache.hpp>

#include <cmath>
#include <cstdio>

int main(int argc, char **argv) {
  bool ran = false;
  npcache::Cache cache(argc > 1 ? argv[1] : ".npcache");
  auto norm = cache.wrap("consumer::norm", [&ran](const std::vector<double> &v) {
    ran = true;
    double s = 0;
    for (double x : v)
      s += x * x;
    return std::sqrt(s);
  });
  double r = norm({3.0, 4.0});
  std::printf("%s %g\n", ran ? "computed" : "loaded", r);
  return r == 5.0 ? 0 : 1;
}
