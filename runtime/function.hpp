// A cache and a wrapped function as the runtime keeps them: shared by the hit path
// (cache.cpp) and the tiers (storage/).
#pragma once

#include "storage/local.hpp"
#include "storage/tier.hpp"

#include <npcache/cache.hpp>
#include <npcache/call.hpp>
#include <npcache/options.hpp>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace npcache::detail {

struct CacheState {
  std::string dir;
  std::filesystem::path dir_path; // the same, as Cache::dir() returns it
  bool explicit_dir = false;
  Config config;
  std::atomic<std::uint64_t> hits{0};
  std::uint64_t memory_hits = 0; // under MemoryTier's lock (MemoryTier::find, count)
  std::atomic<std::uint64_t> remote_hits{0};
  std::atomic<std::uint64_t> misses{0};
  std::atomic<std::uint64_t> errors{0};
};

class Function {
public:
  Function() : local(*this) {}
  Function(const Function &) = delete;
  Function &operator=(const Function &) = delete;

  std::shared_ptr<CacheState> cache;
  std::string name;
  std::string signature;
  Code code;         // empty for Cache::wrap
  Settings settings; // every field set
  std::uint64_t dir_tag = 0; // names the cache directory in the memory tier
  std::string meta_prefix;   // how an entry of this function's metadata starts
  Plan plan;

  // Set up at the first call, not when wrapped: a program may wrap functions it never calls.
  std::once_flag setup_once;
  std::atomic<bool> ready{false}; // set up; skips call_once's own cost on every later call

  LocalFiles local;
  std::vector<Tier *> tiers; // nearest first; fixed when wrapped
};

} // namespace npcache::detail
