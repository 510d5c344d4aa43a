// The objects a link takes in, read with libelf: each object file, and each member of each
// static library, with the hash of its bytes (which finds its record) and the symbols it
// defines (which say whose definitions a cached function reaches).
#pragma once

#include <npcache/key.hpp>

#include <string>
#include <vector>

namespace npcache::launcher {

struct LinkedObject {
  std::string origin; // "dir/a.o", or "libcore.a(helpers.cpp.o)"
  Key128 hash;        // XXH3-128 of the object's bytes
  std::vector<std::string> defined; // global and weak symbols defined here, sorted
  // The symbol table does not say what it defines (GCC's slim LTO objects, LLVM bitcode):
  // such an object must be parsed to know.
  bool opaque = false;
};

// Reads each path: an ELF object, or a static library's members. Shared libraries and
// files that are neither are skipped; `shared_libraries` gets the shared ones.
std::vector<LinkedObject> read_objects(const std::vector<std::string> &paths,
                                       std::vector<std::string> &shared_libraries);

} // namespace npcache::launcher
