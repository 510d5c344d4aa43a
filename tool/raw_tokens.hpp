// An attribute's raw tokens, read straight from the file from a location on: Clang 19
// parses no arguments of a plugin attribute's scoped spelling, and npcache's options are
// not expressions anyway.
#pragma once

#include "clang/Basic/LangOptions.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"

#include <optional>
#include <string>

namespace npcache::tool {

class TokenReader {
public:
  TokenReader(clang::SourceLocation at, const clang::SourceManager &sources,
              const clang::LangOptions &language)
      : sources_(sources), language_(language) {
    // Inside a macro (#define CACHED [[npcache::cached(...)]]), the tokens are where the
    // macro spells them, not where it is used.
    auto [file, offset] = sources.getDecomposedLoc(at.isMacroID() ? sources.getSpellingLoc(at)
                                                                   : sources.getFileLoc(at));
    llvm::StringRef buffer = sources.getBufferData(file);
    lexer_.emplace(sources.getLocForStartOfFile(file), language, buffer.begin(),
                   buffer.begin() + offset, buffer.end());
    advance();
  }

  const clang::Token &peek() const { return token_; }
  bool is(clang::tok::TokenKind kind) const { return token_.is(kind); }
  std::string text() const {
    return clang::Lexer::getSpelling(token_, sources_, language_);
  }
  clang::SourceLocation at() const { return token_.getLocation(); }
  clang::SourceLocation end() const { return token_.getEndLoc(); }
  void advance() { lexer_->LexFromRawLexer(token_); }

private:
  const clang::SourceManager &sources_;
  const clang::LangOptions &language_;
  std::optional<clang::Lexer> lexer_;
  clang::Token token_;
};

} // namespace npcache::tool
