// The on-disk entry, format version 2 (docs/FORMAT.md describes it byte by byte).
#pragma once

#include <npcache/cache.hpp>
#include <npcache/key.hpp>
#include <npcache/options.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace npcache::detail {

// 2: entries keep the floating-point exception flags their computation raised.
inline constexpr std::uint32_t kFormatVersion = 2;
// The first bytes of every entry file.
inline constexpr std::size_t kEntryMagicSize = 8;
inline constexpr unsigned char kEntryMagic[kEntryMagicSize] = {0x89, 'N', 'P', 'C', '\r', '\n', 0x1a, '\n'};

// What an entry says about itself besides the value.
struct EntryMeta {
  std::string function;  // qualified name
  std::string signature; // "(i32,f64)->vec<f64>"
  std::string readable;  // rendered arguments; empty for key = "hash"
  Key128 code_digest;    // zero when the caller has none (Cache::wrap)
  // What explains a later miss, with the code version's dependency file (names.hpp).
  std::string build_context;
  std::string version;
};

struct EntryHeader {
  Key128 key;
  EntryMeta meta;
  std::uint64_t created_unix_ns = 0;
  std::uint64_t stored_size = 0; // payload bytes in the file
  std::uint64_t raw_size = 0;    // payload bytes after decompression
  // The floating-point exception flags the computation raised (fp_flags()'s bits), which a
  // hit raises again.
  std::uint32_t raised_fp = 0;
  bool compressed = false;
};

class SafeDir;
struct Trust;

// Writes the entry to a new temporary file in `dir` and renames it over `file_name`, so
// readers see the old entry or the new one, never a part. Returns an empty string, or
// what failed; on success, sets *file_size if given.
NPCACHE_API std::string write_entry(const SafeDir &dir, const std::string &file_name,
                                    const EntryHeader &header, EncodeFn encode,
                                    const void *value, Compression compression, int level,
                                    std::uint64_t *file_size = nullptr);

// The same entry as bytes in memory, for stores that keep entries as values rather than
// files (a key-value store, a remote server): byte for byte what write_entry writes for an
// uncompressed payload. Returns an empty string, or what failed.
NPCACHE_API std::string encode_entry(const EntryHeader &header, EncodeFn encode, const void *value,
                                     Compression compression, int level,
                                     std::vector<unsigned char> &out);

enum class ReadStatus {
  ok,
  absent,        // no such file
  foreign,       // not an npcache entry (bad magic, not a regular file, a symlink)
  other_version, // an entry of another format version
  corrupt,       // truncated, bad checksum, inconsistent header or undecodable payload
  mismatch,      // a whole entry, but for another key or type
  expired,       // older than max_age
  unreadable,    // the file exists but cannot be read (permissions, I/O error)
  untrusted,     // someone this user does not trust could have written it (safe_dir.hpp)
};

struct ReadResult {
  ReadStatus status = ReadStatus::absent;
  std::string detail; // for the log
  // Of an entry read whole (ok): when it was stored, and its payload's decoded size.
  std::uint64_t created_unix_ns = 0;
  std::uint64_t raw_size = 0;
  std::uint32_t raised_fp = 0; // as EntryHeader::raised_fp
};

struct Expectation {
  Key128 key;
  std::string_view meta_prefix;     // from meta_prefix(); empty: any function
  std::int64_t max_age_seconds = 0; // 0: no limit
  // Reading to inspect, not to use: the entry's access time, which eviction takes as its
  // last use, must not change.
  bool inspect = false;
};

// The bytes an entry's metadata starts with when it belongs to this function and
// signature: checking them is a memcmp, with nothing to decode on a hit.
NPCACHE_API std::string meta_prefix(const std::string &function, const std::string &signature);

// Reads and verifies the entry `name` in the directory open as `dir_fd`; on ok, `decode`
// has produced the value in *out. Every byte that reaches the decoder is covered by a
// checksum checked before this returns ok; a decoder may see bad bytes, but a bad value
// is never returned. A file that `trust` does not accept is `untrusted`, and not read.
NPCACHE_API ReadResult read_entry(int dir_fd, const Trust *trust, const char *name,
                                  const Expectation &expect, DecodeFn decode, void *out);
// The same for an entry held in memory (encode_entry's bytes): the header and the whole
// payload are checked against their checksums before anything is decoded.
NPCACHE_API ReadResult read_entry_bytes(const unsigned char *data, std::size_t size,
                                        const Expectation &expect, DecodeFn decode, void *out);
// The same for a file that the user names (npcache show): inspected whoever owns it.
NPCACHE_API ReadResult read_entry(const std::string &path, const Expectation &expect,
                                  DecodeFn decode, void *out);

// The header of an entry, after checking its checksum; no payload is read, and the
// access time is left alone.
NPCACHE_API ReadResult read_entry_header(int dir_fd, const Trust *trust, const char *name,
                                         EntryHeader &header);
NPCACHE_API ReadResult read_entry_header(const std::string &path, EntryHeader &header);

// ---- Compact records: entries of the small-entry store (docs/FORMAT.md) ----
// A small entry's header would be most of its bytes, and all but its key, time and
// checksum are the same for every entry of one code version. So the store keeps that
// metadata once, under its id, and each entry as a compact record:
//   0   8  metadata id (meta_id() of the metadata's encoding)
//   8   8  creation time, Unix ns
//   16  4  floating-point exception flags the computation raised
//   20  4  reserved, 0
//   24  16 checksum: XXH3-128 of the key, bytes 0-23 and the payload
//   40  …  payload, in the value encoding, never compressed
// The checksum covers the key the record is filed under, so a record moved to another
// key fails it, and the id must be the reader's own: a record of another function or code
// version is a mismatch.
inline constexpr std::size_t kCompactHeaderSize = 40;

// The metadata's encoding, as a header carries it; empty, with `error` set, when too large.
NPCACHE_API std::vector<unsigned char> encode_meta(const EntryMeta &meta, std::string &error);
NPCACHE_API ReadResult decode_meta(const unsigned char *data, std::size_t size, EntryMeta &meta);
NPCACHE_API std::uint64_t meta_id(const unsigned char *meta, std::size_t size);
// The id a record names, unchecked (0 for a record too short to hold one).
NPCACHE_API std::uint64_t compact_meta_id(const unsigned char *data, std::size_t size);

// Encodes `value` as the compact record of `key`. Returns an empty string, or what failed.
NPCACHE_API std::string encode_compact(const Key128 &key, std::uint64_t meta_id, std::uint64_t created_unix_ns,
                                       std::uint32_t raised_fp, EncodeFn encode, const void *value, std::vector<unsigned char> &out);
// Checks the record of `key` against its checksum and `meta_id`, then decodes it into *out,
// as read_entry_bytes does for a whole entry.
NPCACHE_API ReadResult read_compact(const Key128 &key, const unsigned char *data, std::size_t size,
                                    std::uint64_t meta_id, std::int64_t max_age_seconds, DecodeFn decode,
                                    void *out);
// The last metadata read_compact_header() checked and decoded, for a caller that reads
// many records under one snapshot (the store lists each metadata record once, at one
// address): the next record naming it is not decoded again.
struct MetaMemo {
  const unsigned char *meta = nullptr;
  std::size_t size = 0;
  std::uint64_t id = 0;
  ReadResult status;
  EntryMeta decoded;
};

// Checks the record of `key` against its checksum and fills `header` from it and its
// metadata `meta` (the store's record for its id; null when there is none); `payload`,
// if given, receives the payload's bytes.
NPCACHE_API ReadResult read_compact_header(const Key128 &key, const unsigned char *data, std::size_t size,
                                           const unsigned char *meta, std::size_t meta_size,
                                           EntryHeader &header, std::vector<unsigned char> *payload = nullptr,
                                           MetaMemo *memo = nullptr);

NPCACHE_API const char *to_string(ReadStatus status);

} // namespace npcache::detail
