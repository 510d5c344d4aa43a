// Must not compile: a non-const reference parameter, which may be an output.
#include <npcache/npcache.hpp>
int f(std::vector<int> &out) { out.push_back(1); return 0; }
int main() {
  std::vector<int> v;
  return npcache::Cache("x").wrap("f", f)(v);
}
