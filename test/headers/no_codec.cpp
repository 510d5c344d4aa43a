// Must not compile: a parameter type without a codec.
#include <npcache/npcache.hpp>
struct Opaque {
  int handle;
};
int f(Opaque o) { return o.handle; }
int main() { return npcache::Cache("x").wrap("f", f)(Opaque{1}); }
