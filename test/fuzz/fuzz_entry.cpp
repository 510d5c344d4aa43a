// libFuzzer target: an arbitrary file where an entry should be. The entry reader must
// return ok only for bytes that pass every checksum, never crash or over-allocate, and
// the command's generic value reader must survive whatever a verified entry holds.
#include "../../cli/value.hpp"
#include "entry.hpp"

#include <cstdint>
#include <cstdlib>
#include <fcntl.h>
#include <string>
#include <unistd.h>
#include <vector>

namespace {
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
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0 || ::write(fd, data, size) != static_cast<ssize_t>(size))
    std::abort();
  ::close(fd);

  detail::EntryHeader header;
  if (detail::read_entry_header(path, header).status != detail::ReadStatus::ok)
    return 0;
  auto collect = [](Source &in, void *out) {
    auto *bytes = static_cast<std::vector<unsigned char> *>(out);
    bytes->resize(static_cast<std::size_t>(in.remaining()));
    in.read(bytes->data(), bytes->size());
  };
  std::vector<unsigned char> payload;
  std::string prefix = detail::meta_prefix(header.meta.function, header.meta.signature);
  detail::Expectation expect{header.key, prefix, 0};
  if (detail::read_entry(path, expect, collect, &payload).status != detail::ReadStatus::ok)
    return 0;
  if (payload.size() != header.raw_size)
    std::abort(); // ok means the whole stated payload was delivered
  try {
    cli::preview(cli::result_type(header.meta.signature), payload);
    cli::to_npy(cli::result_type(header.meta.signature), payload);
  } catch (const std::exception &) {
  }
  return 0;
}
