// GCC's optimization and target options set in the source: `#pragma GCC optimize
// ("fast-math")` and `#pragma GCC target ("fma")` change how GCC compiles every function
// defined after them (push_options, pop_options and reset_options scope them), as the
// attribute `optimize` does for one function. Clang ignores all of these, so its AST keeps
// no trace of them; a result computed under other options must not be returned, so the
// preprocessor records the pragmas, the attribute is kept as an annotation, and a
// definition's digest covers what applies to it.
#pragma once

#include "clang/Basic/SourceLocation.h"
#include "clang/Basic/SourceManager.h"

#include <string>
#include <vector>

namespace clang {
class Preprocessor;
}

namespace npcache::tool {

struct GccOptionPragma {
  clang::SourceLocation at;
  std::string text; // "optimize(\"fast-math\")", "push_options", ...
};

// Records each such pragma of the translation unit `pp` reads, in order, into `into`.
void record_gcc_option_pragmas(clang::Preprocessor &pp, std::vector<GccOptionPragma> &into);

// The options in effect for a function defined at `at`, as the pragmas before it leave
// them: empty if none.
std::string gcc_options_at(const std::vector<GccOptionPragma> &pragmas, const clang::SourceManager &sources,
                           clang::SourceLocation at);

// Registers `optimize` (`__attribute__((optimize(...)))`, `[[gnu::optimize(...)]]`),
// which Clang does not know, as an annotation that keeps the attribute as written; call
// once before parsing.
void register_optimize_attribute();

} // namespace npcache::tool
