#include "rewriter.hpp"
#include "process.hpp"

#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <sys/stat.h>
#include <unistd.h>

namespace npcache::launcher {
namespace {

bool exists(const std::string &path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

nlohmann::json read_json(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return nullptr;
  nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  return j.is_discarded() ? nlohmann::json(nullptr) : j;
}

std::string join(const std::vector<std::string> &items, const char *separator) {
  std::string out;
  for (const std::string &item : items)
    out += (out.empty() ? "" : separator) + item;
  return out;
}

// Where the compiler keeps the headers that come with it rather than with a library:
// GCC's omp.h, openacc.h and quadmath.h are there, and Clang's resource directory, which
// the parse uses for the headers the two share, lacks them. Asked of the compiler once
// per process; empty if it names no directory.
const std::string &compiler_header_dir(const std::string &compiler) {
  static std::map<std::string, std::string> dirs;
  auto [it, added] = dirs.emplace(compiler, std::string());
  if (added) {
    std::string dir = capture({compiler, "-print-file-name=include"});
    while (!dir.empty() && (dir.back() == '\n' || dir.back() == '\r'))
      dir.pop_back();
    struct stat st;
    if (!dir.empty() && dir.front() == '/' && ::stat(dir.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
      it->second = dir;
  }
  return it->second;
}

// A compiler wrapper (MPI's mpicxx and mpicc, HDF5's h5c++) runs a compiler with flags of
// its own, which the parse needs too: mpi.h is found through them. Open MPI's, MPICH's,
// Intel MPI's and HDF5's wrappers all print the command they run for -show. What finds
// and defines code is kept (the link flags are not), with its include directories as
// system ones: they hold a library's headers, not the project's. Asked once per process.
const std::vector<std::string> &wrapper_flags(const std::string &compiler) {
  static std::map<std::string, std::vector<std::string>> known;
  auto [it, added] = known.emplace(compiler, std::vector<std::string>());
  const std::string name = compiler.substr(compiler.rfind('/') + 1);
  if (!added || (name.rfind("mpi", 0) != 0 && name.rfind("h5", 0) != 0))
    return it->second;
  const std::vector<std::string> shown = split_arguments(capture({compiler, "-show"}));
  for (std::size_t i = 1; i < shown.size(); ++i) {
    const std::string &arg = shown[i];
    for (const char *option : {"-I", "-isystem", "-idirafter", "-D", "-U", "-include"}) {
      const std::size_t length = std::strlen(option);
      if (arg.compare(0, length, option) != 0)
        continue;
      std::string value = arg.size() > length ? arg.substr(length) : i + 1 < shown.size() ? shown[++i] : "";
      it->second.insert(it->second.end(), {std::strcmp(option, "-I") == 0 ? "-isystem" : option, value});
      break;
    }
    if (arg == "-pthread")
      it->second.push_back(arg);
  }
  return it->second;
}

} // namespace

std::vector<std::string> parse_arguments(const CompilerCommand &command) {
  std::vector<std::string> out = wrapper_flags(command.compiler);
  const std::vector<std::string> &a = command.expanded;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const std::string &arg = a[i];
    if (!command.sources.empty() && i == command.sources.front())
      continue;
    if (arg == "-o" || arg == "-MF" || arg == "-MT" || arg == "-MQ") {
      ++i; // and its value
      continue;
    }
    if (arg == "-c" || arg == "-MD" || arg == "-MMD" || arg == "-MP" ||
        arg.rfind("-MF", 0) == 0 || arg.rfind("-MT", 0) == 0 || arg.rfind("-MQ", 0) == 0 ||
        arg.rfind("-Wp,-MD,", 0) == 0 || arg.rfind("-Wp,-MMD,", 0) == 0 ||
        (arg.rfind("-o", 0) == 0 && arg.size() > 2))
      continue;
    out.push_back(arg);
  }
  // Clang's driver, unlike g++, takes a .c file for C; the source follows these arguments.
  if (command.c_source_as_cxx)
    out.insert(out.end(), {"-x", "c++"});
  // Last, so that every header the parse finds elsewhere is found as before.
  if (const std::string &dir = compiler_header_dir(command.compiler); !dir.empty())
    out.insert(out.end(), {"-idirafter", dir});
  return out;
}

RewriteOutcome rewrite(const LaunchOptions &options, const CompilerCommand &command,
                       const std::string &rewritten) {
  const std::string summary = rewritten + ".summary.json";
  // Definitions are summarized when a link needs them, which for most files is never.
  std::vector<std::string> argv = {options.rewriter, command.source(), "-o", rewritten,
                                   "--if-marked", "--summary", summary, "--cached-only"};
  if (!options.config.empty())
    argv.insert(argv.end(), {"--config", options.config});
  if (!command.result_flags.empty())
    argv.insert(argv.end(), {"--context-flags", join(command.result_flags, " ")});
  argv.push_back("--");
  std::vector<std::string> args = parse_arguments(command);
  argv.insert(argv.end(), args.begin(), args.end());
  RewriteOutcome outcome;
  outcome.status = run(argv);
  if (outcome.status != 0)
    return outcome;
  outcome.marked = exists(rewritten);
  outcome.summary = read_json(summary);
  return outcome;
}

SummaryRun start_summaries(const LaunchOptions &options, const std::vector<const ObjectRecord *> &records) {
  SummaryRun out;
  if (records.empty())
    return out;
  static int runs = 0; // one process may run several at once
  const std::string base =
      options.state_dir + "/summaries/" + std::to_string(::getpid()) + "-" + std::to_string(runs++);
  for (std::size_t i = 0; i < records.size(); ++i) {
    std::vector<std::string> argv = {records[i]->compiler};
    argv.insert(argv.end(), records[i]->arguments.begin(), records[i]->arguments.end());
    CompilerCommand command = parse_command(argv);
    std::string output = base + "." + std::to_string(i) + ".json";
    ::unlink(output.c_str());
    out.jobs.push_back({{"source", command.sources.empty() ? records[i]->source : command.source()},
                        {"directory", records[i]->directory},
                        {"arguments", parse_arguments(command)},
                        {"output", output}});
  }
  out.job_file = base + ".jobs.json";
  if (write_file_atomically(out.job_file, out.jobs.dump()))
    out.pid = start({options.rewriter, "--summarize", out.job_file});
  return out;
}

std::vector<std::optional<nlohmann::json>> finish_summaries(const SummaryRun &run) {
  std::vector<std::optional<nlohmann::json>> out(run.jobs.size());
  if (run.jobs.empty())
    return out;
  finish(run.pid);
  ::unlink(run.job_file.c_str());
  for (std::size_t i = 0; i < run.jobs.size(); ++i) {
    std::string output = run.jobs[i]["output"];
    nlohmann::json summary = read_json(output);
    if (summary.is_object())
      out[i] = std::move(summary);
    ::unlink(output.c_str());
  }
  return out;
}

std::vector<std::optional<nlohmann::json>>
summarize(const LaunchOptions &options, const std::vector<const ObjectRecord *> &records) {
  return finish_summaries(start_summaries(options, records));
}

} // namespace npcache::launcher
