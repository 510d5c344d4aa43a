#include "summarize.hpp"
#include "attribute.hpp"
#include "diagnostics.hpp"
#include "common/source_files.hpp"

#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"

namespace npcache::tool {
namespace {

class Collector : public clang::RecursiveASTVisitor<Collector> {
public:
  explicit Collector(clang::ASTContext &context)
      : context_(context), sources_(context.getSourceManager()) {}

  // Instances of the main file's templates are linkable definitions too: a template
  // defined in a .cpp and instantiated there is called from other files.
  bool shouldVisitTemplateInstantiations() const { return true; }

  bool VisitVarDecl(clang::VarDecl *var) {
    if (var->isThisDeclarationADefinition() == clang::VarDecl::Definition && var->hasGlobalStorage() &&
        !var->isStaticLocal() && var->isExternallyVisible() && !var->isTemplated() && in_sources(var))
      out.linkable.push_back(var);
    return true;
  }

  bool VisitFunctionDecl(clang::FunctionDecl *fn) {
    if ((fn->isExplicitlyDefaulted() || fn->isDeleted()) && in_main(fn) &&
        !cached_attributes(*fn).empty() && reported_.insert(fn->getCanonicalDecl()).second)
      error(context_.getDiagnostics(), fn->getLocation(),
            std::string("a ") + (fn->isDeleted() ? "deleted" : "defaulted") +
                " function has no body to cache; write the body, or leave it uncached");
    // An alias or an ifunc defines its symbol with no body; its entry names what runs.
    if (fn->hasDefiningAttr() && fn->isExternallyVisible() && in_sources(fn))
      out.linkable.push_back(fn);
    if (!fn->isThisDeclarationADefinition() || !fn->hasBody() || fn->isImplicit())
      return true;
    if (!in_main(fn)) {
      if (!cached_attributes(*fn).empty() && reported_.insert(fn->getCanonicalDecl()).second)
        // Only the file compiled is rewritten; not caching silently would be worse.
        error(context_.getDiagnostics(), fn->getLocation(),
              included_source(fn->getLocation())
                  ? "[[npcache::cached]] on a function of a source file that another file "
                    "includes is not supported (a unity build: npcache_enable leaves the files "
                    "that spell the attribute, or include a header that does, out of "
                    "CMake's batches); compile this file on its own, or set "
                    "SKIP_UNITY_BUILD_INCLUSION on it"
                  : "[[npcache::cached]] on a function defined in a header is not supported yet; "
                    "define it in a source file");
      if (!in_sources(fn))
        return true;
    } else if (!fn->isTemplateInstantiation()) {
      out.written.push_back(fn);
    }
    const auto *method = llvm::dyn_cast<clang::CXXMethodDecl>(fn);
    if ((fn->isExternallyVisible() || (method != nullptr && method->size_overridden_methods() != 0)) &&
        !fn->isTemplated() && !fn->isDefaulted())
      out.linkable.push_back(fn);
    return true;
  }

  MainFileDefinitions out;

private:
  // A source file #included by the file compiled, as CMake's unity batches include them.
  bool included_source(clang::SourceLocation location) const {
    const llvm::StringRef name = sources_.getFilename(sources_.getExpansionLoc(location));
    return is_cxx_source(name) || name.ends_with(".c");
  }

  // What the object defines for the link: the file compiled, and the source files it
  // includes. A unity batch's object defines the functions of every file in the batch, and
  // a cached function that calls one of them must find it there, not count it by name.
  bool in_sources(const clang::Decl *decl) const {
    return in_main(decl) || included_source(decl->getLocation());
  }

  bool in_main(const clang::Decl *decl) const {
    return sources_.isInMainFile(sources_.getFileLoc(decl->getLocation()));
  }

  clang::ASTContext &context_;
  const clang::SourceManager &sources_;
  std::set<const clang::Decl *> reported_;
};

std::vector<std::string> sorted(const std::set<std::string> &items) {
  return std::vector<std::string>(items.begin(), items.end());
}

void add_uses(nlohmann::json &entry, const Uses &uses) {
  entry["uses"] = sorted(uses.all);
  if (!uses.system.empty())
    entry["system_uses"] = sorted(uses.system);
  if (!uses.through_system.empty())
    entry["through_system"] = sorted(uses.through_system);
  if (uses.team_size)
    entry["team_size"] = true;
  if (uses.cpu_caches)
    entry["cpu_caches"] = true;
}

} // namespace

MainFileDefinitions collect_definitions(clang::ASTContext &context) {
  Collector collector(context);
  collector.TraverseDecl(context.getTranslationUnitDecl());
  return std::move(collector.out);
}

std::string SummaryBuilder::location(clang::SourceLocation at) const {
  const clang::SourceManager &sources = context_.getSourceManager();
  clang::PresumedLoc p = sources.getPresumedLoc(sources.getFileLoc(at));
  if (p.isInvalid())
    return "?";
  return std::string(p.getFilename()) + ":" + std::to_string(p.getLine()) + ":" +
         std::to_string(p.getColumn());
}

nlohmann::json SummaryBuilder::impurities_json(const std::vector<Impurity> &impurities) const {
  nlohmann::json out = nlohmann::json::array();
  for (const Impurity &impurity : impurities)
    out.push_back({{"what", impurity.what}, {"at", location(impurity.at)}});
  return out;
}

void SummaryBuilder::add_definition(const clang::Decl &decl) {
  Uses uses;
  std::vector<Impurity> impurities;
  std::string covers;
  Key128 digest;
  const DigestOutputs outputs = uses.outputs(&impurities, &covers);
  if (const auto *fn = llvm::dyn_cast<clang::FunctionDecl>(&decl))
    digest = code_digest(*fn, outputs);
  else
    digest = code_digest(llvm::cast<clang::VarDecl>(decl), outputs);
  nlohmann::json entry = {{"name", dependency_name(decl)},
                          {"digest", digest.hex()},
                          {"covers", covers},
                          {"at", location(decl.getLocation())}};
  add_uses(entry, uses);
  if (!impurities.empty())
    entry["impure"] = impurities_json(impurities);
  if (const auto *method = llvm::dyn_cast<clang::CXXMethodDecl>(&decl)) {
    std::set<std::string> overridden;
    std::vector<const clang::CXXMethodDecl *> pending(method->overridden_methods().begin(),
                                                      method->overridden_methods().end());
    while (!pending.empty()) {
      const clang::CXXMethodDecl *base = pending.back();
      pending.pop_back();
      if (overridden.insert(symbol_of(*base)).second)
        pending.insert(pending.end(), base->overridden_methods().begin(), base->overridden_methods().end());
    }
    if (!overridden.empty())
      entry["overrides"] = sorted(overridden);
  }
  for (const std::string &symbol : symbols_of(decl))
    summary_["definitions"][symbol] = entry;
}

void SummaryBuilder::add_cached(const clang::FunctionDecl &fn, const Key128 &digest, const Uses &uses,
                                const std::vector<Impurity> &impurities, bool pure) {
  nlohmann::json &entry = summary_["cached"][usr_hash(usr_of(fn))];
  entry = {{"name", dependency_name(fn)},
           {"function", fn.getNameAsString()},
           {"digest", digest.hex()},
           {"impure", impurities_json(impurities)},
           {"at", location(fn.getLocation())},
           {"pure", pure}};
  add_uses(entry, uses);
}

} // namespace npcache::tool
