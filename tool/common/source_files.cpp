#include "source_files.hpp"

namespace npcache::tool {

bool is_cxx_source(std::string_view path) {
  for (std::string_view extension : {".cpp", ".cc", ".cxx", ".c++", ".C", ".cp", ".CPP"})
    if (path.size() >= extension.size() && path.substr(path.size() - extension.size()) == extension)
      return true;
  return false;
}

} // namespace npcache::tool
