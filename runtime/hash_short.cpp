#include "hash_short.hpp"

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace npcache::detail {

Key128 hash_short(const void *data, std::size_t size) {
  const XXH128_hash_t h = XXH3_128bits(data, size);
  return Key128{h.low64, h.high64};
}

} // namespace npcache::detail
