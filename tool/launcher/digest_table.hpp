// The digest table a link adds: for each cached function linked (by the hash of its USR),
// its digest over everything it reaches in the link and the definitions that digest
// covers in other files, as `npcache_linked_code()` returns them to the wrapper.
#pragma once

#include "build_state.hpp"
#include "command_line.hpp"
#include "launch.hpp"

#include <npcache/key.hpp>

#include <string>
#include <vector>

namespace npcache::launcher {

struct TableEntry {
  std::string usr_hash;
  Key128 digest;
  std::string dependencies; // "name\tdigest\n" per definition reached in other files
  bool open = false;        // a shared library's, reaching what its link does not define
  std::string unseen;       // of that, what the project's headers declare, by name
  std::string libraries;    // symbols no object of the link defines, one per line
  bool team_size = false;   // an OpenMP reduction it reaches depends on the team's size
  bool cpu_caches = false;  // what it reaches blocks its work by the CPU's cache sizes
};

// The table's source text. A program's table is also exported, as
// npcache_program_linked_code, for its shared libraries to complete their open entries.
std::string table_source(std::vector<TableEntry> entries, bool program);

// Compiles the table for this link (reusing the object when the source is the one compiled
// last time) and returns the object's path; empty after printing why it failed.
std::string compile_table(const LaunchOptions &options, const CompilerCommand &link,
                          const BuildState &state, const std::vector<TableEntry> &entries);

} // namespace npcache::launcher
