// The digest table that npcache-cxx compiles into each link with cached functions. This
// header is all the table includes, so that it compiles in a few milliseconds.
#pragma once

namespace npcache::detail {

// A cached function's digest over the code it reaches in its link, and the definitions
// in other files that digest covers ("name\tdigest\n" each), for NPCACHE_LOG=explain.
//
// A shared library's link may not define everything its cached functions reach: a
// function the program defines, or one in a library the program links and it does not.
// Such an entry is `open`, and the program's own table, whose link saw those definitions,
// completes it at run time (completed_code). `unseen` names those the project's headers
// declare ("f(double), g()"), which would count by name when no program table completes
// the entry; null when there are none.
//
// `libraries` lists the symbols it reaches that no object of the link defines, one per
// line: the shared libraries outside the project that define them in the running process
// count by their build IDs (a BLAS chosen by update-alternatives, a rebuilt vendor
// library under the same name); null when there are none.
//
// `team_size`: what it reaches in the link holds an OpenMP reduction whose result depends
// on how many threads share it, and the team's size at the call is part of the key.
//
// `cpu_caches`: what it reaches blocks its work by the CPU's cache sizes (Eigen's matrix
// products), and they are part of the code's identity.
struct LinkedCode {
  unsigned long long digest_low;
  unsigned long long digest_high;
  const char *dependencies;
  bool open;
  const char *unseen;
  const char *libraries;
  bool team_size;
  bool cpu_caches;
};

} // namespace npcache::detail
