// Which of npcache's codec headers beyond the core (codec/map.hpp, ...) a cached function's
// types need, so that a rewritten file includes only those.
#pragma once

#include "clang/AST/Decl.h"

#include <set>
#include <string>

namespace npcache::tool {

// Adds to `headers` the names ("map", "unordered", ...) of the codec headers that the
// result, parameter and *this types of `fn` need, found through template arguments and
// the fields of plain structs; for a template, through the types of its instances.
void add_codec_headers(const clang::FunctionDecl &fn, std::set<std::string> &headers);

} // namespace npcache::tool
