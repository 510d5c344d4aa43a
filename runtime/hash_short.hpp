// XXH3-128 of a short input, such as a small call's key, with xxHash compiled in
// (XXH_INLINE_ALL) rather than called in libxxhash: for inputs of 20 to 100 bytes the call
// cost about as much as the hash. The same hash as the library's.
#pragma once

#include <npcache/key.hpp>

#include <cstddef>

namespace npcache::detail {

// Up to here XXH3 has no vector code, so the copy compiled in loses nothing.
inline constexpr std::size_t kShortHashBytes = 240;

Key128 hash_short(const void *data, std::size_t size);

} // namespace npcache::detail
