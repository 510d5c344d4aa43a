// The code digest: a 128-bit hash of what a function definition means, as the AST sees it.
//
// It feeds the hash, in a fixed order, with the kind of every statement and expression,
// operators, literal values, types (canonical, printed without source locations), and
// what each name refers to: parameters and locals by position (renaming one changes
// nothing), everything else by qualified name and type. Whitespace, comments and
// formatting never reach the AST; nor do paths or source locations, so the digest is the
// same on every machine and in every checkout.
//
// It follows, transitively and once each, every definition of the translation unit the
// function can reach: functions and members it calls or takes the address of (template
// instances as instantiated, constructors with their initializers, overloaded
// operators), initializers of the variables it reads, and the definitions of the types
// it uses (fields in order, bases, default member initializers, user-written destructors,
// enumerators). Lambdas are part of the body. Code in system headers counts by name and
// type, and by the contents of the headers that declare and define it: its bodies are
// not walked. Definitions in other files of the target are the launcher's: each file's
// summary lists what it reaches there, and the link combines them.
#pragma once

#include "gcc_options.hpp"

#include <npcache/key.hpp>

#include "clang/AST/Decl.h"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace npcache::tool {

// Something the function can reach whose result is not a function of its arguments.
struct Impurity {
  std::string what;         // "rand", "std::chrono::steady_clock::now", "mutable global 'g'"
  clang::SourceLocation at; // where it is reached
  bool reads_files = false; // the file system or input: npcache::input_file is the fix
};

struct DigestOutputs {
  std::vector<Impurity> *impurities = nullptr; // each impure thing reached, once
  // Functions and variables reached whose definitions are not in this translation unit,
  // by mangled name: other files of the link may define them.
  std::set<std::string> *externals = nullptr;
  // Those of them that only system headers declare: when no file of the link defines one,
  // it is a library's, where an undefined one that a project header declares is code of
  // the project that this link does not hold (a shared library's callback).
  std::set<std::string> *system_externals = nullptr;
  // One "name\tdigest\n" line per definition the digest covers (the function itself
  // first), each digest over that definition alone: what NPCACHE_LOG=explain compares.
  std::string *dependencies = nullptr;
  // When it reaches system code: what system headers declare and this translation unit
  // does not define (see declared_by_system_headers). The link counts those a file of the
  // link defines, and drops the rest.
  std::set<std::string> *through_system = nullptr;
  // Set when the code reaches an OpenMP reduction whose result depends on how many threads
  // share it: one over floating-point values (each thread's partial sum is rounded), in a
  // directive that runs on a team rather than only in SIMD lanes.
  bool *team_size = nullptr;
  // Set when the code reaches Eigen, whose matrix products block by the CPU's cache sizes
  // (read at run time) and, built with OpenMP, split by the threads (team_size is set too).
  bool *cpu_caches = nullptr;
};

Key128 code_digest(const clang::FunctionDecl &definition, DigestOutputs outputs = {});

// A cached function's: its code_digest, and the program's own codecs of its parameters,
// *this and result (an edit of one changes what the entries hold).
Key128 cached_function_digest(const clang::FunctionDecl &definition, DigestOutputs outputs = {});

// Drops what the digest keeps per translation unit, the skipped ranges included; call
// before each parse.
void new_translation_unit();

// The ranges the preprocessor skipped (#if branches not taken) in the translation unit
// being parsed. A definition's digest covers the raw tokens of those inside it: the
// compiler may take a branch that Clang's parse did not. The rewrite's preprocessor
// callback fills it.
std::vector<clang::SourceRange> &skipped_ranges();

// Where each pragma of the translation unit being parsed begins (`#` or `_Pragma`). A
// definition's digest covers the raw tokens of those inside it: Clang drops pragmas it does
// not know or does not implement (OpenACC's, with -fopenacc, in Clang 19), and GCC may
// compile by them. The rewrite's preprocessor callback fills it.
std::vector<clang::SourceLocation> &pragma_locations();

// The `#pragma GCC optimize` and `target` pragmas of the translation unit being parsed
// (gcc_options.hpp): a definition's digest covers those in effect where it is defined.
// The rewrite's preprocessor fills it.
std::vector<GccOptionPragma> &gcc_option_pragmas();
// The macros of the translation unit being parsed that the program defines (on the command
// line or in its own files) and that system headers test or expand, by name, with their
// definitions: they configure code whose text the digest covers but whose bodies it does not
// read (`-DEIGEN_DONT_VECTORIZE` sums a vector in another order; `-D_GLIBCXX_DEBUG`). A
// definition's digest that reaches system headers covers them. The rewrite's preprocessor
// callback fills it.
std::map<std::string, std::string> &system_configuration();
// The digest of a variable's definition: its type and initializer, followed the same way.
Key128 code_digest(const clang::VarDecl &definition, DigestOutputs outputs = {});

// A function's or variable's name in symbol tables; all of them for a constructor or
// destructor, which have several.
std::string symbol_of(const clang::Decl &decl);
std::vector<std::string> symbols_of(const clang::Decl &decl);
// A declaration's Unified Symbol Resolution string: the same in every translation unit.
std::string usr_of(const clang::Decl &decl);
// What names a function in the target's digest table: 32 hex digits of its USR's hash.
std::string usr_hash(const std::string &usr);
// How a definition is named in dependency lists: "phys::area(double, double)", "phys::kScale".
std::string dependency_name(const clang::Decl &decl);
// Whether a declaration is written in a system header, whose code the digest counts by
// name and by its header's contents: the parse may skip its bodies.
bool in_system_header(const clang::Decl &decl);


} // namespace npcache::tool
