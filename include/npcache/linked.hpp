// The digest table that npcache-cxx compiles into each link with cached functions. This
// header is all the table includes, so that it compiles in a few milliseconds.
#pragma once

namespace npcache::detail {

// A cached function's digest over the code it reaches in its link, and the definitions
// in other files that digest covers ("name\tdigest\n" each), for NPCACHE_LOG=explain.
struct LinkedCode {
  unsigned long long digest_low;
  unsigned long long digest_high;
  const char *dependencies;
};

} // namespace npcache::detail
