// A compiler driver's command line as GCC and Clang take it, read for what the launcher
// needs: is it a compile, a link or something else, which C++ source, which object, where
// the depfile goes, where headers are searched, what the link takes in, and which flags
// change floating-point results. Reading never changes the command that runs.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace npcache::launcher {

struct CompilerCommand {
  // Launchers chained in front of the compiler (ccache, sccache, distcc), run as given.
  std::vector<std::string> launchers;
  std::string compiler;
  // What follows the compiler, as given, and with response files (@file) expanded.
  std::vector<std::string> args;
  std::vector<std::string> expanded;

  enum class Mode { compile, link, other } mode = Mode::other;

  // The sources among `expanded` (their indices), in order: C++, or C. A cached function
  // may call what a C file of the project defines, so the link must see it too.
  std::vector<std::size_t> sources;
  // Whether those are C: compiled untouched, and recorded for the link.
  bool c_language = false;
  // A C++ driver (g++, clang++, c++) compiles a .c file as C++ (CMake does so for a .c
  // source whose LANGUAGE is CXX); a parse by Clang must then be told so with -x c++.
  bool c_source_as_cxx = false;
  std::string output; // -o, or empty

  // Where headers are searched, in the driver's order within each kind.
  std::vector<std::string> quote_dirs;   // -iquote
  std::vector<std::string> include_dirs; // -I
  std::vector<std::string> system_dirs;  // -isystem, -idirafter, --sysroot's
  std::vector<std::string> forced_includes; // -include, -imacros
  // The depfile the compiler writes (-MD/-MMD, -MF, -Wp,-MD,file), if any.
  std::optional<std::string> depfile;

  // Linking.
  bool shared = false;                  // -shared
  std::vector<std::string> link_inputs; // objects, archives and shared libraries by path
  std::vector<std::string> libraries;   // -lNAME, as NAME
  std::vector<std::string> library_dirs; // -L
  // --wrap=SYMBOL (-Wl, or -Xlinker): a call to SYMBOL from another object goes to
  // __wrap_SYMBOL, and __real_SYMBOL is SYMBOL.
  std::vector<std::string> wrapped;
  // --defsym=SYMBOL=TARGET where TARGET is another symbol: SYMBOL is TARGET.
  std::vector<std::pair<std::string, std::string>> defined_symbols;
  // Flags that choose the target or the ABI (-m32, --target=...): a helper object
  // compiled for this link gets them too.
  std::vector<std::string> target_flags;

  // Flags that may change a floating-point result, or how integers and chars behave, in
  // the order given: part of a cached function's build context.
  std::vector<std::string> result_flags;

  const std::string &source(std::size_t i = 0) const { return expanded[sources.at(i)]; }
  // The whole command: launchers, compiler, args.
  std::vector<std::string> argv() const;
};

// Reads `argv` (compiler first, possibly behind launchers such as ccache). Response files
// are read relative to the working directory.
CompilerCommand parse_command(const std::vector<std::string> &argv);

// The arguments in a response file, split as GCC does (whitespace, quotes, backslashes).
std::vector<std::string> read_response_file(const std::string &path);
std::vector<std::string> split_arguments(const std::string &text);

// What a compile's command says of the values its code computes, for the link to key the
// definitions it takes from that object on: the result flags, the dialect (GCC contracts
// a*b+c into an FMA except in ISO C), and for -march=native the instruction
// sets of this machine, which it stands for. A cached function's own file says the same
// through the predefined macros of its build context.
std::string compiled_context(const CompilerCommand &command);

// Whether a compiler is a C++ driver, by its name (g++, c++, clang++-19, x86_64-linux-gnu-g++,
// mpicxx).
bool is_cxx_driver(const std::string &compiler);

} // namespace npcache::launcher
