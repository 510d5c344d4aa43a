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
                      void (*copy_out)(const void *, void *), void *out) {
  std::shared_ptr<const void> large;
  // Released outside the lock, as every value is; made only when needed, since even an
  // empty list's destructor was a tenth of a hit's own instructions.
  std::optional<List> expired;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = index_.find(slot);
    if (it == index_.end())
      return false;
    List::iterator value = it->second;
    if (max_age_seconds > 0) {
      const std::uint64_t now = coarse_now_unix_ns();
      const std::uint64_t age_ns = now - std::min(now, value->created_unix_ns);
      if (age_ns / 1000000000u >= static_cast<std::uint64_t>(max_age_seconds)) {
        unlink(value, expired.emplace());
        return false;
      }
    }
    if (value != lru_.begin())
      lru_.splice(lru_.begin(), lru_, value);
    // A small value is copied at once, which costs less than sharing it; a large one
    // outside the lock, so that other threads' hits need not wait for the copy.
    if (value->bytes <= kCopyUnderLockBytes) {
      copy_out(value->value.get(), out);
      return true;
    }
    large = value->value;
  }
  copy_out(large.get(), out);
  return true;
}

void MemoryTier::keep(const Slot &slot, std::shared_ptr<const void> value, std::uint64_t bytes,
                      std::uint64_t created_unix_ns, std::uint64_t capacity) {
  bytes += kMemoryOverheadBytes;
  List released; // the value replaced and those evicted: destroyed after the lock is let go
  std::lock_guard<std::mutex> lock(mutex_);
  capacity_ = std::max(capacity_, capacity);
  if (auto it = index_.find(slot); it != index_.end())
    unlink(it->second, released);
  if (bytes > capacity_)
    return;
  lru_.push_front(Value{slot, std::move(value), bytes, created_unix_ns});
  index_.emplace(slot, lru_.begin());
  bytes_ += bytes;
  while (bytes_ > capacity_)
    unlink(std::prev(lru_.end()), released);
}

void MemoryTier::drop(std::uint64_t dir_tag) {
  List dropped;
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto it = lru_.begin(); it != lru_.end();) {
    auto next = std::next(it);
    if (it->slot.dir_tag == dir_tag)
      unlink(it, dropped);
    it = next;
  }
}

std::uint64_t MemoryTier::bytes() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return bytes_;
}

void MemoryTier::unlink(List::iterator it, List &into) {
  index_.erase(it->slot);
  bytes_ -= it->bytes;
  into.splice(into.end(), lru_, it);
}

InMemory &InMemory::instance() {
  static InMemory *tier = new InMemory; // never destroyed, like MemoryTier's
  return *tier;
}

bool InMemory::hit(const Function &fn, const Key128 &key, const ValueOps &ops, void *out) {
  return ops.keep != nullptr &&
         MemoryTier::instance().find({key, fn.dir_tag}, *fn.settings.max_age_seconds, ops.copy_out, out);
}

ReadResult InMemory::find(const Request &request, void *out) {
  return ReadResult{hit(request.fn, request.key, request.ops, out) ? ReadStatus::ok : ReadStatus::absent, {}};
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
                                *fn.settings.memory_size_bytes);
  } catch (...) {
  }
}

std::string InMemory::where(const Request &) const { return "memory"; }

} // namespace npcache::detail
