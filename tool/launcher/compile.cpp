// The compile step: most sources compile untouched after a scan; a source that defines a
// cached function compiles rewritten, with the command it was given.
#include "build_state.hpp"
#include "launch.hpp"
#include "process.hpp"
#include "rewriter.hpp"
#include "scan.hpp"

#include <cstdio>
#include <fstream>
#include <iterator>
#include <sys/stat.h>
#include <unistd.h>

namespace npcache::launcher {
namespace {

std::string directory_of(const std::string &path) {
  std::size_t slash = path.rfind('/');
  return slash == std::string::npos ? std::string(".") : path.substr(0, slash == 0 ? 1 : slash);
}

std::string base_name(const std::string &path) { return path.substr(path.rfind('/') + 1); }

// How make and ninja read a path in a depfile.
std::string depfile_escape(const std::string &path) {
  std::string out;
  for (char c : path) {
    if (c == ' ' || c == '#' || c == '\\')
      out += '\\';
    if (c == '$')
      out += '$';
    out += c;
  }
  return out;
}

// The compiler wrote the depfile of the rewritten source: it must name the user's source
// instead, and also what else the rewrite read (the JSON file, npcache's own programs),
// so that a change of any of them compiles the file again.
void fix_depfile(const std::string &depfile, const std::string &rewritten, const std::string &source,
                 const std::vector<std::string> &extra) {
  std::ifstream in(depfile, std::ios::binary);
  if (!in)
    return;
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  in.close();
  const std::string from = depfile_escape(rewritten), to = depfile_escape(source);
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  // The first rule ends at the first newline not escaped by a backslash.
  std::size_t end = 0;
  while ((end = text.find('\n', end)) != std::string::npos && end > 0 && text[end - 1] == '\\')
    ++end;
  std::string more;
  for (const std::string &file : extra)
    if (!file.empty())
      more += " \\\n " + depfile_escape(file);
  text.insert(end == std::string::npos ? text.size() : end, more);
  write_file_atomically(depfile, text);
}

// How the object is made, so that a link can find its source and command.
ObjectRecord make_record(const CompilerCommand &command, const ScanResult &scan, bool rewritten,
                         nlohmann::json summary) {
  ObjectRecord r;
  r.object = absolute_path(command.output);
  r.directory = absolute_path(".");
  r.source = command.source();
  r.compiler = command.compiler;
  r.arguments = command.expanded;
  r.inputs = scan.inputs;
  r.rewritten = rewritten;
  r.summary = std::move(summary);
  return r;
}

void save_record(const LaunchOptions &options, const CompilerCommand &command, const ObjectRecord &r) {
  std::optional<Key128> hash = hash_file(command.output);
  if (!hash)
    return;
  if (!BuildState(options.state_dir).save(*hash, r))
    std::fprintf(stderr, "npcache-cxx: warning: cannot write to %s; cached functions that reach "
                         "%s will not see its changes\n",
                 options.state_dir.c_str(), command.source().c_str());
}

void record(const LaunchOptions &options, const CompilerCommand &command, const ScanResult &scan,
            bool rewritten, nlohmann::json summary) {
  save_record(options, command, make_record(command, scan, rewritten, std::move(summary)));
}

// A file that marks nothing compiles untouched. If the last link had to parse it (a cached
// function reaches what it defines), the next link will too: that parse runs now, beside
// the compile, on a core the compile leaves idle, and its summary travels in the record.
int compile_untouched(const LaunchOptions &options, const CompilerCommand &command, const ScanResult &scan) {
  std::optional<ObjectRecord> before = BuildState(options.state_dir).load_at(command.output);
  const bool reached = before && before->parsed();
  ObjectRecord r = make_record(command, scan, false, nullptr);
  SummaryRun parse;
  if (reached) {
    build_log(options, "compile " + command.source() + ": parsing beside the compile for the link");
    parse = start_summaries(options, {&r});
  }
  int status = run(command.argv());
  std::vector<std::optional<nlohmann::json>> summaries = finish_summaries(parse);
  if (status != 0)
    return status;
  if (!summaries.empty() && summaries[0]) {
    r.summary = std::move(*summaries[0]);
    r.summary["cached"] = nlohmann::json::object(); // as a link's parse leaves it
  }
  save_record(options, command, r);
  return 0;
}

// One compile per source when a command compiles several (`g++ -c a.cpp b.cpp`).
std::vector<CompilerCommand> split_sources(const CompilerCommand &command) {
  std::vector<CompilerCommand> out;
  for (std::size_t s = 0; s < command.sources.size(); ++s) {
    std::vector<std::string> argv = command.launchers;
    argv.push_back(command.compiler);
    for (std::size_t i = 0; i < command.expanded.size(); ++i) {
      bool other_source = false;
      for (std::size_t t = 0; t < command.sources.size(); ++t)
        other_source = other_source || (t != s && command.sources[t] == i);
      if (!other_source)
        argv.push_back(command.expanded[i]);
    }
    if (command.output.empty()) {
      std::string name = base_name(command.source(s));
      argv.insert(argv.end(), {"-o", name.substr(0, name.rfind('.')) + ".o"});
    }
    out.push_back(parse_command(argv));
  }
  return out;
}

} // namespace

void build_log(const LaunchOptions &options, const std::string &line) {
  if (options.log)
    std::fprintf(stderr, "npcache-cxx: %s\n", line.c_str());
}

int compile(const LaunchOptions &options, const CompilerCommand &command) {
  if (command.sources.size() > 1 || command.output.empty()) {
    for (const CompilerCommand &one : split_sources(command))
      if (int status = compile(options, one); status != 0)
        return status;
    return 0;
  }
  const std::string &source = command.source();
  ScanResult scan = scan_translation_unit(command, {options.include_dir});
  // A C file that may mark a function goes to the rewrite, which says that only C++
  // functions are cached.
  if (command.c_language && !scan.candidate) {
    build_log(options, "compile " + source + ": untouched (C)");
    return compile_untouched(options, command, scan);
  }
  if (!scan.candidate) {
    build_log(options, "compile " + source + ": untouched (marks nothing)");
    return compile_untouched(options, command, scan);
  }

  // The rewritten source lives alone in a directory beside the object, so that its own
  // directory offers no header of the user's name; -iquote puts the source's back first.
  const std::string work = command.output + ".npcache";
  ::mkdir(work.c_str(), 0777);
  const std::string rewritten = absolute_path(work) + "/" + base_name(source);
  RewriteOutcome outcome = rewrite(options, command, rewritten);
  if (outcome.status != 0)
    return outcome.status;
  if (!outcome.marked) {
    build_log(options, "compile " + source + ": untouched (parsed: " + scan.reason + ", but defines no cached function)");
    int status = run(command.argv());
    if (status == 0)
      record(options, command, scan, false, outcome.summary);
    return status;
  }
  build_log(options, "compile " + source + ": rewritten");
  std::vector<std::string> argv = command.launchers;
  argv.insert(argv.end(), {command.compiler, "-iquote", directory_of(source)});
  for (std::size_t i = 0; i < command.expanded.size(); ++i)
    argv.push_back(i == command.sources.front() ? rewritten : command.expanded[i]);
  argv.insert(argv.end(), {"-idirafter", options.include_dir});
  int status = run(argv);
  if (status != 0)
    return status;
  if (command.depfile)
    fix_depfile(*command.depfile, rewritten, source, {options.config, options.rewriter, options.self});
  record(options, command, scan, true, outcome.summary);
  return 0;
}

} // namespace npcache::launcher
