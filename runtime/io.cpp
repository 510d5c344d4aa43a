#include <npcache/io.hpp>

#include "hash_short.hpp"

#define XXH_STATIC_LINKING_ONLY
#include <xxhash.h>
// The library's dispatcher runs the vector code the CPU has (AVX2, AVX-512); the plain
// names are SSE2 only, half the speed on data in cache.
#include <xxh_x86dispatch.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <new>
#include <sys/mman.h>

namespace npcache {

namespace {
constexpr unsigned char kZeros[64] = {};

XXH3_state_t *state_of(unsigned char *storage) {
  return reinterpret_cast<XXH3_state_t *>(storage);
}

Key128 to_key(XXH128_hash_t h) { return Key128{h.low64, h.high64}; }

std::size_t padding(std::uint64_t position, std::size_t alignment) {
  return static_cast<std::size_t>(-position & (alignment - 1));
}

// The most of `size` bytes that is a whole number of `unit`s.
std::size_t whole_units(std::size_t size, std::size_t unit) { return size - size % unit; }
} // namespace

// One append of 32 digits: appending them one by one was most of an eviction pass over
// the small store, which names every entry.
void Key128::append_hex(std::string &out) const {
  static constexpr char kDigits[] = "0123456789abcdef";
  char digits[32];
  char *at = digits;
  for (std::uint64_t word : {high, low})
    for (int shift = 60; shift >= 0; shift -= 4)
      *at++ = kDigits[(word >> shift) & 0xf];
  out.append(digits, sizeof digits);
}

std::string Key128::hex() const {
  std::string out;
  out.reserve(32);
  append_hex(out);
  return out;
}

bool Key128::parse_hex(std::string_view text, Key128 &out) {
  if (text.size() != 32)
    return false;
  std::uint64_t words[2] = {0, 0};
  for (std::size_t i = 0; i < 32; ++i) {
    char c = text[i];
    int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    if (digit < 0)
      return false;
    words[i / 16] = words[i / 16] << 4 | static_cast<std::uint64_t>(digit);
  }
  out = Key128{words[1], words[0]};
  return true;
}

Key128 hash_bytes(const void *data, std::size_t size) {
  return size <= detail::kShortHashBytes ? detail::hash_short(data, size) : to_key(XXH3_128bits(data, size));
}

// ---- Sink ------------------------------------------------------------------------------

void Sink::align(std::size_t alignment) {
  if (unaligned_ == 0)
    write(kZeros, padding(position(), alignment));
}

void Sink::flush() {
  std::size_t buffered = static_cast<std::size_t>(cur_ - begin_);
  if (buffered != 0) {
    consume(begin_, buffered);
    flushed_ += buffered;
    cur_ = begin_;
  }
}

void Sink::overflow(const unsigned char *data, std::size_t size) {
  flush();
  if (size < static_cast<std::size_t>(end_ - begin_)) {
    std::memcpy(cur_, data, size);
    cur_ += size;
  } else {
    consume(data, size);
    flushed_ += size;
  }
}

const std::vector<unsigned char> &BufferSink::bytes() {
  flush();
  return bytes_;
}

std::vector<unsigned char> BufferSink::take() {
  flush();
  return std::move(bytes_);
}

void BufferSink::consume(const unsigned char *data, std::size_t size) {
  bytes_.insert(bytes_.end(), data, data + size);
}

static_assert(sizeof(XXH3_state_t) <= 640, "HashSink::state_ is too small for XXH3_state_t");
static_assert(alignof(XXH3_state_t) <= 64, "HashSink::state_ is under-aligned");

void HashSink::consume(const unsigned char *data, std::size_t size) {
  if (!streaming_) {
    XXH3_INITSTATE(state_of(state_));
    XXH3_128bits_reset(state_of(state_));
    streaming_ = true;
  }
  XXH3_128bits_update(state_of(state_), data, size);
}

Key128 HashSink::finish() {
  if (!streaming_) {
    // Everything fitted in the buffer: the one-shot hash equals the streamed one.
    std::size_t size = static_cast<std::size_t>(position());
    return hash_bytes(buffer_, size);
  }
  flush();
  return to_key(XXH3_128bits_digest(state_of(state_)));
}

// ---- Source ----------------------------------------------------------------------------

void Source::align(std::size_t alignment) {
  if (unaligned_ != 0)
    return;
  unsigned char skipped[64];
  std::size_t n = padding(position(), alignment);
  read(skipped, n);
  if (std::memcmp(skipped, kZeros, n) != 0)
    throw decode_error("non-zero alignment padding");
}

void Source::require(std::uint64_t count, std::uint64_t min_bytes) const {
  std::uint64_t left = remaining();
  if (min_bytes == 0 ? count > left : count > left / min_bytes)
    throw decode_error("length " + std::to_string(count) + " exceeds the " +
                       std::to_string(left) + " bytes left");
}

void Source::underflow(unsigned char *data, std::size_t size) {
  if (size > remaining())
    throw decode_error("unexpected end of data");
  std::size_t head = static_cast<std::size_t>(end_ - cur_);
  if (head != 0) {
    prepare_until(data + head);
    std::memcpy(data, cur_, head);
  }
  cur_ = end_;
  fetch(data + head, size - head);
}

void Source::read_prepared(void *data, std::size_t size, PrepareFn prepare, void *context) {
  auto *bytes = static_cast<unsigned char *>(data);
  if (size <= static_cast<std::size_t>(end_ - cur_)) {
    prepare(context, size);
    read(bytes, size);
    return;
  }
  prepare_ = prepare;
  prepare_context_ = context;
  prepare_base_ = bytes;
  prepared_ = 0;
  struct Done {
    Source &source;
    ~Done() { source.prepare_ = nullptr; }
  } done{*this};
  underflow(bytes, size);
  prepare_until(bytes + size); // for a fetch() that delivered without asking
}

void Source::read_growing(void *data, std::size_t size, std::size_t unit, std::size_t alignment,
                          PrepareFn prepare, AppendFn append, void *context) {
  if (size >= direct_read_bytes_) {
    read_prepared(data, size, prepare, context);
    return;
  }
  if (size > remaining())
    throw decode_error("unexpected end of data");
  while (size != 0) {
    std::size_t n = whole_units(std::min(static_cast<std::size_t>(end_ - cur_), size), unit);
    if (n != 0 && (reinterpret_cast<std::uintptr_t>(cur_) & (alignment - 1)) == 0) {
      append(context, cur_, n);
      cur_ += n;
      size -= n;
    } else if (cur_ == end_ && refill()) {
      continue;
    } else {
      // An element across the window's end, or a window not aligned for it (a source over
      // memory that is not): through an aligned copy.
      alignas(64) unsigned char staged[4096];
      n = whole_units(std::min(size, sizeof staged), unit);
      read(staged, n);
      append(context, staged, n);
      size -= n;
    }
  }
}

MemorySource::MemorySource(const void *data, std::size_t size) : Source(size) {
  auto *bytes = static_cast<const unsigned char *>(data);
  set_window(bytes, bytes + size, 0);
}

void MemorySource::fetch(unsigned char *, std::size_t) {
  throw decode_error("unexpected end of data");
}

namespace detail {

void advise_huge_pages(void *data, std::size_t bytes) {
  constexpr std::uintptr_t kHugePage = 2u << 20;
  if (bytes < 2 * kHugePage)
    return;
  std::uintptr_t begin = (reinterpret_cast<std::uintptr_t>(data) + kHugePage - 1) & ~(kHugePage - 1);
  std::uintptr_t end = (reinterpret_cast<std::uintptr_t>(data) + bytes) & ~(kHugePage - 1);
  if (end > begin)
    ::madvise(reinterpret_cast<void *>(begin), end - begin, MADV_HUGEPAGE); // advice only
}

} // namespace detail

} // namespace npcache
