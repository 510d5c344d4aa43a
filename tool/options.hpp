// The options inside [[npcache::cached(...)]]: `name = value` pairs, read from the
// attribute's tokens and checked against SPEC §2.
#pragma once

#include <npcache/options.hpp>

#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/LangOptions.h"
#include "clang/Basic/SourceManager.h"

#include <optional>
#include <string>
#include <vector>

namespace npcache::tool {

struct AttributeOptions {
  Settings settings; // enabled, write, refresh, memory, compress, level, key, dir, version, max_age
  std::optional<std::string> name; // stable identity instead of the qualified name
  std::optional<bool> pure;        // the author vouches: no purity warnings
  struct Ignored {
    std::string parameter;
    clang::SourceLocation at; // the name inside the string literal
  };
  std::vector<Ignored> ignore;
};

// Parses the options of the attribute whose `npcache` token is at `attribute`, adding
// them to `out`, and sets `end` just past the attribute's last token. Reports each
// problem at its token; false if there was any.
bool parse_options(clang::SourceLocation attribute, const clang::SourceManager &sources,
                   const clang::LangOptions &language, clang::DiagnosticsEngine &diags,
                   AttributeOptions &out, clang::SourceLocation &end);

// Adds the options of another attribute of the same function (one on another
// declaration) to `into`. An option that both give with different values is an error at
// `at`, with a note at `earlier`; false then.
bool merge_options(AttributeOptions &into, const AttributeOptions &other, clang::SourceLocation at,
                   clang::SourceLocation earlier, clang::DiagnosticsEngine &diags);

} // namespace npcache::tool
