// Must not compile: a parameter type without a codec (a class with a constructor and a
// private member is no plain struct).
#include <npcache/npcache.hpp>
class Opaque {
public:
  explicit Opaque(int handle) : handle_(handle) {}
  int get() const { return handle_; }

private:
  int handle_;
};
int f(const Opaque &o) { return o.get(); }
int main() { return npcache::Cache("x").wrap("f", f)(Opaque{1}); }
