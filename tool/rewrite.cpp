#include "rewrite.hpp"
#include "arguments.hpp"
#include "attribute.hpp"
#include "cacheable.hpp"
#include "digest.hpp"
#include "summarize.hpp"
#include "wrapper.hpp"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Lex/PPCallbacks.h"
#include "clang/Lex/Preprocessor.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

namespace npcache::tool {
namespace {

// What a run produces: the rewritten file (none after errors) and the summary.
struct Results {
  std::optional<std::string> output;
  int rewritten = 0;
  std::string summary;
};

class Consumer : public clang::ASTConsumer {
public:
  Consumer(const RewriteRequest &request, Results &results) : request_(request), results_(results) {}

  void HandleTranslationUnit(clang::ASTContext &context) override {
    if (context.getDiagnostics().hasErrorOccurred())
      return;
    MainFileDefinitions definitions = collect_definitions(context);
    if (!request_.list_cacheable.empty()) {
      results_.output = list_cacheable(context, definitions).dump(1);
      return;
    }
    SummaryBuilder summary(context);
    Wrapper wrapper(context, request_, summary);
    if (!request_.output.empty())
      for (const clang::FunctionDecl *fn : definitions.written)
        wrapper.function(*fn);
    if (context.getDiagnostics().hasErrorOccurred())
      return;
    if (!request_.summary.empty()) {
      if (request_.summarize_definitions)
        for (const clang::Decl *decl : definitions.linkable)
          summary.add_definition(*decl);
      else
        summary.skip_definitions();
      results_.summary = summary.json().dump(1);
    }
    results_.rewritten = wrapper.wrapped();
    results_.output = wrapper.finish();
  }

  // The digest reads no body in a system header, so the parse need not build them, nor
  // instantiate the templates they define: 0.28 s instead of 0.65 s for a file of
  // <vector>, <map>, <string>, <algorithm> and <cmath>. Clang still parses the bodies
  // it needs for the rest of the file (constexpr functions, deduced return types).
  bool shouldSkipFunctionBody(clang::Decl *decl) override { return in_system_header(*decl); }

private:
  const RewriteRequest &request_;
  Results &results_;
};

// Records what the parse leaves out of the AST for the digest: the #if branches it skips
// (skipped_ranges()), where each pragma is (pragma_locations()), and the program's macros
// that system headers test or expand (system_configuration()).
class Unparsed : public clang::PPCallbacks {
public:
  explicit Unparsed(const clang::Preprocessor &preprocessor) : preprocessor_(preprocessor) {}

  void SourceRangeSkipped(clang::SourceRange range, clang::SourceLocation) override {
    skipped_ranges().push_back(range);
  }
  void PragmaDirective(clang::SourceLocation at, clang::PragmaIntroducerKind) override {
    pragma_locations().push_back(at);
  }
  void Ifdef(clang::SourceLocation at, const clang::Token &name, const clang::MacroDefinition &macro) override {
    read_by_system_header(at, name, macro);
  }
  void Ifndef(clang::SourceLocation at, const clang::Token &name, const clang::MacroDefinition &macro) override {
    read_by_system_header(at, name, macro);
  }
  void Elifdef(clang::SourceLocation at, const clang::Token &name, const clang::MacroDefinition &macro) override {
    read_by_system_header(at, name, macro);
  }
  void Elifndef(clang::SourceLocation at, const clang::Token &name, const clang::MacroDefinition &macro) override {
    read_by_system_header(at, name, macro);
  }
  void Defined(const clang::Token &name, const clang::MacroDefinition &macro, clang::SourceRange range) override {
    read_by_system_header(range.getBegin(), name, macro);
  }
  void MacroExpands(const clang::Token &name, const clang::MacroDefinition &macro, clang::SourceRange range,
                    const clang::MacroArgs *) override {
    read_by_system_header(range.getBegin(), name, macro);
  }

private:
  // A macro that a system header reads where the program defined it: not the compiler's
  // own (the build context covers those; Clang counts their `<built-in>` buffer as a system
  // header) nor a system header's (its text counts).
  void read_by_system_header(clang::SourceLocation at, const clang::Token &name, const clang::MacroDefinition &macro) {
    const clang::MacroInfo *info = macro.getMacroInfo();
    const clang::SourceManager &sources = preprocessor_.getSourceManager();
    if (info == nullptr || !sources.isInSystemHeader(sources.getExpansionLoc(at)))
      return;
    const clang::SourceLocation defined_at = info->getDefinitionLoc();
    if (defined_at.isInvalid() || sources.isInSystemHeader(defined_at))
      return;
    std::string definition = info->isFunctionLike() ? "(" + std::to_string(info->getNumParams()) + ")" : "";
    for (const clang::Token &token : info->tokens())
      definition += " " + preprocessor_.getSpelling(token);
    system_configuration()[name.getIdentifierInfo()->getName().str()] = definition;
  }

  const clang::Preprocessor &preprocessor_;
};

class Action : public clang::ASTFrontendAction {
public:
  Action(const RewriteRequest &request, Results &results) : request_(request), results_(results) {}
  std::unique_ptr<clang::ASTConsumer> CreateASTConsumer(clang::CompilerInstance &ci,
                                                        llvm::StringRef) override {
    new_translation_unit();
    ci.getPreprocessor().addPPCallbacks(std::make_unique<Unparsed>(ci.getPreprocessor()));
    record_gcc_option_pragmas(ci.getPreprocessor(), gcc_option_pragmas());
    ci.getFrontendOpts().SkipFunctionBodies = true; // where shouldSkipFunctionBody says
    return std::make_unique<Consumer>(request_, results_);
  }

private:
  const RewriteRequest &request_;
  Results &results_;
};

class Factory : public clang::tooling::FrontendActionFactory {
public:
  Factory(const RewriteRequest &request, Results &results) : request_(request), results_(results) {}
  std::unique_ptr<clang::FrontendAction> create() override {
    return std::make_unique<Action>(request_, results_);
  }

private:
  const RewriteRequest &request_;
  Results &results_;
};

// Writes through a temporary file and a rename, so a reader never sees half a file; a pipe
// or a device (`-o /dev/null`) is written in place, as a rename would put a file where it
// was (as root, /dev/null stopped being a device for every program after it).
bool write_atomically(const std::string &path, const std::string &content) {
  llvm::sys::fs::file_status status;
  const bool in_place = !llvm::sys::fs::status(path, status) && llvm::sys::fs::exists(status) &&
                        !llvm::sys::fs::is_regular_file(status);
  const std::string target = in_place ? path : path + ".tmp";
  std::error_code ec;
  {
    llvm::raw_fd_ostream out(target, ec);
    if (!ec) {
      out << content;
      out.flush();
      if (out.has_error()) {
        ec = out.error();
        out.clear_error();
      }
    }
  }
  if (ec) {
    llvm::errs() << "npcache-rewrite: error: cannot write " << target << ": " << ec.message() << "\n";
    return false;
  }
  if (!in_place)
    if ((ec = llvm::sys::fs::rename(target, path))) {
      llvm::errs() << "npcache-rewrite: error: cannot write " << path << ": " << ec.message() << "\n";
      return false;
    }
  return true;
}

// Parses `input` with its compile arguments and runs the consumer on it.
int run_tool(const RewriteRequest &request, Results &results, const std::string &directory) {
  register_attribute();
  register_optimize_attribute();
  const std::vector<std::string> arguments = clang_arguments(request.compile_args, directory);
  clang::tooling::FixedCompilationDatabase database(directory, arguments);
  clang::tooling::ClangTool tool(database, {request.input});
  const auto project_headers = forced_includes_as_project_headers(arguments, directory);
  for (const auto &[path, text] : project_headers)
    tool.mapVirtualFile(path, text);
  // After the default adjusters, which strip output and dependency-file flags. The
  // tool's own warnings are npcache's; the compiler prints the user's. GCC's own headers
  // (omp.h) use GCC 11's __malloc__(deallocator), an error to Clang 19 (22 takes it): the macro
  // drops the argument, and only a call-like use of that reserved name sees it.
  tool.appendArgumentsAdjuster(clang::tooling::getInsertArgumentAdjuster(
      {"-w", "-Wno-unknown-warning-option", "-resource-dir=" NPCACHE_CLANG_RESOURCE_DIR,
       "-D__malloc__(...)=__malloc__"},
      clang::tooling::ArgumentInsertPosition::END));
  Factory factory(request, results);
  return tool.run(&factory);
}

} // namespace

int list_cacheable_functions(const RewriteRequest &request) {
  Results results;
  if (run_tool(request, results, ".") != 0 || !results.output)
    return 1;
  return write_atomically(request.list_cacheable, *results.output + "\n") ? 0 : 1;
}

int rewrite_file(const RewriteRequest &request) {
  if (!request.list_cacheable.empty())
    return list_cacheable_functions(request);
  for (const std::string &file : {request.output, request.summary})
    if (!file.empty())
      llvm::sys::fs::create_directories(llvm::sys::path::parent_path(file));
  Results results;
  int status = run_tool(request, results, ".");
  auto remove_outputs = [&] {
    // No output: a build must not go on with a stale or partial file.
    for (const std::string &file : {request.output, request.summary})
      if (!file.empty())
        llvm::sys::fs::remove(file);
  };
  if (status != 0 || !results.output) {
    remove_outputs();
    return 1;
  }
  if (!request.summary.empty() && !write_atomically(request.summary, results.summary + "\n"))
    return 1;
  if (request.if_marked && results.rewritten == 0) {
    llvm::sys::fs::remove(request.output);
    return 0;
  }
  return write_atomically(request.output, *results.output) ? 0 : 1;
}

int summarize_files(const std::vector<SummaryJob> &jobs) {
  int status = 0;
  for (const SummaryJob &job : jobs) {
    RewriteRequest request;
    request.input = job.source;
    request.summary = job.output;
    request.compile_args = job.arguments;
    Results results;
    if (run_tool(request, results, job.directory) != 0 || results.summary.empty() ||
        !write_atomically(job.output, results.summary + "\n")) {
      llvm::errs() << "npcache-rewrite: error: cannot summarize " << job.source << "\n";
      status = 1;
    }
  }
  return status;
}

} // namespace npcache::tool
