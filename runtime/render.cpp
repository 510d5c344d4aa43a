// Numbers as codecs render them into readable entry names and previews (codec/core.hpp).
#include <npcache/codec/core.hpp>

#include <charconv>
#include <cstdio>

namespace npcache::detail {
namespace {
template <class T> void render(std::string &out, T value) {
  char buf[64];
#if defined(__cpp_lib_to_chars) && __cpp_lib_to_chars >= 201611L
  auto res = std::to_chars(buf, buf + sizeof buf, value);
  out.append(buf, res.ptr);
#else
  if constexpr (std::is_floating_point_v<T>)
    out.append(buf, std::snprintf(buf, sizeof buf, "%.17g", static_cast<double>(value)));
  else
    out += std::to_string(value);
#endif
}
} // namespace

void render_number(std::string &out, long long value) { render(out, value); }
void render_number(std::string &out, unsigned long long value) { render(out, value); }
void render_number(std::string &out, float value) { render(out, value); }
void render_number(std::string &out, double value) { render(out, value); }

} // namespace npcache::detail
