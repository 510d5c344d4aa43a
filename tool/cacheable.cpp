#include "cacheable.hpp"
#include "clang_compat.hpp"
#include "attribute.hpp"
#include "digest.hpp"
#include "eligibility.hpp"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/Basic/SourceManager.h"

namespace npcache::tool {
namespace {

// Why the function's types keep it from being cached without a codec of the user's.
std::string codec_problem(const clang::FunctionDecl &fn) {
  std::vector<const clang::FunctionDecl *> instances;
  if (const clang::FunctionTemplateDecl *tmpl = fn.getDescribedFunctionTemplate()) {
    for (const clang::FunctionDecl *spec : tmpl->specializations())
      instances.push_back(spec);
    if (instances.empty())
      return "a template with no instance in this file";
  } else {
    instances.push_back(&fn);
  }
  for (const clang::FunctionDecl *one : instances) {
    if (!has_builtin_codec(one->getReturnType(), false))
      return "result type '" + one->getReturnType().getAsString() + "' has no built-in codec";
    for (const clang::ParmVarDecl *param : one->parameters())
      if (!param->getName().empty() && !has_builtin_codec(param->getType(), true))
        return "parameter '" + param->getNameAsString() + "' of type '" + param->getType().getAsString() +
               "' has no built-in codec";
    if (const auto *method = llvm::dyn_cast<clang::CXXMethodDecl>(one); method && !method->isStatic())
      if (!has_builtin_codec(compat::type_of(*method->getParent()), false))
        return "*this of type '" + method->getParent()->getNameAsString() + "' has no built-in codec";
  }
  return {};
}

} // namespace

nlohmann::json list_cacheable(clang::ASTContext &context, const MainFileDefinitions &definitions) {
  const clang::SourceManager &sources = context.getSourceManager();
  nlohmann::json out = nlohmann::json::array();
  for (const clang::FunctionDecl *fn : definitions.written) {
    if (!cached_attributes(*fn).empty() || fn->isImplicit())
      continue;
    // The attribute goes after a template's parameter list, or before the declaration.
    clang::SourceLocation at = fn->getInnerLocStart();
    if (const clang::FunctionTemplateDecl *tmpl = fn->getDescribedFunctionTemplate())
      at = tmpl->getTemplateParameters()->getRAngleLoc().getLocWithOffset(1);
    nlohmann::json entry = {{"name", dependency_name(*fn)}};
    std::string why;
    if (at.isMacroID() || !sources.isInMainFile(at)) {
      why = "written by a macro";
    } else {
      entry["offset"] = sources.getFileOffset(at);
      entry["line"] = sources.getPresumedLineNumber(at);
      entry["column"] = sources.getPresumedColumnNumber(at);
      if (std::vector<Problem> problems = caching_problems(*fn); !problems.empty())
        why = problems.front().message;
      else
        why = codec_problem(*fn);
      if (why.empty()) {
        std::vector<Impurity> impurities;
        code_digest(*fn, {&impurities});
        drop_keyed_reads(*fn, impurities);
        if (!impurities.empty())
          why = "impure: " + impurities.front().what;
      }
    }
    entry["cacheable"] = why.empty();
    if (!why.empty())
      entry["reason"] = why;
    out.push_back(std::move(entry));
  }
  return out;
}

} // namespace npcache::tool
