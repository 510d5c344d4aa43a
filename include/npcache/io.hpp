// Byte streams that codecs write to and read from.
//
// One encoding serves both purposes: a value is written to a Sink to be hashed into a
// key or stored in an entry, and read back from a Source. Both keep a small window in
// line so that encoding a scalar is a bounds check and a memcpy; the out-of-line paths
// hand large blocks straight to the hash or the file without copying them.
#pragma once

#include <npcache/api.hpp>
#include <npcache/key.hpp>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace npcache {

// Thrown by decoders on bytes that do not form a value of the expected type. The runtime
// turns it into a cache miss; users see it only when they call codecs themselves.
class NPCACHE_API decode_error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

class NPCACHE_API Sink {
public:
  Sink(const Sink &) = delete;
  Sink &operator=(const Sink &) = delete;

  void write(const void *data, std::size_t size) {
    if (size <= static_cast<std::size_t>(end_ - cur_)) {
      if (size != 0)
        std::memcpy(cur_, data, size);
      cur_ += size;
    } else {
      overflow(static_cast<const unsigned char *>(data), size);
    }
  }

  template <class T> void put(const T &value) {
    static_assert(std::is_trivially_copyable_v<T>, "put() writes object bytes");
    write(&value, sizeof value);
  }

  // Zero padding up to a multiple of `alignment` (a power of two) from the start of the
  // stream, so that arrays stored in an entry can be used in place.
  void align(std::size_t alignment);

  std::uint64_t position() const {
    return flushed_ + static_cast<std::uint64_t>(cur_ - begin_);
  }

  // While alive, align() writes nothing. Used where elements are encoded out of order
  // (unordered containers), so that their bytes do not depend on where they land.
  class Unaligned {
  public:
    explicit Unaligned(Sink &sink) : sink_(sink) { ++sink_.unaligned_; }
    ~Unaligned() { --sink_.unaligned_; }
    Unaligned(const Unaligned &) = delete;
    Unaligned &operator=(const Unaligned &) = delete;

  private:
    Sink &sink_;
  };

protected:
  Sink(unsigned char *begin, unsigned char *end) : begin_(begin), cur_(begin), end_(end) {}
  ~Sink() = default;

  // Takes the buffered bytes, then any block too large to buffer.
  virtual void consume(const unsigned char *data, std::size_t size) = 0;
  void flush();
  void set_unaligned_depth(int depth) { unaligned_ = depth; }
  int unaligned_depth() const { return unaligned_; }

private:
  void overflow(const unsigned char *data, std::size_t size);

  unsigned char *begin_;
  unsigned char *cur_;
  unsigned char *end_;
  std::uint64_t flushed_ = 0;
  int unaligned_ = 0;
};

// Collects an encoding in memory.
class NPCACHE_API BufferSink final : public Sink {
public:
  BufferSink() : Sink(nullptr, nullptr) {}
  const std::vector<unsigned char> &bytes();
  std::vector<unsigned char> take();

private:
  void consume(const unsigned char *data, std::size_t size) override;
  std::vector<unsigned char> bytes_;
};

// Streams an encoding into XXH3-128. Small inputs stay in the inline buffer and are
// hashed in one shot; larger ones go to the streaming state without being copied.
class NPCACHE_API HashSink final : public Sink {
public:
  // Inline: every cached call makes one, and a call into the library for it cost more
  // than hashing a small key.
  HashSink() : Sink(buffer_, buffer_ + sizeof buffer_) {}
  Key128 finish();

private:
  void consume(const unsigned char *data, std::size_t size) override;
  bool streaming_ = false;
  alignas(64) unsigned char state_[640];
  unsigned char buffer_[512];
};

class NPCACHE_API Source {
public:
  Source(const Source &) = delete;
  Source &operator=(const Source &) = delete;

  void read(void *data, std::size_t size) {
    if (size <= static_cast<std::size_t>(end_ - cur_)) {
      if (size != 0)
        std::memcpy(data, cur_, size);
      cur_ += size;
    } else {
      underflow(static_cast<unsigned char *>(data), size);
    }
  }

  template <class T> T get() {
    static_assert(std::is_trivially_copyable_v<T>, "get() reads object bytes");
    T value;
    read(&value, sizeof value);
    return value;
  }

  void align(std::size_t alignment);

  // Reads like read(), into memory that the caller makes usable in pieces:
  // `prepare(context, end)` is called before any byte below `end` is written, with `end`
  // rising to `size`. A decoder growing a std::vector passes one that resizes it, so that
  // the zeros the vector must write land on each piece while it is in cache, just before
  // the read overwrites it, rather than in a pass of their own over the whole result.
  using PrepareFn = void (*)(void *context, std::size_t end);
  void read_prepared(void *data, std::size_t size, PrepareFn prepare, void *context);

  // Reads `size` bytes onto the end of a container that has room for them reserved at
  // `data`. Below the source's direct-read size, hands them in order to
  // `append(context, bytes, n)`, n a whole number of `unit`s (an element's size, at most
  // 4096) at an address aligned to `alignment` (a power of two up to 64), which the
  // container copies in (std::vector::insert): from a buffer that stays in cache, and
  // with no zeros written first. Larger reads go straight into `data`, as read_prepared().
  using AppendFn = void (*)(void *context, const unsigned char *bytes, std::size_t n);
  void read_growing(void *data, std::size_t size, std::size_t unit, std::size_t alignment,
                    PrepareFn prepare, AppendFn append, void *context);

  std::uint64_t position() const {
    return window_pos_ + static_cast<std::uint64_t>(cur_ - window_);
  }
  std::uint64_t remaining() const { return size_ - position(); }

  // Throws decode_error unless `count` elements of at least `min_bytes` each can still
  // follow. Decoders call it before allocating for a length read from the stream.
  void require(std::uint64_t count, std::uint64_t min_bytes) const;

  class Unaligned {
  public:
    explicit Unaligned(Source &source) : source_(source) { ++source_.unaligned_; }
    ~Unaligned() { --source_.unaligned_; }
    Unaligned(const Unaligned &) = delete;
    Unaligned &operator=(const Unaligned &) = delete;

  private:
    Source &source_;
  };

protected:
  // read_growing() reads `direct_read_bytes` or more straight into the container.
  explicit Source(std::uint64_t size, std::size_t direct_read_bytes = static_cast<std::size_t>(-1))
      : size_(size), direct_read_bytes_(direct_read_bytes) {}
  ~Source() = default;

  void set_window(const unsigned char *begin, const unsigned char *end, std::uint64_t pos) {
    window_ = cur_ = begin;
    end_ = end;
    window_pos_ = pos;
  }
  // Called with the window exhausted: delivers the next `size` bytes of the stream into
  // `data` and leaves the window positioned after them. Throws decode_error when the
  // stream ends first. Calls prepare_until() before writing into `data`.
  virtual void fetch(unsigned char *data, std::size_t size) = 0;
  // Called with the window exhausted: makes the next bytes of the stream the window, its
  // first byte at an address congruent to its position modulo 64. False if the source
  // cannot (everything it has was in the window).
  virtual bool refill() { return false; }
  // The destination's bytes before `end` are about to be written (read_prepared).
  void prepare_until(const unsigned char *end) {
    if (prepare_ != nullptr && static_cast<std::size_t>(end - prepare_base_) > prepared_) {
      prepared_ = static_cast<std::size_t>(end - prepare_base_);
      prepare_(prepare_context_, prepared_);
    }
  }

private:
  void underflow(unsigned char *data, std::size_t size);

  PrepareFn prepare_ = nullptr;
  void *prepare_context_ = nullptr;
  const unsigned char *prepare_base_ = nullptr;
  std::size_t prepared_ = 0;

  const unsigned char *window_ = nullptr;
  const unsigned char *cur_ = nullptr;
  const unsigned char *end_ = nullptr;
  std::uint64_t window_pos_ = 0;
  std::uint64_t size_;
  std::size_t direct_read_bytes_;
  int unaligned_ = 0;
};

// Reads an encoding held in memory.
class NPCACHE_API MemorySource final : public Source {
public:
  MemorySource(const void *data, std::size_t size);

private:
  void fetch(unsigned char *data, std::size_t size) override;
};

namespace detail {
// Asks the kernel to back a large, not yet touched buffer with huge pages. A decoder
// calls it between reserving and filling a large array: where page faults are costly,
// this makes returning a large result several times faster. No-op for small buffers.
NPCACHE_API void advise_huge_pages(void *data, std::size_t bytes);
} // namespace detail

} // namespace npcache
