// libFuzzer target: an arbitrary file where an entry should be. The entry reader must
// return ok only for bytes that pass every checksum (checked here, independently), reject
// the same bytes with any one byte flipped, never crash or over-allocate; the reader of
// entries held in memory must agree with it on every input; and the command's generic
// value reader must survive whatever a verified entry holds.
//
// Inputs starting with 'R' are first repaired into a consistent entry (magic, version,
// sizes, both checksums; docs/FORMAT.md), so that the fuzzer also reaches the metadata
// and payload decoders, which random bytes almost never do past a 128-bit checksum.
#include "../../cli/value.hpp"
#include "entry.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

template <class T> void put(std::vector<std::uint8_t> &b, std::size_t at, T value) {
  std::memcpy(b.data() + at, &value, sizeof value);
}
template <class T> T get(const std::vector<std::uint8_t> &b, std::size_t at) {
  T value;
  std::memcpy(&value, b.data() + at, sizeof value);
  return value;
}

std::vector<std::uint8_t> repair(const std::uint8_t *data, std::size_t size) {
  constexpr std::size_t kFixed = 88, kChecksum = 16;
  std::vector<std::uint8_t> b(data, data + size);
  if (b.size() < kFixed)
    b.resize(kFixed);
  const std::uint8_t magic[8] = {0x89, 'N', 'P', 'C', '\r', '\n', 0x1a, '\n'};
  std::memcpy(b.data(), magic, sizeof magic);
  put<std::uint32_t>(b, 8, npcache::detail::kFormatVersion);    // version
  put<std::uint32_t>(b, 12, get<std::uint32_t>(b, 12) & 1);      // flags: zstd or not
  // 84: the raised floating-point flags, the fuzzer's: any value is an entry's.
  std::uint32_t meta = static_cast<std::uint32_t>(
      std::min<std::uint64_t>(get<std::uint32_t>(b, 80), b.size() - kFixed));
  put<std::uint32_t>(b, 80, meta);
  std::uint64_t offset = (kFixed + meta + kChecksum + 63) / 64 * 64;
  if (b.size() < offset)
    b.resize(offset);
  put<std::uint64_t>(b, 32, offset);
  std::uint64_t stored = b.size() - offset;
  put<std::uint64_t>(b, 40, stored);
  if ((get<std::uint32_t>(b, 12) & 1) == 0)
    put<std::uint64_t>(b, 48, stored); // raw size; a compressed one keeps the fuzzer's
  npcache::Key128 payload = npcache::hash_bytes(b.data() + offset, stored);
  put(b, 64, payload);
  npcache::Key128 head = npcache::hash_bytes(b.data(), offset - kChecksum);
  put(b, offset - kChecksum, head);
  return b;
}

void write_file(const std::string &path, const std::vector<std::uint8_t> &bytes) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0 || ::write(fd, bytes.data(), bytes.size()) != static_cast<ssize_t>(bytes.size()))
    std::abort();
  ::close(fd);
}

// The header's checksum over every byte before it, and (with `payload`) the payload's over
// the payload, computed here from docs/FORMAT.md, not by the reader.
bool checksums_hold(const std::vector<std::uint8_t> &b, bool payload) {
  constexpr std::size_t kChecksum = 16;
  if (b.size() < 88)
    return false;
  const std::uint64_t offset = get<std::uint64_t>(b, 32);
  if (offset < 88 + kChecksum || offset > b.size())
    return false;
  return npcache::hash_bytes(b.data(), offset - kChecksum) == get<npcache::Key128>(b, offset - kChecksum) &&
         (!payload || npcache::hash_bytes(b.data() + offset, b.size() - offset) == get<npcache::Key128>(b, 64));
}

const std::string &entry_path() {
  static const std::string path = [] {
    char dir[] = "/tmp/npcache-fuzz-XXXXXX";
    if (::mkdtemp(dir) == nullptr)
      std::abort();
    return std::string(dir) + "/entry.npc";
  }();
  return path;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  using namespace npcache;
  const std::string &path = entry_path();
  std::vector<std::uint8_t> repaired;
  if (size > 0 && data[0] == 'R') {
    repaired = repair(data + 1, size - 1);
    data = repaired.data();
    size = repaired.size();
  }
  write_file(path, std::vector<std::uint8_t>(data, data + size));

  detail::EntryHeader header;
  if (detail::read_entry_header(path, header).status != detail::ReadStatus::ok)
    return 0;
  // A header accepted has its checksum right; an entry accepted has both, and then no
  // single flipped byte anywhere may be accepted.
  const std::vector<std::uint8_t> bytes(data, data + size);
  if (!checksums_hold(bytes, /*payload=*/false))
    std::abort();

  auto collect = [](Source &in, void *out) {
    auto *bytes = static_cast<std::vector<unsigned char> *>(out);
    bytes->resize(static_cast<std::size_t>(in.remaining()));
    in.read(bytes->data(), bytes->size());
  };
  { // Any bytes as a compact record (the small-entry store's): refused or read, never harm.
    std::vector<unsigned char> out;
    detail::read_compact(header.key, data, size, detail::compact_meta_id(data, size), 0, collect, &out);
  }
  std::vector<unsigned char> payload;
  std::string prefix = detail::meta_prefix(header.meta.function, header.meta.signature);
  detail::Expectation expect{header.key, prefix, 0};
  const bool file_ok = detail::read_entry(path, expect, collect, &payload).status == detail::ReadStatus::ok;
  // The reader of entries held in memory (a key-value store's, a remote's) agrees.
  std::vector<unsigned char> from_bytes;
  const bool bytes_ok =
      detail::read_entry_bytes(data, size, expect, collect, &from_bytes).status == detail::ReadStatus::ok;
  if (file_ok != bytes_ok || (file_ok && from_bytes != payload))
    std::abort();
  if (!file_ok)
    return 0;
  if (!checksums_hold(bytes, /*payload=*/true))
    std::abort();
  {
    std::vector<std::uint8_t> flipped = bytes;
    flipped[npcache::hash_bytes(data, size).low % size] ^= 0x01;
    write_file(path, flipped);
    std::vector<unsigned char> ignored;
    if (detail::read_entry(path, expect, collect, &ignored).status == detail::ReadStatus::ok)
      std::abort();
    write_file(path, bytes);
  }
  if (payload.size() != header.raw_size)
    std::abort(); // ok means the whole stated payload was delivered
  { // The same payload as a compact record reads back whole, and not once a byte is flipped.
    auto write_raw = [](Sink &out, const void *value) {
      const auto &raw = *static_cast<const std::vector<unsigned char> *>(value);
      out.write(raw.data(), raw.size());
    };
    std::vector<unsigned char> record, back;
    if (!detail::encode_compact(header.key, 7, header.created_unix_ns, header.raised_fp, write_raw, &payload, record)
             .empty())
      std::abort();
    const detail::ReadResult read = detail::read_compact(header.key, record.data(), record.size(), 7, 0, collect, &back);
    if (read.status != detail::ReadStatus::ok || back != payload || read.raised_fp != header.raised_fp)
      std::abort();
    record[npcache::hash_bytes(data, size).high % record.size()] ^= 0x01;
    if (detail::read_compact(header.key, record.data(), record.size(), 7, 0, collect, &back).status ==
        detail::ReadStatus::ok)
      std::abort();
  }
  try {
    cli::preview(cli::result_type(header.meta.signature), payload);
    cli::to_npy(cli::result_type(header.meta.signature), payload);
  } catch (const std::exception &) {
  }
  return 0;
}
