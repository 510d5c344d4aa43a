// Must not compile: a raw pointer parameter.
#include <npcache/npcache.hpp>
double f(const double *p) { return *p; }
int main() {
  double x = 1;
  return static_cast<int>(npcache::Cache("x").wrap("f", f)(&x));
}
