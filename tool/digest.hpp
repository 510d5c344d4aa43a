// The code digest: a 128-bit hash of what a function definition means, as the AST sees it.
//
// It feeds the hash, in a fixed order, with the kind of every statement and expression,
// operators, literal values, types (canonical, printed without source locations), and
// what each name refers to: parameters and locals by position (renaming one changes
// nothing), everything else by qualified name and type. Whitespace, comments and
// formatting never reach the AST; nor do paths or source locations, so the digest is the
// same on every machine and in every checkout.
//
// Version 1 covers the function's own definition and signature. Declarations it refers
// to count by name and type only; following them (callees, constants, types) is the
// next step, and the walker reports them to make that possible.
#pragma once

#include <npcache/key.hpp>

#include "clang/AST/Decl.h"

namespace npcache::tool {

Key128 code_digest(const clang::FunctionDecl &definition);

} // namespace npcache::tool
