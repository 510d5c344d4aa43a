#include "counters.hpp"
#include "safe_dir.hpp"

#include <npcache/io.hpp>

#include <xxhash.h>

#include <cerrno>
#include <cstdio>
#include <chrono>
#include <ctime>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace npcache::detail {

namespace {
template <class Block> constexpr std::uint64_t magic_of();
template <> constexpr std::uint64_t magic_of<FunctionBlock>() { return kFunctionMagic; }
template <> constexpr std::uint64_t magic_of<RootBlock>() { return kRootMagic; }
template <> constexpr std::uint64_t magic_of<RemoteBlock>() { return kRemoteMagic; }

template <class Block> void initialize(Block &block);
template <> void initialize(FunctionBlock &) {}
template <> void initialize(RootBlock &block) { atomic_store(block.estimated_bytes, kUnknownSize); }
template <> void initialize(RemoteBlock &) {} // the opener names the tier
} // namespace

template <class Block>
Mapped<Block> Mapped<Block>::open(const SafeDir &dir, std::string_view name, bool create) {
  static_assert(sizeof(Block) == 128, "a block is two cache lines");
  Mapped out;
  if (!dir)
    return out;
  const std::string file(name);
  std::string why;
  // Trusted only: mapping a file that an untrusted user can truncate would let them crash
  // us with SIGBUS, and its numbers would be theirs.
  int fd = dir.open_trusted(file.c_str(), O_RDWR, why);
  if (fd < 0 && errno == ENOENT && create) {
    fd = dir.create(file.c_str(), O_RDWR, /*map=*/true);
    if (fd < 0 && errno == EEXIST)
      fd = dir.open_trusted(file.c_str(), O_RDWR, why);
  }
  if (fd < 0)
    return out;
  struct stat st;
  if (::fstat(fd, &st) != 0 || (st.st_size < static_cast<off_t>(sizeof(Block)) &&
                                ::ftruncate(fd, sizeof(Block)) != 0)) { // only ever grows, so racing creators agree
    ::close(fd);
    return out;
  }
  void *map = ::mmap(nullptr, sizeof(Block), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (map == MAP_FAILED) {
    ::close(fd);
    return out;
  }
  auto *block = static_cast<Block *>(map);
  std::uint64_t expected = 0;
  if (__atomic_compare_exchange_n(&block->magic, &expected, magic_of<Block>(), false,
                                  __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
    initialize(*block); // this process created it
  else if (expected != magic_of<Block>()) {
    ::munmap(map, sizeof(Block));
    ::close(fd);
    return out;
  }
  out.block_ = block;
  out.fd_ = fd;
  return out;
}

template <class Block> Mapped<Block> &Mapped<Block>::operator=(Mapped &&other) noexcept {
  if (this != &other) {
    this->~Mapped();
    new (this) Mapped(std::move(other));
  }
  return *this;
}

template <class Block> Mapped<Block>::~Mapped() {
  if (block_ != nullptr)
    ::munmap(block_, sizeof(Block));
  if (fd_ >= 0)
    ::close(fd_);
}

template class Mapped<FunctionBlock>;
template class Mapped<RemoteBlock>;

std::string remote_counters_name(const std::string &tier) {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(XXH3_64bits(tier.data(), tier.size())));
  return std::string(kRemoteCountersPrefix) + hex;
}
template class Mapped<RootBlock>;

Key128 code_version(const Key128 &code_digest, const std::string &version) {
  std::string bytes(reinterpret_cast<const char *>(&code_digest), sizeof code_digest);
  bytes += version;
  return hash_bytes(bytes.data(), bytes.size());
}

std::uint64_t now_unix_ns() {
  return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                        std::chrono::system_clock::now().time_since_epoch())
                                        .count());
}

std::uint64_t coarse_now_unix_ns() {
  struct timespec t;
  ::clock_gettime(CLOCK_REALTIME_COARSE, &t);
  return static_cast<std::uint64_t>(t.tv_sec) * 1000000000u + static_cast<std::uint64_t>(t.tv_nsec);
}

} // namespace npcache::detail
