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

struct CachedAttribute {
  clang::SourceLocation at;           // its `npcache` token
  const clang::FunctionDecl *decl;    // the declaration it is on
};

// Each [[npcache::cached]] on `fn`'s declarations, the definition's own first.
std::vector<CachedAttribute> cached_attributes(const clang::FunctionDecl &fn);

} // namespace npcache::tool
