// The memory tier: results this process computed or loaded, kept decoded in front of the
// disk, for functions whose settings say `memory`. One tier for the whole process, bounded
// in bytes (the encoded size of each value, plus a fixed overhead) and evicting about the
// least recently used first; a hit returns a copy.
#pragma once

#include "tier.hpp"

#include <npcache/call.hpp>
#include <npcache/key.hpp>

#include <absl/container/flat_hash_map.h>

#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>

namespace npcache::detail {

class NPCACHE_API MemoryTier {
public:
  // Entries are per cache directory too: two caches that wrap the same function under one
  // name keep apart in memory, as they do on disk.
  struct Slot {
    Key128 key;
    std::uint64_t dir_tag = 0;
    friend bool operator==(const Slot &a, const Slot &b) { return a.key == b.key && a.dir_tag == b.dir_tag; }
  };

  // The process's tier. (Tests make tiers of their own.)
  static MemoryTier &instance();

  // Copies the value kept for `slot` into `out` with `copy_out`; false if there is none.
  // A value created more than `max_age_seconds` ago (0: no limit) is dropped and not
  // returned, as an entry on disk would be expired. A hit adds one to `*hits`, if given,
  // under the tier's lock: one atomic increment fewer per hit (read it with count()).
  // `*raised_fp`, if given, receives the floating-point exception flags kept with it.
  bool find(const Slot &slot, std::int64_t max_age_seconds, void (*copy_out)(const void *, void *),
            void *out, std::uint64_t *hits = nullptr, std::uint32_t *raised_fp = nullptr);
  // A counter that find() adds to, read under the same lock.
  std::uint64_t count(const std::uint64_t &hits) const;
  // Keeps `value` (which the tier now owns), of `bytes` encoded bytes, created at
  // `created_unix_ns`, whose computation raised the floating-point exception flags
  // `raised_fp`. The tier holds at most the largest `capacity` any call gave, and
  // drops values to stay within it, about the least recently used first (CLOCK: the
  // oldest not used since eviction last passed it); a value larger than that is
  // not kept.
  void keep(const Slot &slot, std::shared_ptr<const void> value, std::uint64_t bytes,
            std::uint64_t created_unix_ns, std::uint64_t capacity, std::uint32_t raised_fp = 0);
  // Drops every value of one cache directory (Cache::clear).
  void drop(std::uint64_t dir_tag);

  std::uint64_t bytes() const;

private:
  // A value and its bookkeeping, in the eviction order.
  struct Value {
    Slot slot;
    std::shared_ptr<const void> value;
    std::uint64_t bytes;
    std::uint64_t created_unix_ns;
  };
  using List = std::list<Value>; // the next eviction candidate last; new and spared values first
  // What a hit reads, in the index itself: one cache line with the key, where a pointer
  // to the list node cost a second one. A hit only marks its value used: moving it to the
  // front of the list, as a strict LRU does, wrote to three other nodes and was a tenth of
  // a hit across 2,000 keys. Eviction spares a used value once (CLOCK, about LRU).
  struct Ref {
    const void *value;
    List::iterator node;
    bool small; // copied under the lock
    bool used;
    std::uint32_t raised_fp; // in what was padding
  };
  // Keys are hashes already. (A flat table: std::unordered_map's modulo and node chase
  // were a quarter of a memory hit.)
  struct SlotHash {
    std::size_t operator()(const Slot &s) const noexcept { return s.key.low ^ s.dir_tag; }
  };
  using Index = absl::flat_hash_map<Slot, Ref, SlotHash>;
  // What the tier let go, destroyed by the caller after unlocking: destroying a large
  // result takes a while.
  using Released = List;

  void unlink(Index::iterator it, Released &into);
  // Evicts until `bytes` more fit within the bound.
  void make_room(std::uint64_t bytes, Released &into);

  mutable std::mutex mutex_;
  List order_;
  Index index_;
  std::uint64_t bytes_ = 0;
  std::uint64_t capacity_ = 0;
};

// The memory tier as the hit path asks it: a function's results in MemoryTier::instance(),
// under the function's cache directory. A copy that fails (out of memory, a codec that
// throws) is not kept, and the call goes on.
class InMemory final : public Tier {
public:
  static InMemory &instance();
  // find() without a ReadResult: lookup() asks this first, as a memory hit is the one
  // path where the tiers' bookkeeping would cost more than the lookup itself.
  static bool hit(const Function &fn, const Key128 &key, const ValueOps &ops, void *out, std::uint32_t &raised_fp);
  ReadResult find(const Request &request, void *out) override;
  void keep(const Request &request, const void *value, const ReadResult *loaded) noexcept override;
  std::string where(const Request &request) const override;
  bool in_memory() const override { return true; }
};

// A cache directory's tag: the hash of its absolute path.
inline std::uint64_t memory_dir_tag(const std::string &dir) { return hash_bytes(dir.data(), dir.size()).low; }

// The size of a value's encoding, without keeping it.
NPCACHE_API std::uint64_t encoded_size(EncodeFn encode, const void *value);

// What a value costs the tier beyond its encoded bytes: the list node, the index entry,
// the shared_ptr's control block, a small object's own size.
inline constexpr std::uint64_t kMemoryOverheadBytes = 160;

} // namespace npcache::detail
