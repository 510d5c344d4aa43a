#include "command_line.hpp"
#include "common/source_files.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string_view>
#include <tuple>

namespace npcache::launcher {
namespace {

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}
bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string_view file_name(std::string_view path) {
  return path.substr(path.rfind('/') == std::string_view::npos ? 0 : path.rfind('/') + 1);
}

// Tools that run the compiler given after them.
bool is_launcher(const std::string &path) {
  const std::string_view name = file_name(path);
  for (std::string_view known : {"ccache", "sccache", "distcc", "icecc", "buildcache"})
    if (name == known)
      return true;
  return false;
}

// Options whose value may be the next argument. Each also takes a joined value
// (-Idir, -DX=1), except where noted in takes_joined().
constexpr std::array kSeparate = {
    "-o", "-I", "-isystem", "-iquote", "-idirafter", "-include", "-imacros", "-D", "-U",
    "-MF", "-MT", "-MQ", "-x", "-Xlinker", "-Xclang", "-Xpreprocessor", "-Xassembler", "-L",
    "-l", "-T", "-target", "-arch", "-isysroot", "-iprefix", "-iwithprefix",
    "-iwithprefixbefore", "-iframework", "-F", "-u", "-z", "-e", "-aux-info", "-dumpbase",
    "-dumpdir", "-wrapper", "-mllvm", "-include-pch", "-ivfsoverlay", "-imultilib",
    "-working-directory", "--param", "-B", "-G", "-Xarch_host", "-Xarch_device",
    "-specs", "--sysroot", "-gcc-toolchain", "--target", "-resource-dir"};

bool takes_separate(const std::string &arg) {
  return std::find(kSeparate.begin(), kSeparate.end(), arg) != kSeparate.end();
}

// A value joined to one of the options above: "-Idir" gives ("-I", "dir").
std::optional<std::pair<std::string, std::string>> joined(const std::string &arg) {
  for (std::string_view option : {"-isystem", "-iquote", "-idirafter", "-I", "-D", "-U", "-L",
                                  "-l", "-MF", "-MT", "-MQ", "-x", "--sysroot=", "-include",
                                  "-imacros"})
    if (starts_with(arg, option) && arg.size() > option.size())
      return std::pair{std::string(option), arg.substr(option.size())};
  return std::nullopt;
}

// Flags that may change what the compiled code computes. GCC forms an FMA wherever a
// multiply meets an add (-ffp-contract=fast is its default outside ISO mode), so anything
// that changes inlining changes results, and under value-unsafe math so does anything that
// changes how a loop is vectorized or unrolled. Measured here: -fPIC (an interposable
// callee is no longer inlined) and -fno-inline each changed a*b+c, and
// -fno-tree-vectorize, -mprefer-vector-width=128 and -fvect-cost-model=dynamic each
// changed a sum under -ffast-math. So every -f, -m and --param flag counts, except those
// that change only diagnostics, debug information, recorded paths, hardening, sections
// and unwind tables, and limits that make a compile fail or not. -fvisibility counts: a
// hidden function under -fPIC is inlined again.
bool is_result_flag(const std::string &arg) {
  if (starts_with(arg, "-O") || starts_with(arg, "--param"))
    return true;
  if (!starts_with(arg, "-f") && !starts_with(arg, "-m"))
    return false;
  static constexpr std::array kNeutral = {
      // diagnostics and reports
      "-fdiagnostics", "-fno-diagnostics", "-fcolor-diagnostics", "-fno-color-diagnostics",
      "-fansi-escape-codes", "-fmessage-length=", "-fshow-column", "-fno-show-column",
      "-fshow-source-location", "-fno-show-source-location", "-fcaret-diagnostics",
      "-fno-caret-diagnostics", "-ftemplate-backtrace-limit=", "-fmax-errors=", "-ferror-limit=",
      "-fconcepts-diagnostics-depth=", "-fconstexpr-depth=", "-fconstexpr-loop-limit=",
      "-fconstexpr-ops-limit=", "-fconstexpr-steps=", "-ftemplate-depth=", "-fdump-",
      "-fopt-info", "-ftime-report", "-ftime-trace", "-fmem-report", "-fstack-usage",
      "-fcallgraph-info", "-fsyntax-only", "-fverbose-asm", "-fno-verbose-asm",
      "-fident", "-fno-ident",
      // debug information and the paths recorded in it
      "-fdebug-", "-fno-debug-", "-fvar-tracking", "-fno-var-tracking",
      "-feliminate-unused-debug", "-fno-eliminate-unused-debug", "-fstandalone-debug",
      "-fno-standalone-debug", "-frecord-gcc-switches", "-fno-record-gcc-switches",
      "-frecord-command-line", "-fno-record-command-line", "-ffile-prefix-map=",
      "-fmacro-prefix-map=", "-fprofile-prefix-map=", "-fworking-directory",
      "-fno-working-directory", "-fcanonical-system-headers", "-fno-canonical-system-headers",
      "-ftrack-macro-expansion", "-fno-track-macro-expansion", "-fpch-", "-fno-pch-",
      "-fpreprocessed", "-fdirectives-only",
      // hardening, frames, unwinding, sections, the linker
      "-fstack-protector", "-fno-stack-protector", "-fstack-clash-protection",
      "-fno-stack-clash-protection", "-fcf-protection", "-fomit-frame-pointer",
      "-fno-omit-frame-pointer", "-fasynchronous-unwind-tables", "-fno-asynchronous-unwind-tables",
      "-funwind-tables", "-fno-unwind-tables", "-fdata-sections", "-fno-data-sections",
      "-ffunction-sections", "-fno-function-sections", "-fuse-ld=", "-fuse-linker-plugin",
      "-fno-use-linker-plugin", "-fcommon", "-fno-common"};
  for (std::string_view prefix : kNeutral)
    if (starts_with(arg, prefix))
      return false;
  return true;
}

bool is_target_flag(const std::string &arg) {
  return arg == "-m32" || arg == "-m64" || arg == "-mx32" || starts_with(arg, "--target=") ||
         starts_with(arg, "-march=") || starts_with(arg, "--sysroot=");
}

bool is_link_input(const std::string &arg) {
  if (ends_with(arg, ".o") || ends_with(arg, ".obj") || ends_with(arg, ".a") ||
      ends_with(arg, ".so") || ends_with(arg, ".lo"))
    return true;
  // libfoo.so.1.2
  std::size_t so = arg.rfind(".so.");
  return so != std::string::npos && arg.find('/', so) == std::string::npos;
}

void expand(const std::vector<std::string> &args, std::vector<std::string> &out, int depth) {
  for (const std::string &arg : args) {
    if (arg.size() > 1 && arg[0] == '@' && depth < 8) {
      std::ifstream probe(arg.substr(1));
      if (probe) {
        expand(read_response_file(arg.substr(1)), out, depth + 1);
        continue;
      }
    }
    out.push_back(arg);
  }
}

} // namespace

bool is_cxx_driver(const std::string &compiler) {
  const std::string_view name = file_name(compiler);
  // and the wrappers of one: mpicxx, mpiCC, h5c++
  return name.find("++") != std::string_view::npos || name.find("cxx") != std::string_view::npos ||
         ends_with(name, "CC");
}

std::vector<std::string> read_response_file(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  return split_arguments(std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>()));
}

std::vector<std::string> split_arguments(const std::string &text) {
  std::vector<std::string> out;
  std::string current;
  bool in_arg = false;
  char quote = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\\' && i + 1 < text.size() && quote != '\'') {
      current += text[++i];
      in_arg = true;
    } else if (quote != 0) {
      if (c == quote)
        quote = 0;
      else
        current += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
      in_arg = true;
    } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (in_arg)
        out.push_back(current);
      current.clear();
      in_arg = false;
    } else {
      current += c;
      in_arg = true;
    }
  }
  if (in_arg)
    out.push_back(current);
  return out;
}

std::string compiled_context(const CompilerCommand &command) {
  std::string out;
  bool iso = false, native = false;
  for (const std::string &arg : command.expanded)
    if (arg == "-ansi" || starts_with(arg, "-std="))
      iso = arg == "-ansi" || starts_with(arg, "-std=c"); // c++17, c11; not gnu++17
  for (const std::string &flag : command.result_flags) {
    out += " " + flag;
    native = native || flag == "-march=native" || flag == "-mcpu=native" || flag == "-mtune=native";
  }
  if (iso)
    out += " iso";
#if defined(__x86_64__) || defined(__i386__)
  if (native) {
    __builtin_cpu_init();
    out += " native:";
    // The instruction sets that change which code GCC emits for floating-point loops.
#define NPCACHE_FEATURE(name) out += __builtin_cpu_supports(name) ? " " name : ""
    NPCACHE_FEATURE("sse4.2");
    NPCACHE_FEATURE("avx");
    NPCACHE_FEATURE("avx2");
    NPCACHE_FEATURE("fma");
    NPCACHE_FEATURE("avx512f");
    NPCACHE_FEATURE("avx512vl");
    NPCACHE_FEATURE("avx512bw");
    NPCACHE_FEATURE("avx512dq");
#undef NPCACHE_FEATURE
  }
#else
  (void)native;
#endif
  return out;
}

std::vector<std::string> CompilerCommand::argv() const {
  std::vector<std::string> out = launchers;
  out.push_back(compiler);
  out.insert(out.end(), args.begin(), args.end());
  return out;
}

CompilerCommand parse_command(const std::vector<std::string> &argv) {
  CompilerCommand c;
  std::size_t first = 0;
  while (first + 1 < argv.size() && is_launcher(argv[first]))
    c.launchers.push_back(argv[first++]);
  if (first >= argv.size())
    return c;
  c.compiler = argv[first];
  c.args.assign(argv.begin() + static_cast<std::ptrdiff_t>(first) + 1, argv.end());
  expand(c.args, c.expanded, 0);

  bool compile_only = false, other = false, dependencies = false, inputs = false;
  std::string language; // from -x, for the inputs that follow it
  const bool cxx_driver = is_cxx_driver(c.compiler);
  std::string md_file;  // from -Wp,-MD,file
  std::vector<std::string> linker_args; // -Wl,a,b and -Xlinker a, in order
  const std::vector<std::string> &a = c.expanded;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const std::string &arg = a[i];
    std::string option, value;
    if (takes_separate(arg) && i + 1 < a.size()) {
      option = arg;
      value = a[++i];
    } else if (auto j = joined(arg)) {
      std::tie(option, value) = *j;
      if (option == "--sysroot=")
        option = "--sysroot";
    } else if (!arg.empty() && arg[0] != '-') {
      inputs = true;
      const bool c_as_cxx = language.empty() && cxx_driver && ends_with(arg, ".c");
      bool cxx = language.empty() ? tool::is_cxx_source(arg) || c_as_cxx
                                  : language == "c++" || language == "c++-header";
      const bool c_source = language.empty() ? !cxx_driver && ends_with(arg, ".c") : language == "c";
      if ((cxx && language != "c++-header") || c_source) {
        c.sources.push_back(i);
        c.c_source_as_cxx = c.c_source_as_cxx || c_as_cxx;
        c.c_language = c.c_language || c_source;
      } else if (is_link_input(arg)) {
        c.link_inputs.push_back(arg);
      }
      continue;
    } else {
      option = arg;
    }

    if (option == "-o")
      c.output = value;
    else if (option == "-iquote")
      c.quote_dirs.push_back(value);
    else if (option == "-I")
      c.include_dirs.push_back(value);
    else if (option == "-isystem" || option == "-idirafter")
      c.system_dirs.push_back(value);
    else if (option == "--sysroot" || option == "-isysroot")
      c.system_dirs.push_back(value + "/usr/include");
    else if (option == "-include" || option == "-imacros")
      c.forced_includes.push_back(value);
    else if (option == "-x")
      language = value == "none" ? "" : value;
    else if (option == "-MF")
      c.depfile = value;
    else if (option == "-L")
      c.library_dirs.push_back(value);
    else if (option == "-l")
      c.libraries.push_back(value);
    else if (option == "-c")
      compile_only = true;
    else if (option == "-E" || option == "-S" || option == "-fsyntax-only" || option == "-M" ||
             option == "-MM" || option == "--version" || option == "-dumpversion" ||
             option == "-dumpmachine" || starts_with(option, "-print-") || option == "--help")
      other = true;
    else if (option == "-MD" || option == "-MMD")
      dependencies = true;
    else if (option == "-shared")
      c.shared = true;
    else if (starts_with(option, "-Wp,-MD,") || starts_with(option, "-Wp,-MMD,"))
      md_file = option.substr(option.find(',', 4) + 1);
    else if (option == "-Xlinker")
      linker_args.push_back(value);
    else if (starts_with(option, "-Wl,"))
      for (std::size_t from = 4, comma; from <= option.size(); from = comma + 1) {
        comma = std::min(option.find(',', from), option.size());
        linker_args.push_back(option.substr(from, comma - from));
      }
    if (is_result_flag(arg))
      c.result_flags.push_back(arg == "--param" || arg == "-mllvm" ? arg + "=" + value : arg);
    if (is_target_flag(arg))
      c.target_flags.push_back(arg);
    else if (arg == "-target" || arg == "--target")
      c.target_flags.insert(c.target_flags.end(), {arg, value});
  }
  for (std::size_t i = 0; i < linker_args.size(); ++i) {
    const std::string &arg = linker_args[i];
    if (arg == "--wrap" || arg == "-wrap") {
      if (i + 1 < linker_args.size())
        c.wrapped.push_back(linker_args[++i]);
    } else if (starts_with(arg, "--wrap=") || starts_with(arg, "-wrap=")) {
      c.wrapped.push_back(arg.substr(arg.find('=') + 1));
    } else if (arg == "--defsym" || starts_with(arg, "--defsym=")) {
      std::string definition = arg == "--defsym" ? (i + 1 < linker_args.size() ? linker_args[++i] : "")
                                                  : arg.substr(arg.find('=') + 1);
      std::size_t equals = definition.find('=');
      std::string target = equals == std::string::npos ? "" : definition.substr(equals + 1);
      // Only a symbol: an address or an expression (foo + 4) names no code to follow.
      if (!target.empty() && !std::isdigit(static_cast<unsigned char>(target[0])) &&
          target.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.$") ==
              std::string::npos)
        c.defined_symbols.emplace_back(definition.substr(0, equals), target);
    }
  }
  if (!md_file.empty())
    c.depfile = md_file;
  else if (dependencies && !c.depfile && !c.output.empty()) {
    // GCC and Clang put it beside the object: out.o -> out.d
    std::string base = c.output;
    std::size_t dot = base.rfind('.');
    if (dot != std::string::npos && base.find('/', dot) == std::string::npos)
      base.resize(dot);
    c.depfile = base + ".d";
  } else if (!dependencies && md_file.empty()) {
    c.depfile.reset(); // -MF without -MD/-MMD writes nothing during a compile
  }

  if (other || !inputs)
    c.mode = CompilerCommand::Mode::other;
  else if (compile_only)
    c.mode = c.sources.empty() ? CompilerCommand::Mode::other : CompilerCommand::Mode::compile;
  else
    c.mode = CompilerCommand::Mode::link;
  return c;
}

} // namespace npcache::launcher
