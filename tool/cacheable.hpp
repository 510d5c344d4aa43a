// Which functions of a file could be marked: what the harness uses to mark every function
// of a real project that npcache supports and whose parameters and result have codecs
// (npcache-rewrite --list-cacheable).
#pragma once

#include "summarize.hpp"

#include "clang/AST/ASTContext.h"

#include <nlohmann/json.hpp>

namespace npcache::tool {

// One object per function written in the main file: its name, where an attribute would go
// (byte offset, line, column), whether it can be cached, and if not, why.
nlohmann::json list_cacheable(clang::ASTContext &context, const MainFileDefinitions &definitions);

} // namespace npcache::tool
