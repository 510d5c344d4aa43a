// npcache-rewrite: rewrites the [[npcache::cached]] functions of one source file. npcache-cxx
// runs it; it can also be run by hand.
//
//   npcache-rewrite INPUT -o OUTPUT [--if-marked] [--summary FILE [--cached-only]]
//                   [--config npcache.json] [--context-flags FLAGS] -- COMPILE-ARGS
//   npcache-rewrite INPUT -o - --list-cacheable FILE -- COMPILE-ARGS
//   npcache-rewrite --summarize JOBS.json
#include "rewrite.hpp"

#include "clang/Tooling/CommonOptionsParser.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <nlohmann/json.hpp>

namespace {
llvm::cl::OptionCategory category("npcache-rewrite options");
llvm::cl::opt<std::string> output("o", llvm::cl::desc("The rewritten file"), llvm::cl::Required,
                                  llvm::cl::value_desc("file"), llvm::cl::cat(category));
llvm::cl::opt<bool> if_marked("if-marked",
                              llvm::cl::desc("Write the output only if the file defines a cached function"),
                              llvm::cl::cat(category));
llvm::cl::opt<std::string> config("config", llvm::cl::desc("The project's npcache.json"),
                                  llvm::cl::value_desc("file"), llvm::cl::cat(category));
llvm::cl::opt<std::string> summary("summary", llvm::cl::desc("Write this file's summary for the link step"),
                                   llvm::cl::value_desc("file"), llvm::cl::cat(category));
llvm::cl::opt<bool> cached_only(
    "cached-only",
    llvm::cl::desc("Summarize the cached functions only; the link step parses again if it needs more"),
    llvm::cl::cat(category));
llvm::cl::opt<std::string> list_cacheable(
    "list-cacheable",
    llvm::cl::desc("Write, as JSON, which functions of the file could be cached and why not"),
    llvm::cl::value_desc("file"), llvm::cl::cat(category));
llvm::cl::opt<std::string> context_flags(
    "context-flags", llvm::cl::desc("Compile flags that may change results, for the build context"),
    llvm::cl::value_desc("flags"), llvm::cl::cat(category));

// --summarize JOBS: [{"source", "directory", "arguments", "output"}, ...]
int summarize(const char *jobs_file) {
  auto buffer = llvm::MemoryBuffer::getFile(jobs_file);
  nlohmann::json jobs = buffer ? nlohmann::json::parse((*buffer)->getBuffer().str(), nullptr, false)
                               : nlohmann::json();
  if (!jobs.is_array()) {
    llvm::errs() << "npcache-rewrite: error: cannot read the jobs in " << jobs_file << "\n";
    return 2;
  }
  std::vector<npcache::tool::SummaryJob> list;
  try {
    for (const auto &job : jobs)
      list.push_back({job.at("source"), job.at("directory"),
                      job.at("arguments").get<std::vector<std::string>>(), job.at("output")});
  } catch (const nlohmann::json::exception &e) {
    llvm::errs() << "npcache-rewrite: error: " << jobs_file << ": " << e.what() << "\n";
    return 2;
  }
  return npcache::tool::summarize_files(list);
}
} // namespace

int main(int argc, const char **argv) {
  if (argc == 3 && std::string(argv[1]) == "--summarize")
    return summarize(argv[2]);
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
  request.if_marked = if_marked;
  request.summary = summary;
  request.summarize_definitions = !cached_only;
  request.context_flags = context_flags;
  request.list_cacheable = list_cacheable;
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
    } catch (const std::exception &e) {
      llvm::errs() << config.getValue() << ": error: " << e.what() << "\n";
      return 1;
    }
  }
  try {
    return npcache::tool::rewrite_file(request);
  } catch (const std::exception &e) { // a bug of ours: an error, never an abort
    llvm::errs() << request.input << ": error: npcache-rewrite: " << e.what() << "\n";
    return 1;
  }
}
