// What the code written by npcache-rewrite calls; not meant to be used by hand.
#pragma once

#include <npcache/cache.hpp>

namespace npcache::detail {

// The cache of rewritten functions: the default directory, resolved at first use.
NPCACHE_API const Cache &default_cache();

// A rewritten function returning R, keyed by arguments of types Args (its named
// parameters, after *this for a const member). `options` are the build-time JSON file's
// settings for it with the attribute's options on top; `code_digest` covers its code.
template <class R, class... Args>
Handle generated_handle(std::string name, const Settings &options, const Key128 &code_digest) {
  return make_handle(default_cache(), std::move(name), signature_text<R, Args...>(), options,
                     code_digest);
}

// A template argument's part in a function template's identity.
template <class T> std::string template_argument() { return type_name<T>(); }
template <class T> std::string template_argument(const T &value) {
  return std::to_string(static_cast<long long>(value));
}

} // namespace npcache::detail
