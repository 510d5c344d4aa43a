// Whether a translation unit may define a function marked [[npcache::cached]], decided
// without a parse: most files of a project mark nothing, and they are compiled untouched
// after this check alone.
//
// The check reads the source and, transitively, every header it includes from the
// project's own directories (-I, -iquote, the including file's directory), never system
// headers. It over-approximates: every #include line counts, whatever #if surrounds it.
// A file is a candidate when it spells the attribute itself, when a header marks a
// declaration whose name the file mentions, or when something cannot be followed (an
// #include of a macro, an attribute inside a #define). A candidate is then parsed, which
// gives the exact answer.
#pragma once

#include "command_line.hpp"

#include <npcache/key.hpp>

#include <string>
#include <utility>
#include <vector>

namespace npcache::launcher {

struct ScanResult {
  bool candidate = false;
  std::string reason; // why it is a candidate, for the build log
  // Every file read, with the XXH3-128 of its content: the link step checks them before
  // it parses this file again, since a parse of changed sources would describe code
  // other than the object's.
  std::vector<std::pair<std::string, Key128>> inputs;
};

// `skip_dirs`: header directories never read (npcache's own headers).
ScanResult scan_translation_unit(const CompilerCommand &command,
                                 const std::vector<std::string> &skip_dirs);

// The file's text as the scan reads it: no comments, and the contents of string literals
// blanked except on preprocessor lines, where they name headers.
std::string strip_comments(const std::string &text);

} // namespace npcache::launcher
