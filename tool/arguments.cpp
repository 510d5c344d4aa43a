#include "arguments.hpp"
#include "clang_compat.hpp"

#include "llvm/Option/ArgList.h"
#include "llvm/Option/OptTable.h"
#include "llvm/Option/Option.h"

#include <set>

namespace npcache::tool {

std::vector<std::string> clang_arguments(const std::vector<std::string> &compile_args) {
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

} // namespace npcache::tool
