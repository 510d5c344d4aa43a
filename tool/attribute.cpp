#include "attribute.hpp"
#include "diagnostics.hpp"

#include "clang/AST/Attr.h"
#include "clang/Sema/ParsedAttr.h"
#include "clang/Sema/Sema.h"

#include <algorithm>

namespace npcache::tool {
namespace {

class CachedAttrInfo : public clang::ParsedAttrInfo {
public:
  CachedAttrInfo() {
    OptArgs = 15;
    // The C spelling too, so that a mark in a C file meets the error that names the
    // language, rather than being ignored as an unknown attribute.
    static constexpr Spelling kSpellings[] = {{clang::ParsedAttr::AS_CXX11, "npcache::cached"},
                                              {clang::ParsedAttr::AS_C23, "npcache::cached"}};
    Spellings = kSpellings;
  }

  bool diagAppertainsToDecl(clang::Sema &sema, const clang::ParsedAttr &attr,
                            const clang::Decl *decl) const override {
    if (const auto *method = llvm::dyn_cast<clang::CXXMethodDecl>(decl);
        method != nullptr && method->getParent()->isLambda()) {
      error(sema.getDiagnostics(), attr.getLoc(),
            "[[npcache::cached]] on a lambda is not supported: a lambda has no stable name to "
            "key on; wrap it with npcache::Cache::wrap(\"name\", lambda) instead");
      return false;
    }
    if (llvm::isa<clang::FunctionDecl>(decl))
      return true;
    error(sema.getDiagnostics(), attr.getLoc(),
          "[[npcache::cached]] applies to function declarations and definitions only");
    return false;
  }

  AttrHandling handleDeclAttribute(clang::Sema &sema, clang::Decl *decl,
                                   const clang::ParsedAttr &attr) const override {
    // Inheritable: a definition finds the attribute of an earlier declaration.
    // From the scope, `npcache`, whichever way it is spelled: Clang 22 starts the range of
    // `[[using npcache: cached]]` at `cached`, Clang 19 at `npcache`.
    clang::SourceRange range = attr.getRange();
    if (attr.getScopeLoc().isValid())
      range.setBegin(attr.getScopeLoc());
    decl->addAttr(clang::AnnotateAttr::Create(sema.Context, kAnnotation, nullptr, 0, range));
    return AttributeApplied;
  }
};

} // namespace

void register_attribute() {
  static clang::ParsedAttrInfoRegistry::Add<CachedAttrInfo> registration("npcache_cached", "");
}

std::vector<CachedAttribute> cached_attributes(const clang::FunctionDecl &fn) {
  std::vector<CachedAttribute> out;
  for (const clang::FunctionDecl *decl : fn.redecls())
    for (const auto *attr : decl->specific_attrs<clang::AnnotateAttr>())
      if (attr->getAnnotation() == kAnnotation && !attr->isInherited())
        out.push_back({attr->getRange().getBegin(), decl});
  // redecls() starts at the definition when called on it; keep it first, drop repeats.
  out.erase(std::unique(out.begin(), out.end(),
                        [](const CachedAttribute &a, const CachedAttribute &b) { return a.at == b.at; }),
            out.end());
  return out;
}

} // namespace npcache::tool
