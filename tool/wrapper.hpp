// The rewrite of one marked definition: the function keeps its name, signature and default
// arguments, and its body moves, unchanged and in place, into a lambda that the runtime
// calls on a miss. Recursive calls still go through the cache, a member's body keeps its
// access, and #line directives with padding keep every line and column of the original
// where it was, so that the compiler's diagnostics and debuggers point at the user's file.
#pragma once

#include "rewrite.hpp"
#include "summarize.hpp"

#include "clang/AST/ASTContext.h"
#include "clang/Rewrite/Core/Rewriter.h"

#include <optional>
#include <set>
#include <string>

namespace npcache::tool {

class Wrapper {
public:
  Wrapper(clang::ASTContext &context, const RewriteRequest &request, SummaryBuilder &summary);

  // Wraps `fn` if it is marked; reports what prevents it as errors.
  void function(const clang::FunctionDecl &fn);
  int wrapped() const { return wrapped_; }
  // The rewritten file, or nothing if there were errors.
  std::optional<std::string> finish();

private:
  struct Names; // generated identifiers that the function's own text does not use

  bool check(const clang::FunctionDecl &fn, const struct AttributeOptions &options);
  void warn_impure(const clang::FunctionDecl &fn, const std::vector<struct Impurity> &impurities);
  void blank(clang::SourceLocation attribute, clang::SourceLocation end);
  std::string resume_at(clang::SourceLocation at) const;
  std::string line_at(clang::SourceLocation at) const;
  std::string identity_code(const clang::FunctionDecl &fn, const std::string &name, Names &names);
  void wrap_body(const clang::FunctionDecl &fn, const struct AttributeOptions &options);

  clang::ASTContext &context_;
  clang::SourceManager &sources_;
  const clang::LangOptions &language_;
  clang::DiagnosticsEngine &diags_;
  const RewriteRequest &request_;
  SummaryBuilder &summary_;
  clang::Rewriter rewriter_;
  std::string path_; // the input's absolute path, quoted for #line
  int wrapped_ = 0;
  std::set<std::string> codec_headers_;
};

} // namespace npcache::tool
