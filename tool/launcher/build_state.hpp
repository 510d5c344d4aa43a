// What the launcher remembers between a compile and the links that use its object.
//
// Each compile records how its object was made (source, working directory, arguments,
// the files the scan read) under the XXH3-128 of the object's bytes, so that a link
// finds the record of every object it takes in, whether given by path or as a member of
// a static library (ar keeps only the member's bytes and base name). The record also holds
// the file's summary (its definitions' digests, what they use from other files), written
// at the compile when the file was parsed then, or at the first link that needs it.
//
//   <state>/objects/<object hash>.<hash of object path>.json   the record
//   <state>/paths/<hash of object path>   which record that path holds now; a new compile
//                                         of the same path removes the record it replaces
//   <state>/libraries/<library hash>.json the objects a shared library was linked from
//   <state>/links/<hash of output path>.{cpp,o}  the digest table of that link
#pragma once

#include <npcache/key.hpp>

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace npcache::launcher {

struct ObjectRecord {
  std::string object;    // absolute path when it was compiled
  std::string directory; // working directory of the compile
  std::string source;    // the C++ source, as the command named it
  std::string compiler;  // the compiler that ran (not the launchers before it)
  std::vector<std::string> arguments; // the compiler's arguments, response files expanded
  std::vector<std::pair<std::string, Key128>> inputs; // files the scan read, their hashes
  bool rewritten = false;  // the object was compiled from the rewritten source
  nlohmann::json summary;  // null until the file has been parsed

  // Whether the summary holds the file's definitions: a parse for a link has filled it.
  bool parsed() const {
    return summary.is_object() && summary.contains("definitions") && summary["definitions"].is_object();
  }
};

class BuildState {
public:
  explicit BuildState(std::string dir) : dir_(std::move(dir)) {}

  const std::string &dir() const { return dir_; }

  // Saves the record of the object whose bytes hash to `object_hash`, replacing the one
  // that record.object held before. Never fails a build: returns false if it could not.
  bool save(const Key128 &object_hash, const ObjectRecord &record) const;
  std::optional<ObjectRecord> load(const Key128 &object_hash) const;
  // The record the object at this path had when it was last compiled.
  std::optional<ObjectRecord> load_at(const std::string &object_path) const;

  // A shared library's objects, by the library's own hash.
  bool save_library(const std::string &library_path, const Key128 &library_hash,
                    const std::vector<Key128> &objects) const;
  std::vector<Key128> load_library(const Key128 &library_hash) const;

  // A path in the state directory for the files of one link output.
  std::string link_file(const std::string &output, const std::string &extension) const;

private:
  std::string dir_;
  // Record files by object hash, listed at the first load().
  mutable std::optional<std::map<std::string, std::string>> records_;
};

// XXH3-128 of a file's bytes; nothing if it cannot be read.
std::optional<Key128> hash_file(const std::string &path);
// The state directory: --state, else NPCACHE_BUILD_STATE, else $XDG_CACHE_HOME/npcache/build
// (~/.cache/npcache/build).
std::string default_state_dir();
// Writes through a temporary file and a rename, creating the directory; false on failure.
bool write_file_atomically(const std::string &path, const std::string &content);
std::string absolute_path(const std::string &path);

} // namespace npcache::launcher
