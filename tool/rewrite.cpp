#include "rewrite.hpp"
#include "attribute.hpp"
#include "diagnostics.hpp"
#include "digest.hpp"
#include "arguments.hpp"
#include "summarize.hpp"

#include "common/literals.hpp"
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

#include <nlohmann/json.hpp>

#include <cstdio>
#include <map>
#include <set>
#include <sstream>

namespace npcache::tool {
namespace {

using clang::SourceLocation;


// Rewrites the marked definitions of the main file.
class Rewrite {
public:
  Rewrite(clang::ASTContext &context, const RewriteRequest &request, SummaryBuilder &summary)
      : sources_(context.getSourceManager()), language_(context.getLangOpts()),
        diags_(context.getDiagnostics()), request_(request), summary_(summary),
        rewriter_(sources_, language_) {
    llvm::SmallString<256> path(request.input);
    llvm::sys::fs::make_absolute(path);
    llvm::sys::path::remove_dots(path, true);
    path_ = c_string(path.str().str());
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
      // A macro's spelling stays: other uses of the macro may need it, and the compiler
      // ignores the attribute anyway.
      if (!it->isMacroID() && sources_.isInMainFile(*it))
        blanks.push_back(clang::CharSourceRange::getCharRange(*it, end));
    }
    if (!check(fn, options))
      return;
    for (const auto &range : blanks)
      blank(range);
    wrap_body(fn, options);
    note_codecs(fn);
    ++rewritten_;
  }

  int rewritten() const { return rewritten_; }

  // The rewritten file, or nothing if there were errors.
  std::optional<std::string> finish() {
    if (diags_.hasErrorOccurred())
      return std::nullopt;
    clang::FileID main = sources_.getMainFileID();
    std::string head = "#line 1 " + path_ + "\n";
    if (rewritten_ != 0) {
      std::string includes = "#include <npcache/generated.hpp>\n";
      for (const std::string &header : codec_headers_)
        includes += "#include <npcache/codec/" + header + ".hpp>\n";
      head = includes + head;
    }
    // After a UTF-8 byte order mark, which must stay the file's first bytes.
    SourceLocation start = sources_.getLocForStartOfFile(main);
    if (sources_.getBufferData(main).starts_with("\xEF\xBB\xBF"))
      start = start.getLocWithOffset(3);
    rewriter_.InsertTextBefore(start, head);
    const clang::RewriteBuffer *buffer = rewriter_.getRewriteBufferFor(main);
    return std::string(buffer->begin(), buffer->end());
  }

private:
  // The codec headers beyond the core that the function's types need (std::map needs
  // map.hpp, ...), looked for through template arguments and the fields of plain structs.
  // A template's instances say what its parameters turned out to be.
  void note_codecs(const clang::FunctionDecl &fn) {
    std::vector<const clang::FunctionDecl *> instances = {&fn};
    if (const clang::FunctionTemplateDecl *tmpl = fn.getDescribedFunctionTemplate())
      for (const clang::FunctionDecl *spec : tmpl->specializations())
        instances.push_back(spec);
    std::set<const clang::Type *> seen;
    for (const clang::FunctionDecl *one : instances) {
      codecs_for(one->getReturnType(), seen);
      for (const clang::ParmVarDecl *param : one->parameters())
        codecs_for(param->getType(), seen);
      if (const auto *method = llvm::dyn_cast<clang::CXXMethodDecl>(one); method && !method->isStatic())
        codecs_for(clang::QualType(method->getParent()->getTypeForDecl(), 0), seen);
    }
  }

  void codecs_for(clang::QualType type, std::set<const clang::Type *> &seen) {
    if (type.isNull())
      return;
    type = type.getNonReferenceType().getCanonicalType().getUnqualifiedType();
    if (!seen.insert(type.getTypePtr()).second)
      return;
    if (const auto *array = llvm::dyn_cast<clang::ConstantArrayType>(type.getTypePtr())) {
      codecs_for(array->getElementType(), seen);
      return;
    }
    const clang::CXXRecordDecl *record = type->getAsCXXRecordDecl();
    if (record == nullptr)
      return;
    if (const auto *spec = llvm::dyn_cast<clang::ClassTemplateSpecializationDecl>(record)) {
      if (spec->isInStdNamespace()) {
        static const std::map<std::string, std::string> kHeaders = {
            {"map", "map"}, {"set", "set"}, {"unordered_map", "unordered"},
            {"unordered_set", "unordered"}, {"variant", "variant"}, {"span", "span"}};
        if (auto it = kHeaders.find(spec->getName().str()); it != kHeaders.end())
          codec_headers_.insert(it->second);
      }
      for (const clang::TemplateArgument &arg : spec->getTemplateArgs().asArray()) {
        if (arg.getKind() == clang::TemplateArgument::Type)
          codecs_for(arg.getAsType(), seen);
        else if (arg.getKind() == clang::TemplateArgument::Pack)
          for (const clang::TemplateArgument &item : arg.pack_elements())
            if (item.getKind() == clang::TemplateArgument::Type)
              codecs_for(item.getAsType(), seen);
      }
      return;
    }
    if (record->hasDefinition())
      for (const clang::FieldDecl *field : record->fields())
        codecs_for(field->getType(), seen);
  }

  bool check(const clang::FunctionDecl &fn, const AttributeOptions &options) {
    SourceLocation at = fn.getLocation();
    auto fail = [&](SourceLocation where, const std::string &message) {
      error(diags_, where, message);
      return false;
    };
    if (at.isMacroID() || fn.getBody()->getBeginLoc().isMacroID())
      return fail(sources_.getFileLoc(at), "[[npcache::cached]] cannot rewrite a function that a macro defines");
    if (const auto *method = llvm::dyn_cast<clang::CXXMethodDecl>(&fn)) {
      if (llvm::isa<clang::CXXConstructorDecl, clang::CXXDestructorDecl, clang::CXXConversionDecl>(method))
        return fail(at, "constructors, destructors and conversion functions cannot be cached");
      if (!method->isStatic() && !method->isConst())
        return fail(at, "a non-const member function may change *this, which a cached call would "
                        "skip; make it const or static");
      if (method->getParent()->isDependentContext())
        return fail(at, "[[npcache::cached]] on members of class templates is not supported yet");
    }
    if (const clang::FunctionTemplateDecl *tmpl = fn.getDescribedFunctionTemplate())
      for (const clang::NamedDecl *param : *tmpl->getTemplateParameters())
        if (llvm::isa<clang::TemplateTemplateParmDecl>(param) || param->isParameterPack())
          return fail(param->getLocation(), "template template parameters and parameter packs of a "
                                            "cached function are not supported yet");
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

  // The tool runs with -w so that the user's own warnings are not printed twice; these
  // are npcache's, so they lift it for themselves.
  void warn_impure(const clang::FunctionDecl &fn, const std::vector<Impurity> &impurities) {
    if (impurities.empty())
      return;
    bool ignoring = diags_.getIgnoreAllWarnings();
    diags_.setIgnoreAllWarnings(false);
    report(diags_, clang::DiagnosticsEngine::Warning, fn.getLocation(),
           "cached function '" + fn.getNameAsString() +
               "' can reach code whose result is not a function of its arguments; a hit "
               "returns what it gave before (add 'pure = true' to the attribute if that is right)");
    for (const Impurity &impurity : impurities)
      note(diags_, impurity.at, impurity.what + " is reached here");
    diags_.setIgnoreAllWarnings(ignoring);
  }

  // Spaces in place of the attribute's tokens keep every other column where it was.
  void blank(const clang::CharSourceRange &range) {
    std::string text = clang::Lexer::getSourceText(range, sources_, language_).str();
    for (char &c : text)
      if (c != '\n')
        c = ' ';
    rewriter_.ReplaceText(range, text);
  }

  // `#line` for the line that follows, with padding so its text keeps its columns.
  std::string resume_at(SourceLocation at) const {
    clang::PresumedLoc p = sources_.getPresumedLoc(at, false);
    return "\n#line " + std::to_string(p.getLine()) + " " + path_ + "\n" +
           std::string(p.getColumn() - 1, ' ');
  }

  // The function's identity as a C++ expression: its name (qualified, or the `name`
  // option), and for a template, its arguments, known only once instantiated.
  std::string identity_code(const clang::FunctionDecl &fn, const std::string &name) const {
    std::string code = "std::string(" + c_string(name) + ")";
    const clang::FunctionTemplateDecl *tmpl = fn.getDescribedFunctionTemplate();
    if (tmpl == nullptr)
      return code;
    code += " + \"<\"";
    bool first = true;
    for (const clang::NamedDecl *param : *tmpl->getTemplateParameters()) {
      code += first ? " + " : " + \",\" + ";
      first = false;
      std::string name = param->getNameAsString();
      code += llvm::isa<clang::TemplateTypeParmDecl>(param)
                  ? "::npcache::detail::template_argument<" + name + ">()"
                  : "::npcache::detail::template_argument(" + name + ")";
    }
    return code + " + \">\"";
  }

  // The body moves, in place, into a lambda that the runtime calls on a miss: the
  // function keeps its name, signature and default arguments, recursive calls still go
  // through the cache, a member's body keeps its access, and every line and column of the
  // body stays where it was.
  void wrap_body(const clang::FunctionDecl &fn, const AttributeOptions &options) {
    const auto *method = llvm::dyn_cast<clang::CXXMethodDecl>(&fn);
    const bool with_this = method != nullptr && !method->isStatic();
    std::vector<std::string> keys;
    if (with_this)
      keys.push_back("*this");
    for (const clang::ParmVarDecl *param : fn.parameters()) {
      std::string name = param->getNameAsString();
      bool ignored = false;
      for (const auto &i : options.ignore)
        ignored = ignored || i.parameter == name;
      // An unnamed parameter cannot affect the result; the code digest still covers its type.
      if (!name.empty() && !ignored)
        keys.push_back(param->isParameterPack() ? name + "..." : name);
    }
    // The result type comes from the lambda, so that `auto` return types work too.
    std::string types = "std::invoke_result_t<decltype(npcache_compute) &>";
    std::string args;
    for (const std::string &key : keys) {
      std::string name = key.substr(0, key.find("..."));
      types += ", decltype(" + name + ")" + (key.size() != name.size() ? "..." : "");
      args += ", " + key;
    }

    // As written, leading or trailing: `auto` and `decltype(auto)` deduce as they did.
    clang::SourceRange result = fn.getFunctionTypeLoc().getReturnLoc().getSourceRange();
    std::string result_type =
        clang::Lexer::getSourceText(clang::CharSourceRange::getTokenRange(result), sources_, language_).str();
    const std::string identity = options.name ? *options.name : fn.getQualifiedNameAsString();
    Settings settings = request_.config ? request_.config->for_function(identity) : Settings{};
    settings.merge(options.settings);
    std::vector<Impurity> impurities;
    std::set<std::string> externals;
    std::string dependencies;
    const Key128 digest = code_digest(fn, {&impurities, &externals, &dependencies});
    if (!options.pure)
      warn_impure(fn, impurities);
    summary_.add_cached(fn, digest, externals, impurities, options.pure);
    std::string context = "NPCACHE_BUILD_CONTEXT";
    if (!request_.context_flags.empty())
      context += " " + c_string(" | " + request_.context_flags);

    const clang::Stmt *body = fn.getBody();
    SourceLocation open = body->getBeginLoc(), close = body->getEndLoc();
    std::ostringstream tail;
    tail << "\n  };\n"
         << "  static const ::npcache::detail::Handle npcache_handle = ::npcache::detail::generated_handle(\n"
         << "      " << identity_code(fn, identity) << ",\n"
         << "      {&::npcache::detail::signature_text<" << types << ">,\n"
         << "       " << c_string(settings_json(settings)) << ",\n"
         << "       ::npcache::detail::linked(\"" << usr_hash(usr_of(fn)) << "\"),\n"
         << "       " << key_literal(digest) << ",\n"
         << "       " << c_string(dependencies) << ",\n"
         << "       " << context << "});\n"
         << "  return ::npcache::detail::cached_call(npcache_handle, npcache_compute" << args << ");"
         << resume_at(close);
    rewriter_.InsertTextAfterToken(open, "\n  auto npcache_compute = [&]() -> " + result_type + " {" +
                                             resume_at(open.getLocWithOffset(1)));
    rewriter_.InsertTextBefore(close, tail.str());
  }

  clang::SourceManager &sources_;
  const clang::LangOptions &language_;
  clang::DiagnosticsEngine &diags_;
  const RewriteRequest &request_;
  SummaryBuilder &summary_;
  clang::Rewriter rewriter_;
  std::string path_; // the input's absolute path, quoted for #line
  int rewritten_ = 0;
  std::set<std::string> codec_headers_;
};

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
    SummaryBuilder summary(context);
    Rewrite rewrite(context, request_, summary);
    if (!request_.output.empty())
      for (const clang::FunctionDecl *fn : definitions.written)
        rewrite.function(*fn);
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
    results_.rewritten = rewrite.rewritten();
    results_.output = rewrite.finish();
  }

private:
  const RewriteRequest &request_;
  Results &results_;
};

class Action : public clang::ASTFrontendAction {
public:
  Action(const RewriteRequest &request, Results &results) : request_(request), results_(results) {}
  std::unique_ptr<clang::ASTConsumer> CreateASTConsumer(clang::CompilerInstance &,
                                                        llvm::StringRef) override {
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

// Parses `input` with its compile arguments and runs the consumer on it.
int run_tool(const RewriteRequest &request, Results &results, const std::string &directory) {
  register_attribute();
  clang::tooling::FixedCompilationDatabase database(directory, clang_arguments(request.compile_args));
  clang::tooling::ClangTool tool(database, {request.input});
  // After the default adjusters, which strip output and dependency-file flags. The
  // tool's own warnings are npcache's; the compiler prints the user's.
  tool.appendArgumentsAdjuster(clang::tooling::getInsertArgumentAdjuster(
      {"-w", "-Wno-unknown-warning-option", "-resource-dir=" NPCACHE_CLANG_RESOURCE_DIR},
      clang::tooling::ArgumentInsertPosition::END));
  Factory factory(request, results);
  return tool.run(&factory);
}

} // namespace

int rewrite_file(const RewriteRequest &request) {
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
