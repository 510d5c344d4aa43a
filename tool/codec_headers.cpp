#include "codec_headers.hpp"
#include "clang_compat.hpp"

#include "eligibility.hpp"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/Type.h"

#include <vector>

namespace npcache::tool {
namespace {

void add_for_type(clang::QualType type, std::set<std::string> &headers,
                  std::set<const clang::Type *> &seen) {
  if (type.isNull())
    return;
  type = type.getNonReferenceType().getCanonicalType().getUnqualifiedType();
  if (!seen.insert(type.getTypePtr()).second)
    return;
  if (const auto *array = llvm::dyn_cast<clang::ConstantArrayType>(type.getTypePtr())) {
    add_for_type(array->getElementType(), headers, seen);
    return;
  }
  const clang::CXXRecordDecl *record = type->getAsCXXRecordDecl();
  if (record == nullptr)
    return;
  if (const auto *spec = llvm::dyn_cast<clang::ClassTemplateSpecializationDecl>(record)) {
    if (const StdCodec *codec = std_codec(*spec); codec != nullptr && std::string(codec->header) != "core")
      headers.insert(codec->header);
    if (const char *eigen = eigen_codec(*record))
      headers.insert(eigen);
    for (const clang::TemplateArgument &arg : spec->getTemplateArgs().asArray()) {
      if (arg.getKind() == clang::TemplateArgument::Type)
        add_for_type(arg.getAsType(), headers, seen);
      else if (arg.getKind() == clang::TemplateArgument::Pack)
        for (const clang::TemplateArgument &item : arg.pack_elements())
          if (item.getKind() == clang::TemplateArgument::Type)
            add_for_type(item.getAsType(), headers, seen);
    }
    return;
  }
  if (record->hasDefinition())
    for (const clang::FieldDecl *field : record->fields())
      add_for_type(field->getType(), headers, seen);
}

} // namespace

void add_codec_headers(const clang::FunctionDecl &fn, std::set<std::string> &headers) {
  std::vector<const clang::FunctionDecl *> instances = {&fn};
  if (const clang::FunctionTemplateDecl *tmpl = fn.getDescribedFunctionTemplate())
    for (const clang::FunctionDecl *spec : tmpl->specializations())
      instances.push_back(spec);
  std::set<const clang::Type *> seen;
  for (const clang::FunctionDecl *one : instances) {
    add_for_type(one->getReturnType(), headers, seen);
    for (const clang::ParmVarDecl *param : one->parameters())
      add_for_type(param->getType(), headers, seen);
    if (const auto *method = llvm::dyn_cast<clang::CXXMethodDecl>(one); method && !method->isStatic())
      add_for_type(compat::type_of(*method->getParent()), headers, seen);
  }
}

} // namespace npcache::tool
