// A translation unit's summary: JSON that npcache-rewrite writes and npcache-cxx reads at
// link time to give each cached function a digest over the code it reaches in every file.
//
// {
//   "version": 2,
//   "definitions": {                 // what other files can link to; null until needed
//     "<symbol>": {                  // mangled name, as symbol tables spell it
//       "name": "phys::scale(double)",   // for dependency lists and warnings
//       "digest": "<32 hex>",            // this definition and what it reaches in its file
//       "uses": ["<symbol>", ...],       // what it reaches that its file does not define
//       "system_uses": [...],            // those of them only system headers declare
//       "through_system": [...],         // what system headers declare and its file does
//                                        // not define, when it reaches system code: their
//                                        // inline code, which the parse skips, may call it
//       "team_size": true,               // its result depends on the OpenMP team's size
//       "cpu_caches": true,              // and on the CPU's cache sizes (it reaches Eigen)
//       "covers": "name\tdigest\n...",   // each definition of its file the digest covers,
//                                        // with a digest of its own text, for explain
//       "at": "b.cpp:3:8",               // where it is defined
//       "impure": [{"what": "mutable global 'g'", "at": "b.cpp:3:5"}],
//       "overrides": ["<symbol>", ...]   // the virtual functions it overrides, transitively
//     }
//   },
//   "cached": {                      // the cached functions the file defines
//     "<usr hash>": {"name": ..., "digest": ..., "uses": [...], "impure": [...],
//                    "at": "a.cpp:7:28", "function": "simulate", "pure": false}
//   }
// }
//
// A symbol with several manglings (a constructor's C1 and C2) is listed under each. An
// override with internal linkage (a class in an anonymous namespace) is listed too: only
// its "overrides" can find it.
//
// A use "overriders of <symbol>" stands for a virtual call of that function: the link
// resolves it to every definition whose "overrides" lists the symbol, in any object.
#pragma once

#include <string_view>

namespace npcache::tool {
inline constexpr int kSummaryVersion = 2;
inline constexpr std::string_view kOverridersOf = "overriders of ";
} // namespace npcache::tool
