// Shared libraries outside the project, by what was loaded: a cached function that reaches
// a symbol no object of its link defines counts the build ID of the library that defines
// it in this process.
#pragma once

#include <npcache/key.hpp>

#include <string>

namespace npcache::detail {

struct LibraryCode {
  Key128 digest;            // over the libraries' names and build IDs; zero when none count
  std::string dependencies; // "library NAME\tDIGEST\n" each, for NPCACHE_LOG=explain
  bool threads = false;     // one of them splits work over threads: see library_threads_tag()
};

// `symbols`: one per line, as the digest table lists them. `near` is an address in the
// object whose table lists them: its own dependencies are searched first, as its calls
// resolve. The C and C++ runtimes and the toolchain's libraries do not count.
LibraryCode library_code(const char *symbols, const void *near);

// The sizes of the CPU's data caches, which Eigen reads (with cpuid, as the C library does)
// to size the blocks of its matrix products: "L1d 49152 L2 2097152 L3 503316480".
std::string cpu_cache_sizes();

} // namespace npcache::detail
