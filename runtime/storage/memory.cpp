#include "memory.hpp"

#include "../counters.hpp"
#include "../function.hpp"

#include <optional>

namespace npcache::detail {

namespace {
constexpr std::uint64_t kCopyUnderLockBytes = 4096 + kMemoryOverheadBytes;
}

namespace {
// Drops what it is given: position() counts it.
class CountingSink final : public Sink {
public:
  CountingSink() : Sink(buffer_, buffer_ + sizeof buffer_) {}

private:
  void consume(const unsigned char *, std::size_t) override {}
  unsigned char buffer_[256];
};
} // namespace

std::uint64_t encoded_size(EncodeFn encode, const void *value) {
  CountingSink sink;
  encode(sink, value);
  return sink.position();
}

MemoryTier &MemoryTier::instance() {
  // Never destroyed: a static's destructor elsewhere may still make cached calls.
  static MemoryTier *tier = new MemoryTier();
  return *tier;
}

bool MemoryTier::find(const Slot &slot, std::int64_t max_age_seconds,
                      void (*copy_out)(const void *, void *), void *out, std::uint64_t *hits,
                      std::uint32_t *raised_fp) {
  std::shared_ptr<const void> large;
  // Released outside the lock, as every value is; made only when needed, since even an
  // empty list's destructor was a tenth of a hit's own instructions.
  std::optional<Released> expired;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = index_.find(slot);
    if (it == index_.end())
      return false;
    Ref &ref = it->second;
    if (max_age_seconds > 0) {
      const std::uint64_t now = coarse_now_unix_ns();
      const std::uint64_t age_ns = now - std::min(now, ref.node->created_unix_ns);
      if (age_ns / 1000000000u >= static_cast<std::uint64_t>(max_age_seconds)) {
        unlink(it, expired.emplace());
        return false;
      }
    }
    ref.used = true;
    if (hits != nullptr)
      ++*hits;
    if (raised_fp != nullptr)
      *raised_fp = ref.raised_fp;
    // A small value is copied at once, which costs less than sharing it; a large one
    // outside the lock, so that other threads' hits need not wait for the copy.
    if (ref.small) {
      copy_out(ref.value, out);
      return true;
    }
    large = ref.node->value;
  }
  copy_out(large.get(), out);
  return true;
}

void MemoryTier::keep(const Slot &slot, std::shared_ptr<const void> value, std::uint64_t bytes,
                      std::uint64_t created_unix_ns, std::uint64_t capacity, std::uint32_t raised_fp) {
  bytes += kMemoryOverheadBytes;
  Released released; // the value replaced and those evicted
  std::lock_guard<std::mutex> lock(mutex_);
  capacity_ = std::max(capacity_, capacity);
  if (auto it = index_.find(slot); it != index_.end())
    unlink(it, released);
  if (bytes > capacity_)
    return;
  // Room is made before the value goes in, so that it is never its own victim.
  make_room(bytes, released);
  // Reserved first, so that the emplace below cannot fail and leave a node unindexed.
  index_.reserve(index_.size() + 1);
  const void *raw = value.get();
  order_.push_front(Value{slot, std::move(value), bytes, created_unix_ns});
  index_.emplace(slot, Ref{raw, order_.begin(), bytes <= kCopyUnderLockBytes, false, raised_fp});
  bytes_ += bytes;
}

void MemoryTier::make_room(std::uint64_t bytes, Released &into) {
  // Each used value is spared once per pass, so this ends within two passes.
  while (bytes_ + bytes > capacity_) {
    auto it = index_.find(order_.back().slot);
    if (it->second.used) {
      it->second.used = false;
      order_.splice(order_.begin(), order_, it->second.node);
    } else {
      unlink(it, into);
    }
  }
}

void MemoryTier::drop(std::uint64_t dir_tag) {
  Released dropped;
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto it = order_.begin(); it != order_.end();) {
    const Slot slot = it->slot;
    ++it;
    if (slot.dir_tag == dir_tag)
      unlink(index_.find(slot), dropped);
  }
}

std::uint64_t MemoryTier::bytes() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return bytes_;
}

std::uint64_t MemoryTier::count(const std::uint64_t &hits) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return hits;
}

void MemoryTier::unlink(Index::iterator it, Released &into) {
  bytes_ -= it->second.node->bytes;
  into.splice(into.end(), order_, it->second.node);
  index_.erase(it);
}

InMemory &InMemory::instance() {
  static InMemory *tier = new InMemory; // never destroyed, like MemoryTier's
  return *tier;
}

bool InMemory::hit(const Function &fn, const Key128 &key, const ValueOps &ops, void *out, std::uint32_t &raised_fp) {
  return ops.keep != nullptr &&
         MemoryTier::instance().find({key, fn.dir_tag}, *fn.settings.max_age_seconds, ops.copy_out, out,
                                           &fn.cache->memory_hits, &raised_fp);
}

ReadResult InMemory::find(const Request &request, void *out) {
  ReadResult r;
  if (hit(request.fn, request.key, request.ops, out, r.raised_fp))
    r.status = ReadStatus::ok;
  return r;
}

void InMemory::keep(const Request &request, const void *value, const ReadResult *loaded) noexcept {
  const Function &fn = request.fn;
  const ValueOps &ops = request.ops;
  if (ops.keep == nullptr)
    return;
  try {
    // A loaded result's entry said its size and age; a computed one is new.
    const std::uint64_t bytes = loaded != nullptr ? loaded->raw_size : encoded_size(ops.encode, value);
    const std::uint64_t created = loaded != nullptr ? loaded->created_unix_ns : now_unix_ns();
    std::shared_ptr<const void> kept((loaded != nullptr ? ops.keep_loaded : ops.keep)(value), ops.release);
    MemoryTier::instance().keep({request.key, fn.dir_tag}, std::move(kept), bytes, created,
                                *fn.settings.memory_size_bytes, request.raised_fp);
  } catch (...) {
  }
}

std::string InMemory::where(const Request &) const { return "memory"; }

} // namespace npcache::detail
