// Where results are kept, nearest first: the process's memory, the local cache directory,
// and (next) remote stores. The hit path (cache.cpp) asks each tier in turn and knows
// nothing of how one keeps a result, so a backend is a new Tier in this folder, not an
// edit of the hit path.
#pragma once

#include "../entry.hpp"

#include <npcache/call.hpp>
#include <npcache/key.hpp>

#include <string>

namespace npcache::detail {

class Function;

// One call's question to the tiers.
struct Request {
  Function &fn;
  const Key128 &key;
  const std::string &readable; // rendered arguments, for readable entry names
  const ValueOps &ops;
  // For keep(): the floating-point exception flags the computation raised (fp_flags()'s
  // bits), kept with the result; for a result a farther tier loaded, its entry's.
  std::uint32_t raised_fp = 0;
};

class Tier {
public:
  virtual ~Tier() = default;

  // Puts the result for `request` into *out (a std::optional of the result type) when this
  // tier holds one and every byte of it checks out: ok. Otherwise absent, or why the entry
  // held was refused, which the caller counts and logs with where().
  virtual ReadResult find(const Request &request, void *out) = 0;
  // Keeps a result: the one the function computed, at `value`, or, with `loaded`, the one
  // a farther tier's find() put into the std::optional at `value`. Never throws; a tier
  // that cannot keep it says so in its own way (once) and the call goes on.
  virtual void keep(const Request &request, const void *value, const ReadResult *loaded) noexcept = 0;
  // Called when the call is about to compute `request`'s result: takes this tier's lock
  // of its key, where the tier has one shared with other machines, into `lock`; while
  // another holder computes, waits for its result (up to lock_timeout) and returns it as
  // find() would. Absent: compute.
  virtual ReadResult wait_or_lock(const Request &request, void *out, MissLock &lock) {
    (void)request, (void)out, (void)lock;
    return ReadResult{ReadStatus::absent, {}};
  }
  // Where the entry for `request` is, for messages.
  virtual std::string where(const Request &request) const = 0;
  // Hits answered here count as Stats::memory_hits rather than Stats::hits.
  virtual bool in_memory() const { return false; }
  // On another machine: asked once per call (its own wait_or_lock() looks again where that
  // matters), not again after waiting for a computation on this machine.
  virtual bool remote() const { return false; }
};

} // namespace npcache::detail
