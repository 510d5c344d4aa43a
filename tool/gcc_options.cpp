#include "gcc_options.hpp"
#include "raw_tokens.hpp"

#include "clang/AST/Attr.h"
#include "clang/Lex/Preprocessor.h"
#include "clang/Sema/ParsedAttr.h"
#include "clang/Sema/Sema.h"

namespace npcache::tool {
namespace {

class OptionPragma : public clang::PragmaHandler {
public:
  OptionPragma(llvm::StringRef name, std::vector<GccOptionPragma> &into) : PragmaHandler(name), into_(into) {}

  void HandlePragma(clang::Preprocessor &pp, clang::PragmaIntroducer introducer, clang::Token &name) override {
    std::string text = pp.getSpelling(name);
    clang::Token token;
    for (pp.Lex(token); !token.is(clang::tok::eod) && !token.is(clang::tok::eof); pp.Lex(token))
      text += pp.getSpelling(token);
    into_.push_back({introducer.Loc, std::move(text)});
  }

private:
  std::vector<GccOptionPragma> &into_;
};

// The attribute's tokens from its name to the parenthesis that closes its arguments, as
// written.
std::string written(const clang::Sema &sema, const clang::ParsedAttr &attr) {
  TokenReader tokens(attr.getLoc(), sema.getSourceManager(), sema.getLangOpts());
  tokens.advance(); // past the name
  std::string text = "optimize";
  for (int depth = 0; !tokens.is(clang::tok::eof) && (depth > 0 || tokens.is(clang::tok::l_paren));
       tokens.advance()) {
    text += tokens.text();
    if (tokens.is(clang::tok::l_paren))
      ++depth;
    else if (tokens.is(clang::tok::r_paren) && --depth == 0)
      break;
  }
  return text;
}

class OptimizeAttrInfo : public clang::ParsedAttrInfo {
public:
  OptimizeAttrInfo() {
    OptArgs = 15;
    static constexpr Spelling kSpellings[] = {{clang::ParsedAttr::AS_GNU, "optimize"},
                                              {clang::ParsedAttr::AS_CXX11, "gnu::optimize"}};
    Spellings = kSpellings;
  }

  bool diagAppertainsToDecl(clang::Sema &, const clang::ParsedAttr &, const clang::Decl *decl) const override {
    return llvm::isa<clang::FunctionDecl>(decl);
  }

  AttrHandling handleDeclAttribute(clang::Sema &sema, clang::Decl *decl,
                                   const clang::ParsedAttr &attr) const override {
    decl->addAttr(clang::AnnotateAttr::Create(sema.Context, "gnu " + written(sema, attr), nullptr, 0,
                                              attr.getRange()));
    return AttributeApplied;
  }
};

} // namespace

void record_gcc_option_pragmas(clang::Preprocessor &pp, std::vector<GccOptionPragma> &into) {
  // The preprocessor owns its handlers.
  for (const char *name : {"optimize", "target", "push_options", "pop_options", "reset_options"})
    pp.AddPragmaHandler("GCC", new OptionPragma(name, into));
}

std::string gcc_options_at(const std::vector<GccOptionPragma> &pragmas, const clang::SourceManager &sources,
                           clang::SourceLocation at) {
  std::vector<std::string> options;
  std::vector<std::vector<std::string>> pushed;
  // In the order the preprocessor read them, which is the translation unit's.
  for (const GccOptionPragma &pragma : pragmas) {
    if (!sources.isBeforeInTranslationUnit(pragma.at, at))
      break;
    if (pragma.text == "push_options") {
      pushed.push_back(options);
    } else if (pragma.text == "pop_options") {
      if (!pushed.empty()) {
        options = std::move(pushed.back());
        pushed.pop_back();
      }
    } else if (pragma.text == "reset_options") {
      options.clear();
    } else {
      options.push_back(pragma.text);
    }
  }
  std::string out;
  for (const std::string &option : options)
    out += option + ";";
  return out;
}

void register_optimize_attribute() {
  static clang::ParsedAttrInfoRegistry::Add<OptimizeAttrInfo> registration("npcache_gnu_optimize", "");
}

} // namespace npcache::tool
