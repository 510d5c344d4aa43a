#include "digest.hpp"
#include "clang_compat.hpp"
#include "raw_tokens.hpp"
#include "common/summary.hpp"

#include <npcache/codec.hpp>

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclOpenMP.h"
#include "clang/AST/OpenMPClause.h"
#include "clang/AST/StmtOpenMP.h"
#include "clang/AST/Attr.h"
#include "clang/AST/RecordLayout.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Mangle.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ExprConcepts.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/Stmt.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Basic/TypeTraits.h"
#include "clang/Lex/Lexer.h"
#include "clang/Index/USRGeneration.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cstdio>
#include <string_view>
#include <map>
#include <memory>
#include <optional>
#include <set>

namespace npcache::tool {
namespace {

// The file system and input: what npcache::input_file parameters can put in the key.
bool reads_files(const std::string &name) {
  static const std::set<std::string> kNames = {
      "stat", "lstat", "fstat", "fstatat", "stat64", "lstat64", "fstat64", "statx", "access",
      "faccessat", "open", "openat", "read", "pread", "pread64", "readv", "preadv", "opendir",
      "fdopendir", "readdir", "readdir_r", "scandir", "glob", "realpath", "getcwd",
      "readlink", "readlinkat", "fopen", "freopen", "fdopen", "fread", "fgets", "fgetc",
      "getc", "fscanf", "vfscanf", "scanf", "vscanf", "getchar", "getline", "getdelim",
      "mmap", "statvfs", "fstatvfs", "statfs", "fstatfs", "std::getline", "std::cin",
      "std::wcin", "std::basic_ifstream",
      "std::basic_fstream"};
  if (kNames.count(name) != 0)
    return true;
  auto starts = [&name](std::string_view prefix) { return name.rfind(prefix, 0) == 0; };
  // Everything of std::filesystem asks the file system, but paths and statuses in memory.
  return starts("std::filesystem::") && !starts("std::filesystem::path") &&
         !starts("std::filesystem::file_status") && !starts("std::filesystem::operator") &&
         name != "std::filesystem::u8path" && name != "std::filesystem::hash_value" &&
         name != "std::filesystem::swap" && name != "std::filesystem::status_known";
}

// Functions, types and variables of the system and the standard library whose results
// depend on more than their arguments (randomness, clocks and counters, the process and
// the machine, the environment, the file system, input, the network, shared memory), or
// whose effects a hit would skip (output to the terminal, files and sockets). Only
// declarations in system headers match, so that a function of the user's called `read`
// or `time` is walked like any other.
bool impure_name(const std::string &name) {
  if (reads_files(name))
    return true;
  static const std::set<std::string> kNames = {
      // randomness
      "rand", "random", "rand_r", "random_r", "drand48", "erand48", "lrand48", "nrand48",
      "mrand48", "jrand48", "arc4random", "arc4random_uniform", "getrandom", "getentropy",
      "std::random_device", "_rdrand16_step", "_rdrand32_step", "_rdrand64_step",
      "_rdseed16_step", "_rdseed32_step", "_rdseed64_step", "__builtin_ia32_rdrand16_step",
      "__builtin_ia32_rdrand32_step", "__builtin_ia32_rdrand64_step", "__builtin_ia32_rdseed16_step",
      "__builtin_ia32_rdseed32_step", "__builtin_ia32_rdseed64_step", "__builtin_ia32_rdseed_hi_step",
      "__builtin_ia32_rdseed_si_step", "__builtin_ia32_rdseed_di_step", "__rndr", "__rndrrs",
      "__builtin_arm_rndr", "__builtin_arm_rndrrs",
      // clocks and counters
      "time", "clock", "gettimeofday", "clock_gettime", "timespec_get", "times", "ftime",
      "getrusage", "localtime", "localtime_r", "mktime", "ctime", "ctime_r", "tzset", "__rdtsc", "__rdtscp", "_rdtsc",
      "__builtin_ia32_rdtsc", "__builtin_ia32_rdtscp", "__builtin_readcyclecounter",
      "__builtin_readsteadycounter",
      // the process, the thread and the machine
      "getpid", "getppid", "gettid", "getuid", "geteuid", "getgid", "getegid", "getpgrp",
      "getsid", "pthread_self", "std::this_thread::get_id", "sched_getcpu", "syscall",
      "sysconf", "get_nprocs", "get_nprocs_conf", "std::thread::hardware_concurrency",
      "uname", "gethostname", "getlogin", "getlogin_r", "getpwuid", "getpwnam", "getrlimit",
      // how much of the machine the process has now: free memory, load, the CPUs it may
      // run on (what a function may size its blocks or split its work by)
      "sysinfo", "getloadavg", "get_phys_pages", "get_avphys_pages", "getpagesize",
      "sched_getaffinity", "pthread_getaffinity_np", "getcpu", "malloc_usable_size",
      "mallinfo", "mallinfo2",
      "system", "popen", "fork", "dlopen", "dlsym",
      "__builtin_cpu_supports", "__builtin_cpu_is",
      // the environment and the locale
      "getenv", "secure_getenv", "environ", "__environ", "setlocale", "localeconv",
      "std::locale::global", "std::locale::classic",
      // the floating-point exception flags and errno: a miss runs the function with them
      // cleared (so that what it sets can be kept), and a hit does not run it. Only a read
      // differs from the uncached call, but errno's reads and writes are one call.
      "fetestexcept", "fegetexceptflag", "fegetenv", "feholdexcept", "__errno_location",
      // shared memory and messages
      "shm_open", "shmat", "shmget", "mq_receive", "mq_timedreceive", "msgrcv",
      "sem_getvalue",
      // the network
      "socket", "connect", "accept", "accept4", "recv", "recvfrom", "recvmsg", "getaddrinfo",
      "gethostbyname", "gethostbyaddr", "getnameinfo", "poll", "select", "epoll_wait",
      // what a call leaves changed for the rest of the process, which a hit skips: the
      // file system, the environment, the seed of rand(), the rounding mode, signal
      // handlers, limits and exit handlers (a function that sets the rounding mode returned
      // the same value from a hit, and the caller's next division rounded otherwise)
      "remove", "rename", "renameat", "renameat2", "unlink", "unlinkat", "mkdir", "mkdirat",
      "rmdir", "link", "linkat", "symlink", "symlinkat", "chmod", "fchmod", "fchmodat", "chown",
      "fchown", "lchown", "truncate", "ftruncate", "utime", "utimes", "utimensat", "futimens",
      "mkstemp", "mkostemp", "mkstemps", "mkdtemp", "tmpfile", "tmpnam", "tempnam", "chdir",
      "fchdir", "umask", "setenv", "putenv", "unsetenv", "clearenv", "srand", "srandom",
      "srand48", "seed48", "lcong48", "fesetround", "fesetenv", "feupdateenv", "feenableexcept",
      "fedisableexcept", "_mm_setcsr", "signal", "sigaction", "raise", "kill", "setrlimit",
      "prlimit", "setpriority", "nice", "sched_setaffinity", "pthread_setaffinity_np", "atexit",
      "at_quick_exit", "std::set_terminate", "std::set_new_handler",
      // output: a hit skips it
      "printf", "fprintf", "vprintf", "vfprintf", "dprintf", "puts", "fputs", "putchar", "putc",
      "fputc", "fwrite", "perror", "write", "pwrite", "pwrite64", "writev", "send", "sendto",
      "sendmsg", "std::cout", "std::cerr", "std::clog", "std::wcout", "std::wcerr", "std::wclog",
      "std::printf", "std::fprintf", "std::puts", "std::putchar", "std::fwrite"};
  if (kNames.count(name) != 0)
    return true;
  auto starts = [&name](std::string_view prefix) { return name.rfind(prefix, 0) == 0; };
  auto ends = [&name](std::string_view suffix) {
    return name.size() >= suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  if (starts("exec") && name.size() <= 6) // execl, execv, execvp, ...
    return true;
  // MPI: what a call receives comes from other processes (a rank, a reduction over all of
  // them), and what it sends would not be sent on a hit, which another rank waits for.
  if (starts("MPI_") || starts("PMPI_"))
    return true;
  // The OpenMP runtime's queries answer from the environment (OMP_NUM_THREADS, the
  // machine, the clock) and its setters change it; its locks and allocators only serve
  // the computation.
  if (starts("omp_"))
    return name.find("lock") == std::string::npos && name.find("alloc") == std::string::npos &&
           name != "omp_free";
  // std::chrono::system_clock::now and the other clocks
  if (starts("std::chrono::") && ends("::now"))
    return true;
  // Writing to any output stream, std::cout or a file
  return starts("std::basic_ostream") || starts("std::basic_ofstream") || starts("std::basic_filebuf");
}

} // namespace
namespace {

using Overriders = std::map<const clang::CXXMethodDecl *, std::vector<const clang::CXXMethodDecl *>>;
using Specializations = std::map<const clang::TagDecl *, std::vector<const clang::CXXRecordDecl *>>;

// What the digest works out once per translation unit. `--summarize` parses many in one
// process, and a new ASTContext or SourceManager may be allocated where the last one was:
// new_translation_unit() drops it all, rather than trusting an address.
struct UnitCaches {
  std::vector<clang::SourceRange> skipped; // skipped_ranges()
  std::vector<clang::SourceLocation> pragmas; // pragma_locations()
  std::optional<Overriders> overriders;
  std::optional<Specializations> specializations;
  std::unique_ptr<clang::ASTNameGenerator> names;
  std::map<clang::FileID, Key128> system_headers;
  std::optional<std::vector<std::string>> declared_by_system_headers;
  std::vector<GccOptionPragma> gcc_options;
  std::map<std::string, std::string> system_configuration;
};

UnitCaches &unit_caches() {
  static UnitCaches caches;
  return caches;
}

// Every method that overrides another, directly or not, under the canonical declaration of
// each method it overrides, in the order the translation unit defines them.
const Overriders &overriders_of(const clang::ASTContext &context) {
  std::optional<Overriders> &overriders = unit_caches().overriders;
  if (overriders)
    return *overriders;
  struct Collector : clang::RecursiveASTVisitor<Collector> {
    Overriders &out;
    bool VisitCXXMethodDecl(clang::CXXMethodDecl *method) {
      if (!method->isThisDeclarationADefinition())
        return true;
      std::vector<const clang::CXXMethodDecl *> bases(method->begin_overridden_methods(),
                                                       method->end_overridden_methods());
      while (!bases.empty()) {
        const clang::CXXMethodDecl *base = bases.back();
        bases.pop_back();
        out[base->getCanonicalDecl()].push_back(method);
        bases.insert(bases.end(), base->begin_overridden_methods(), base->end_overridden_methods());
      }
      return true;
    }
  } collector{{}, overriders.emplace()};
  collector.TraverseDecl(const_cast<clang::TranslationUnitDecl *>(context.getTranslationUnitDecl()));
  return *overriders;
}

// The record or enum behind pointers, references and arrays.
const clang::TagDecl *tag_of(clang::QualType t) {
  t = t.getCanonicalType();
  while (t->isPointerType() || t->isReferenceType() || t->isArrayType())
    t = t->isArrayType() ? clang::QualType(t->getArrayElementTypeNoTypeQual(), 0).getCanonicalType()
                         : t->getPointeeType().getCanonicalType();
  return t->getAsTagDecl();
}

// npcache::codec, when the translation unit declares it.
const clang::ClassTemplateDecl *codec_template_of(const clang::ASTContext &context) {
  auto &ctx = const_cast<clang::ASTContext &>(context);
  for (const clang::NamedDecl *ns_decl : ctx.getTranslationUnitDecl()->lookup(&ctx.Idents.get("npcache")))
    if (const auto *ns = llvm::dyn_cast<clang::NamespaceDecl>(ns_decl))
      for (const clang::NamedDecl *d : ns->lookup(&ctx.Idents.get("codec")))
        if (const auto *tmpl = llvm::dyn_cast<clang::ClassTemplateDecl>(d))
          return tmpl->getCanonicalDecl();
  return nullptr;
}

// The real path of the file that declares `decl`; empty if there is none.
std::string real_path_of(const clang::Decl &decl) {
  const clang::SourceManager &sources = decl.getASTContext().getSourceManager();
  clang::FileID id = sources.getFileID(sources.getExpansionLoc(decl.getLocation()));
  clang::OptionalFileEntryRef file = sources.getFileEntryRefForID(id);
  return file ? file->getFileEntry().tryGetRealPathName().str() : std::string();
}

// The folder of npcache's own headers (".../npcache/"), where the primary npcache::codec is
// declared: the codecs there are npcache's, however the build includes them (-I when
// npcache is built in the same tree, where the program's headers are no system ones either).
std::string npcache_headers(const clang::ClassTemplateDecl &codec) {
  std::string path = real_path_of(codec);
  std::size_t at = path.rfind("/npcache/");
  return at == std::string::npos ? std::string() : path.substr(0, at + 9);
}

// Whether the program wrote `decl`, a codec: not in a system header, nor in npcache's.
bool programs_codec(const clang::Decl &decl, const std::string &npcache_dir) {
  return !in_system_header(decl) &&
         (npcache_dir.empty() || !llvm::StringRef(real_path_of(decl)).starts_with(npcache_dir));
}

// Whether `spec`, a specialization of npcache::codec<T, Enable>, is the codec of `tag`.
bool codec_of(const clang::ClassTemplateSpecializationDecl &spec, const clang::TagDecl &tag) {
  const clang::TemplateArgumentList &args = spec.getTemplateArgs();
  if (args.size() == 0 || args[0].getKind() != clang::TemplateArgument::Type)
    return false;
  const clang::TagDecl *of = args[0].getAsType()->getAsTagDecl();
  return of != nullptr && of->getCanonicalDecl() == tag.getCanonicalDecl();
}

// Whether the program wrote the definition: an instance of a partial specialization is
// where the primary template is, which may be a system header.
bool written_by_program(const clang::TagDecl &tag) {
  const auto *spec = llvm::dyn_cast<clang::ClassTemplateSpecializationDecl>(&tag);
  if (spec == nullptr || spec->isExplicitSpecialization())
    return !in_system_header(tag);
  auto pattern = spec->getSpecializedTemplateOrPartial();
  if (const auto *partial = llvm::dyn_cast<clang::ClassTemplatePartialSpecializationDecl *>(pattern))
    return !in_system_header(*partial);
  return !in_system_header(*llvm::cast<clang::ClassTemplateDecl *>(pattern));
}

// The program's types in a template argument, however deep: Key in std::optional<Key>*.
void types_in(const clang::TemplateArgument &arg, std::vector<const clang::TagDecl *> &out) {
  if (arg.getKind() == clang::TemplateArgument::Pack) {
    for (const clang::TemplateArgument &element : arg.pack_elements())
      types_in(element, out);
    return;
  }
  if (arg.getKind() != clang::TemplateArgument::Type)
    return;
  const clang::TagDecl *tag = tag_of(arg.getAsType());
  if (tag == nullptr)
    return;
  out.push_back(tag->getCanonicalDecl());
  if (const auto *spec = llvm::dyn_cast<clang::ClassTemplateSpecializationDecl>(tag))
    for (const clang::TemplateArgument &inner : spec->getTemplateArgs().asArray())
      types_in(inner, out);
}

// The program's specializations of system class templates (std::hash<Key>,
// Eigen::NumTraits<Scalar>, fmt::formatter<Point>, or an instance of a partial
// specialization the program wrote), under each type of their arguments. System code
// picks them by the type alone: std::hash<std::optional<Key>> calls std::hash<Key>.
const Specializations &specializations_of(const clang::ASTContext &context) {
  std::optional<Specializations> &specializations = unit_caches().specializations;
  if (specializations)
    return *specializations;
  struct Collector : clang::RecursiveASTVisitor<Collector> {
    Specializations &out;
    bool shouldVisitTemplateInstantiations() const { return true; }
    bool VisitClassTemplateSpecializationDecl(clang::ClassTemplateSpecializationDecl *spec) {
      if (!in_system_header(*spec->getSpecializedTemplate()) || !written_by_program(*spec) ||
          spec->getDefinition() == nullptr)
        return true;
      std::vector<const clang::TagDecl *> types;
      for (const clang::TemplateArgument &arg : spec->getTemplateArgs().asArray())
        types_in(arg, types);
      for (const clang::TagDecl *type : types)
        if (!in_system_header(*type))
          out[type].push_back(spec->getDefinition());
      return true;
    }
  } collector{{}, specializations.emplace()};
  collector.TraverseDecl(const_cast<clang::TranslationUnitDecl *>(context.getTranslationUnitDecl()));
  return *specializations;
}

// The contents of a system header, which the digest covers in place of the code it only
// names there: an upgrade of a library's headers (Eigen, Boost, a vendor's) changes what
// that code does while the compiler, and so the build context, stay the same. Contents
// only, so that where the headers are installed does not matter. Zero for Clang's own
// headers: the compiler that builds is not this Clang, and its version is in the build
// context. Each file is hashed once per translation unit.
Key128 system_header_contents(const clang::SourceManager &sources, clang::FileID file) {
  auto [it, added] = unit_caches().system_headers.emplace(file, Key128{});
  if (!added)
    return it->second;
  const clang::OptionalFileEntryRef entry = sources.getFileEntryRefForID(file);
  if (entry && !entry->getName().starts_with(NPCACHE_CLANG_RESOURCE_DIR "/"))
    if (std::optional<llvm::StringRef> text = sources.getBufferDataIfLoaded(file))
      it->second = hash_bytes(text->data(), text->size());
  return it->second;
}

// What system headers declare and the translation unit does not define, by symbol: the
// functions (and variables) that the inline code of those headers may call, whose bodies
// the parse skips. A project's own library included through -isystem (CMake's SYSTEM, or
// FetchContent's) declares its functions there, and its files define them: until
// 2026-12-06 an edit of such a function, reached through the header's inline code, hit
// the old result. The C library's headers and namespace std are left out, as no file of
// a project defines what they declare; everything else is left to the link, which counts
// only those a file of the link defines.
const std::vector<std::string> &declared_by_system_headers(const clang::ASTContext &context) {
  std::optional<std::vector<std::string>> &declared = unit_caches().declared_by_system_headers;
  if (declared)
    return *declared;
  const clang::SourceManager &sources = context.getSourceManager();
  std::set<std::string> symbols;
  auto outside_c_library = [&](const clang::Decl &decl) {
    const clang::SourceLocation at = sources.getExpansionLoc(decl.getLocation());
    return sources.isInSystemHeader(at) && sources.getFileCharacteristic(at) != clang::SrcMgr::C_ExternCSystem;
  };
  std::vector<const clang::DeclContext *> contexts{context.getTranslationUnitDecl()};
  while (!contexts.empty()) {
    const clang::DeclContext *dc = contexts.back();
    contexts.pop_back();
    for (const clang::Decl *decl : dc->decls()) {
      if (const auto *ns = llvm::dyn_cast<clang::NamespaceDecl>(decl)) {
        if (!ns->isStdNamespace())
          contexts.push_back(ns);
      } else if (llvm::isa<clang::LinkageSpecDecl, clang::ExportDecl>(decl)) {
        contexts.push_back(llvm::cast<clang::DeclContext>(decl));
      } else if (const auto *record = llvm::dyn_cast<clang::CXXRecordDecl>(decl)) {
        if (record->isThisDeclarationADefinition() && !record->isDependentContext() && outside_c_library(*record))
          contexts.push_back(record);
      } else if (const auto *fn = llvm::dyn_cast<clang::FunctionDecl>(decl)) {
        if (!fn->isDependentContext() && fn->getBuiltinID() == 0 && !fn->isInlined() && !fn->isDefined() &&
            !fn->isDeleted() && !fn->isPureVirtual() && fn->isExternallyVisible() && outside_c_library(*fn))
          if (std::string symbol = symbol_of(*fn); !symbol.empty())
            symbols.insert(std::move(symbol));
      } else if (const auto *var = llvm::dyn_cast<clang::VarDecl>(decl)) {
        if (var->getDefinition() == nullptr && !var->isInline() && var->isExternallyVisible() &&
            !var->getDeclContext()->isDependentContext() && outside_c_library(*var))
          if (std::string symbol = symbol_of(*var); !symbol.empty())
            symbols.insert(std::move(symbol));
      }
    }
  }
  declared.emplace(symbols.begin(), symbols.end());
  return *declared;
}

class Walker {
public:
  // `follow`: walk into the definitions the code reaches; without it, only `decl`'s own.
  Walker(const clang::ASTContext &context, DigestOutputs outputs, bool follow = true)
      : context_(context), sources_(context.getSourceManager()), lang_(context.getLangOpts()),
        policy_(context.getLangOpts()), outputs_(outputs),
        overriders_(overriders_of(context)), follow_(follow) {
    policy_.AnonymousTagLocations = false; // no paths in "(lambda at file:line)"
    policy_.FullyQualifiedName = true;
    policy_.SuppressScope = false;
    compat::digest_policy(policy_);
  }

  void root(const clang::FunctionDecl &fn) {
    visited_.insert(&fn);
    for (const clang::ParmVarDecl *param : fn.parameters())
      if (param->getType()->isReferenceType())
        carried_.insert(param);
    depend(fn);
    if (const auto *method = llvm::dyn_cast<clang::CXXMethodDecl>(&fn); method && !method->isStatic())
      self_ = method->getParent();
    function(fn);
    aliased(&fn);
  }

  // The program's codecs for what a cached function's wrapper encodes and decodes: its
  // parameters, *this and its result, followed into template arguments and fields
  // (std::vector<Point>, a struct of Points). Such a codec decides the bytes an entry
  // holds, so an edit of it misses rather than reading old entries in a new layout, name()
  // unchanged or not. npcache's own codecs change with the format version.
  void codecs_of(const clang::FunctionDecl &fn) {
    const clang::ClassTemplateDecl *codec = codec_template_of(context_);
    if (codec == nullptr)
      return;
    const std::string npcache_dir = npcache_headers(*codec);
    llvm::SmallVector<clang::ClassTemplatePartialSpecializationDecl *, 4> partials;
    const_cast<clang::ClassTemplateDecl *>(codec)->getPartialSpecializations(partials);
    std::vector<clang::QualType> pending = {fn.getReturnType()};
    for (const clang::ParmVarDecl *param : fn.parameters())
      pending.push_back(param->getType());
    if (const auto *method = llvm::dyn_cast<clang::CXXMethodDecl>(&fn); method != nullptr && !method->isStatic())
      pending.push_back(compat::type_of(*method->getParent()));
    std::set<const clang::TagDecl *> seen;
    while (!pending.empty()) {
      const clang::TagDecl *tag = tag_of(pending.back());
      pending.pop_back();
      if (tag == nullptr || !seen.insert(tag->getCanonicalDecl()).second)
        continue;
      for (const clang::ClassTemplateSpecializationDecl *spec : codec->specializations())
        if (spec->isExplicitSpecialization() && programs_codec(*spec, npcache_dir) && codec_of(*spec, *tag)) {
          add("codec");
          operations_of(compat::type_of(*spec));
        }
      for (const clang::ClassTemplatePartialSpecializationDecl *partial : partials)
        if (programs_codec(*partial, npcache_dir) && partial->getTemplateArgs().size() != 0 &&
            partial->getTemplateArgs()[0].getKind() == clang::TemplateArgument::Type &&
            takes(partial->getTemplateArgs()[0].getAsType(), *tag)) {
          add("codec");
          operations_of(compat::type_of(*partial));
        }
      if (const auto *spec = llvm::dyn_cast<clang::ClassTemplateSpecializationDecl>(tag)) {
        std::vector<const clang::TagDecl *> inner;
        for (const clang::TemplateArgument &arg : spec->getTemplateArgs().asArray())
          types_in(arg, inner);
        for (const clang::TagDecl *type : inner)
          pending.push_back(compat::type_of(*type));
      }
      // A struct of the program holds its fields by their codecs; a library's type by its own.
      if (const auto *record = llvm::dyn_cast<clang::RecordDecl>(tag);
          record && record->getDefinition() && !in_system_header(*record))
        for (const clang::FieldDecl *field : record->getDefinition()->fields())
          pending.push_back(field->getType());
    }
  }

  // A template's digest covers its instantiations in this translation unit too: the
  // pattern alone leaves calls that depend on template arguments unresolved, and a cached
  // template can only be instantiated where its definition is, here.
  void instantiations(const clang::FunctionTemplateDecl &tmpl) {
    std::vector<std::pair<std::string, const clang::FunctionDecl *>> specs;
    for (const clang::FunctionDecl *spec : tmpl.specializations()) {
      const clang::FunctionDecl *definition = spec->getDefinition();
      if (definition == nullptr || !definition->hasBody())
        continue;
      std::string args;
      if (const clang::TemplateArgumentList *list = spec->getTemplateSpecializationArgs())
        for (const clang::TemplateArgument &arg : list->asArray()) {
          llvm::raw_string_ostream out(args);
          arg.print(policy_, out, /*IncludeType=*/true);
          out << ",";
        }
      specs.emplace_back(args, definition);
    }
    std::sort(specs.begin(), specs.end());
    for (const auto &[args, spec] : specs) {
      if (!visited_.insert(spec).second)
        continue;
      add("instantiation");
      add(args);
      function(*spec);
    }
  }

  void root(const clang::VarDecl &var) {
    visited_.insert(&var);
    depend(var);
    add("variable");
    type(var.getType());
    stmt(var.getInit());
    aliased(&var);
  }

  void root(const clang::TagDecl &tag) {
    described_ = &tag;
    definition_of(compat::type_of(tag));
  }

  Key128 finish() {
    // One line stands for the definitions past the first kListed, with a digest of theirs.
    if (folded_ != 0 && outputs_.dependencies != nullptr)
      *outputs_.dependencies += "(" + std::to_string(folded_) + " more definitions)\t" +
                                folded_hash_.finish().hex() + "\n";
    if (!system_files_.empty() && outputs_.dependencies != nullptr) {
      *outputs_.dependencies += "(system headers)\t" + system_hash_.finish().hex() + "\n";
      if (!system_configuration().empty())
        *outputs_.dependencies += "(the program's macros that system headers read)\t" +
                                  configuration_digest().hex() + "\n";
    }
    if (!system_files_.empty() && outputs_.through_system != nullptr)
      for (const std::string &symbol : declared_by_system_headers(context_))
        outputs_.through_system->insert(symbol);
    return hash_.finish();
  }

private:
  void function(const clang::FunctionDecl &fn) {
    const clang::FunctionDecl *outer = walking_;
    walking_ = &fn;
    function_parts(fn);
    walking_ = outer;
  }

  void function_parts(const clang::FunctionDecl &fn) {
    add("function");
    type(fn.getType()); // return type, parameter types, noexcept, variadic
    // Attributes such as target("fma") change the code; npcache's own does not.
    for (const clang::Attr *attr : fn.attrs()) {
      if (const auto *note = llvm::dyn_cast<clang::AnnotateAttr>(attr);
          note != nullptr && note->getAnnotation() == "npcache::cached")
        continue;
      std::string text;
      llvm::raw_string_ostream out(text);
      attr->printPretty(out, policy_);
      add(out.str());
    }
    if (std::string options = gcc_options_at(unit_caches().gcc_options, sources_, fn.getLocation());
        !options.empty()) {
      add("gcc-options");
      add(options);
    }
    if (const auto *method = llvm::dyn_cast<clang::CXXMethodDecl>(&fn))
      add(method->isStatic() ? "static-member" : method->isConst() ? "const-member" : "member");
    for (unsigned i = 0; i < fn.getNumParams(); ++i) {
      const clang::ParmVarDecl *param = fn.getParamDecl(i);
      locals_.emplace(param, locals_.size());
      if (param->hasDefaultArg() && !param->hasUninstantiatedDefaultArg()) {
        add("default");
        stmt(param->getDefaultArg());
      }
    }
    if (const auto *ctor = llvm::dyn_cast<clang::CXXConstructorDecl>(&fn))
      for (const clang::CXXCtorInitializer *init : ctor->inits()) {
        add(init->isBaseInitializer() ? "base-init" : "member-init");
        if (const clang::FieldDecl *field = init->getMember())
          add(field->getName());
        stmt(init->getInit());
      }
    stmt(fn.getBody());
    skipped_text(fn.getSourceRange());
    pragma_text(fn.getSourceRange());
  }

  // The raw tokens of the pragmas inside `range`, whatever Clang made of them: the OpenMP
  // clauses it parses count through the AST as well, but an OpenACC clause (`copy(s)` for
  // `firstprivate(s)`) is dropped by Clang 19 while GCC compiles by it. A pragma a macro
  // spells (`_Pragma("...")`) counts by the macro's tokens and by the call's.
  void pragma_text(clang::SourceRange range) {
    if (range.isInvalid())
      return;
    auto [file, begin] = sources_.getDecomposedLoc(sources_.getFileLoc(range.getBegin()));
    const unsigned end = sources_.getFileOffset(sources_.getFileLoc(range.getEnd()));
    for (clang::SourceLocation pragma : pragma_locations()) {
      auto [pragma_file, offset] = sources_.getDecomposedLoc(sources_.getFileLoc(pragma));
      if (pragma_file != file || offset < begin || offset > end)
        continue;
      add("pragma");
      if (!pragma.isMacroID()) {
        raw_tokens(pragma, [](const clang::Token &token) { return token.isAtStartOfLine(); });
        continue;
      }
      // _Pragma ( "..." ) where the macro spells it, then the outermost call as written.
      int depth = 0;
      bool closed = false;
      raw_tokens(pragma, [&](const clang::Token &token) {
        if (closed)
          return true;
        if (token.is(clang::tok::l_paren))
          ++depth;
        else if (token.is(clang::tok::r_paren) && --depth == 0)
          closed = true;
        return false;
      });
      const clang::CharSourceRange call = sources_.getExpansionRange(pragma);
      const unsigned call_end = sources_.getFileOffset(call.getEnd());
      raw_tokens(call.getBegin(), [&](const clang::Token &token) {
        return sources_.getFileOffset(token.getLocation()) > call_end;
      });
    }
  }

  // Adds the raw tokens from `at` (where they are spelled) on, up to the first one after
  // it that `stop` accepts, or the file's end.
  template <class Stop> void raw_tokens(clang::SourceLocation at, Stop stop) {
    TokenReader tokens(at, sources_, lang_);
    for (bool first = true; !tokens.is(clang::tok::eof) && (first || !stop(tokens.peek())); first = false) {
      add(tokens.text());
      tokens.advance();
    }
  }

  // The raw tokens of the #if branches the parse skipped inside `range`: the compiler may
  // take one that Clang did not (#ifdef __clang__ ... #else ... #endif), and an edit there
  // must change the digest too. Comments and spaces do not count.
  void skipped_text(clang::SourceRange range) {
    if (range.isInvalid())
      return;
    clang::SourceLocation begin = sources_.getFileLoc(range.getBegin()), end = sources_.getFileLoc(range.getEnd());
    for (const clang::SourceRange &skipped : skipped_ranges()) {
      if (sources_.getFileID(skipped.getBegin()) != sources_.getFileID(begin) ||
          sources_.isBeforeInTranslationUnit(skipped.getBegin(), begin) ||
          sources_.isBeforeInTranslationUnit(end, skipped.getBegin()))
        continue;
      add("skipped");
      const unsigned stop = sources_.getFileOffset(skipped.getEnd());
      raw_tokens(skipped.getBegin(), [&](const clang::Token &token) {
        return sources_.getFileOffset(token.getLocation()) >= stop;
      });
    }
  }

  void add(llvm::StringRef text) { codec<std::string_view>::encode(hash_, {text.data(), text.size()}); }
  void add(std::int64_t value) { codec<std::int64_t>::encode(hash_, value); }

  void type(clang::QualType t) {
    if (t.isNull()) { // in a template's pattern, some expressions have no type yet
      add("no type");
      return;
    }
    add(t.getCanonicalType().getAsString(policy_));
    definition_of(t);
  }

  // Code the build sees: not a system header, whose code counts by name only (and whose
  // version the build context covers).
  bool visible(const clang::Decl *decl) const { return !in_system_header(*decl); }

  // The definition of a record or enum the code uses, once: fields in order with their
  // types and default initializers, bases, a user-written destructor, virtual functions,
  // an enum's underlying type and enumerators; and the arguments of a template
  // specialization such as std::vector<Point>.
  void definition_of(clang::QualType t) {
    const clang::TagDecl *tag = tag_of(t);
    if (tag == nullptr || (!follow_ && tag != described_) || !visited_.insert(tag).second)
      return;
    if (const auto *spec = llvm::dyn_cast<clang::ClassTemplateSpecializationDecl>(tag))
      for (const clang::TemplateArgument &arg : spec->getTemplateArgs().asArray())
        if (arg.getKind() == clang::TemplateArgument::Type)
          type(arg.getAsType());
    if (!visible(tag)) {
      system_code(*tag);
      if (const auto *spec = llvm::dyn_cast<clang::ClassTemplateSpecializationDecl>(tag))
        reached_by_system_code(spec->getTemplateArgs().asArray());
      return;
    }
    if (tag->getDefinition() == nullptr)
      return;
    depend(*tag);
    add("definition");
    if (const auto *e = llvm::dyn_cast<clang::EnumDecl>(tag->getDefinition())) {
      type(e->getIntegerType()); // `: unsigned char` wraps what `: int` keeps
      for (const clang::EnumConstantDecl *c : e->enumerators()) {
        add(c->getName());
        add(llvm::toString(c->getInitVal(), 10));
      }
      return;
    }
    const auto *record = llvm::cast<clang::RecordDecl>(tag->getDefinition());
    if (const auto *cxx = llvm::dyn_cast<clang::CXXRecordDecl>(record)) {
      for (const clang::CXXBaseSpecifier &base : cxx->bases()) {
        add(base.isVirtual() ? "virtual base" : "base");
        type(base.getType());
      }
      if (const clang::CXXDestructorDecl *dtor = cxx->getDestructor())
        if (dtor->isUserProvided())
          callee(dtor);
      // Whoever holds one may call its virtual functions through a base, from any file: a
      // Square made in one file, whose area() a function in another calls through Shape.
      for (const clang::CXXMethodDecl *method : cxx->methods())
        if (method->isVirtual() && !method->isImplicit() && !method->isPureVirtual())
          callee(method);
    }
    for (const clang::FieldDecl *field : record->fields()) {
      add(field->getName());
      type(field->getType());
      if (field->isBitField())
        add(static_cast<std::int64_t>(compat::bit_width(*field)));
      stmt(field->getInClassInitializer());
    }
    // The layout: alignas, packing and bases move fields and change sizes.
    if (!record->isDependentType() && !record->isInvalidDecl()) {
      const clang::ASTRecordLayout &layout = context_.getASTRecordLayout(record);
      add(static_cast<std::int64_t>(layout.getSize().getQuantity()));
      add(static_cast<std::int64_t>(layout.getAlignment().getQuantity()));
      for (unsigned i = 0; i < layout.getFieldCount(); ++i)
        add(static_cast<std::int64_t>(layout.getFieldOffset(i)));
    }
  }

  // A function the code calls or takes the address of: its definition, once, where the
  // build sees it. Cycles end at the second visit. A weak one counts also as the link
  // resolves it: a strong definition in another file replaces it (until 2026-12-05 an
  // edit there hit the old result).
  void callee(const clang::FunctionDecl *fn) {
    const clang::FunctionDecl *definition = fn->getDefinition();
    if (definition == nullptr || fn->isWeak())
      external(fn);
    aliased(fn);
    if (!follow_ || definition == nullptr || !definition->hasBody() || !visible(definition) ||
        !visited_.insert(definition).second)
      return;
    depend(*definition);
    add("callee");
    function(*definition);
  }

  // What a name refers to: a parameter or local by position, anything else by name and
  // type, and then, where the build sees it, by what it is: a function's definition, a
  // variable's initializer, a field's position.
  void reference(const clang::ValueDecl *decl) {
    auto local = locals_.find(decl);
    if (local != locals_.end()) {
      add("local");
      add(static_cast<std::int64_t>(local->second));
      return;
    }
    add(decl->getDeclKindName());
    add(compat::qualified_name(*decl));
    type(decl->getType());
    check_purity(decl);
    if (!visible(decl)) {
      system_code(*decl);
      if (const auto *fn = llvm::dyn_cast<clang::FunctionDecl>(decl))
        if (const clang::TemplateArgumentList *args = fn->getTemplateSpecializationArgs())
          reached_by_system_code(args->asArray());
    }
    if (const auto *constant = llvm::dyn_cast<clang::EnumConstantDecl>(decl)) {
      add(llvm::toString(constant->getInitVal(), 10));
    } else if (const auto *fn = llvm::dyn_cast<clang::FunctionDecl>(decl)) {
      callee(fn);
      // A virtual call may land in any override the translation unit defines, and in any
      // that another file of the link defines: the link adds those (an object made by the
      // caller and passed in reaches no code that made it).
      if (const auto *method = llvm::dyn_cast<clang::CXXMethodDecl>(fn);
          follow_ && method && method->isVirtual()) {
        if (auto it = overriders_.find(method->getCanonicalDecl()); it != overriders_.end())
          for (const clang::CXXMethodDecl *overrider : it->second) {
            add("overrider");
            reference(overrider);
          }
        if (outputs_.externals != nullptr && visible(method))
          if (std::string symbol = symbol_of(*method); !symbol.empty())
            outputs_.externals->insert(std::string(kOverridersOf) + symbol);
      }
    } else if (const auto *field = llvm::dyn_cast<clang::FieldDecl>(decl)) {
      add(static_cast<std::int64_t>(field->getFieldIndex()));
    } else if (const auto *reduction = llvm::dyn_cast<clang::OMPDeclareReductionDecl>(decl)) {
      if (follow_ && visited_.insert(reduction).second) {
        add("combiner");
        stmt(reduction->getCombiner());
        stmt(reduction->getInitializer());
      }
    } else if (const auto *var = llvm::dyn_cast<clang::VarDecl>(decl)) {
      // `static const int k = 2;` in a class has its value on a declaration that is not a
      // definition; `static const double k;` has it in another file, like an extern.
      const clang::VarDecl *initialized = nullptr;
      const clang::Expr *initializer = var->getAnyInitializer(initialized);
      if ((initializer == nullptr && var->getDefinition() == nullptr &&
           (var->hasExternalStorage() || var->isStaticDataMember())) ||
          var->isWeak())
        external(var);
      aliased(var);
      if (follow_ && initializer != nullptr && visible(initialized) &&
          visited_.insert(initialized).second) {
        depend(*initialized);
        add("initializer");
        add(var->isConstexpr() ? "constexpr" : var->getType().isConstQualified() ? "const" : "mutable");
        stmt(initializer);
      }
    }
  }

  // The program's code that system code runs: std::sort's comparator, std::accumulate's
  // functor, a std::hash specialization, the operators, constructors and swap that
  // std::vector or std::set call on the elements, an allocator's construct, a random
  // engine's max(), a char_traits' eq. System bodies are not parsed (their headers count
  // by content), so those are never seen as calls: each type of the program that is a
  // template argument of system code counts with everything it defines or inherits (the
  // library's protocols name too many members to list), with the free functions of its
  // namespace that take it, and with the program's specializations of system templates
  // for it. A function passed as a template argument counts too.
  void reached_by_system_code(llvm::ArrayRef<clang::TemplateArgument> args) {
    for (const clang::TemplateArgument &arg : args) {
      if (arg.getKind() == clang::TemplateArgument::Pack) {
        reached_by_system_code(arg.pack_elements());
      } else if (arg.getKind() == clang::TemplateArgument::Declaration) {
        if (const auto *fn = llvm::dyn_cast<clang::FunctionDecl>(arg.getAsDecl()))
          callee(fn);
      } else if (arg.getKind() == clang::TemplateArgument::Type) {
        operations_of(arg.getAsType());
      }
    }
  }

  void operations_of(clang::QualType t) {
    const clang::TagDecl *tag = tag_of(t);
    if (!follow_ || tag == nullptr || tag->getDefinition() == nullptr)
      return;
    tag = tag->getDefinition();
    if (!written_by_program(*tag) || !operations_walked_.insert(tag).second)
      return;
    definition_of(t);
    add("operations");
    if (const auto *record = llvm::dyn_cast<clang::CXXRecordDecl>(tag))
      members_of(*record);
    // The program's specializations of system templates for it: std::hash<Key> for Key.
    const Specializations &specializations = specializations_of(context_);
    if (auto it = specializations.find(tag->getCanonicalDecl()); it != specializations.end())
      for (const clang::CXXRecordDecl *spec : it->second) {
        add("specialization");
        operations_of(compat::type_of(*spec));
      }
    // Argument-dependent lookup finds the free functions of its namespace that take it, by
    // any name: swap, operators (an enum's operator< that std::map calls), and the abs and
    // sqrt a library calls on a custom scalar. The namespace may be opened in many places,
    // headers among them.
    llvm::SmallVector<clang::DeclContext *, 4> blocks;
    const_cast<clang::DeclContext *>(tag->getEnclosingNamespaceContext())->collectAllContexts(blocks);
    for (const clang::DeclContext *block : blocks)
      for (const clang::Decl *sibling : block->decls())
        if (const clang::FunctionDecl *fn = written_function(sibling); fn != nullptr && visible(fn))
          for (const clang::ParmVarDecl *param : fn->parameters())
            if (takes(param->getType(), *tag)) {
              callee(fn);
              break;
            }
  }

  // Everything a class the program wrote defines or inherits.
  void members_of(const clang::CXXRecordDecl &record) {
    for (const clang::Decl *member : record.decls()) {
      if (const clang::FunctionDecl *fn = written_function(member)) {
        callee(fn);
      } else if (const auto *var = llvm::dyn_cast<clang::VarDecl>(member)) { // a static constant
        add(var->getName());
        type(var->getType());
        stmt(var->getAnyInitializer());
      } else if (const auto *alias = llvm::dyn_cast<clang::TypedefNameDecl>(member)) {
        add(alias->getName()); // NumTraits<Scalar>::Real
        type(alias->getUnderlyingType());
      } else if (const auto *nested = llvm::dyn_cast<clang::TagDecl>(member)) {
        definition_of(compat::type_of(*nested)); // NumTraits' enum { IsComplex = 0 }
      }
    }
    for (const clang::CXXBaseSpecifier &base : record.bases()) // what it inherits: max() from Limits
      operations_of(base.getType());
  }

  // Whether a parameter of this type takes the record: Box<double> is taken by a
  // template's const Box<T> &, a type that names no record yet.
  static bool takes(clang::QualType param, const clang::TagDecl &tag) {
    if (tag_of(param) == &tag)
      return true;
    const auto *spec = llvm::dyn_cast<clang::ClassTemplateSpecializationDecl>(&tag);
    param = param.getNonReferenceType();
    while (param->isPointerType())
      param = param->getPointeeType();
    const auto *named = param->getAs<clang::TemplateSpecializationType>();
    const clang::TemplateDecl *tmpl = named ? named->getTemplateName().getAsTemplateDecl() : nullptr;
    return spec != nullptr && tmpl != nullptr &&
           tmpl->getCanonicalDecl() == spec->getSpecializedTemplate()->getCanonicalDecl();
  }

  // A function the program wrote (not one the compiler made), a member template or a
  // member of a class template by its pattern, a hidden friend by its declaration.
  static const clang::FunctionDecl *written_function(const clang::Decl *decl) {
    if (const auto *friend_decl = llvm::dyn_cast<clang::FriendDecl>(decl))
      decl = friend_decl->getFriendDecl();
    if (decl == nullptr)
      return nullptr;
    if (const auto *tmpl = llvm::dyn_cast<clang::FunctionTemplateDecl>(decl)) {
      // In Alloc<double>, construct<U> is a declaration made from Alloc<T>'s, which has the body.
      while (const clang::FunctionTemplateDecl *from = tmpl->getInstantiatedFromMemberTemplate())
        tmpl = from;
      decl = tmpl->getTemplatedDecl();
    }
    const auto *fn = llvm::dyn_cast<clang::FunctionDecl>(decl);
    if (fn == nullptr || fn->isImplicit() || fn->isDefaulted() || fn->isDeleted())
      return nullptr;
    // Box<int>::operator== that only system code calls is never instantiated (system bodies
    // are not parsed): Box<T>'s has the body.
    if (fn->getDefinition() == nullptr)
      if (const clang::FunctionDecl *pattern = fn->getTemplateInstantiationPattern())
        return pattern;
    return fn;
  }

  // Something of a system header the code reaches, which counts by name and type: the
  // contents of the header that declares it, and of the one that defines it, count too
  // (once each). A digest that follows what it reaches covers them; a definition's own,
  // for the dependency list, does not, and the list names them in one line.
  void system_code(const clang::Decl &decl) {
    if (!follow_)
      return;
    system_file(decl.getLocation());
    const clang::Decl *definition = nullptr;
    if (const auto *fn = llvm::dyn_cast<clang::FunctionDecl>(&decl))
      definition = fn->getDefinition();
    else if (const auto *var = llvm::dyn_cast<clang::VarDecl>(&decl))
      definition = var->getDefinition();
    else if (const auto *tag = llvm::dyn_cast<clang::TagDecl>(&decl))
      definition = tag->getDefinition();
    if (definition != nullptr)
      system_file(definition->getLocation());
  }

  void system_file(clang::SourceLocation location) {
    const clang::FileID file = sources_.getFileID(sources_.getExpansionLoc(location));
    if (file.isInvalid() || !system_files_.insert(file).second)
      return;
    if (system_files_.size() == 1) { // with the first: the macros that configure them all
      add("system configuration");
      add(configuration_digest().hex());
    }
    const Key128 contents = system_header_contents(sources_, file);
    add("system header");
    add(contents.hex());
    system_hash_.write(&contents, sizeof contents);
  }

  static Key128 configuration_digest() {
    HashSink hash;
    for (const auto &[name, definition] : system_configuration()) {
      hash.write(name.data(), name.size() + 1); // with the terminator: "AB"+"C" is not "A"+"BC"
      hash.write(definition.data(), definition.size() + 1);
    }
    return hash.finish();
  }

  // Adds a definition the digest covers to the dependency list, with its own digest. Past
  // kListed definitions, the rest are folded into one line (see finish()).
  void depend(const clang::Decl &decl) {
    if (outputs_.dependencies == nullptr || !follow_)
      return;
    Walker own(decl.getASTContext(), {}, /*follow=*/false);
    if (const auto *fn = llvm::dyn_cast<clang::FunctionDecl>(&decl))
      own.root(*fn);
    else if (const auto *var = llvm::dyn_cast<clang::VarDecl>(&decl))
      own.root(*var);
    else
      own.root(llvm::cast<clang::TagDecl>(decl));
    std::string line = dependency_name(decl) + "\t" + own.finish().hex() + "\n";
    if (listed_ < kListed) {
      ++listed_;
      *outputs_.dependencies += line;
    } else {
      ++folded_;
      folded_hash_.write(line.data(), line.size());
    }
  }

  void impure(const std::string &what, bool files = false) {
    if (outputs_.impurities != nullptr && reported_.insert(what).second)
      outputs_.impurities->push_back({what, at_, files});
  }

  // Declared here, defined elsewhere: the link looks for its definition among the
  // program's files. A declaration in a system header counts too: a project's own headers
  // may be system ones (-isystem, CMake's SYSTEM), and what they declare may be defined
  // in one of its files. A library's definition is not found, and it counts by name.
  void external(const clang::Decl *decl) {
    if (outputs_.externals != nullptr)
      if (std::string symbol = symbol_of(*decl); !symbol.empty()) {
        outputs_.externals->insert(symbol);
        auto redecls = decl->redecls();
        if (outputs_.system_externals != nullptr &&
            std::none_of(redecls.begin(), redecls.end(), [&](const clang::Decl *d) { return visible(d); }))
          outputs_.system_externals->insert(symbol);
      }
  }

  // An alias, or an ifunc, has no body or initializer of its own: what runs is the symbol
  // it names (an ifunc's resolver returns the implementation), which GCC requires this file
  // to define; the link looks for one it does not (until 2026-12-05 an alias counted by
  // name only, and an edit of its target hit the old result).
  void aliased(const clang::Decl *decl) {
    for (const clang::Decl *redecl : decl->redecls()) {
      llvm::StringRef target;
      if (const auto *alias = redecl->getAttr<clang::AliasAttr>())
        target = alias->getAliasee();
      else if (const auto *ifunc = redecl->getAttr<clang::IFuncAttr>())
        target = ifunc->getResolver();
      else
        continue;
      add("aliases");
      add(target);
      if (const clang::ValueDecl *found = defined_here(context_.getTranslationUnitDecl(), target))
        reference(found);
      else if (outputs_.externals != nullptr)
        outputs_.externals->insert(target.str());
    }
  }

  // The function or variable of this file whose symbol is `symbol`.
  static const clang::ValueDecl *defined_here(const clang::DeclContext *scope, llvm::StringRef symbol) {
    for (const clang::Decl *decl : scope->decls()) {
      const auto *inner = llvm::dyn_cast<clang::DeclContext>(decl);
      if (llvm::isa<clang::NamespaceDecl, clang::LinkageSpecDecl, clang::CXXRecordDecl>(decl) &&
          !inner->isDependentContext())
        if (const clang::ValueDecl *found = defined_here(inner, symbol))
          return found;
      const auto *value = llvm::dyn_cast<clang::ValueDecl>(decl);
      if (llvm::isa<clang::FunctionDecl, clang::VarDecl>(decl) &&
          !llvm::isa<clang::CXXDeductionGuideDecl>(decl) && !decl->isTemplated() &&
          !decl->isImplicit() && !decl->isInvalidDecl() && symbol_of(*value) == symbol)
        return value;
    }
    return nullptr;
  }

  // A function's qualified name without the template arguments of its class:
  // "Eigen::DenseBase::Random" for DenseBase<Matrix<double, -1, -1>>::Random.
  static std::string template_name(const clang::FunctionDecl &fn) {
    const auto *spec = llvm::dyn_cast<clang::ClassTemplateSpecializationDecl>(fn.getDeclContext());
    if (spec == nullptr)
      return fn.getQualifiedNameAsString();
    return spec->getSpecializedTemplate()->getQualifiedNameAsString() + "::" + fn.getNameAsString();
  }

  // Where the standard library orders pointers by their values, what comes first is where
  // the allocator put each object, which the heap's history decides: another call site, or
  // a hit of an earlier cached function in place of its computation, gives another order.
  // The calls that reveal an order: a set's or map's begin() (iteration) and bounds, keyed
  // on a pointer with the default comparison; an unordered one's begin(), hashed by
  // std::hash; std::less<T *> and its siblings; sort, min and max of pointers with no
  // comparison of the program's. Lookups (find, count, end) do not count.
  static std::string ordered_by_address(const clang::FunctionDecl &fn) {
    // The i-th template argument if it is a type, else a null type.
    auto type_arg = [](const clang::TemplateArgumentList &args, unsigned i) {
      return args.size() > i && args[i].getKind() == clang::TemplateArgument::Type ? args[i].getAsType()
                                                                                   : clang::QualType();
    };
    auto pointer_arg = [&](const clang::TemplateArgumentList &args, unsigned i) {
      const clang::QualType type = type_arg(args, i);
      return !type.isNull() && type->isPointerType();
    };
    // The container's comparison or hash is the standard one (std::less, std::hash), not
    // the program's.
    auto standard = [&](const clang::TemplateArgumentList &args, unsigned i, const char *kind) {
      const clang::QualType type = type_arg(args, i);
      const auto *arg = type.isNull() ? nullptr
                                      : llvm::dyn_cast_or_null<clang::ClassTemplateSpecializationDecl>(
                                            type->getAsCXXRecordDecl());
      return arg != nullptr && arg->getSpecializedTemplate()->getQualifiedNameAsString() == kind;
    };
    const auto *method = llvm::dyn_cast<clang::CXXMethodDecl>(&fn);
    const auto *owner = method != nullptr
                            ? llvm::dyn_cast<clang::ClassTemplateSpecializationDecl>(method->getParent())
                            : nullptr;
    if (owner != nullptr) {
      const std::string kind = owner->getSpecializedTemplate()->getQualifiedNameAsString();
      const clang::TemplateArgumentList &args = owner->getTemplateArgs();
      static const std::set<std::string> kOrdering = {"std::less", "std::greater", "std::less_equal",
                                                       "std::greater_equal"};
      if (kOrdering.count(kind) != 0 && pointer_arg(args, 0)) {
        clang::PrintingPolicy policy(fn.getASTContext().getLangOpts());
        policy.SuppressTagKeyword = true;
        return kind + "<" + args[0].getAsType().getAsString(policy) + ">, which orders pointers by address,";
      }
      if (!pointer_arg(args, 0) || !fn.getDeclName().isIdentifier())
        return "";
      const std::string call = fn.getName().str();
      const bool is_map = kind == "std::map" || kind == "std::multimap";
      const bool is_set = kind == "std::set" || kind == "std::multiset";
      static const std::set<std::string> kIterated = {"begin", "cbegin", "rbegin", "crbegin", "lower_bound",
                                                       "upper_bound", "equal_range"};
      if ((is_map || is_set) && standard(args, is_map ? 2 : 1, "std::less") && kIterated.count(call) != 0)
        return kind + " keyed on pointers, iterated in address order,";
      // Hashed by address: the buckets' order moves with the objects too.
      const bool is_hashed_map = kind == "std::unordered_map" || kind == "std::unordered_multimap";
      const bool is_hashed_set = kind == "std::unordered_set" || kind == "std::unordered_multiset";
      if ((is_hashed_map || is_hashed_set) && standard(args, is_hashed_map ? 2 : 1, "std::hash") &&
          (call == "begin" || call == "cbegin"))
        return kind + " keyed on pointers, iterated in an order their addresses decide,";
      return "";
    }
    static const std::set<std::string> kAlgorithms = {"std::sort", "std::stable_sort", "std::partial_sort",
        "std::nth_element", "std::min_element", "std::max_element", "std::minmax_element"};
    const clang::TemplateArgumentList *args = fn.getTemplateSpecializationArgs();
    if (args == nullptr || args->size() != 1 || kAlgorithms.count(fn.getQualifiedNameAsString()) == 0)
      return ""; // a second template argument is the program's comparison
    clang::QualType iterator = type_arg(*args, 0);
    if (iterator.isNull())
      return "";
    if (const auto *wrapper = llvm::dyn_cast_or_null<clang::ClassTemplateSpecializationDecl>(
            iterator->getAsCXXRecordDecl());
        wrapper != nullptr && !type_arg(wrapper->getTemplateArgs(), 0).isNull())
      iterator = type_arg(wrapper->getTemplateArgs(), 0); // __normal_iterator<Node **, ...>
    if (iterator->isPointerType() && iterator->getPointeeType()->isPointerType())
      return fn.getQualifiedNameAsString() + " of pointers, which orders them by address,";
    return "";
  }

  void check_purity(const clang::ValueDecl *decl) {
    std::string name = decl->getQualifiedNameAsString();
    if (const auto *ctor = llvm::dyn_cast<clang::CXXConstructorDecl>(decl))
      name = ctor->getParent()->getQualifiedNameAsString();
    chosen_by_machine(name);
    // Builtins (Clang declares __rdtsc as one) have no header; they count as the system's.
    const auto *fn = llvm::dyn_cast<clang::FunctionDecl>(decl);
    bool system = !visible(decl) || (fn != nullptr && fn->getBuiltinID() != 0);
    if (system && fn != nullptr && name == "std::operator<<" && fn->getNumParams() > 0 &&
        fn->getParamDecl(0)->getType().getAsString().find("basic_ostream") != std::string::npos)
      name = "std::basic_ostream"; // an inserter: output
    if (system && fn != nullptr && name == "std::random_shuffle" && fn->getNumParams() == 2)
      return impure("std::random_shuffle, which draws from rand,"); // in a body not parsed
    // Eigen's random matrices draw from std::rand (a Tensor's from the clock) in bodies not
    // parsed: a hit returns the numbers of the first run and leaves rand's state where it
    // was, so the program's later draws differ from an uncached run's.
    static const std::set<std::string> kEigenRandom = {"Eigen::DenseBase::Random", "Eigen::DenseBase::setRandom",
        "Eigen::PlainObjectBase::setRandom", "Eigen::internal::random", "Eigen::TensorBase::setRandom"};
    if (system && fn != nullptr)
      if (const std::string plain = template_name(*fn); kEigenRandom.count(plain) != 0)
        return impure(plain + ", which draws from rand,");
    if (system && fn != nullptr)
      if (std::string ordered = ordered_by_address(*fn); !ordered.empty())
        return impure(ordered);
    // Eigen's own const_cast, in a body not parsed: as a cast that takes const away.
    if (system && fn != nullptr && name.rfind("Eigen::", 0) == 0 && llvm::StringRef(name).ends_with("::const_cast_derived"))
      return impure("Eigen's const_cast_derived (a write through it reaches what the caller passed as const)");
    // Its versions compute with other instructions (FMA contracted or not), and the CPU
    // picks one at run time, as __builtin_cpu_supports would.
    if (fn != nullptr && fn->isMultiVersion())
      return impure("'" + name + "', whose code the CPU picks at run time,");
    if (system && impure_name(name) && !into_string_stream(decl)) {
      impure(name, reads_files(name));
    } else if (const auto *var = llvm::dyn_cast<clang::VarDecl>(decl)) {
      if (var->hasGlobalStorage() && !var->getType().isConstQualified() && !var->isConstexpr() &&
          visible(var))
        impure(std::string(var->isStaticLocal() ? "static local '" : "mutable global '") + name +
               "'");
    }
  }

  // Eigen sizes the blocks of its matrix products by the CPU's cache sizes, which it reads
  // with cpuid at run time, and, built with OpenMP, splits them by omp_get_max_threads():
  // the same 600x600 product has other last bits with caches of 32 KiB and 256 KiB than
  // with 48 KiB and 2 MiB, and on 1 thread than on 2. The bodies of Eigen's headers are not
  // parsed (they are system ones), so reaching any of Eigen counts.
  void chosen_by_machine(const std::string &name) {
    if (outputs_.cpu_caches == nullptr || *outputs_.cpu_caches || name.rfind("Eigen::", 0) != 0)
      return; // set once: what follows would decide the same again
    *outputs_.cpu_caches = true;
    if (outputs_.team_size != nullptr && context_.Idents.get("EIGEN_HAS_OPENMP").hasMacroDefinition())
      *outputs_.team_size = true;
  }

  // A cast that takes const away (const_cast, or a C-style cast that does what it does):
  // a write through it reaches what the caller may have passed as const, and a hit skips
  // that write. It is how Eigen's documentation writes into a `const MatrixBase<D> &out`.
  static bool casts_away_const(const clang::ExplicitCastExpr &cast) {
    clang::QualType to = cast.getTypeAsWritten(), from = cast.getSubExpr()->getType();
    if (to->isReferenceType()) {
      to = to->getPointeeType();
    } else if (to->isPointerType() && from->isPointerType()) {
      to = to->getPointeeType();
      from = from->getPointeeType();
    } else {
      return false;
    }
    return from.isConstQualified() && !to.isConstQualified();
  }

  // What an expression itself reveals: reading a volatile object (a device, a flag another
  // thread sets), turning an address into a number, taking const away, running inline
  // assembly.
  void purity_of(const clang::Expr &e) {
    if (const auto *cast = llvm::dyn_cast<clang::CastExpr>(&e)) {
      if (cast->getCastKind() == clang::CK_LValueToRValue &&
          cast->getSubExpr()->getType().isVolatileQualified())
        impure("a volatile read");
      else if (cast->getCastKind() == clang::CK_PointerToIntegral)
        impure("an address turned into a number");
      else if (const auto *explicit_cast = llvm::dyn_cast<clang::ExplicitCastExpr>(cast);
               explicit_cast != nullptr && casts_away_const(*explicit_cast))
        impure("a cast that takes const away (a write through it reaches what the caller passed as const)");
    }
  }

  // A `mutable` member (a call counter) of a cached const member function's *this, or of
  // what the cached function's own reference parameter refers to: what it writes there
  // stays with the caller after a miss and not after a hit. For *this, its own code and the
  // member functions of its class that it reaches count, on `this`; a mutex does not.
  void mutable_member(const clang::MemberExpr &member) {
    const auto *field = llvm::dyn_cast<clang::FieldDecl>(member.getMemberDecl());
    if (field == nullptr || !field->isMutable())
      return;
    static const std::set<std::string> kLocks = {"std::mutex", "std::recursive_mutex",
        "std::timed_mutex", "std::recursive_timed_mutex", "std::shared_mutex",
        "std::shared_timed_mutex", "std::once_flag"};
    if (const clang::TagDecl *tag = tag_of(field->getType()); tag && kLocks.count(tag->getQualifiedNameAsString()))
      return;
    const clang::Expr *base = member.getBase()->IgnoreParenImpCasts();
    while (const auto *outer = llvm::dyn_cast<clang::MemberExpr>(base)) // s.inner.calls
      base = outer->getBase()->IgnoreParenImpCasts();
    if (const auto *ref = llvm::dyn_cast<clang::DeclRefExpr>(base)) {
      const auto *param = llvm::dyn_cast<clang::ParmVarDecl>(ref->getDecl());
      if (param != nullptr && carried_.count(param) != 0)
        impure("mutable member '" + field->getQualifiedNameAsString() + "' of parameter '" +
               param->getNameAsString() + "'");
      return;
    }
    const auto *method = llvm::dyn_cast_or_null<clang::CXXMethodDecl>(walking_);
    if (method == nullptr || !llvm::isa<clang::CXXThisExpr>(member.getBase()->IgnoreParenImpCasts()))
      return;
    if (carried_this_.count(method) != 0)
      return impure("mutable member '" + field->getQualifiedNameAsString() +
                    "' of what a reference parameter refers to");
    if (self_ == nullptr)
      return;
    const clang::CXXRecordDecl *owner = method->getParent()->getCanonicalDecl();
    if (owner != self_->getCanonicalDecl() && !self_->isDerivedFrom(owner))
      return;
    impure("mutable member '" + field->getQualifiedNameAsString() + "' of *this");
  }

  // Whether `e` names a carried parameter, or a member of one (o.stats).
  bool carried(const clang::Expr *e) const {
    e = e->IgnoreParenImpCasts();
    while (const auto *member = llvm::dyn_cast<clang::MemberExpr>(e))
      e = member->getBase()->IgnoreParenImpCasts();
    const auto *ref = llvm::dyn_cast<clang::DeclRefExpr>(e);
    const auto *param = ref != nullptr ? llvm::dyn_cast<clang::ParmVarDecl>(ref->getDecl()) : nullptr;
    return param != nullptr && carried_.count(param) != 0;
  }

  // A call that hands what a carried parameter refers to on, as a callee's reference
  // parameter or as the object of a member call: the callee's body, walked next, writes
  // the caller's object through it (count_use(s), s.stats.bump()).
  void carry(const clang::CallExpr &call) {
    const auto *callee = llvm::dyn_cast_or_null<clang::FunctionDecl>(call.getCalleeDecl());
    const clang::FunctionDecl *definition = callee != nullptr ? callee->getDefinition() : nullptr;
    if (definition == nullptr)
      return;
    unsigned first = 0; // the argument of the callee's first parameter
    if (const auto *member = llvm::dyn_cast<clang::CXXMemberCallExpr>(&call)) {
      if (carried(member->getImplicitObjectArgument()))
        carried_this_.insert(definition);
    } else if (llvm::isa<clang::CXXOperatorCallExpr>(call) && llvm::isa<clang::CXXMethodDecl>(definition) &&
               call.getNumArgs() > 0) {
      first = 1; // a member operator: the first argument is its object
      if (carried(call.getArg(0)))
        carried_this_.insert(definition);
    }
    for (unsigned i = first; i < call.getNumArgs() && i - first < definition->getNumParams(); ++i) {
      const clang::ParmVarDecl *param = definition->getParamDecl(i - first);
      if (param->getType()->isReferenceType() && carried(call.getArg(i)))
        carried_.insert(param);
    }
  }

  void declaration(const clang::Decl *decl) {
    add(decl->getDeclKindName());
    if (const auto *var = llvm::dyn_cast<clang::VarDecl>(decl)) {
      // `static int n = 0; ++n;` keeps state from call to call: what a hit would skip.
      if ((var->isStaticLocal() || var->getTLSKind() != clang::VarDecl::TLS_None) &&
          !var->getType().isConstQualified() && !var->isConstexpr()) {
        std::string where;
        if (const auto *owner = llvm::dyn_cast_or_null<clang::FunctionDecl>(var->getParentFunctionOrMethod()))
          where = " of " + dependency_name(*owner);
        impure("static local '" + var->getNameAsString() + "'" + where);
      }
      locals_.emplace(var, locals_.size());
      type(var->getType());
      add(static_cast<std::int64_t>(var->getStorageClass()));
      add(static_cast<std::int64_t>(var->getInitStyle()));
      stmt(var->getInit());
      // `auto [a, b] = f()`: a binding means the element at its position, whatever its
      // name, so it counts as a local by position (`auto [b, a]` swaps them); what it
      // binds to may call a tuple-like type's own get<I>.
      if (const auto *decomposition = llvm::dyn_cast<clang::DecompositionDecl>(var))
        for (const clang::BindingDecl *binding : decomposition->bindings()) {
          locals_.emplace(binding, locals_.size());
          if (const clang::VarDecl *holding = binding->getHoldingVar()) { // a tuple-like's element
            locals_.emplace(holding, locals_.size());
            stmt(holding->getInit());
          }
          stmt(binding->getBinding());
        }
    } else if (const auto *record = llvm::dyn_cast<clang::RecordDecl>(decl)) {
      for (const clang::FieldDecl *field : record->fields()) {
        add(field->getName());
        type(field->getType());
        stmt(field->getInClassInitializer());
      }
    } else if (const auto *alias = llvm::dyn_cast<clang::TypedefNameDecl>(decl)) {
      type(alias->getUnderlyingType());
    }
  }

  void stmt(const clang::Stmt *s) {
    if (s == nullptr) {
      add("null");
      return;
    }
    add(s->getStmtClassName());
    if (s->getBeginLoc().isValid())
      at_ = s->getBeginLoc();
    if (llvm::isa<clang::StringLiteral, clang::IntegerLiteral>(s) && from_location_macro(s))
      return; // not even its type: a path's length is in it
    if (const auto *e = llvm::dyn_cast<clang::Expr>(s)) {
      type(e->getType());
      // A prvalue or not: whether a temporary is an lvalue or an xvalue is the AST's
      // bookkeeping (Clang 22 makes an object argument materialized for a member call an
      // lvalue, Clang 19 an xvalue), and what it changes, the callee, is hashed anyway.
      add(static_cast<std::int64_t>(e->isPRValue() ? 0 : 1));
      purity_of(*e);
    }
    details(s);
    if (llvm::isa<clang::AsmStmt>(s))
      impure("inline assembly");
    if (const auto *decls = llvm::dyn_cast<clang::DeclStmt>(s)) {
      for (const clang::Decl *decl : decls->decls())
        declaration(decl);
      return; // the initializers were walked with their variables
    }
    if (const auto *lambda = llvm::dyn_cast<clang::LambdaExpr>(s)) {
      for (const clang::LambdaCapture &capture : lambda->captures())
        add(static_cast<std::int64_t>(capture.getCaptureKind()));
      const clang::CXXMethodDecl *call = lambda->getCallOperator();
      type(call->getType());
      for (const clang::ParmVarDecl *param : call->parameters())
        locals_.emplace(param, locals_.size());
    }
    const bool reports = reports_failure(s);
    failure_report_ += reports;
    const auto *call = llvm::dyn_cast<clang::CallExpr>(s);
    if (call != nullptr) {
      calls_.push_back(call);
      carry(*call);
    }
    std::int64_t count = 0;
    for (const clang::Stmt *child : s->children()) {
      stmt(child);
      ++count;
    }
    add(count);
    if (call != nullptr)
      calls_.pop_back();
    failure_report_ -= reports;
  }

  // Whether `decl` is the callee of the call being walked, an inserter of std::ostream's
  // writing into a string stream: the same inserters write to std::cout, which a hit
  // would skip, and to an std::ostringstream, which is only computation (an error message
  // built before a throw). Follows a chain (`ss << a << b`) to the stream it starts from.
  bool into_string_stream(const clang::ValueDecl *decl) const {
    if (calls_.empty() || calls_.back()->getCalleeDecl() != decl)
      return false;
    const clang::Expr *stream = nullptr;
    for (const clang::CallExpr *call = calls_.back(); call != nullptr;) {
      if (const auto *member = llvm::dyn_cast<clang::CXXMemberCallExpr>(call))
        stream = member->getImplicitObjectArgument();
      else if (call->getNumArgs() > 0)
        stream = call->getArg(0);
      else
        return false;
      const auto *inner = llvm::dyn_cast<clang::CallExpr>(stream->IgnoreParenImpCasts());
      const auto *callee = inner != nullptr ? llvm::dyn_cast_or_null<clang::FunctionDecl>(inner->getCalleeDecl()) : nullptr;
      call = callee != nullptr && callee->getOverloadedOperator() == clang::OO_LessLess &&
                     callee->getDeclContext()->getEnclosingNamespaceContext()->isStdNamespace()
                 ? inner
                 : nullptr;
    }
    const clang::CXXRecordDecl *record = stream->IgnoreParenImpCasts()->getType()->getAsCXXRecordDecl();
    return record != nullptr && record->isInStdNamespace() &&
           (record->getName() == "basic_ostringstream" || record->getName() == "basic_stringstream");
  }

  // A call to a system function that never returns (assert's __assert_fail, abort): what
  // it is handed can only end the process, never reach a result.
  bool reports_failure(const clang::Stmt *s) const {
    const auto *call = llvm::dyn_cast<clang::CallExpr>(s);
    const clang::FunctionDecl *callee = call != nullptr ? call->getDirectCallee() : nullptr;
    return callee != nullptr && callee->isNoReturn() &&
           sources_.isInSystemHeader(sources_.getExpansionLoc(callee->getLocation()));
  }

  // A literal that __FILE__ or __LINE__ produced in what a failing assert reports counts
  // as its macro's name: its value, a path and a line, would tie the digest to the checkout
  // and to edits above the function, and only the message of a failed assertion shows it.
  // Anywhere else it counts by value: a function that returns or computes with its line
  // returned the old line after an edit above it (until 2026-12-05).
  bool from_location_macro(const clang::Stmt *s) {
    clang::SourceLocation at = s->getBeginLoc();
    if (!at.isMacroID() || failure_report_ == 0)
      return false;
    llvm::StringRef macro = clang::Lexer::getImmediateMacroName(at, sources_, lang_);
    if (macro == "__FILE__" || macro == "__LINE__" || macro == "__FILE_NAME__" || macro == "__BASE_FILE__") {
      add(macro);
      return true;
    }
    return false;
  }

  // What a node carries besides its kind, type and children.
  void details(const clang::Stmt *s) {
    using namespace clang;
    if (const auto *ref = dyn_cast<DeclRefExpr>(s)) {
      reference(ref->getDecl());
    } else if (const auto *member = dyn_cast<MemberExpr>(s)) {
      add(member->isArrow() ? "->" : ".");
      reference(member->getMemberDecl());
      mutable_member(*member);
    } else if (const auto *op = dyn_cast<BinaryOperator>(s)) {
      add(op->getOpcodeStr());
      fp_features(op->hasStoredFPFeatures(), op->getStoredFPFeaturesOrDefault());
    } else if (const auto *op = dyn_cast<UnaryOperator>(s)) {
      add(UnaryOperator::getOpcodeStr(op->getOpcode()));
    } else if (const auto *cast = dyn_cast<CastExpr>(s)) {
      add(cast->getCastKindName());
    } else if (const auto *literal = dyn_cast<IntegerLiteral>(s)) {
      add(llvm::toString(literal->getValue(), 16, false));
    } else if (const auto *literal = dyn_cast<FloatingLiteral>(s)) {
      add(llvm::toString(literal->getValue().bitcastToAPInt(), 16, false));
    } else if (const auto *literal = dyn_cast<StringLiteral>(s)) {
      add(literal->getBytes());
    } else if (const auto *literal = dyn_cast<CharacterLiteral>(s)) {
      add(static_cast<std::int64_t>(literal->getValue()));
    } else if (const auto *literal = dyn_cast<CXXBoolLiteralExpr>(s)) {
      add(literal->getValue() ? "true" : "false");
    } else if (const auto *construct = dyn_cast<CXXConstructExpr>(s)) {
      reference(construct->getConstructor());
    } else if (const auto *inherited = dyn_cast<CXXInheritedCtorInitExpr>(s)) {
      reference(inherited->getConstructor()); // `using Base::Base`: the base's constructor runs
    } else if (const auto *trait = dyn_cast<UnaryExprOrTypeTraitExpr>(s)) {
      add(getTraitSpelling(trait->getKind())); // spelled: the enum's values move between versions
      if (trait->isArgumentType())
        type(trait->getArgumentType());
    } else if (const auto *new_expr = dyn_cast<CXXNewExpr>(s)) {
      type(new_expr->getAllocatedType());
    } else if (const auto *trait = dyn_cast<TypeTraitExpr>(s)) { // __is_same(T, U), ...
      add(getTraitSpelling(trait->getTrait()));
      for (const TypeSourceInfo *arg : trait->getArgs())
        type(arg->getType());
    } else if (const auto *type_id = dyn_cast<CXXTypeidExpr>(s)) {
      if (type_id->isTypeOperand())
        type(type_id->getTypeOperand(const_cast<ASTContext &>(context_)));
    } else if (const auto *offset = dyn_cast<OffsetOfExpr>(s)) {
      for (unsigned i = 0; i < offset->getNumComponents(); ++i) {
        const OffsetOfNode &node = offset->getComponent(i);
        add(static_cast<std::int64_t>(node.getKind()));
        if (node.getKind() == OffsetOfNode::Field)
          reference(node.getField());
        else if (node.getKind() == OffsetOfNode::Identifier)
          add(node.getFieldName()->getName());
      }
    } else if (const auto *atomic = dyn_cast<AtomicExpr>(s)) {
      add(compat::atomic_name(atomic->getOp()));
    } else if (const auto *fold = dyn_cast<CXXFoldExpr>(s)) {
      add(BinaryOperator::getOpcodeStr(fold->getOperator()));
    } else if (const auto *arg = dyn_cast<CXXDefaultArgExpr>(s)) {
      used_at_.push_back(arg->getUsedLocation());
      stmt(arg->getExpr()); // not among its children
      used_at_.pop_back();
    } else if (const auto *init = dyn_cast<CXXDefaultInitExpr>(s)) {
      used_at_.push_back(init->getUsedLocation());
      stmt(init->getExpr());
      used_at_.pop_back();
    } else if (const auto *where = dyn_cast<SourceLocExpr>(s)) {
      source_location(*where);
    } else if (const auto *concept_use = dyn_cast<ConceptSpecializationExpr>(s)) {
      // Whether it holds, as the concept's definition (in another file, or edited) says:
      // an `if constexpr` takes its branch by it.
      satisfied(*concept_use);
    } else if (const auto *requires_expr = dyn_cast<RequiresExpr>(s)) {
      satisfied(*requires_expr);
    } else if (const auto *init = dyn_cast<InitListExpr>(s)) {
      // `S a[3] = {S(x)}`: the elements not listed are made as the filler says (S's
      // default constructor), which is not among the children.
      if (init->hasArrayFiller())
        stmt(init->getArrayFiller());
    } else if (const auto *opaque = dyn_cast<OpaqueValueExpr>(s)) {
      // What it stands for: an array a structured binding or a lambda copies, among others.
      stmt(opaque->getSourceExpr());
    } else if (const auto *embed = dyn_cast<EmbedExpr>(s)) {
      // #embed "table.bin": the file's bytes.
      add(embed->getDataStringLiteral()->getBytes().substr(embed->getStartingElementPos(),
                                                           embed->getDataElementCount()));
    } else if (const auto *address = dyn_cast<AddrLabelExpr>(s)) { // &&label, for goto *p
      add(label_number(address->getLabel()));
    } else if (const auto *block = dyn_cast<BlockExpr>(s)) { // -fblocks
      stmt(block->getBody());
    } else if (const auto *captured = dyn_cast<CapturedStmt>(s)) {
      // The body of an OpenMP region: its children are only what it captures.
      stmt(captured->getCapturedStmt());
    } else if (const auto *label = dyn_cast<LabelStmt>(s)) {
      add(label_number(label->getDecl()));
    } else if (const auto *jump = dyn_cast<GotoStmt>(s)) {
      add(label_number(jump->getLabel()));
    } else if (const auto *assembly = dyn_cast<GCCAsmStmt>(s)) {
      add(compat::asm_string(*assembly));
      for (unsigned i = 0; i < assembly->getNumOutputs(); ++i)
        add(assembly->getOutputConstraint(i));
      for (unsigned i = 0; i < assembly->getNumInputs(); ++i)
        add(assembly->getInputConstraint(i));
      for (unsigned i = 0; i < assembly->getNumClobbers(); ++i)
        add(assembly->getClobber(i));
    } else if (const auto *lookup = dyn_cast<OverloadExpr>(s)) { // in templates: f(t), t.f()
      add(lookup->getName().getAsString());
    } else if (const auto *dependent = dyn_cast<DependentScopeDeclRefExpr>(s)) {
      add(dependent->getDeclName().getAsString());
    } else if (const auto *dependent = dyn_cast<CXXDependentScopeMemberExpr>(s)) {
      add(dependent->getMember().getAsString());
    } else if (const auto *unresolved = dyn_cast<CXXUnresolvedConstructExpr>(s)) {
      type(unresolved->getTypeAsWritten());
    } else if (const auto *call = dyn_cast<CallExpr>(s)) {
      fp_features(call->hasStoredFPFeatures(), call->getStoredFPFeaturesOrDefault());
    } else if (const auto *directive = dyn_cast<OMPExecutableDirective>(s)) {
      openmp_clauses(*directive);
    }
  }

  // An OpenMP directive's clauses are not among its children, and they change what the
  // code computes: reduction(+: s) against reduction(*: s), a schedule, num_threads. Each
  // counts as printed, which spells its operator, kinds and modifiers (a local renamed
  // in a clause then misses once), and its expressions are walked for what they reach,
  // a user-defined reduction's combiner with them.
  void openmp_clauses(const clang::OMPExecutableDirective &directive) {
    const bool on_team = outputs_.team_size != nullptr && directive.getDirectiveKind() != llvm::omp::OMPD_simd;
    for (const clang::OMPClause *clause : directive.clauses()) {
      std::string text;
      llvm::raw_string_ostream printed(text);
      compat::print_openmp_clause(printed, policy_, *clause, lang_);
      add(clause->isImplicit() ? "implicit" : "explicit");
      add(printed.str());
      // A reduction clause's children are the items it reduces.
      const bool reduces_on_team =
          on_team &&
          llvm::isa<clang::OMPReductionClause, clang::OMPTaskReductionClause, clang::OMPInReductionClause>(clause);
      for (const clang::Stmt *child : const_cast<clang::OMPClause *>(clause)->children()) {
        stmt(child);
        if (const auto *item = llvm::dyn_cast_or_null<clang::Expr>(child); reduces_on_team && item != nullptr &&
                                                                            !exact_reduction(item->getType()))
          *outputs_.team_size = true;
      }
      // The three reduction clauses share no base that has their combiners.
      auto combiners = [this](const auto *reduction) {
        if (reduction != nullptr)
          for (const clang::Expr *op : reduction->reduction_ops())
            stmt(op);
      };
      combiners(llvm::dyn_cast<clang::OMPReductionClause>(clause));
      combiners(llvm::dyn_cast<clang::OMPTaskReductionClause>(clause));
      combiners(llvm::dyn_cast<clang::OMPInReductionClause>(clause));
    }
  }

  // A reduction over integers (or pointers) gives the same result however the items are
  // grouped; one over floating-point values, complex numbers or a user-defined type (an
  // array section's type is a placeholder, and counts as such) may not.
  static bool exact_reduction(clang::QualType type) {
    const clang::Type *item = type.getNonReferenceType()->getBaseElementTypeUnsafe();
    return item->isIntegralOrEnumerationType() || item->isPointerType();
  }

  template <class Constraint> void satisfied(const Constraint &constraint) {
    if (!constraint.isValueDependent())
      add(constraint.isSatisfied() ? "satisfied" : "unsatisfied");
  }

  // __builtin_LINE(), __builtin_FILE(), std::source_location::current(): a value taken from
  // where the call is or, in a default argument, from where that argument is used.
  void source_location(const clang::SourceLocExpr &where) {
    add(where.getBuiltinStr());
    if (failure_report_ != 0)
      return;
    position(where.getLocation(), where.getIdentKind());
    for (clang::SourceLocation used : used_at_)
      position(used, where.getIdentKind());
  }

  void position(clang::SourceLocation at, clang::SourceLocIdentKind kind) {
    const clang::PresumedLoc presumed = sources_.getPresumedLoc(sources_.getExpansionLoc(at));
    if (presumed.isInvalid())
      return;
    using Kind = clang::SourceLocIdentKind;
    if (kind == Kind::File || kind == Kind::FileName || kind == Kind::SourceLocStruct)
      add(presumed.getFilename());
    if (kind == Kind::Line || kind == Kind::SourceLocStruct)
      add(static_cast<std::int64_t>(presumed.getLine()));
    if (kind == Kind::Column || kind == Kind::SourceLocStruct)
      add(static_cast<std::int64_t>(presumed.getColumn()));
  }

  // #pragma STDC FP_CONTRACT, #pragma clang fp and the like, where they apply.
  void fp_features(bool stored, clang::FPOptionsOverride features) {
    if (stored)
      add(static_cast<std::int64_t>(features.getAsOpaqueInt()));
  }

  // Labels by their order of first appearance: their names do not matter.
  std::int64_t label_number(const clang::LabelDecl *label) {
    return static_cast<std::int64_t>(labels_.emplace(label, labels_.size()).first->second);
  }

  const clang::ASTContext &context_;
  const clang::SourceManager &sources_;
  const clang::LangOptions &lang_;
  clang::PrintingPolicy policy_;
  HashSink hash_;
  std::map<const clang::LabelDecl *, std::size_t> labels_;
  std::map<const clang::Decl *, std::size_t> locals_;
  std::set<const clang::Decl *> visited_; // definitions already in the digest
  std::set<const clang::Decl *> operations_walked_; // records operations_of() counted
  std::set<clang::FileID> system_files_;  // system headers whose contents it covers
  HashSink system_hash_;                   // their contents, for the dependency list
  DigestOutputs outputs_;
  const Overriders &overriders_;
  const bool follow_;
  static constexpr std::size_t kListed = 256;
  std::size_t listed_ = 0, folded_ = 0;
  HashSink folded_hash_;
  const clang::Decl *described_ = nullptr; // without follow_: the one type to describe
  std::set<std::string> reported_;
  clang::SourceLocation at_; // the statement being walked
  int failure_report_ = 0;   // inside what a failing assert reports (reports_failure)
  std::vector<const clang::CallExpr *> calls_; // the calls being walked, innermost last
  std::vector<clang::SourceLocation> used_at_; // where the default arguments walked are used
  const clang::FunctionDecl *walking_ = nullptr; // the function whose body is being walked
  const clang::CXXRecordDecl *self_ = nullptr;   // a cached member function's class
  // The reference parameters that refer to what the root's own reference parameters refer
  // to (carry()): the root's, and its callees' bound to them. A callee walked before such a
  // call is not walked again, so the first call decides.
  std::set<const clang::ParmVarDecl *> carried_;
  std::set<const clang::FunctionDecl *> carried_this_; // member functions called on such an object
};

} // namespace

void new_translation_unit() { unit_caches() = UnitCaches{}; }

std::vector<clang::SourceRange> &skipped_ranges() {
  return unit_caches().skipped;
}

std::vector<clang::SourceLocation> &pragma_locations() { return unit_caches().pragmas; }

std::vector<GccOptionPragma> &gcc_option_pragmas() {
  return unit_caches().gcc_options;
}

std::map<std::string, std::string> &system_configuration() { return unit_caches().system_configuration; }

namespace {
// A function's digest; a cached function's (`codecs`) also covers the program's codecs of
// what its wrapper encodes and decodes, for it and for each instance of a template.
Key128 function_digest(const clang::FunctionDecl &definition, DigestOutputs outputs, bool codecs) {
  Walker walker(definition.getASTContext(), outputs);
  walker.root(definition);
  if (codecs)
    walker.codecs_of(definition);
  if (const clang::FunctionTemplateDecl *tmpl = definition.getDescribedFunctionTemplate()) {
    walker.instantiations(*tmpl);
    if (codecs)
      for (const clang::FunctionDecl *spec : tmpl->specializations())
        walker.codecs_of(*spec);
  }
  return walker.finish();
}
} // namespace

Key128 code_digest(const clang::FunctionDecl &definition, DigestOutputs outputs) {
  return function_digest(definition, outputs, false);
}

Key128 cached_function_digest(const clang::FunctionDecl &definition, DigestOutputs outputs) {
  return function_digest(definition, outputs, true);
}

Key128 code_digest(const clang::VarDecl &definition, DigestOutputs outputs) {
  Walker walker(definition.getASTContext(), outputs);
  walker.root(definition);
  return walker.finish();
}

std::string dependency_name(const clang::Decl &decl) {
  // With template arguments: "twice<double>(double)".
  std::string name;
  llvm::raw_string_ostream out(name);
  clang::PrintingPolicy policy(decl.getASTContext().getLangOpts());
  llvm::cast<clang::NamedDecl>(decl).getNameForDiagnostic(out, policy, /*Qualified=*/true);
  out.flush();
  if (const auto *fn = llvm::dyn_cast<clang::FunctionDecl>(&decl)) {
    name += "(";
    for (unsigned i = 0; i < fn->getNumParams(); ++i)
      name += (i == 0 ? "" : ", ") + fn->getParamDecl(i)->getType().getAsString();
    name += ")";
  }
  return name;
}

std::string usr_hash(const std::string &usr) { return hash_bytes(usr.data(), usr.size()).hex(); }

bool in_system_header(const clang::Decl &decl) {
  const clang::SourceManager &sources = decl.getASTContext().getSourceManager();
  return sources.isInSystemHeader(sources.getExpansionLoc(decl.getLocation()));
}


namespace {
clang::ASTNameGenerator &name_generator(const clang::ASTContext &context) {
  std::unique_ptr<clang::ASTNameGenerator> &generator = unit_caches().names;
  if (!generator)
    generator = std::make_unique<clang::ASTNameGenerator>(const_cast<clang::ASTContext &>(context));
  return *generator;
}
} // namespace

std::string symbol_of(const clang::Decl &decl) {
  return name_generator(decl.getASTContext()).getName(&decl);
}

std::vector<std::string> symbols_of(const clang::Decl &decl) {
  std::vector<std::string> out = name_generator(decl.getASTContext()).getAllManglings(&decl);
  if (out.empty())
    if (std::string one = symbol_of(decl); !one.empty())
      out.push_back(one);
  return out;
}

std::string usr_of(const clang::Decl &decl) {
  llvm::SmallString<128> usr;
  if (clang::index::generateUSRForDecl(decl.getCanonicalDecl(), usr))
    return {};
  return std::string(usr);
}

} // namespace npcache::tool
