// libFuzzer target: the option grammar of [[npcache::cached(...)]], on arbitrary text put
// where the options go. Checked properties:
//  - no crash or hang, whatever the tokens (unterminated literals, a missing ')', the end
//    of the file);
//  - parse_options() says false exactly when it reported an error, and reports each at a
//    location inside the file;
//  - accepted settings survive settings_json, as the generated code carries them.
#include "options.hpp"

#include "clang/Basic/DiagnosticIDs.h"
#include "clang/Basic/DiagnosticOptions.h"
#include "clang/Basic/FileManager.h"
#include "llvm/Support/MemoryBuffer.h"

#include <cstdint>
#include <cstdlib>
#include <string>

namespace {

// Counts errors and checks that each points into the main file.
class Checker : public clang::DiagnosticConsumer {
public:
  void HandleDiagnostic(clang::DiagnosticsEngine::Level level, const clang::Diagnostic &info) override {
    clang::DiagnosticConsumer::HandleDiagnostic(level, info);
    if (level >= clang::DiagnosticsEngine::Error && info.getLocation().isValid() && info.hasSourceManager() &&
        !info.getSourceManager().isWrittenInMainFile(info.getLocation()))
      std::abort();
  }
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  const std::string text = "[[npcache::cached(" + std::string(reinterpret_cast<const char *>(data), size) +
                           ")]] double f(double x);\n";
  clang::FileSystemOptions file_options;
  clang::FileManager files(file_options);
  Checker checker;
  clang::DiagnosticsEngine diags(new clang::DiagnosticIDs, new clang::DiagnosticOptions, &checker,
                                 /*ShouldOwnClient=*/false);
  clang::SourceManager sources(diags, files);
  clang::FileID file = sources.createFileID(llvm::MemoryBuffer::getMemBufferCopy(text, "fuzz.cpp"));
  sources.setMainFileID(file);
  clang::LangOptions language;
  language.CPlusPlus = language.CPlusPlus11 = language.CPlusPlus14 = language.CPlusPlus17 = true;
  checker.BeginSourceFile(language, nullptr);

  npcache::tool::AttributeOptions options;
  clang::SourceLocation end;
  const bool ok = npcache::tool::parse_options(sources.getLocForStartOfFile(file).getLocWithOffset(2), sources,
                                               language, diags, options, end);
  checker.EndSourceFile();
  if (ok != (checker.getNumErrors() == 0))
    std::abort();
  if (ok) {
    if (!end.isValid() || sources.getFileOffset(end) > text.size())
      std::abort();
    try {
      npcache::Config back = npcache::parse_config(npcache::settings_json(options.settings), "generated");
      if (npcache::settings_json(back.defaults) != npcache::settings_json(options.settings))
        std::abort();
    } catch (const npcache::config_error &) {
      std::abort(); // the generated code would carry settings its runtime rejects
    }
  }
  return 0;
}
