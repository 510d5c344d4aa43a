#include "rewrite.hpp"
#include "attribute.hpp"
#include "diagnostics.hpp"
#include "digest.hpp"
#include "options.hpp"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Lex/Lexer.h"
#include "clang/Rewrite/Core/Rewriter.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdio>
#include <sstream>

namespace npcache::tool {
namespace {

using clang::SourceLocation;

std::string quoted(llvm::StringRef text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\')
      out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string hex64(std::uint64_t value) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "0x%016llxull", static_cast<unsigned long long>(value));
  return buf;
}

// C++ that builds the function's Settings: only the fields its layers set.
std::string settings_code(const Settings &s) {
  std::ostringstream out;
  out << "[] {\n    ::npcache::Settings s;\n";
  auto flag = [&out](const char *name, const std::optional<bool> &v) {
    if (v)
      out << "    s." << name << " = " << (*v ? "true" : "false") << ";\n";
  };
  flag("enabled", s.enabled);
  flag("write", s.write);
  flag("refresh", s.refresh);
  flag("memory", s.memory);
  if (s.compress)
    out << "    s.compress = ::npcache::Compression::"
        << (*s.compress == Compression::zstd ? "zstd" : "none") << ";\n";
  if (s.level)
    out << "    s.level = " << *s.level << ";\n";
  if (s.key)
    out << "    s.key = ::npcache::KeyStyle::" << (*s.key == KeyStyle::readable ? "readable" : "hash")
        << ";\n";
  if (s.dir)
    out << "    s.dir = " << quoted(*s.dir) << ";\n";
  if (s.version)
    out << "    s.version = " << quoted(*s.version) << ";\n";
  if (s.max_age_seconds)
    out << "    s.max_age_seconds = " << *s.max_age_seconds << ";\n";
  if (s.max_size_bytes)
    out << "    s.max_size_bytes = " << *s.max_size_bytes << "ull;\n";
  out << "    return s;\n  }()";
  return out.str();
}

// Rewrites the marked definitions of the main file.
class Rewrite {
public:
  Rewrite(clang::ASTContext &context, const RewriteRequest &request)
      : context_(context), sources_(context.getSourceManager()), language_(context.getLangOpts()),
        diags_(context.getDiagnostics()), request_(request), rewriter_(sources_, language_) {
    llvm::SmallString<256> path(request.input);
    llvm::sys::fs::make_absolute(path);
    llvm::sys::path::remove_dots(path, true);
    path_ = quoted(path);
  }

  void function(const clang::FunctionDecl &fn) {
    std::vector<SourceLocation> attributes = cached_attributes(fn);
    if (attributes.empty())
      return;
    AttributeOptions options;
    std::vector<clang::CharSourceRange> blanks;
    // The definition's attribute was found first; apply it last so that it wins.
    for (auto it = attributes.rbegin(); it != attributes.rend(); ++it) {
      SourceLocation end;
      if (!parse_options(*it, sources_, language_, diags_, options, end))
        return;
      if (sources_.isInMainFile(sources_.getFileLoc(*it)))
        blanks.push_back(clang::CharSourceRange::getCharRange(sources_.getFileLoc(*it), end));
    }
    if (!check(fn, options))
      return;
    for (const auto &range : blanks)
      blank(range);
    rename_and_wrap(fn, options);
    ++rewritten_;
  }

  // The rewritten file, or nothing if there were errors.
  std::optional<std::string> finish() {
    if (diags_.hasErrorOccurred())
      return std::nullopt;
    clang::FileID main = sources_.getMainFileID();
    std::string head = "#line 1 " + path_ + "\n";
    if (rewritten_ != 0)
      head = "#include <npcache/generated.hpp>\n" + head;
    rewriter_.InsertTextBefore(sources_.getLocForStartOfFile(main), head);
    const clang::RewriteBuffer *buffer = rewriter_.getRewriteBufferFor(main);
    return std::string(buffer->begin(), buffer->end());
  }

private:
  bool check(const clang::FunctionDecl &fn, const AttributeOptions &options) {
    SourceLocation at = fn.getLocation();
    auto fail = [&](SourceLocation where, const std::string &message) {
      error(diags_, where, message);
      return false;
    };
    if (at.isMacroID() || fn.getBody()->getBeginLoc().isMacroID())
      return fail(sources_.getFileLoc(at), "[[npcache::cached]] cannot rewrite a function that a macro defines");
    if (llvm::isa<clang::CXXMethodDecl>(fn))
      return fail(at, "[[npcache::cached]] on member functions is not supported yet");
    if (fn.isTemplated())
      return fail(at, "[[npcache::cached]] on function templates is not supported yet");
    if (fn.getQualifier() != nullptr)
      return fail(at, "[[npcache::cached]] needs the definition inside its namespace, not qualified as 'ns::f'");
    if (fn.isMain())
      return fail(at, "'main' cannot be cached");
    if (fn.isConstexpr())
      return fail(at, "a constexpr function cannot be cached");
    if (fn.isVariadic())
      return fail(at, "a variadic function cannot be cached: its arguments have no codec");
    if (llvm::isa<clang::CoroutineBodyStmt>(fn.getBody()))
      return fail(at, "a coroutine cannot be cached");
    clang::QualType result = fn.getReturnType();
    SourceLocation result_at = fn.getReturnTypeSourceRange().getBegin();
    if (result_at.isInvalid())
      result_at = at;
    if (result->isVoidType())
      return fail(result_at, "a function returning 'void' has nothing to cache");
    if (result->isReferenceType() || result->isPointerType())
      return fail(result_at, "result type '" + result.getAsString() + "' has no codec: " +
                                 (result->isPointerType() ? "a pointer's value is an address"
                                                          : "return a value, not a reference"));
    bool ok = true;
    for (const clang::ParmVarDecl *param : fn.parameters()) {
      clang::QualType type = param->getType();
      std::string what = "parameter '" + param->getNameAsString() + "' of type '" +
                         type.getAsString() + "'";
      SourceLocation where = param->getLocation().isValid() ? param->getLocation() : at;
      if (type->isPointerType() || type->isArrayType())
        ok = fail(where, what + " has no codec: a raw pointer's key would be its address; pass "
                                "a value, a const reference or a std::vector");
      else if (type->isLValueReferenceType() && !type->getPointeeType().isConstQualified())
        ok = fail(where, what + " may be an output of the function, which a cached call would "
                                "skip; take it by value or const reference");
      else if (type->isRValueReferenceType())
        ok = fail(where, what + " is an rvalue reference; take it by value");
    }
    for (const auto &ignored : options.ignore) {
      bool found = false;
      for (const clang::ParmVarDecl *param : fn.parameters())
        found = found || param->getName() == ignored.parameter;
      if (!found)
        ok = fail(ignored.at, "'" + ignored.parameter + "' in 'ignore' is not a parameter of '" +
                                  fn.getNameAsString() + "'");
    }
    return ok;
  }

  // Spaces in place of the attribute's tokens keep every other column where it was.
  void blank(const clang::CharSourceRange &range) {
    std::string text = clang::Lexer::getSourceText(range, sources_, language_).str();
    for (char &c : text)
      if (c != '\n')
        c = ' ';
    rewriter_.ReplaceText(range, text);
  }

  std::string text(SourceLocation begin, SourceLocation end) const {
    return clang::Lexer::getSourceText(clang::CharSourceRange::getCharRange(begin, end), sources_,
                                       language_)
        .str();
  }

  // `#line` for the line that follows, with padding so its text keeps its columns.
  std::string resume_at(SourceLocation at) const {
    clang::PresumedLoc p = sources_.getPresumedLoc(at, false);
    return "\n#line " + std::to_string(p.getLine()) + " " + path_ + "\n" +
           std::string(p.getColumn() - 1, ' ');
  }

  void rename_and_wrap(const clang::FunctionDecl &fn, const AttributeOptions &options) {
    const std::string name = fn.getNameAsString();
    // A short suffix: on the declarator line, columns after the name shift by its length.
    const std::string impl = name + "_npcache" + std::to_string(rewritten_);
    clang::FunctionTypeLoc type = fn.getFunctionTypeLoc();
    SourceLocation begin = fn.getBeginLoc();
    SourceLocation body = fn.getBody()->getBeginLoc();
    SourceLocation after_rparen = type.getRParenLoc().getLocWithOffset(1);

    // The wrapper's parameters: as written, less default arguments, every one named.
    std::vector<std::string> names;
    std::string params;
    for (unsigned i = 0; i < fn.getNumParams(); ++i) {
      const clang::ParmVarDecl *param = fn.getParamDecl(i);
      std::string declared = param->hasDefaultArg()
                                 ? text(param->getBeginLoc(), param->getDefaultArgRange().getBegin())
                                 : text(param->getBeginLoc(),
                                        clang::Lexer::getLocForEndOfToken(param->getEndLoc(), 0,
                                                                          sources_, language_));
      if (param->hasDefaultArg())
        declared.erase(declared.find_last_not_of(" \t\n=") + 1);
      std::string param_name = param->getNameAsString();
      if (param_name.empty()) {
        param_name = "npcache_arg" + std::to_string(i);
        declared += " " + param_name;
      }
      names.push_back(param_name);
      params += (i == 0 ? "" : ", ") + declared;
    }

    std::string forward;
    std::string call;
    for (std::size_t i = 0; i < names.size(); ++i)
      call += (i == 0 ? "" : ", ") + ("static_cast<decltype(" + names[i] + ") &&>(" + names[i] + ")");
    std::string key_args;
    for (const std::string &param : names) {
      bool ignored = false;
      for (const auto &i : options.ignore)
        ignored = ignored || i.parameter == param;
      if (!ignored)
        key_args += ", " + param;
    }

    const std::string identity = options.name ? *options.name : fn.getQualifiedNameAsString();
    Settings settings = request_.config ? request_.config->for_function(identity) : Settings{};
    settings.merge(options.settings);
    const Key128 digest = code_digest(fn);

    std::ostringstream wrapper;
    wrapper << text(begin, type.getLParenLoc()) << "(" << params << ")" << text(after_rparen, body)
            << "{\n"
            << "  static const ::npcache::detail::Handle npcache_handle =\n"
            << "      ::npcache::detail::generated_handle(&" << impl << ", " << quoted(identity)
            << ", " << settings_code(settings) << ",\n"
            << "          ::npcache::Key128{" << hex64(digest.low) << ", " << hex64(digest.high)
            << "});\n"
            << "  return ::npcache::detail::cached_call(\n"
            << "      npcache_handle, [&]() -> decltype(auto) { return " << impl << "(" << call
            << "); }" << key_args << ");\n"
            << "}";

    // A declaration of the wrapper first, unless one exists, so that recursive calls in
    // the body reach the cache.
    if (fn.getPreviousDecl() == nullptr)
      rewriter_.InsertTextBefore(begin, text(begin, body) + ";" + resume_at(begin));
    rewriter_.InsertTextAfterToken(fn.getLocation(), impl.substr(name.size()));
    SourceLocation end = fn.getBody()->getEndLoc();
    rewriter_.InsertTextAfterToken(end, "\n" + wrapper.str() +
                                            resume_at(clang::Lexer::getLocForEndOfToken(
                                                end, 0, sources_, language_)));
  }

  clang::ASTContext &context_;
  clang::SourceManager &sources_;
  const clang::LangOptions &language_;
  clang::DiagnosticsEngine &diags_;
  const RewriteRequest &request_;
  clang::Rewriter rewriter_;
  std::string path_; // the input's absolute path, quoted for #line
  int rewritten_ = 0;
};

class Collector : public clang::RecursiveASTVisitor<Collector> {
public:
  explicit Collector(const clang::SourceManager &sources) : sources_(sources) {}
  bool VisitFunctionDecl(clang::FunctionDecl *fn) {
    if (fn->isThisDeclarationADefinition() && fn->hasBody() &&
        sources_.isInMainFile(sources_.getFileLoc(fn->getLocation())))
      definitions.push_back(fn);
    return true;
  }
  std::vector<const clang::FunctionDecl *> definitions;

private:
  const clang::SourceManager &sources_;
};

class Consumer : public clang::ASTConsumer {
public:
  Consumer(const RewriteRequest &request, std::optional<std::string> &output)
      : request_(request), output_(output) {}

  void HandleTranslationUnit(clang::ASTContext &context) override {
    if (context.getDiagnostics().hasErrorOccurred())
      return;
    Collector collector(context.getSourceManager());
    collector.TraverseDecl(context.getTranslationUnitDecl());
    Rewrite rewrite(context, request_);
    for (const clang::FunctionDecl *fn : collector.definitions)
      rewrite.function(*fn);
    output_ = rewrite.finish();
  }

private:
  const RewriteRequest &request_;
  std::optional<std::string> &output_;
};

class Action : public clang::ASTFrontendAction {
public:
  Action(const RewriteRequest &request, std::optional<std::string> &output)
      : request_(request), output_(output) {}
  std::unique_ptr<clang::ASTConsumer> CreateASTConsumer(clang::CompilerInstance &,
                                                        llvm::StringRef) override {
    return std::make_unique<Consumer>(request_, output_);
  }

private:
  const RewriteRequest &request_;
  std::optional<std::string> &output_;
};

class Factory : public clang::tooling::FrontendActionFactory {
public:
  Factory(const RewriteRequest &request, std::optional<std::string> &output)
      : request_(request), output_(output) {}
  std::unique_ptr<clang::FrontendAction> create() override {
    return std::make_unique<Action>(request_, output_);
  }

private:
  const RewriteRequest &request_;
  std::optional<std::string> &output_;
};

// Writes through a temporary file and a rename, so a reader never sees half a file.
bool write_atomically(const std::string &path, const std::string &content) {
  std::string temp = path + ".tmp";
  {
    std::error_code ec;
    llvm::raw_fd_ostream out(temp, ec);
    if (ec) {
      llvm::errs() << "npcache-rewrite: error: cannot write " << temp << ": " << ec.message() << "\n";
      return false;
    }
    out << content;
  }
  if (std::error_code ec = llvm::sys::fs::rename(temp, path)) {
    llvm::errs() << "npcache-rewrite: error: cannot write " << path << ": " << ec.message() << "\n";
    return false;
  }
  return true;
}

} // namespace

int rewrite_file(const RewriteRequest &request) {
  register_attribute();
  // Ninja creates the directories of outputs; Make does not.
  for (const std::string &file : {request.output, request.depfile})
    if (!file.empty())
      llvm::sys::fs::create_directories(llvm::sys::path::parent_path(file));
  clang::tooling::FixedCompilationDatabase database(".", request.compile_args);
  clang::tooling::ClangTool tool(database, {request.input});
  // After the default adjusters, which strip dependency-file flags.
  std::vector<std::string> extra = {"-w", "-resource-dir=" NPCACHE_CLANG_RESOURCE_DIR};
  if (!request.depfile.empty())
    extra.insert(extra.end(), {"-MD", "-MF", request.depfile, "-MT", request.output});
  tool.appendArgumentsAdjuster(
      clang::tooling::getInsertArgumentAdjuster(extra, clang::tooling::ArgumentInsertPosition::END));

  std::optional<std::string> output;
  Factory factory(request, output);
  int status = tool.run(&factory);
  if (status != 0 || !output) {
    // No output: a build must not go on with a stale or partial file.
    llvm::sys::fs::remove(request.output);
    if (!request.depfile.empty())
      llvm::sys::fs::remove(request.depfile);
    return 1;
  }
  return write_atomically(request.output, *output) ? 0 : 1;
}

} // namespace npcache::tool
