// The few places where the Clang API differs between the versions npcache-rewrite builds
// with (19 to 22), so that the rest of the tool is written once.
#pragma once

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/OpenMPClause.h"
#include "clang/AST/Stmt.h"
#include "clang/Basic/Version.h"
#include "clang/Rewrite/Core/Rewriter.h"
#include "llvm/Option/OptTable.h"

#if CLANG_VERSION_MAJOR >= 22
#include "clang/Options/Options.h"
#else
#include "clang/Driver/Options.h"
#endif

#include <string>

namespace npcache::tool::compat {

// The compiler driver's options, as `clang` sees them.
inline const llvm::opt::OptTable &driver_options() {
#if CLANG_VERSION_MAJOR >= 22
  return clang::getDriverOptTable();
#else
  return clang::driver::getDriverOptTable();
#endif
}

inline llvm::opt::Visibility clang_visibility() {
#if CLANG_VERSION_MAJOR >= 22
  return llvm::opt::Visibility(clang::options::ClangOption);
#else
  return llvm::opt::Visibility(clang::driver::options::ClangOption);
#endif
}

// The type a class, struct, union or enum declares.
inline clang::QualType type_of(const clang::TagDecl &tag) {
#if CLANG_VERSION_MAJOR >= 22
  return tag.getASTContext().getCanonicalTagType(&tag);
#else
  return clang::QualType(tag.getTypeForDecl(), 0);
#endif
}

inline unsigned bit_width(const clang::FieldDecl &field) {
#if CLANG_VERSION_MAJOR >= 20
  return field.getBitWidthValue();
#else
  return field.getBitWidthValue(field.getASTContext());
#endif
}

inline std::string asm_string(const clang::GCCAsmStmt &statement) {
#if CLANG_VERSION_MAJOR >= 21
  return statement.getAsmString();
#else
  return statement.getAsmString()->getString().str();
#endif
}

// Types printed for the digest: canonically (a specialization's arguments as resolved,
// not as its declaration spelled them, `std::hash<std::thread::id>`), and an anonymous
// type as `(unnamed)`, the same in every version.
inline void digest_policy(clang::PrintingPolicy &policy) {
#if CLANG_VERSION_MAJOR >= 22
  policy.PrintAsCanonical = true;
  policy.SuppressTagKeywordInAnonNames = true;
#else
  policy.PrintCanonicalTypes = true;
#endif
}

// A declaration's qualified name for the digest. Clang 22 names a lambda's class
// `(lambda)` where Clang 19 says `(anonymous class)`, a nested anonymous union
// `(unnamed union)` where 19 says `(anonymous union)`, and a member of an anonymous struct
// by the typedef that names it (`div_t::quot`, `cpu_set_t::__bits`) where Clang 19 says
// `(anonymous struct)::quot`; the digest keeps 19's spelling, so that both versions share
// entries (until 2026-12-06 a local div_t's member digested apart).
inline std::string qualified_name(const clang::NamedDecl &decl) {
  std::string name = decl.getQualifiedNameAsString();
#if CLANG_VERSION_MAJOR >= 22
  for (std::size_t at = name.find("(lambda)"); at != std::string::npos; at = name.find("(lambda)", at))
    name.replace(at, 8, "(anonymous class)");
  for (const char *kind : {"struct", "union", "class"}) { // a nested one: `(unnamed union)::a`
    const std::string unnamed = std::string("(unnamed ") + kind + ")::", anonymous = std::string("(anonymous ") + kind + ")::";
    for (std::size_t at = name.find(unnamed); at != std::string::npos; at = name.find(unnamed, at))
      name.replace(at, unnamed.size(), anonymous);
  }
  for (const clang::DeclContext *context = decl.getDeclContext(); context != nullptr; context = context->getParent()) {
    const auto *record = llvm::dyn_cast<clang::RecordDecl>(context);
    if (record == nullptr || record->getIdentifier() != nullptr || record->getTypedefNameForAnonDecl() == nullptr)
      continue;
    const std::string named = record->getTypedefNameForAnonDecl()->getName().str() + "::";
    const std::string anonymous = "(anonymous " + record->getKindName().str() + ")::";
    // The record's own component: the last one of that spelling before the member's name.
    if (std::size_t at = name.rfind(named); at != std::string::npos && (at == 0 || name.compare(at - 2, 2, "::") == 0))
      name.replace(at, named.size(), anonymous);
  }
#endif
  return name;
}

// An atomic builtin by its name (`__c11_atomic_load`): the enum's values move between
// versions as builtins are added.
inline const char *atomic_name(clang::AtomicExpr::AtomicOp op) {
  switch (op) {
#if CLANG_VERSION_MAJOR < 22
#define BUILTIN(ID, TYPE, ATTRS)
#endif
#define ATOMIC_BUILTIN(ID, TYPE, ATTRS)                                                                              \
  case clang::AtomicExpr::AO##ID:                                                                                    \
    return #ID;
#include "clang/Basic/Builtins.inc"
  default:
    return "atomic";
  }
}

#if CLANG_VERSION_MAJOR >= 20
using RewriteBuffer = llvm::RewriteBuffer;
#else
using RewriteBuffer = clang::RewriteBuffer;
#endif

// An OpenMP clause as written; Clang 22's printer also takes the OpenMP version.
inline void print_openmp_clause(llvm::raw_ostream &out, const clang::PrintingPolicy &policy,
                                const clang::OMPClause &clause, const clang::LangOptions &language) {
#if CLANG_VERSION_MAJOR >= 22
  clang::OMPClausePrinter(out, policy, language.OpenMP).Visit(const_cast<clang::OMPClause *>(&clause));
#else
  (void)language;
  clang::OMPClausePrinter(out, policy).Visit(const_cast<clang::OMPClause *>(&clause));
#endif
}

} // namespace npcache::tool::compat
