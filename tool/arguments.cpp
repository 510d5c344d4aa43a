#include "arguments.hpp"
#include "clang_compat.hpp"

#include "llvm/Option/ArgList.h"
#include "llvm/Option/OptTable.h"
#include "llvm/Option/Option.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/raw_ostream.h"

#include <set>

namespace npcache::tool {
namespace {

std::string absolute(const std::string &path, const std::string &directory) {
  llvm::SmallString<256> out(directory);
  llvm::sys::fs::make_absolute(out);
  if (llvm::sys::path::is_absolute(path))
    out = path;
  else
    llvm::sys::path::append(out, path);
  llvm::sys::path::remove_dots(out, /*remove_dot_dot=*/true);
  return std::string(out);
}

// What Clang's driver does not know, left out.
std::vector<std::string> known_to_clang(const std::vector<std::string> &compile_args) {
  std::vector<const char *> refs;
  for (const std::string &arg : compile_args)
    refs.push_back(arg.c_str());
  unsigned missing_index = 0, missing_count = 0;
  const llvm::opt::OptTable &table = compat::driver_options();
  llvm::opt::InputArgList parsed =
      table.ParseArgs(refs, missing_index, missing_count,
                      compat::clang_visibility());
  std::set<unsigned> unknown;
  for (const llvm::opt::Arg *arg : parsed)
    if (arg->getOption().getKind() == llvm::opt::Option::UnknownClass)
      unknown.insert(arg->getIndex());
  std::vector<std::string> out;
  for (unsigned i = 0; i < compile_args.size(); ++i)
    if (unknown.count(i) == 0)
      out.push_back(compile_args[i]);
  return out;
}

// `-Xclang OPTION -Xclang VALUE` at i: an option given to the front end past the driver.
bool is_front_end_option(const std::vector<std::string> &args, std::size_t i,
                         const char *option) {
  return i + 3 < args.size() && args[i] == "-Xclang" && args[i + 1] == option &&
         args[i + 2] == "-Xclang";
}

} // namespace

// A precompiled header is a compiler's private format: one from another Clang (clang++
// 14 for a parse by Clang 19) is an error, and with one from the same Clang the parse
// would not load the headers' text, which the digest hashes. So the parse reads every
// forced include as text: `-include-pch P` gives way to the header P was made from (P
// less its .pch or .gch, unless the command forces that in already, as CMake does), and
// `-include H` is passed to the front end directly, where the driver would look for an
// H.pch beside H and use that instead.
std::vector<std::string> clang_arguments(const std::vector<std::string> &compile_args,
                                         const std::string &directory) {
  const std::vector<std::string> args = known_to_clang(compile_args);
  std::vector<std::string> out;
  std::vector<std::pair<std::string, std::string>> pch_headers; // and the header each was made from
  std::set<std::string> forced;
  auto force = [&](const std::string &header) {
    out.insert(out.end(), {"-Xclang", "-include", "-Xclang", header});
    forced.insert(absolute(header, directory));
  };
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string &arg = args[i];
    std::string pch;
    if (arg == "-include-pch" && i + 1 < args.size()) {
      pch = args[++i];
    } else if (is_front_end_option(args, i, "-include-pch")) {
      pch = args[i + 3];
      i += 3;
    } else if (is_front_end_option(args, i, "-include")) {
      force(args[i + 3]);
      i += 3;
      continue;
    } else if (arg == "-include" && i + 1 < args.size()) {
      force(args[++i]);
      continue;
    } else if (arg.rfind("-include", 0) == 0 && arg.size() > 8 && arg != "-include-pch") {
      force(arg.substr(8));
      continue;
    } else {
      out.push_back(arg);
      continue;
    }
    llvm::StringRef extension = llvm::sys::path::extension(pch);
    const bool named = extension == ".pch" || extension == ".gch";
    pch_headers.emplace_back(pch, named ? pch.substr(0, pch.size() - extension.size()) : "");
  }
  for (const auto &[pch, header] : pch_headers) {
    const std::string path = header.empty() ? std::string() : absolute(header, directory);
    if (!header.empty() && forced.count(path))
      continue;
    if (!header.empty() && llvm::sys::fs::exists(path)) {
      force(header);
      continue;
    }
    // The parse goes on without it, and fails where the file uses what the header declares.
    llvm::errs() << "npcache-rewrite: warning: the parse reads headers as text, not the "
                    "precompiled header "
                 << pch << ", and cannot tell which header it was made from"
                 << (header.empty() ? "" : " (" + header + " does not exist)")
                 << "; give that header with -include as well\n";
  }
  return out;
}

std::vector<std::pair<std::string, std::string>>
forced_includes_as_project_headers(const std::vector<std::string> &arguments,
                                   const std::string &directory) {
  static const llvm::Regex pragma("^[ \t]*#[ \t]*pragma[ \t]+(GCC|clang)[ \t]+system_header([^A-Za-z0-9_].*)?$");
  std::vector<std::pair<std::string, std::string>> out;
  for (std::size_t i = 0; i < arguments.size(); ++i) {
    if (!is_front_end_option(arguments, i, "-include"))
      continue;
    const std::string path = absolute(arguments[i + 3], directory);
    llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> file = llvm::MemoryBuffer::getFile(path);
    if (!file)
      continue;
    std::string text = (*file)->getBuffer().str();
    bool marked = false;
    for (std::size_t begin = 0; begin < text.size();) {
      std::size_t end = text.find('\n', begin);
      if (end == std::string::npos)
        end = text.size();
      if (pragma.match(llvm::StringRef(text).slice(begin, end).rtrim('\r'))) {
        text.replace(begin, end - begin, end - begin, ' '); // lines keep their numbers
        marked = true;
      }
      begin = end + 1;
    }
    if (marked)
      out.emplace_back(path, std::move(text));
  }
  return out;
}

} // namespace npcache::tool
