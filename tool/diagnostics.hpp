// Clang-style diagnostics ("file:line:col: error: ..." with a caret) for npcache's own
// checks, reported through the compiler's DiagnosticsEngine so they look and count like
// the compiler's.
#pragma once

#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/StringRef.h"

namespace npcache::tool {

inline void report(clang::DiagnosticsEngine &diags, clang::DiagnosticsEngine::Level level,
                   clang::SourceLocation at, llvm::StringRef message) {
  unsigned id = diags.getCustomDiagID(level, "%0");
  diags.Report(at, id) << message;
}

inline void error(clang::DiagnosticsEngine &diags, clang::SourceLocation at, llvm::StringRef message) {
  report(diags, clang::DiagnosticsEngine::Error, at, message);
}

inline void note(clang::DiagnosticsEngine &diags, clang::SourceLocation at, llvm::StringRef message) {
  report(diags, clang::DiagnosticsEngine::Note, at, message);
}

} // namespace npcache::tool
