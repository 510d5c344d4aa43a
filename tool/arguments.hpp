// The arguments a parse takes: the compile command's own, as GCC or Clang got them, less
// what Clang's driver does not know (GCC-only options), as clangd does with the commands
// of GCC builds. Anything else passes unchanged, so the parse sees the same macros,
// include paths and language standard as the compiler, with one exception: headers are
// always read as text, never from a precompiled header (see below).
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace npcache::tool {

// `directory` is the compile's working directory, against which relative paths resolve.
std::vector<std::string> clang_arguments(const std::vector<std::string> &compile_args,
                                         const std::string &directory);

// The files forced in (-include) that mark themselves system headers, each with its text
// as the parse should see it: the pragma blanked out. CMake's precompiled-header wrapper
// (cmake_pch.hxx) starts with `#pragma GCC system_header` or `#pragma clang system_header`
// to silence warnings, and Clang then takes every header it includes for a system header
// too: the project's own, which would count by contents only, and whose declarations of
// functions defined in other files of the project would not be followed to them.
// `arguments` are clang_arguments' (paths absolute or relative to `directory`).
std::vector<std::pair<std::string, std::string>>
forced_includes_as_project_headers(const std::vector<std::string> &arguments,
                                   const std::string &directory);

} // namespace npcache::tool
