// File and directory names inside a cache directory.
//
//   <dir>/<function>-<8 hex>/<key: 32 hex>.npc            key = "hash"
//   <dir>/<function>-<8 hex>/<arguments>-<32 hex>.npc      key = "readable"
//   <dir>/<function>-<8 hex>/.tmp.<pid>.<n>.npc-tmp         an entry being written
//   <dir>/<function>-<8 hex>/<code digest: 32 hex>.deps     what that code version covers
//   <dir>/<function>-<8 hex>/.locks                         a byte per key, locked while
//                                                           one caller computes (lock.cpp)
//   <dir>/<function>-<8 hex>/small.mdb, small.mdb-lock      small entries, in LMDB
//   <dir>/<function>-<8 hex>/small.boot                     its power-loss record (storage/small.cpp)
//   <dir>/<function>-<8 hex>/.lock.<key: 32 hex>            the same, by earlier versions:
//                                                           removed as leftovers
//   <dir>/<function>-<8 hex>/.counters, <dir>/.npcache-root  shared state (counters.hpp)
//   <dir>/.inputs/<device>-<inode>                          input files' digests (input_files.cpp)
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
inline constexpr std::string_view kLockPrefix = ".lock.";
inline constexpr std::string_view kLocksFileName = ".locks";
inline constexpr std::string_view kSmallStoreName = "small.mdb";
inline constexpr std::string_view kSmallLockName = "small.mdb-lock";
inline constexpr std::string_view kSmallBootName = "small.boot";
inline constexpr std::string_view kInputsDirName = ".inputs";
inline constexpr char kInputRecordMagic[8] = {'n', 'p', 'c', 'i', 'n', 'p', 't', '1'};

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
NPCACHE_API bool is_lock_file(std::string_view file_name);
// The pid a temporary's name carries, or 0.
NPCACHE_API long temp_file_pid(std::string_view file_name);
// The key at the end of an entry's name, if it parses.
NPCACHE_API bool entry_file_key(std::string_view file_name, Key128 &key);

} // namespace npcache::detail
