// The link step: each cached function in the link gets a digest over everything it reaches
// in the objects linked with it, as a small table compiled into the link.
//
// A cached function's own summary lists what it reaches outside its file by symbol. The
// objects' symbol tables say which object defines each symbol; that object's summary
// (from its record, or from a parse of its source now) gives the definition's digest and
// what that reaches in turn. Objects that define nothing reached are never parsed.
#include "build_state.hpp"
#include "common/summary.hpp"
#include "digest_table.hpp"
#include "launch.hpp"
#include "objects.hpp"
#include "process.hpp"
#include "rewriter.hpp"

#include <npcache/io.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cxxabi.h>
#include <map>
#include <numeric>
#include <set>
#include <sys/stat.h>
#include <unistd.h>

namespace npcache::launcher {
namespace {

std::string demangled(const std::string &symbol) {
  int status = 0;
  char *name = abi::__cxa_demangle(symbol.c_str(), nullptr, nullptr, &status);
  std::string out = status == 0 && name != nullptr ? name : symbol;
  std::free(name);
  return out;
}

bool is_regular(const std::string &path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

// What `-lNAME` finds in the -L directories: both kinds, since either may hold our objects.
std::vector<std::string> library_files(const CompilerCommand &command) {
  std::vector<std::string> out;
  for (const std::string &name : command.libraries)
    for (const std::string &dir : command.library_dirs)
      for (const char *kind : {".so", ".a"})
        if (std::string path = dir + "/lib" + name + kind; is_regular(path))
          out.push_back(path);
  return out;
}

// An object of the link whose record was found.
struct Known {
  const LinkedObject *object;
  ObjectRecord record;
  std::string problem; // why its source cannot be parsed again, if it cannot
};

// Whether the files the compile read are still as they were: a parse of changed sources
// would describe code other than the object's.
std::string changed_inputs(const ObjectRecord &record) {
  for (const auto &[path, hash] : record.inputs) {
    std::string full = path.empty() || path[0] == '/' ? path : record.directory + "/" + path;
    std::optional<Key128> now = hash_file(full);
    if (!now || *now != hash)
      return full + " changed since the object was compiled";
  }
  return {};
}

class Linker {
public:
  Linker(const LaunchOptions &options, const CompilerCommand &command)
      : options_(options), command_(command), state_(options.state_dir) {}

  int run_link() {
    std::vector<std::string> inputs = command_.link_inputs;
    for (const std::string &library : library_files(command_))
      inputs.push_back(library);
    std::vector<std::string> shared;
    objects_ = read_objects(inputs, shared);
    for (const LinkedObject &object : objects_)
      own_objects_.push_back(object.hash);
    // A shared library of the project brings the objects it was linked from, so that a
    // cached function here follows calls into it.
    for (const std::string &library : shared)
      if (std::optional<Key128> hash = hash_file(library))
        for (const Key128 &object : state_.load_library(*hash))
          if (std::find(library_objects_.begin(), library_objects_.end(), object) == library_objects_.end())
            library_objects_.push_back(object);
    find_records();

    std::vector<std::string> argv = command_.argv();
    if (!cached_.empty()) {
      resolve();
      std::string table = build_table();
      if (table.empty())
        return 1;
      argv.push_back(table);
      add_runtime(argv);
      // For the shared libraries' open entries, which the runtime completes from it.
      if (!command_.shared)
        argv.push_back("-Wl,--export-dynamic-symbol=npcache_program_linked_code");
    } else {
      build_log(options_, "link " + command_.output + ": no cached function");
    }
    int status = run(argv);
    // With the objects of the libraries it links, so that a program linking only this one
    // still sees them all.
    if (status == 0 && command_.shared && !command_.output.empty())
      if (std::optional<Key128> hash = hash_file(command_.output)) {
        std::vector<Key128> objects = own_objects_;
        objects.insert(objects.end(), library_objects_.begin(), library_objects_.end());
        state_.save_library(absolute_path(command_.output), *hash, objects);
      }
    return status;
  }

private:
  void find_records() {
    for (const LinkedObject &object : objects_)
      if (!add_known(&object, object.hash))
        for (const std::string &symbol : object.defined)
          foreign_[symbol].push_back(&object);
    for (const Key128 &hash : library_objects_)
      add_known(nullptr, hash);
  }

  bool add_known(const LinkedObject *object, const Key128 &hash) {
    std::optional<ObjectRecord> record = state_.load(hash);
    if (!record)
      return false;
    std::size_t index = known_.size();
    known_.push_back({object, std::move(*record), {}});
    const nlohmann::json &summary = known_.back().record.summary;
    if (summary.is_object() && summary.contains("cached"))
      for (const auto &[usr_hash, entry] : summary["cached"].items())
        cached_.emplace(usr_hash, entry);
    if (object == nullptr || object->opaque) {
      opaque_.push_back(index); // its symbols are known only from its summary
    } else {
      for (const std::string &symbol : object->defined)
        defined_by_[symbol].push_back(index);
    }
    return true;
  }

  // The object's summary with its definitions, or nothing until it is parsed for them.
  const nlohmann::json *summary_of(std::size_t index) const {
    return known_[index].record.parsed() ? &known_[index].record.summary : nullptr;
  }

  // Parses, in one run of the rewriter, the objects whose summaries are missing.
  void parse(const std::set<std::size_t> &indices) {
    std::vector<std::size_t> jobs;
    for (std::size_t i : indices) {
      if (summary_of(i) != nullptr || !known_[i].problem.empty())
        continue;
      known_[i].problem = changed_inputs(known_[i].record);
      if (known_[i].problem.empty())
        jobs.push_back(i);
    }
    std::vector<const ObjectRecord *> records;
    for (std::size_t i : jobs) {
      records.push_back(&known_[i].record);
      build_log(options_, "link " + command_.output + ": parsing " + known_[i].record.source);
    }
    std::vector<std::optional<nlohmann::json>> summaries = summarize(options_, records);
    for (std::size_t j = 0; j < jobs.size(); ++j) {
      Known &k = known_[jobs[j]];
      if (!summaries[j]) {
        k.problem = "it did not parse";
        continue;
      }
      // The parse for definitions does not rewrite: the cached functions come from the compile.
      nlohmann::json cached = k.record.summary.is_object() && k.record.summary.contains("cached")
                                  ? k.record.summary["cached"]
                                  : nlohmann::json::object();
      k.record.summary = std::move(*summaries[j]);
      k.record.summary["cached"] = std::move(cached);
      if (std::optional<Key128> hash = object_hash(jobs[j]))
        state_.save(*hash, k.record);
    }
  }

  std::optional<Key128> object_hash(std::size_t index) const {
    if (known_[index].object != nullptr)
      return known_[index].object->hash;
    return hash_file(known_[index].record.object);
  }

  // The function whose overrides a use "overriders of F" stands for, or null.
  static const char *overridden(const std::string &symbol) {
    return symbol.compare(0, tool::kOverridersOf.size(), tool::kOverridersOf) == 0
               ? symbol.c_str() + tool::kOverridersOf.size()
               : nullptr;
  }

  // A summary's definitions of `symbol`, or with `base`, those that override it.
  static std::vector<const nlohmann::json *> definitions_of(const nlohmann::json &summary,
                                                            const std::string &symbol, const char *base) {
    std::vector<const nlohmann::json *> out;
    const nlohmann::json &definitions = summary["definitions"];
    if (base == nullptr) {
      if (definitions.contains(symbol))
        out.push_back(&definitions[symbol]);
      return out;
    }
    std::set<std::string> names; // a virtual destructor's D0, D1 and D2 share one entry
    for (const auto &[name, definition] : definitions.items())
      if (definition.contains("overrides") && definition["overrides"].is_array())
        for (const auto &o : definition["overrides"])
          if (o.is_string() && o.get<std::string>() == base &&
              names.insert(definition.value("name", name) + definition.value("digest", "")).second)
            out.push_back(&definition);
    return out;
  }

  // The symbol a use of `symbol` reaches: with --wrap=F, a call to F goes to __wrap_F, and
  // __real_F is F (until 2026-12-05 the wrapper's edits hit the old result); with
  // --defsym=F=G, F is G (until 2026-12-05 F counted by name, and an edit of G hit).
  std::string linked_as(const std::string &symbol) const {
    for (const auto &[defined, target] : command_.defined_symbols)
      if (symbol == defined)
        return target;
    const std::vector<std::string> &wrapped = command_.wrapped;
    if (symbol.compare(0, 7, "__real_") == 0 &&
        std::find(wrapped.begin(), wrapped.end(), symbol.substr(7)) != wrapped.end())
      return symbol.substr(7);
    if (std::find(wrapped.begin(), wrapped.end(), symbol) != wrapped.end())
      return "__wrap_" + symbol;
    return symbol;
  }

  bool defined_in_link(const std::string &symbol) const {
    return defined_by_.count(symbol) != 0 || foreign_.count(symbol) != 0;
  }

  // What a definition reaches by its uses, and what system headers declare and an object
  // of the link defines, which their inline code may call (a project's library included
  // through -isystem); `undefined` takes those that no object defines.
  std::vector<std::string> uses_of(const nlohmann::json &user, std::vector<std::string> *through_system = nullptr,
                                   std::set<std::string> *undefined = nullptr) const {
    std::vector<std::string> out;
    for (const std::string &use : user.value("uses", std::vector<std::string>{}))
      out.push_back(linked_as(use));
    for (const std::string &declared : user.value("through_system", std::vector<std::string>{}))
      if (std::string use = linked_as(declared); defined_in_link(use))
        (through_system != nullptr ? *through_system : out).push_back(std::move(use));
      else if (undefined != nullptr)
        undefined->insert(std::move(use));
    return out;
  }

  // Resolves every symbol the cached functions reach, transitively, parsing what must be.
  void resolve() {
    std::set<std::string> pending;
    for (const auto &[usr_hash, entry] : cached_)
      for (const std::string &use : uses_of(entry))
        pending.insert(use);
    while (!pending.empty()) {
      std::set<std::size_t> to_parse(opaque_.begin(), opaque_.end());
      bool virtual_call = false;
      for (const std::string &symbol : pending) {
        virtual_call = virtual_call || overridden(symbol) != nullptr;
        if (auto it = defined_by_.find(symbol); it != defined_by_.end())
          to_parse.insert(it->second.begin(), it->second.end());
      }
      // An override may be in any object, and no symbol table says which.
      for (std::size_t index = 0; virtual_call && index < known_.size(); ++index)
        to_parse.insert(index);
      parse(to_parse);
      std::set<std::string> next;
      for (const std::string &symbol : pending) {
        Resolved &r = resolved_[symbol];
        const char *base = overridden(symbol);
        std::vector<std::size_t> candidates = opaque_;
        if (base != nullptr) {
          candidates.resize(known_.size()); // every object, the opaque ones among them
          std::iota(candidates.begin(), candidates.end(), std::size_t{0});
        } else if (auto it = defined_by_.find(symbol); it != defined_by_.end()) {
          candidates.insert(candidates.end(), it->second.begin(), it->second.end());
        }
        for (std::size_t index : candidates) {
          const Known &k = known_[index];
          if (!k.problem.empty()) {
            // It may define the symbol: an opaque object says not which it defines.
            r.unreadable.insert(index);
            continue;
          }
          const nlohmann::json *summary = summary_of(index);
          if (summary == nullptr || !summary->contains("definitions"))
            continue;
          for (const nlohmann::json *definition : definitions_of(*summary, symbol, base)) {
            r.definitions.push_back(definition);
            r.compiled_in.insert(index);
            for (const std::string &use : uses_of(*definition))
              if (!resolved_.count(use) && !pending.count(use))
                next.insert(use);
          }
        }
      }
      pending = std::move(next);
    }
    for (const auto &[symbol, r] : resolved_)
      for (std::size_t index : r.unreadable)
        if (warned_.insert(index).second)
          std::fprintf(stderr,
                       "npcache-cxx: warning: cannot read %s again (%s); the cached functions "
                       "that reach it are keyed on its object file instead\n",
                       known_[index].record.source.c_str(), known_[index].problem.c_str());
  }

  std::string build_table() {
    std::vector<TableEntry> entries;
    for (const auto &[usr_hash, entry] : cached_) {
      TableEntry e;
      e.usr_hash = usr_hash;
      // Each symbol reached, and whether certainly: by uses, not only by what system
      // headers declare, which it may never call. Only the impurities of those certainly
      // reached are worth a warning.
      std::map<std::string, bool> reached;
      std::set<std::string> project_declared;
      std::vector<std::pair<std::string, bool>> stack;
      std::set<std::string> behind_system; // may be a shared library's, or no one's
      auto push_uses = [&](const nlohmann::json &user, bool certain) {
        const auto system = user.value("system_uses", std::vector<std::string>{}); // sorted
        auto push = [&](std::string use, bool certainly) {
          if (!std::binary_search(system.begin(), system.end(), use))
            project_declared.insert(use);
          stack.emplace_back(std::move(use), certainly);
        };
        std::vector<std::string> through_system;
        for (std::string &use : uses_of(user, &through_system, &behind_system))
          push(std::move(use), certain);
        for (std::string &use : through_system)
          push(std::move(use), false);
      };
      push_uses(entry, true);
      while (!stack.empty()) {
        auto [symbol, certain] = std::move(stack.back());
        stack.pop_back();
        auto [at, added] = reached.emplace(symbol, certain);
        if (!added && (at->second || !certain))
          continue;
        at->second = certain; // first reached, or now certainly: its uses are again
        for (const nlohmann::json *definition : resolved_[symbol].definitions)
          push_uses(*definition, certain);
      }
      e.team_size = entry.value("team_size", false);
      e.cpu_caches = entry.value("cpu_caches", false);
      HashSink hash;
      add(hash, entry.value("digest", std::string()));
      std::vector<Impurity> impurities;
      std::set<std::size_t> compiled_in;
      for (const auto &[symbol, certain] : reached) {
        const Resolved &r = resolved_[symbol];
        add(hash, symbol);
        auto foreign = foreign_.find(symbol);
        if (r.definitions.empty() && r.unreadable.empty() && foreign != foreign_.end()) {
          // Linked from an object compiled without the launcher (a static library from
          // outside the project, the project's assembly or Fortran): by its bytes.
          for (const LinkedObject *object : foreign->second) {
            add(hash, "object " + object->hash.hex());
            e.dependencies += object->origin + "\t" + object->hash.hex() + "\n";
          }
        } else if (r.definitions.empty() && r.unreadable.empty()) {
          add(hash, std::string("undefined")); // a shared library's: its build ID, at run time
          if (overridden(symbol) == nullptr)
            e.libraries += symbol + "\n";
          // Or the program's, or in a library that the program links and this one does not.
          if (command_.shared) {
            e.open = true;
            if (project_declared.count(symbol) && overridden(symbol) == nullptr)
              e.unseen += (e.unseen.empty() ? "" : ", ") + demangled(symbol);
          }
        }
        std::set<std::string> digests;
        for (const nlohmann::json *definition : r.definitions) {
          digests.insert(definition->value("digest", std::string()));
          e.team_size = e.team_size || definition->value("team_size", false);
          e.cpu_caches = e.cpu_caches || definition->value("cpu_caches", false);
          // Each definition of its file that this one covers, with its own digest, so that
          // explain can name the one that changed.
          e.dependencies += definition->value("covers", definition->value("name", symbol) + "\t" +
                                                            definition->value("digest", std::string()) + "\n");
          if (definition->contains("impure") && certain)
            for (const auto &impurity : (*definition)["impure"])
              impurities.push_back({impurity.value("what", std::string()), impurity.value("at", std::string()),
                                    definition->value("name", symbol)});
        }
        // Rebuilding an object that cannot be parsed changes these digests.
        for (std::size_t index : r.unreadable)
          if (std::optional<Key128> object = object_hash(index))
            digests.insert("object " + object->hex());
        for (const std::string &digest : digests)
          add(hash, digest);
        compiled_in.insert(r.compiled_in.begin(), r.compiled_in.end());
      }
      // A shared library's counts by its build ID, as a call of it does; the runtime skips
      // what no loaded object defines, and the dynamic linker's and the sanitizers'.
      for (const std::string &symbol : behind_system)
        if (!reached.count(symbol))
          e.libraries += symbol + "\n";
      // How each file it reaches was compiled: the same code under another file's flags
      // computes other values (until 2026-12-05 only the cached function's own file's flags
      // counted, and a helper's file built with -march=x86-64-v3 hit the entry stored
      // without FMA). By value, so that the key stays the same in every checkout.
      std::set<std::string> contexts;
      for (std::size_t index : compiled_in) {
        const std::string &context = compiled_context_of(index);
        contexts.insert(context);
        e.dependencies += "compile of " + known_[index].record.source + "\t" +
                          hash_bytes(context.data(), context.size()).hex() + "\n";
      }
      for (const std::string &context : contexts)
        add(hash, context);
      e.digest = hash.finish();
      if (!e.unseen.empty())
        build_log(options_, "link " + command_.output + ": " + entry.value("function", std::string()) +
                                " reaches what this link does not define (" + e.unseen +
                                "): the program's link completes its digest");
      entries.push_back(std::move(e));
      if (!entry.value("pure", false))
        warn_impure(entry, impurities);
    }
    return compile_table(options_, command_, state_, entries);
  }

  struct Impurity {
    std::string what, at, through;
  };

  // The compiler and the result-changing parts of the command an object was compiled by.
  const std::string &compiled_context_of(std::size_t index) {
    auto [it, added] = compiled_contexts_.try_emplace(index);
    if (added) {
      const ObjectRecord &record = known_[index].record;
      std::vector<std::string> argv{record.compiler};
      argv.insert(argv.end(), record.arguments.begin(), record.arguments.end());
      it->second = compiler_identity(record.compiler) + " |" + compiled_context(parse_command(argv));
    }
    return it->second;
  }

  // The first line of `--version` without the name it was run by (c++, g++-12), which
  // names the compiler and its version; the file name if it does not run.
  const std::string &compiler_identity(const std::string &compiler) {
    auto [it, added] = compiler_identities_.try_emplace(compiler);
    if (added) {
      std::string line = capture({compiler, "--version"});
      line = line.substr(0, line.find('\n'));
      const std::string name = compiler.substr(compiler.rfind('/') + 1);
      if (line.compare(0, name.size() + 1, name + " ") == 0)
        line.erase(0, name.size() + 1);
      it->second = line.empty() ? name : line;
    }
    return it->second;
  }

  // Purity warnings that only the whole link can see: impure code in other files.
  void warn_impure(const nlohmann::json &entry, const std::vector<Impurity> &impurities) {
    if (impurities.empty())
      return;
    std::fprintf(stderr,
                 "%s: warning: cached function '%s' can reach code whose result is not a function "
                 "of its arguments, or whose effects a hit skips; a hit returns what it gave before "
                 "(add 'pure = true' to the attribute if that is right)\n",
                 entry.value("at", std::string("?")).c_str(), entry.value("function", std::string()).c_str());
    for (const Impurity &impurity : impurities)
      std::fprintf(stderr, "%s: note: %s is reached here, in %s\n", impurity.at.c_str(),
                   impurity.what.c_str(), impurity.through.c_str());
  }

  static void add(HashSink &hash, const std::string &text) {
    std::uint64_t size = text.size();
    hash.put(size);
    hash.write(text.data(), text.size());
  }

  // Links that do not name libnpcache (make, meson, a shell) get it when they need it.
  void add_runtime(std::vector<std::string> &argv) const {
    for (const std::string &arg : command_.expanded)
      if (arg == "-lnpcache" || arg.find("libnpcache.") != std::string::npos)
        return;
    argv.insert(argv.end(), {"-L" + options_.library_dir, "-lnpcache", "-Wl,-rpath," + options_.library_dir});
  }

  struct Resolved {
    std::vector<const nlohmann::json *> definitions;
    std::set<std::size_t> unreadable; // objects that may define it but could not be parsed
    std::set<std::size_t> compiled_in; // the objects whose definitions count
  };

  const LaunchOptions &options_;
  const CompilerCommand &command_;
  BuildState state_;
  std::vector<LinkedObject> objects_;
  std::vector<Key128> own_objects_, library_objects_;
  std::vector<Known> known_;
  std::map<std::string, std::vector<std::size_t>> defined_by_;
  std::map<std::string, std::vector<const LinkedObject *>> foreign_; // defined by objects without records
  std::vector<std::size_t> opaque_;
  std::map<std::string, nlohmann::json> cached_; // by usr hash
  std::map<std::string, Resolved> resolved_;
  std::set<std::size_t> warned_;
  std::map<std::size_t, std::string> compiled_contexts_;
  std::map<std::string, std::string> compiler_identities_;
};

// `g++ a.cpp b.cpp -o app`: each source compiles through the launcher to an object in a
// directory of its own, and the link takes those objects in their place.
int compile_and_link(const LaunchOptions &options, const CompilerCommand &command) {
  char pattern[] = "/tmp/npcache-cxx.XXXXXX";
  if (::mkdtemp(pattern) == nullptr) {
    std::perror("npcache-cxx: error: cannot make a temporary directory");
    return 1;
  }
  const std::string dir = pattern;
  std::vector<std::string> compile_argv = command.launchers, link_argv = command.launchers;
  compile_argv.push_back(command.compiler);
  link_argv.push_back(command.compiler);
  std::vector<std::string> objects;
  int status = 0;
  for (std::size_t i = 0; i < command.expanded.size(); ++i) {
    const std::string &arg = command.expanded[i];
    if (std::find(command.sources.begin(), command.sources.end(), i) != command.sources.end()) {
      std::string name = arg.substr(arg.rfind('/') + 1);
      objects.push_back(dir + "/" + std::to_string(objects.size()) + "-" + name + ".o");
      link_argv.push_back(objects.back());
      continue;
    }
    link_argv.push_back(arg);
    // The link's own options (-o, inputs, libraries) stay out of the compiles.
    if (arg == "-o" && i + 1 < command.expanded.size()) {
      link_argv.push_back(command.expanded[++i]);
      continue;
    }
    bool link_only = arg.rfind("-l", 0) == 0 || arg.rfind("-L", 0) == 0 ||
                     arg.rfind("-Wl,", 0) == 0 || arg == "-shared" || arg == "-static" ||
                     std::find(command.link_inputs.begin(), command.link_inputs.end(), arg) !=
                         command.link_inputs.end();
    if (!link_only)
      compile_argv.push_back(arg);
  }
  for (std::size_t s = 0; s < command.sources.size() && status == 0; ++s) {
    std::vector<std::string> argv = compile_argv;
    argv.insert(argv.end(), {"-c", command.source(s), "-o", objects[s]});
    status = compile(options, parse_command(argv));
  }
  if (status == 0)
    status = Linker(options, parse_command(link_argv)).run_link();
  for (const std::string &object : objects)
    ::unlink(object.c_str());
  std::string remove = "rm -rf '" + dir + "'";
  if (std::system(remove.c_str()) != 0)
    build_log(options, "cannot remove " + dir);
  return status;
}

} // namespace

int link(const LaunchOptions &options, const CompilerCommand &command) {
  if (!command.sources.empty())
    return compile_and_link(options, command);
  return Linker(options, command).run_link();
}

} // namespace npcache::launcher
