#include "eligibility.hpp"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/StmtCXX.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>

namespace npcache::tool {

namespace {

// Whether writing through `type` reaches the caller's data: an Eigen Matrix or Array that
// is not const, or a view of one that can write (as in writable_eigen_view).
bool eigen_lvalue(clang::QualType type);

// Eigen's views that write into what they view, when that is not const: Ref<M> by value
// is Eigen's idiom for an output parameter. (codec/eigen.hpp's writes_through says the
// same at compile time, for the types of a template's instances too.) A const view, or a
// const reference to one, writes only through a copy or a cast, as a const reference would.
bool writable_eigen_view(clang::QualType type) {
  const auto *view = llvm::dyn_cast_or_null<clang::ClassTemplateSpecializationDecl>(
      type.getNonReferenceType()->getAsCXXRecordDecl());
  static const std::set<std::string> kViews = {
      "Eigen::Ref", "Eigen::Map", "Eigen::Block", "Eigen::VectorBlock", "Eigen::Transpose",
      "Eigen::Reverse", "Eigen::Diagonal", "Eigen::Reshaped", "Eigen::IndexedView",
      "Eigen::ArrayWrapper", "Eigen::MatrixWrapper"};
  if (view == nullptr || view->getTemplateArgs().size() == 0 ||
      kViews.count(view->getSpecializedTemplate()->getQualifiedNameAsString()) == 0)
    return false;
  const clang::TemplateArgument &viewed = view->getTemplateArgs()[0];
  return viewed.getKind() == clang::TemplateArgument::Type && eigen_lvalue(viewed.getAsType());
}

bool eigen_lvalue(clang::QualType type) {
  if (type.isConstQualified())
    return false;
  if (const auto *plain = llvm::dyn_cast_or_null<clang::ClassTemplateSpecializationDecl>(type->getAsCXXRecordDecl())) {
    const std::string name = plain->getSpecializedTemplate()->getQualifiedNameAsString();
    if (name == "Eigen::Matrix" || name == "Eigen::Array")
      return true;
  }
  return writable_eigen_view(type);
}

// What in `type` the function could write the caller's data through even when the value
// is const: a non-const lvalue reference or a writable Eigen view held in a field (of a
// struct, a base, or a standard type's implementation) or named as a template argument (a
// std::vector<Eigen::Map<M>>'s elements). Empty if nothing. Eigen's own types are told by
// writable_eigen_view alone, and pointers are not followed: a raw pointer has no codec.
std::string held_output(clang::QualType type, std::set<const clang::Type *> &seen) {
  const clang::CXXRecordDecl *record = type->getAsCXXRecordDecl();
  if (record == nullptr || !seen.insert(type->getCanonicalTypeInternal().getTypePtr()).second ||
      record->getQualifiedNameAsString().rfind("Eigen::", 0) == 0)
    return "";
  clang::PrintingPolicy policy(record->getASTContext().getLangOpts());
  policy.SuppressTagKeyword = true; // template arguments are canonical: no "class Eigen::Map"
  auto part = [&](clang::QualType inner, const std::string &what) -> std::string {
    if (inner->isLValueReferenceType() && !inner->getPointeeType().isConstQualified())
      return what + " of type '" + inner.getAsString(policy) + "'";
    clang::QualType value = inner.getNonReferenceType();
    if (writable_eigen_view(value.getUnqualifiedType()))
      return what + " of type '" + value.getUnqualifiedType().getAsString(policy) + "' (a view that writes)";
    return held_output(value, seen);
  };
  // An argument's type may not be instantiated (a std::map's std::vector<Job>).
  if (const auto *spec = llvm::dyn_cast<clang::ClassTemplateSpecializationDecl>(record))
    for (const clang::TemplateArgument &arg : spec->getTemplateArgs().asArray())
      if (arg.getKind() == clang::TemplateArgument::Type)
        if (std::string found = part(arg.getAsType(), "a template argument"); !found.empty())
          return found;
  if (!record->hasDefinition())
    return "";
  record = record->getDefinition();
  for (const clang::FieldDecl *field : record->fields())
    if (std::string found = part(field->getType(), "field '" + field->getQualifiedNameAsString() + "'");
        !found.empty())
      return found;
  for (const clang::CXXBaseSpecifier &base : record->bases())
    if (std::string found = held_output(base.getType(), seen); !found.empty())
      return found;
  return "";
}

// The error's tail for a parameter or *this whose type holds an output, or empty.
std::string output_inside(clang::QualType type) {
  std::set<const clang::Type *> seen;
  const std::string held = held_output(type, seen);
  if (held.empty())
    return held;
  return " can write into the caller's data through " + held + ", even when const: an output that a "
         "cached call would skip; hold a const reference or a value, and return what it writes";
}

} // namespace

std::vector<Problem> caching_problems(const clang::FunctionDecl &fn) {
  std::vector<Problem> out;
  const clang::SourceLocation at = fn.getLocation();
  auto fail = [&](clang::SourceLocation where, std::string message) {
    out.push_back({where, std::move(message)});
    return out;
  };
  // The wrapper and the runtime's headers are C++17 (std::optional, std::invoke_result_t,
  // if constexpr): in an older file they would not compile, with errors about the wrapper.
  if (const clang::LangOptions &lang = fn.getASTContext().getLangOpts(); !lang.CPlusPlus)
    return fail(at, "[[npcache::cached]] caches C++ functions; this file is compiled as C (compile it as "
                    "C++17 or later: g++, or -x c++, or CMake's LANGUAGE CXX for the file)");
  else if (!lang.CPlusPlus17)
    return fail(at, std::string("[[npcache::cached]] needs C++17 or later; this file is compiled as ") +
                        (lang.CPlusPlus14 ? "C++14" : lang.CPlusPlus11 ? "C++11" : "C++98") +
                        " (-std=c++17 or later)");
  if (at.isMacroID() || fn.getBody() == nullptr || fn.getBody()->getBeginLoc().isMacroID())
    return fail(at, "[[npcache::cached]] cannot rewrite a function that a macro defines");
  if (const auto *method = llvm::dyn_cast<clang::CXXMethodDecl>(&fn)) {
    if (llvm::isa<clang::CXXConstructorDecl, clang::CXXDestructorDecl, clang::CXXConversionDecl>(method))
      return fail(at, "constructors, destructors and conversion functions cannot be cached");
    if (!method->isStatic() && !method->isConst())
      return fail(at, "a non-const member function may change *this, which a cached call would "
                      "skip; make it const or static");
    if (method->getParent()->isDependentContext())
      return fail(at, "[[npcache::cached]] on members of class templates is not supported yet");
    if (method->getParent()->isLambda())
      return fail(at, "[[npcache::cached]] on a lambda is not supported");
    if (!method->isStatic())
      if (std::string held = output_inside(method->getThisType()->getPointeeType()); !held.empty())
        return fail(at, "'*this' of type '" + method->getParent()->getQualifiedNameAsString() + "'" + held);
  }
  if (const clang::FunctionTemplateDecl *tmpl = fn.getDescribedFunctionTemplate())
    for (const clang::NamedDecl *param : *tmpl->getTemplateParameters()) {
      if (llvm::isa<clang::TemplateTemplateParmDecl>(param) || param->isParameterPack())
        return fail(param->getLocation(), "template template parameters and parameter packs of a "
                                          "cached function are not supported yet");
      if (const auto *value = llvm::dyn_cast<clang::NonTypeTemplateParmDecl>(param)) {
        clang::QualType type = value->getType();
        if (type->isPointerType() || type->isReferenceType() || type->isMemberPointerType() ||
            type->isNullPtrType())
          return fail(param->getLocation(), "template parameter of type '" + type.getAsString() +
                                                "' would key the cache on an address; use a value type");
      }
    }
  if (fn.isMain())
    return fail(at, "'main' cannot be cached");
  if (fn.isConstexpr())
    return fail(at, "a constexpr function cannot be cached");
  if (fn.isVariadic())
    return fail(at, "a variadic function cannot be cached: its arguments have no codec");
  if (llvm::isa<clang::CoroutineBodyStmt>(fn.getBody()))
    return fail(at, "a coroutine cannot be cached");
  clang::QualType result = fn.getReturnType();
  clang::SourceLocation result_at = fn.getReturnTypeSourceRange().getBegin();
  if (result_at.isInvalid())
    result_at = at;
  if (result->isVoidType())
    return fail(result_at, "a function returning 'void' has nothing to cache");
  if (result->isReferenceType() || result->isPointerType())
    return fail(result_at, "result type '" + result.getAsString() + "' has no codec: " +
                               (result->isPointerType() ? "a pointer's value is an address"
                                                        : "return a value, not a reference"));
  for (const clang::ParmVarDecl *param : fn.parameters()) {
    clang::QualType type = param->getType();
    std::string what = "parameter '" + param->getNameAsString() + "' of type '" + type.getAsString() + "'";
    clang::SourceLocation where = param->getLocation().isValid() ? param->getLocation() : at;
    if (type->isPointerType() || type->isArrayType())
      out.push_back({where, what + " has no codec: a raw pointer's key would be its address; pass "
                                   "a value, a const reference or a std::vector"});
    else if (type->isLValueReferenceType() && !type->getPointeeType().isConstQualified())
      out.push_back({where, what + " may be an output of the function, which a cached call would "
                                   "skip; take it by value or const reference"});
    else if (type->isRValueReferenceType())
      out.push_back({where, what + " is an rvalue reference; take it by value"});
    else if (!type->isReferenceType() && !type.isConstQualified() && writable_eigen_view(type))
      out.push_back({where, what + " is a view the function can write through, an output that a "
                                   "cached call would skip; take Eigen::Ref<const ...> or a const "
                                   "reference, and return what it writes"});
    else if (std::string held = output_inside(type.getNonReferenceType()); !held.empty())
      out.push_back({where, what + held});
  }
  return out;
}

namespace {

// Whether std::tuple_size has a specialization (full or partial) for this record.
bool declares_tuple_size(const clang::CXXRecordDecl &record) {
  clang::ASTContext &ctx = record.getASTContext();
  const auto *std_ns = [&]() -> const clang::NamespaceDecl * {
    for (const clang::NamedDecl *d : ctx.getTranslationUnitDecl()->lookup(&ctx.Idents.get("std")))
      if (const auto *ns = llvm::dyn_cast<clang::NamespaceDecl>(d))
        return ns;
    return nullptr;
  }();
  if (std_ns == nullptr)
    return false;
  const clang::CXXRecordDecl *pattern = &record;
  if (const auto *spec = llvm::dyn_cast<clang::ClassTemplateSpecializationDecl>(&record))
    pattern = spec->getSpecializedTemplate()->getTemplatedDecl();
  for (const clang::NamedDecl *d : std_ns->lookup(&ctx.Idents.get("tuple_size"))) {
    const auto *tuple_size = llvm::dyn_cast<clang::ClassTemplateDecl>(d);
    if (tuple_size == nullptr)
      continue;
    auto names_record = [&](const clang::TemplateArgumentList &args) {
      if (args.size() != 1 || args[0].getKind() != clang::TemplateArgument::Type)
        return false;
      clang::QualType type = args[0].getAsType();
      const clang::CXXRecordDecl *arg = type->getAsCXXRecordDecl();
      if (const auto *named = type->getAs<clang::TemplateSpecializationType>(); arg == nullptr && named)
        if (const auto *tmpl = llvm::dyn_cast_or_null<clang::ClassTemplateDecl>(
                named->getTemplateName().getAsTemplateDecl()))
          arg = tmpl->getTemplatedDecl(); // a partial specialization: tuple_size<Grid<T>>
      if (arg == nullptr)
        return false;
      if (const auto *spec = llvm::dyn_cast<clang::ClassTemplateSpecializationDecl>(arg))
        arg = spec->getSpecializedTemplate()->getTemplatedDecl();
      return arg->getCanonicalDecl() == pattern->getCanonicalDecl();
    };
    for (const clang::ClassTemplateSpecializationDecl *spec : tuple_size->specializations())
      if (names_record(spec->getTemplateArgs()))
        return true;
    llvm::SmallVector<clang::ClassTemplatePartialSpecializationDecl *, 4> partials;
    const_cast<clang::ClassTemplateDecl *>(tuple_size)->getPartialSpecializations(partials);
    for (const clang::ClassTemplatePartialSpecializationDecl *partial : partials)
      if (names_record(partial->getTemplateArgs()))
        return true;
  }
  return false;
}

bool builtin_codec(clang::QualType type, bool as_parameter, std::set<const clang::Type *> &seen);

// Eigen's value types by their scalar (codec/eigen*.hpp); views, maps and the bases a
// function template takes (MatrixBase<D>) as parameters only, keyed on their values.
bool eigen_builtin_codec(const clang::ClassTemplateSpecializationDecl &spec, bool as_parameter,
                         std::set<const clang::Type *> &seen) {
  const llvm::StringRef name = spec.getName();
  const auto &args = spec.getTemplateArgs();
  auto first_type = [&]() -> clang::QualType {
    return args.size() > 0 && args[0].getKind() == clang::TemplateArgument::Type ? args[0].getAsType()
                                                                                 : clang::QualType();
  };
  if (name == "Matrix" || name == "Array" || name == "SparseMatrix" || name == "Tensor") {
    clang::QualType scalar = first_type();
    return !scalar.isNull() && builtin_codec(scalar, false, seen);
  }
  if (!as_parameter)
    return false;
  if (name == "Ref" || name == "Map") {
    clang::QualType plain = first_type();
    return !plain.isNull() && builtin_codec(plain.getUnqualifiedType(), false, seen);
  }
  return name == "MatrixBase" || name == "ArrayBase" || name == "DenseBase";
}

// The scalars that have codecs in every dialect (codec/core.hpp): the standard arithmetic
// types and the 128-bit integers. Clang counts more as arithmetic (__float128, _Float16,
// __bf16, __fp16, _BitInt), for which a build of the wrapper would fail.
bool scalar_codec(const clang::Type &type) {
  const auto *builtin = llvm::dyn_cast<clang::BuiltinType>(&type);
  if (builtin == nullptr)
    return false;
  switch (builtin->getKind()) {
  case clang::BuiltinType::Bool:
  case clang::BuiltinType::Char_S:
  case clang::BuiltinType::Char_U:
  case clang::BuiltinType::SChar:
  case clang::BuiltinType::UChar:
  case clang::BuiltinType::WChar_S:
  case clang::BuiltinType::WChar_U:
  case clang::BuiltinType::Char8:
  case clang::BuiltinType::Char16:
  case clang::BuiltinType::Char32:
  case clang::BuiltinType::Short:
  case clang::BuiltinType::UShort:
  case clang::BuiltinType::Int:
  case clang::BuiltinType::UInt:
  case clang::BuiltinType::Long:
  case clang::BuiltinType::ULong:
  case clang::BuiltinType::LongLong:
  case clang::BuiltinType::ULongLong:
  case clang::BuiltinType::Int128:
  case clang::BuiltinType::UInt128:
  case clang::BuiltinType::Float:
  case clang::BuiltinType::Double:
  case clang::BuiltinType::LongDouble:
    return true;
  default:
    return false;
  }
}

bool builtin_codec(clang::QualType type, bool as_parameter, std::set<const clang::Type *> &seen) {
  type = type.getNonReferenceType().getCanonicalType().getUnqualifiedType();
  if (type->isDependentType())
    return false;
  if (type->isEnumeralType())
    return true;
  if (type->isArithmeticType())
    return scalar_codec(*type);
  const clang::CXXRecordDecl *record = type->getAsCXXRecordDecl();
  if (record == nullptr)
    return false;
  if (!seen.insert(type.getTypePtr()).second)
    return false; // a recursive type has no finite encoding by fields
  if (is_input_type(*record))
    return as_parameter; // keyed on content; a result cannot be one (input_file.hpp)
  if (const auto *spec = llvm::dyn_cast<clang::ClassTemplateSpecializationDecl>(record);
      spec != nullptr && eigen_codec(*record) != nullptr)
    return eigen_builtin_codec(*spec, as_parameter, seen);
  if (const auto *spec = llvm::dyn_cast<clang::ClassTemplateSpecializationDecl>(record)) {
    const StdCodec *codec = std_codec(*spec);
    if (codec == nullptr || (codec->view && !as_parameter))
      return false;
    for (const clang::TemplateArgument &arg : spec->getTemplateArgs().asArray()) {
      if (arg.getKind() == clang::TemplateArgument::Type) {
        clang::QualType element = arg.getAsType();
        // Allocators, comparators, hashers and traits are not encoded.
        const clang::CXXRecordDecl *helper = element->getAsCXXRecordDecl();
        bool support = helper != nullptr && helper->isInStdNamespace() &&
                       (helper->getName() == "allocator" || helper->getName() == "less" ||
                        helper->getName() == "hash" || helper->getName() == "equal_to" ||
                        helper->getName() == "char_traits" || helper->getName() == "ratio");
        if (!support && !builtin_codec(element, false, seen))
          return false;
      } else if (arg.getKind() == clang::TemplateArgument::Pack) {
        for (const clang::TemplateArgument &item : arg.pack_elements())
          if (item.getKind() == clang::TemplateArgument::Type && !builtin_codec(item.getAsType(), false, seen))
            return false;
      }
    }
    return true;
  }
  // A plain struct: an aggregate of at most 16 fields with codecs, no bases, not polymorphic,
  // no array members. (A standard container needs no definition here: a reference to one
  // does not instantiate it.)
  if (!record->hasDefinition() || !record->isAggregate() || record->getNumBases() != 0 || record->isPolymorphic() ||
      record->isUnion())
    return false;
  if (declares_tuple_size(*record))
    return false; // bound by its get<I>(), not its fields (codec/core.hpp)
  unsigned fields = 0;
  for (const clang::FieldDecl *field : record->fields()) {
    if (++fields > 16 || field->getType()->isArrayType() || field->isBitField() ||
        !builtin_codec(field->getType(), false, seen))
      return false;
  }
  return true;
}

} // namespace

const StdCodec *std_codec(const clang::ClassTemplateSpecializationDecl &spec) {
  static const std::map<std::string, StdCodec> kCodecs = {
      {"basic_string", {"core", false}},   {"vector", {"core", false}},
      {"array", {"core", false}},          {"pair", {"core", false}},
      {"tuple", {"core", false}},          {"optional", {"core", false}},
      {"basic_string_view", {"core", true}}, {"span", {"span", true}},
      {"variant", {"variant", false}},     {"map", {"map", false}},
      {"set", {"set", false}},             {"unordered_map", {"unordered", false}},
      {"unordered_set", {"unordered", false}}, {"complex", {"numeric", false}},
      {"valarray", {"numeric", false}},    {"deque", {"numeric", false}},
      {"list", {"numeric", false}},        {"bitset", {"numeric", false}},
      {"chrono::duration", {"numeric", false}}};
  std::string name;
  if (spec.isInStdNamespace()) {
    name = spec.getName().str();
  } else if (const auto *ns = llvm::dyn_cast<clang::NamespaceDecl>(spec.getDeclContext()->getNonTransparentContext());
             ns != nullptr && ns->getName() == "chrono" && ns->isInStdNamespace()) {
    name = "chrono::" + spec.getName().str();
  } else {
    return nullptr;
  }
  auto it = kCodecs.find(name);
  return it == kCodecs.end() ? nullptr : &it->second;
}

bool is_input_type(const clang::CXXRecordDecl &record) {
  const auto *ns = llvm::dyn_cast<clang::NamespaceDecl>(record.getDeclContext()->getNonTransparentContext());
  return ns != nullptr && ns->getName() == "npcache" && ns->getParent()->isTranslationUnit() &&
         (record.getName() == "input_file" || record.getName() == "input_dir");
}

void drop_keyed_reads(const clang::FunctionDecl &fn, std::vector<Impurity> &impurities) {
  bool keyed = std::any_of(fn.param_begin(), fn.param_end(), [](const clang::ParmVarDecl *param) {
    const clang::CXXRecordDecl *record = param->getType().getNonReferenceType()->getAsCXXRecordDecl();
    return record != nullptr && is_input_type(*record);
  });
  if (keyed)
    impurities.erase(std::remove_if(impurities.begin(), impurities.end(),
                                    [](const Impurity &i) { return i.reads_files; }),
                     impurities.end());
}

const char *eigen_codec(const clang::CXXRecordDecl &record) {
  const clang::NamespaceDecl *top = nullptr; // the outermost
  for (const clang::DeclContext *dc = record.getDeclContext(); dc != nullptr; dc = dc->getParent())
    if (const auto *ns = llvm::dyn_cast<clang::NamespaceDecl>(dc))
      top = ns;
  if (top == nullptr || top->getName() != "Eigen")
    return nullptr;
  if (record.getName() == "SparseMatrix")
    return "eigen_sparse";
  if (record.getName() == "Tensor")
    return "eigen_tensor";
  return "eigen";
}

bool has_builtin_codec(clang::QualType type, bool as_parameter) {
  std::set<const clang::Type *> seen;
  return builtin_codec(type, as_parameter, seen);
}

} // namespace npcache::tool
