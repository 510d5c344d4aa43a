// Data files in the key. A cached function that reads a file it is given by name returns
// stale results once the file changes, since the name stays the same. Taken as an
// npcache::input_file (or, for every file under a folder, an npcache::input_dir), the
// parameter keys the cache on the path as written and on the content: edit the file and
// the call misses; touch it without a change and it still hits.
//
// Hashing a multi-GB input on every call would cost more than many functions, so a file's
// content digest is remembered against its device, inode, size, modification and change
// times (the fast path ninja and ccache take): in the process, and in a small table in
// the default cache directory (`.inputs/`), so that the next run need not read the file
// either. A file changed less than a second before it was hashed is not remembered: an
// edit within the same timestamp tick could otherwise go unseen.
//
//   [[npcache::cached]] Table load(npcache::input_file csv, int column);
//   load("runs/2026-11.csv", 3);
#pragma once

#include <npcache/codec/core.hpp>
#include <npcache/key.hpp>

#include <cstdint>
#include <string>
#include <utility>

namespace npcache {

// A parameter type only: a result cannot be a file's content digest.
struct input_file {
  std::string path;

  input_file(std::string p) : path(std::move(p)) {}
  input_file(const char *p) : path(p) {}
  // A std::filesystem::path, without including <filesystem> in every rewritten file.
  template <class P, class = decltype(std::declval<const P &>().native().c_str())>
  input_file(const P &p) : path(p.string()) {}

  const std::string &str() const { return path; }
  const char *c_str() const { return path.c_str(); }
  operator const std::string &() const { return path; } // std::ifstream in(file);
};

// Every file and folder under a folder, by relative path and content; symbolic links by
// their target (links to folders are not followed).
struct input_dir : input_file {
  using input_file::input_file;
};

namespace detail {

// What the key holds of an input besides its path: whether it could be read, and if so
// what it contains.
struct InputState {
  enum Status : std::uint8_t { ok = 0, missing = 1, unreadable = 2, wrong_kind = 3 };
  Status status = ok;
  std::int32_t error = 0; // errno, when not ok
  Key128 digest;          // the content's XXH3-128 (a folder: of its listing and files)
};

NPCACHE_API InputState input_state(const std::string &path, bool directory);

// For tests: how many times this process read a file to hash it, and a way to forget
// what the process remembers (the table on disk stays).
NPCACHE_API std::uint64_t input_files_hashed();
NPCACHE_API void forget_input_digests();

template <bool Directory> struct input_codec {
  using T = std::conditional_t<Directory, input_dir, input_file>;
  static std::string name() { return Directory ? "input_dir" : "input_file"; }
  static void encode(Sink &out, const T &value) {
    codec<std::string>::encode(out, value.path);
    const InputState state = input_state(value.path, Directory);
    out.put(static_cast<std::uint8_t>(state.status));
    if (state.status == InputState::ok) {
      out.put(state.digest.low);
      out.put(state.digest.high);
    } else {
      out.put(state.error);
    }
  }
  static void render(std::string &out, const T &value) { out += value.path; }
};

} // namespace detail

template <> struct codec<input_file> : detail::input_codec<false> {};
template <> struct codec<input_dir> : detail::input_codec<true> {};

} // namespace npcache
