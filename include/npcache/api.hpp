// Symbol visibility for libnpcache. The library is built with hidden visibility so
// that only the names below form its ABI.
#pragma once

#if defined(NPCACHE_BUILDING_RUNTIME)
#define NPCACHE_API __attribute__((visibility("default")))
#else
#define NPCACHE_API
#endif

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "npcache stores values in little-endian byte order and supports little-endian targets only"
#endif
