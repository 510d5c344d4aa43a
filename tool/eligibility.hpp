// What npcache can cache: the rules the rewrite enforces on a marked function (reported as
// errors) and that the harness's marking applies to every function of a project.
#pragma once

#include "digest.hpp"

#include "clang/AST/Decl.h"
#include "clang/AST/DeclTemplate.h"

#include <string>
#include <vector>

namespace npcache::tool {

struct Problem {
  clang::SourceLocation at;
  std::string message;
};

// Why `fn` (a definition) cannot be cached, with where to report each reason; empty if
// it can. Types without a codec are left to the compiler, which names them (see
// has_builtin_codec for a check without compiling).
std::vector<Problem> caching_problems(const clang::FunctionDecl &fn);

// Whether a type has a codec npcache provides (arithmetic types, enums, strings,
// containers of those, plain structs of those) without the user writing one. Parameters
// accept what results do, and views (std::string_view, std::span<const T>) too.
bool has_builtin_codec(clang::QualType type, bool as_parameter);

// A class of Eigen's: the codec header for it ("eigen", "eigen_sparse", "eigen_tensor").
// Null for any other class.
const char *eigen_codec(const clang::CXXRecordDecl &record);

// npcache::input_file or npcache::input_dir (include/npcache/input_file.hpp): parameters
// keyed on a file's content.
bool is_input_type(const clang::CXXRecordDecl &record);

// Drops reading files from `impurities` when `fn` takes an input_file or input_dir: what it
// reads is presumed to be the file in its key.
void drop_keyed_reads(const clang::FunctionDecl &fn, std::vector<Impurity> &impurities);

// A standard library class template with a built-in codec: the codec header that has it
// ("core" for codec/core.hpp, "map", "numeric", ...), and whether it is a view, which only
// parameters may be. Null for any other class.
struct StdCodec {
  const char *header;
  bool view;
};
const StdCodec *std_codec(const clang::ClassTemplateSpecializationDecl &spec);

} // namespace npcache::tool
