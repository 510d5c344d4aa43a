#include "literals.hpp"

#include <cstdio>

namespace npcache::tool {

std::string c_string(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else {
      if (c == '"' || c == '\\')
        out += '\\';
      out += c;
    }
  }
  return out + "\"";
}

std::string key_literal(const Key128 &key) {
  char buf[80];
  std::snprintf(buf, sizeof buf, "::npcache::Key128{0x%016llxull, 0x%016llxull}",
                static_cast<unsigned long long>(key.low), static_cast<unsigned long long>(key.high));
  return buf;
}

} // namespace npcache::tool
