// The [[npcache::cached(...)]] attribute.
//
// Clang 19 does not parse the arguments of a plugin attribute's scoped spelling (and
// `compress = "zstd"` is not an expression anyway), so the handler only marks the
// declaration; the options are read later from the tokens that follow the attribute's
// name in the source.
#pragma once

#include "clang/AST/Decl.h"

#include <vector>

namespace npcache::tool {

inline constexpr const char *kAnnotation = "npcache::cached";

// Registers the attribute with Clang; call once before parsing.
void register_attribute();

// Where each [[npcache::cached]] on `fn`'s declarations starts (its `npcache` token),
// the definition's own first.
std::vector<clang::SourceLocation> cached_attributes(const clang::FunctionDecl &fn);

} // namespace npcache::tool
