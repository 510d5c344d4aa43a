// File and directory names inside a cache directory.
//
//   <dir>/<function>-<8 hex>/<key: 32 hex>.npc            key = "hash"
//   <dir>/<function>-<8 hex>/<arguments>-<32 hex>.npc      key = "readable"
//   <dir>/<function>-<8 hex>/.tmp.<pid>.<n>.npc-tmp         an entry being written
//   <dir>/<function>-<8 hex>/<code digest: 32 hex>.deps     what that code version covers
//
// <function> is the sanitized qualified name and the 8 hex digits come from the name and
// signature, so overloads get separate directories.
#pragma once

#include <npcache/key.hpp>

#include <string>
#include <string_view>

namespace npcache::detail {

inline constexpr std::string_view kEntrySuffix = ".npc";
inline constexpr std::string_view kTempPrefix = ".tmp.";
inline constexpr std::string_view kTempSuffix = ".npc-tmp";
inline constexpr std::string_view kDependencySuffix = ".deps";

// Keeps [A-Za-z0-9._+=,-], turns anything else into '_', never yields "." or "..", never
// starts with '.', and is at most `max_length` bytes.
NPCACHE_API std::string sanitize_component(std::string_view text, std::size_t max_length);
NPCACHE_API std::string function_dir_name(const std::string &name, const std::string &signature);
NPCACHE_API std::string entry_file_name(const Key128 &key, const std::string &readable);
NPCACHE_API void append_entry_file_name(std::string &out, const Key128 &key,
                                        const std::string &readable);
NPCACHE_API std::string temp_file_name();
NPCACHE_API bool is_function_dir(std::string_view dir_name);
NPCACHE_API bool is_entry_file(std::string_view file_name);
NPCACHE_API bool is_temp_file(std::string_view file_name);
NPCACHE_API bool is_dependency_file(std::string_view file_name);

} // namespace npcache::detail
