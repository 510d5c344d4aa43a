// npcache-rewrite: rewrites the [[npcache::cached]] functions of one source file.
//
//   npcache-rewrite INPUT -o OUTPUT [--depfile FILE] [--config npcache.json]
//                   [--summary FILE --target NAME] -- COMPILE-FLAGS
//   npcache-rewrite --combine -o OUTPUT --target NAME SUMMARY...
#include "combine.hpp"
#include "rewrite.hpp"

#include "clang/Tooling/CommonOptionsParser.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/raw_ostream.h"

namespace {
llvm::cl::OptionCategory category("npcache-rewrite options");
llvm::cl::opt<std::string> output("o", llvm::cl::desc("The rewritten file"), llvm::cl::Required,
                                  llvm::cl::value_desc("file"), llvm::cl::cat(category));
llvm::cl::opt<std::string> depfile("depfile", llvm::cl::desc("Write make-style dependencies"),
                                   llvm::cl::value_desc("file"), llvm::cl::cat(category));
llvm::cl::opt<std::string> config("config", llvm::cl::desc("The project's npcache.json"),
                                  llvm::cl::value_desc("file"), llvm::cl::cat(category));
llvm::cl::opt<std::string> summary("summary",
                                   llvm::cl::desc("Write this file's summary for --combine"),
                                   llvm::cl::value_desc("file"), llvm::cl::cat(category));
llvm::cl::opt<std::string> target("target", llvm::cl::desc("The target's name, an identifier"),
                                  llvm::cl::value_desc("name"), llvm::cl::cat(category));

// --combine -o OUTPUT --target NAME SUMMARY...
int combine(int argc, const char **argv) {
  std::string out, name;
  std::vector<std::string> summaries;
  for (int i = 2; i < argc; ++i) {
    std::string arg = argv[i];
    if ((arg == "-o" || arg == "--target") && i + 1 < argc)
      (arg == "-o" ? out : name) = argv[++i];
    else
      summaries.push_back(arg);
  }
  if (out.empty() || name.empty()) {
    llvm::errs() << "usage: npcache-rewrite --combine -o OUTPUT --target NAME SUMMARY...\n";
    return 2;
  }
  return npcache::tool::combine_summaries(summaries, name, out);
}
} // namespace

int main(int argc, const char **argv) {
  if (argc > 1 && std::string(argv[1]) == "--combine")
    return combine(argc, argv);
  auto parser = clang::tooling::CommonOptionsParser::create(argc, argv, category, llvm::cl::Required);
  if (!parser) {
    llvm::errs() << parser.takeError();
    return 2;
  }
  if (parser->getSourcePathList().size() != 1) {
    llvm::errs() << "npcache-rewrite: error: give exactly one source file\n";
    return 2;
  }
  npcache::tool::RewriteRequest request;
  request.input = parser->getSourcePathList().front();
  request.output = output;
  request.depfile = depfile;
  request.summary = summary;
  request.target = target;
  if (!request.summary.empty() && request.target.empty()) {
    llvm::errs() << "npcache-rewrite: error: --summary needs --target\n";
    return 2;
  }
  auto commands = parser->getCompilations().getCompileCommands(request.input);
  if (!commands.empty())
    // The command line after `--`, less the compiler and the file.
    for (std::size_t i = 1; i < commands.front().CommandLine.size(); ++i)
      if (commands.front().CommandLine[i] != request.input)
        request.compile_args.push_back(commands.front().CommandLine[i]);
  if (!config.empty()) {
    try {
      request.config = npcache::load_config(config.getValue());
    } catch (const npcache::config_error &e) {
      llvm::errs() << e.what() << "\n";
      return 1;
    }
  }
  return npcache::tool::rewrite_file(request);
}
