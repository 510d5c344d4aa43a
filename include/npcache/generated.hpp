// What the code written by npcache-rewrite calls; not meant to be used by hand.
#pragma once

#include <npcache/cache.hpp>

namespace npcache::detail {

// The cache of rewritten functions: the default directory, resolved at first use.
NPCACHE_API const Cache &default_cache();

// A rewritten function: `options` are the build-time JSON file's settings for it with the
// attribute's options on top, and `code_digest` covers the code it depends on.
template <class R, class... Args>
Handle generated_handle(R (*)(Args...), const char *name, const Settings &options,
                        const Key128 &code_digest) {
  return make_handle(default_cache(), name, signature_text<R, Args...>(), options, code_digest);
}

} // namespace npcache::detail
