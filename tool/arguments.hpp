// The arguments a parse takes: the compile command's own, as GCC or Clang got them, less
// what Clang's driver does not know (GCC-only options), as clangd does with the commands
// of GCC builds. Anything else passes unchanged, so the parse sees the same macros,
// include paths and language standard as the compiler.
#pragma once

#include <string>
#include <vector>

namespace npcache::tool {

std::vector<std::string> clang_arguments(const std::vector<std::string> &compile_args);

} // namespace npcache::tool
