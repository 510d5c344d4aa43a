// Completing a shared library's digest table with the program's (linked.hpp).
#include "log.hpp"

#include <npcache/generated.hpp>
#include <npcache/io.hpp>

#include <dlfcn.h>
#include <deque>
#include <mutex>
#include <set>
#include <sstream>
#include <tuple>

namespace npcache::detail {
namespace {

using Table = const LinkedCode *(*)(const char *usr_hash);

// The table of the program, which npcache-cxx exports from an executable it links; null
// when the program was linked without it (a Python interpreter loading a module).
Table program_table() {
  static const Table table = reinterpret_cast<Table>(::dlsym(RTLD_DEFAULT, "npcache_program_linked_code"));
  return table;
}

// own's lines, then the program's that own lacks: what explain compares.
std::string merged_dependencies(const char *own, const char *program) {
  std::string out = own != nullptr ? own : "";
  std::set<std::string> seen;
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);)
    seen.insert(line);
  std::istringstream more(program != nullptr ? program : "");
  for (std::string line; std::getline(more, line);)
    if (seen.insert(line).second)
      out += line + "\n";
  return out;
}

} // namespace

const LinkedCode *completed_code(const char *usr_hash, const LinkedCode *own) {
  if (own == nullptr || !own->open)
    return own;
  const Table table = program_table();
  const LinkedCode *program = table != nullptr ? table(usr_hash) : nullptr;
  if (program == nullptr || program == own)
    return own; // generated_handle warns if what is missing is the project's
  // Both: the library's entry moves when the library is rebuilt without relinking the
  // program, the program's when what the library left open changes.
  HashSink hash;
  for (unsigned long long word : {own->digest_low, own->digest_high, program->digest_low, program->digest_high})
    hash.put(word);
  const Key128 digest = hash.finish();
  static std::mutex mutex;
  static auto *completed = new std::deque<std::tuple<LinkedCode, std::string, std::string>>(); // lives as long as the handles
  std::lock_guard<std::mutex> lock(mutex);
  auto &[code, dependencies, libraries] = completed->emplace_back();
  dependencies = merged_dependencies(own->dependencies, program->dependencies);
  libraries = merged_dependencies(own->libraries, program->libraries);
  code = LinkedCode{digest.low, digest.high, dependencies.c_str(), false, nullptr,
                    libraries.empty() ? nullptr : libraries.c_str(), own->team_size || program->team_size,
                    own->cpu_caches || program->cpu_caches};
  return &code;
}

} // namespace npcache::detail
