// Which files are C++ sources, by name: the launcher decides with it what to rewrite, and
// the rewrite which included files are sources (a unity batch's) rather than headers.
#pragma once

#include <string_view>

namespace npcache::tool {

// .cpp, .cc, .cxx, .c++, .C, .cp or .CPP: what GCC and Clang compile as C++ by name.
bool is_cxx_source(std::string_view path);

} // namespace npcache::tool
