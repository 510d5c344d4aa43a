// 128-bit digests: cache keys, code digests and checksums.
#pragma once

#include <npcache/api.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace npcache {

struct Key128 {
  std::uint64_t low = 0;
  std::uint64_t high = 0;

  friend bool operator==(const Key128 &a, const Key128 &b) {
    return a.low == b.low && a.high == b.high;
  }
  friend bool operator!=(const Key128 &a, const Key128 &b) { return !(a == b); }

  // 32 lowercase hex digits, high word first (the canonical XXH128 rendering).
  NPCACHE_API std::string hex() const;
  NPCACHE_API void append_hex(std::string &out) const;
  // The inverse of hex(); false unless `text` is exactly 32 hex digits.
  NPCACHE_API static bool parse_hex(std::string_view text, Key128 &out);
};

// XXH3-128 of a byte range; the same function every streaming hasher in npcache computes.
NPCACHE_API Key128 hash_bytes(const void *data, std::size_t size);

} // namespace npcache
