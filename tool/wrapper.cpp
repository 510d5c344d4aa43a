#include "wrapper.hpp"
#include "clang_compat.hpp"
#include "attribute.hpp"
#include "codec_headers.hpp"
#include "diagnostics.hpp"
#include "digest.hpp"
#include "eligibility.hpp"
#include "options.hpp"

#include "common/literals.hpp"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/Expr.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Lex/Lexer.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <sstream>

namespace npcache::tool {

using clang::SourceLocation;

// Identifiers for the code the rewrite adds, chosen so that none is a name the function's
// own text uses: a parameter called npcache_compute keeps its meaning.
struct Wrapper::Names {
  std::set<std::string> used;

  std::string pick(const std::string &base) {
    std::string name = base;
    for (int i = 1; used.count(name) != 0; ++i)
      name = base + "_" + std::to_string(i);
    used.insert(name);
    return name;
  }
};

namespace {

// The predefined identifiers a body uses, directly or through a macro such as assert(),
// which would name the lambda rather than the function once the body moves into it.
struct Predefined {
  const char *spelling;
  const char *variable;
};
constexpr Predefined kPredefined[] = {{"__func__", "npcache_func"},
                                      {"__FUNCTION__", "npcache_function"},
                                      {"__PRETTY_FUNCTION__", "npcache_pretty_function"}};

void find_predefined(const clang::Stmt *s, std::set<std::size_t> &found) {
  if (s == nullptr)
    return;
  if (const auto *e = llvm::dyn_cast<clang::PredefinedExpr>(s)) {
    switch (e->getIdentKind()) {
    case clang::PredefinedIdentKind::Func:
      found.insert(0);
      break;
    case clang::PredefinedIdentKind::Function:
      found.insert(1);
      break;
    case clang::PredefinedIdentKind::PrettyFunction:
    case clang::PredefinedIdentKind::PrettyFunctionNoVirtual:
      found.insert(2);
      break;
    default:
      break;
    }
  }
  for (const clang::Stmt *child : s->children())
    find_predefined(child, found);
}

// The `try` of a function-try-block: `int f(int x) try { ... } catch (...) { ... }`.
bool is_function_try_block(const clang::FunctionDecl &fn) {
  return llvm::isa<clang::CXXTryStmt>(fn.getBody());
}

// Eigen keeps the threads and cache sizes it computes by in statics of inline functions;
// the wrapper can read them only if the function's file declares those functions before it.
constexpr const char *kEigenState =
    ", []() -> ::std::uint64_t { return ::npcache::detail::eigen_state(::Eigen::nbThreads(), "
    "::Eigen::l1CacheSize(), ::Eigen::l2CacheSize(), ::Eigen::l3CacheSize()); }";
bool sees_eigen_state(clang::ASTContext &context, const clang::FunctionDecl &fn) {
  for (clang::NamedDecl *found : context.getTranslationUnitDecl()->lookup(&context.Idents.get("Eigen"))) {
    const auto *eigen = llvm::dyn_cast<clang::NamespaceDecl>(found);
    if (eigen == nullptr)
      continue;
    for (const char *name : {"nbThreads", "l1CacheSize", "l2CacheSize", "l3CacheSize"}) {
      const auto declared = eigen->lookup(&context.Idents.get(name));
      if (std::none_of(declared.begin(), declared.end(), [&](const clang::NamedDecl *d) {
            return context.getSourceManager().isBeforeInTranslationUnit(d->getLocation(), fn.getBeginLoc());
          }))
        return false;
    }
    return true;
  }
  return false;
}

} // namespace

Wrapper::Wrapper(clang::ASTContext &context, const RewriteRequest &request, SummaryBuilder &summary)
    : context_(context), sources_(context.getSourceManager()), language_(context.getLangOpts()),
      diags_(context.getDiagnostics()), request_(request), summary_(summary),
      rewriter_(sources_, language_) {
  llvm::SmallString<256> path(request.input);
  llvm::sys::fs::make_absolute(path);
  llvm::sys::path::remove_dots(path, true);
  path_ = c_string(path.str().str());
}

void Wrapper::function(const clang::FunctionDecl &fn) {
  std::vector<CachedAttribute> attributes = cached_attributes(fn);
  if (attributes.empty())
    return;
  AttributeOptions options;
  std::vector<std::pair<SourceLocation, SourceLocation>> blanks;
  // The definition's attribute was found first; apply them from the earliest declaration.
  bool ok = true;
  for (auto it = attributes.rbegin(); it != attributes.rend(); ++it) {
    for (auto other = it + 1; other != attributes.rend(); ++other)
      if (other->decl == it->decl) {
        bool other_later = sources_.isBeforeInTranslationUnit(it->at, other->at);
        error(diags_, other_later ? other->at : it->at, "[[npcache::cached]] is given twice on one declaration");
        note(diags_, other_later ? it->at : other->at, "the first one is here");
        ok = false;
      }
    AttributeOptions these;
    SourceLocation end;
    if (!parse_options(it->at, sources_, language_, diags_, these, end))
      return;
    if (it == attributes.rbegin())
      options = these;
    else
      ok = merge_options(options, these, it->at, attributes.rbegin()->at, diags_) && ok;
    // A macro's spelling stays: other uses of the macro may need it, and the compiler
    // ignores the attribute anyway.
    if (!it->at.isMacroID() && sources_.isInMainFile(it->at))
      blanks.emplace_back(it->at, end);
  }
  if (!ok || !check(fn, options))
    return;
  for (const auto &[start, end] : blanks)
    blank(start, end);
  wrap_body(fn, options);
  add_codec_headers(fn, codec_headers_);
  ++wrapped_;
}

std::optional<std::string> Wrapper::finish() {
  if (diags_.hasErrorOccurred())
    return std::nullopt;
  clang::FileID main = sources_.getMainFileID();
  std::string head = "#line 1 " + path_ + "\n";
  if (wrapped_ != 0) {
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
  const compat::RewriteBuffer *buffer = rewriter_.getRewriteBufferFor(main);
  return std::string(buffer->begin(), buffer->end());
}

bool Wrapper::check(const clang::FunctionDecl &fn, const AttributeOptions &options) {
  bool ok = true;
  for (const Problem &problem : caching_problems(fn)) {
    error(diags_, problem.at, problem.message);
    ok = false;
  }
  for (const auto &ignored : options.ignore) {
    bool found = false;
    for (const clang::ParmVarDecl *param : fn.parameters())
      found = found || param->getName() == ignored.parameter;
    if (!found) {
      error(diags_, ignored.at, "'" + ignored.parameter + "' in 'ignore' is not a parameter of '" +
                                    fn.getNameAsString() + "'");
      ok = false;
    }
  }
  return ok;
}

// The tool runs with -w so that the user's own warnings are not printed twice; these are
// npcache's, so they lift it for themselves.
void Wrapper::warn_impure(const clang::FunctionDecl &fn, const std::vector<Impurity> &impurities) {
  if (impurities.empty())
    return;
  bool ignoring = diags_.getIgnoreAllWarnings();
  diags_.setIgnoreAllWarnings(false);
  report(diags_, clang::DiagnosticsEngine::Warning, fn.getLocation(),
         "cached function '" + fn.getNameAsString() +
             "' can reach code whose result is not a function of its arguments, or whose effects a "
             "hit skips; a hit returns what it gave before (add 'pure = true' to the attribute if "
             "that is right)");
  for (const Impurity &impurity : impurities)
    note(diags_, impurity.at, impurity.what + " is reached here");
  if (std::any_of(impurities.begin(), impurities.end(), [](const Impurity &i) { return i.reads_files; }))
    note(diags_, fn.getLocation(),
         "to key the cache on what a file contains, take it as an npcache::input_file parameter "
         "(npcache::input_dir for a folder; include <npcache/input_file.hpp>)");
  diags_.setIgnoreAllWarnings(ignoring);
}

// Spaces in place of the attribute's tokens keep every other column where it was. In
// `[[using npcache: cached]]` the `using` goes too, leaving `[[ ]]`, which is valid.
void Wrapper::blank(SourceLocation attribute, SourceLocation end) {
  llvm::StringRef buffer = sources_.getBufferData(sources_.getFileID(attribute));
  unsigned offset = sources_.getFileOffset(attribute);
  unsigned start = offset;
  while (start > 0 && (buffer[start - 1] == ' ' || buffer[start - 1] == '\t' || buffer[start - 1] == '\n'))
    --start;
  if (start >= 5 && buffer.substr(start - 5, 5) == "using")
    attribute = attribute.getLocWithOffset(-static_cast<int>(offset - (start - 5)));
  clang::CharSourceRange range = clang::CharSourceRange::getCharRange(attribute, end);
  std::string text = clang::Lexer::getSourceText(range, sources_, language_).str();
  for (char &c : text)
    if (c != '\n')
      c = ' ';
  rewriter_.ReplaceText(range, text);
}

// `#line` for the line that follows, with padding so its text keeps its columns.
std::string Wrapper::resume_at(SourceLocation at) const {
  clang::PresumedLoc p = sources_.getPresumedLoc(at, false);
  return "\n#line " + std::to_string(p.getLine()) + " " + path_ + "\n" + std::string(p.getColumn() - 1, ' ');
}

// `#line` and padding that place the next generated statement at `at`, so that an error in
// it (a type with no codec) points at the parameter or result that causes it.
std::string Wrapper::line_at(SourceLocation at) const {
  return resume_at(sources_.getFileLoc(at)).substr(1);
}

// The function's identity as a C++ expression: its name (qualified, or the `name`
// option), and for a template, its arguments, known only once instantiated: types by
// their codec names, values by type and value, so that 1.5 and 1.9, or 'a' and 97, differ.
std::string Wrapper::identity_code(const clang::FunctionDecl &fn, const std::string &name, Names &names) {
  std::string code = "std::string(" + c_string(name) + ")";
  const clang::FunctionTemplateDecl *tmpl = fn.getDescribedFunctionTemplate();
  if (tmpl == nullptr)
    return code;
  code += " + \"<\"";
  bool first = true;
  for (const clang::NamedDecl *param : *tmpl->getTemplateParameters()) {
    code += first ? " + " : " + \",\" + ";
    first = false;
    std::string spelled = param->getNameAsString();
    if (param->isImplicit()) {
      // `auto add(auto a, auto b)`: the parameter whose type the invented one is names it.
      for (const clang::ParmVarDecl *arg : fn.parameters())
        if (const auto *t = arg->getType().getNonReferenceType()->getAs<clang::TemplateTypeParmType>();
            t != nullptr && !arg->getName().empty() &&
            t->getIndex() == llvm::cast<clang::TemplateTypeParmDecl>(param)->getIndex() &&
            t->getDepth() == llvm::cast<clang::TemplateTypeParmDecl>(param)->getDepth())
          spelled = "std::remove_cv_t<std::remove_reference_t<decltype(" + arg->getNameAsString() + ")>>";
      if (spelled == param->getNameAsString()) {
        error(diags_, fn.getLocation(), "an 'auto' parameter of a cached function needs a name");
        return code;
      }
    } else if (param->getName().empty()) {
      // `template <class T, class = void>`: named here, for the identity to refer to.
      spelled = names.pick("npcache_template_parameter");
      rewriter_.InsertTextBefore(param->getLocation(), spelled + resume_at(param->getLocation()));
    }
    code += llvm::isa<clang::TemplateTypeParmDecl>(param)
                ? "::npcache::detail::template_argument<" + spelled + ">()"
                : "::npcache::detail::template_value(" + spelled + ")";
  }
  return code + " + \">\"";
}

void Wrapper::wrap_body(const clang::FunctionDecl &fn, const AttributeOptions &options) {
  Names names;
  {
    // Every identifier the function's text spells, template header included.
    clang::SourceRange range = fn.getSourceRange();
    if (const clang::FunctionTemplateDecl *tmpl = fn.getDescribedFunctionTemplate())
      range = tmpl->getSourceRange();
    auto [file, begin] = sources_.getDecomposedLoc(sources_.getFileLoc(range.getBegin()));
    unsigned end = sources_.getFileOffset(sources_.getFileLoc(range.getEnd()));
    llvm::StringRef buffer = sources_.getBufferData(file);
    clang::Lexer lexer(sources_.getLocForStartOfFile(file), language_, buffer.begin(),
                       buffer.begin() + begin, buffer.end());
    clang::Token token;
    while (!lexer.LexFromRawLexer(token) && sources_.getFileOffset(token.getLocation()) <= end)
      if (token.is(clang::tok::raw_identifier))
        names.used.insert(token.getRawIdentifier().str());
  }
  const std::string compute = names.pick("npcache_compute"), handle = names.pick("npcache_handle");

  const auto *method = llvm::dyn_cast<clang::CXXMethodDecl>(&fn);
  struct Key {
    std::string expression; // *this, or the parameter's name
    SourceLocation at;      // where a missing codec is reported
  };
  std::vector<Key> keys;
  if (method != nullptr && !method->isStatic())
    keys.push_back({"*this", fn.getLocation()});
  for (const clang::ParmVarDecl *param : fn.parameters()) {
    std::string name = param->getNameAsString();
    bool ignored = false;
    for (const auto &i : options.ignore)
      ignored = ignored || i.parameter == name;
    // An unnamed parameter cannot affect the result; the code digest still covers its type.
    if (!name.empty() && !ignored)
      keys.push_back({name, param->getLocation()});
  }
  // The result type comes from the lambda, so that `auto` return types work too.
  const std::string result_of = "std::invoke_result_t<decltype(" + compute + ") &>";
  std::string types = result_of, args;
  for (const Key &key : keys) {
    types += ", decltype(" + key.expression + ")";
    args += ", " + key.expression;
  }

  // As written, leading or trailing: `auto` and `decltype(auto)` deduce as they did.
  clang::SourceRange result = fn.getFunctionTypeLoc().getReturnLoc().getSourceRange();
  std::string result_type =
      clang::Lexer::getSourceText(clang::CharSourceRange::getTokenRange(result), sources_, language_).str();
  const std::string identity = options.name ? *options.name : fn.getQualifiedNameAsString();
  Settings settings = request_.config ? request_.config->for_function(identity) : Settings{};
  settings.merge(options.settings);
  std::vector<Impurity> impurities;
  Uses uses;
  std::string dependencies;
  const Key128 digest = cached_function_digest(fn, uses.outputs(&impurities, &dependencies));
  drop_keyed_reads(fn, impurities);
  const bool pure = options.pure.value_or(false);
  if (!pure)
    warn_impure(fn, impurities);
  summary_.add_cached(fn, digest, uses, impurities, pure);
  std::string context = "NPCACHE_BUILD_CONTEXT";
  if (!request_.context_flags.empty())
    context += " " + c_string(" | " + request_.context_flags);
  const std::string identity_expression = identity_code(fn, identity, names);

  // __func__ and its kin keep naming the function inside the lambda: each becomes a
  // reference to the function's own, made before the lambda, by a macro that lives as long
  // as the body (a macro, so that assert() and other macros see it too).
  std::set<std::size_t> predefined;
  find_predefined(fn.getBody(), predefined);
  std::string before, after;
  for (std::size_t i : predefined) {
    const std::string variable = names.pick(kPredefined[i].variable), spelling = kPredefined[i].spelling;
    before += "  auto &" + variable + " = " + spelling + ";\n#pragma push_macro(\"" + spelling +
              "\")\n#define " + spelling + " " + variable + "\n";
    after += "\n#pragma pop_macro(\"" + spelling + "\")";
  }

  // Each generated statement sits at the source position it concerns: a key or result
  // type without a codec is reported at the parameter or result that has it.
  SourceLocation name_at = fn.getLocation();
  SourceLocation result_at = fn.getReturnTypeSourceRange().getBegin();
  std::ostringstream tail;
  tail << after << "\n  };\n";
  for (const Key &key : keys)
    tail << line_at(key.at) << "::npcache::detail::check_key<decltype(" << key.expression << ")>();\n";
  tail << line_at(result_at.isValid() ? result_at : name_at) << "::npcache::detail::check_result<"
       << result_of << ">();\n";
  tail << line_at(name_at) << "static const ::npcache::detail::Handle " << handle
       << " = ::npcache::detail::generated_handle(" << identity_expression << ", {&::npcache::detail::signature_text<"
       << types << ">, " << c_string(settings_json(settings)) << ", ::npcache::detail::linked(\""
       << usr_hash(usr_of(fn)) << "\"), " << key_literal(digest) << ", " << c_string(dependencies) << ", "
       << context << ", " << (uses.team_size ? "true" : "false") << ", " << (uses.cpu_caches ? "true" : "false")
       << (sees_eigen_state(context_, fn) ? kEigenState : "") << "});\n"
       << line_at(name_at) << "return ::npcache::detail::cached_call(" << handle << ", " << compute << args
       << ");";
  const std::string opening = "\n" + before + "  auto " + compute + " = [&]() -> " + result_type + " {";

  const clang::Stmt *body = fn.getBody();
  SourceLocation open = body->getBeginLoc(), close = body->getEndLoc();
  if (is_function_try_block(fn)) {
    // The lambda's body is the whole try statement: a lambda has no function-try-block.
    rewriter_.InsertTextBefore(open, "{" + opening + resume_at(open));
    SourceLocation after_close = clang::Lexer::getLocForEndOfToken(close, 0, sources_, language_);
    rewriter_.InsertTextAfterToken(close, tail.str() + "\n}" + resume_at(after_close));
    return;
  }
  rewriter_.InsertTextAfterToken(open, opening + resume_at(open.getLocWithOffset(1)));
  rewriter_.InsertTextBefore(close, tail.str() + resume_at(close));
}

} // namespace npcache::tool
