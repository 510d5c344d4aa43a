#include "entry.hpp"
#include "safe_dir.hpp"
#include "counters.hpp"
#include "names.hpp"
#include "scratch.hpp"

#define XXH_STATIC_LINKING_ONLY
#include <xxhash.h>
// The vector code (AVX2, AVX-512) the CPU has, chosen at run time: the plain names are
// SSE2 only, and hashing a payload already in cache ran at half the speed.
#include <xxh_x86dispatch.h>
#include <zstd.h>

#include <cerrno>
#include <cstddef>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <memory>
#include <mutex>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace npcache::detail {

namespace {

constexpr const unsigned char *kMagic = kEntryMagic;
constexpr std::uint32_t kFlagZstd = 1;
constexpr std::uint64_t kPayloadAlignment = 64;
constexpr std::uint32_t kMaxMetaSize = 1u << 20;
constexpr std::size_t kIoChunk = 256 * 1024; // stays in L2 between read and hash
// Reads this large are hashed on a second thread while they are read; below it, starting
// a thread costs more than it saves.
constexpr std::size_t kParallelHashBytes = 16u << 20;
constexpr std::size_t kParallelChunk = 1u << 20;
// A vector this large is read straight into its memory (Source::read_growing), with the
// pages faulted in by the hashing thread: glibc gives memory of this size back at free()
// (its largest mmap threshold), so each such result is fresh pages. Smaller ones are
// appended from a buffer that stays in cache, which was faster in a warm process: 1.8-2.0
// against 2.0-2.5 ms for 16 MiB, 2.8-3.2 against 3.7-4.3 ms for 24 MiB.
constexpr std::size_t kGrowDirectBytes = 32u << 20;

// Fixed part of the header; little-endian, no padding.
struct FixedHeader {
  unsigned char magic[8];
  std::uint32_t version;
  std::uint32_t flags;
  std::uint64_t key_low, key_high;
  std::uint64_t payload_offset;
  std::uint64_t stored_size;
  std::uint64_t raw_size;
  std::uint64_t created_unix_ns;
  std::uint64_t checksum_low, checksum_high;
  std::uint32_t meta_size;
  std::uint32_t raised_fp;
};
static_assert(sizeof(FixedHeader) == 88, "FixedHeader must have no padding");
constexpr std::size_t kChecksumSize = 16;

// Function and signature come first: meta_prefix() compares them as bytes.
using MetaTuple = std::tuple<std::string, std::string, std::string, std::uint64_t, std::uint64_t,
                             std::string, std::string>;

std::string errno_text(const char *what, const std::string &path) {
  return std::string(what) + " " + path + ": " + std::strerror(errno);
}

struct Fd {
  int fd = -1;
  explicit Fd(int f) : fd(f) {}
  ~Fd() {
    if (fd >= 0)
      ::close(fd);
  }
  Fd(const Fd &) = delete;
  Fd &operator=(const Fd &) = delete;
};

// Repeats `io(done)` (a read or write of the bytes after the first `done`) until `size`
// bytes have moved; false on an error or at the end of the file.
template <class Io> bool move_all(std::size_t size, Io io) {
  for (std::size_t done = 0; done < size;) {
    ssize_t n = io(done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

bool pwrite_all(int fd, const unsigned char *data, std::size_t size, std::uint64_t offset) {
  return move_all(size, [&](std::size_t done) {
    return ::pwrite(fd, data + done, size - done, static_cast<off_t>(offset + done));
  });
}

bool pread_all(int fd, unsigned char *data, std::size_t size, std::uint64_t offset) {
  return move_all(size, [&](std::size_t done) {
    return ::pread(fd, data + done, size - done, static_cast<off_t>(offset + done));
  });
}

class Checksum {
public:
  Checksum() {
    XXH3_INITSTATE(&state_);
    XXH3_128bits_reset(&state_);
  }
  void update(const void *data, std::size_t size) { XXH3_128bits_update(&state_, data, size); }
  Key128 digest() const {
    XXH128_hash_t h = XXH3_128bits_digest(&state_);
    return Key128{h.low64, h.high64};
  }

private:
  XXH3_state_t state_;
};

// Hashes, on a second thread, a block that the caller fills from the front in order, so
// that verifying a large payload overlaps with reading it instead of following it. The
// digest is the same as hashing the block on one thread.
//
// Between pieces, the thread also faults the block's pages in (MADV_POPULATE_WRITE, which
// leaves their contents alone). Fresh memory is most of a large hit's cost: the kernel
// zeroes every page at its first touch, and with the reader touching them all, that was
// on the reader's thread. A 256 MiB hit went from 48.9 / 102.8 ms (min / median of 12)
// to 39.5 / 46.3 ms (of 8) in the same alternation.
class ParallelChecksum {
public:
  ParallelChecksum(Checksum &checksum, const unsigned char *block, std::size_t size)
      : checksum_(checksum), block_(block),
        populated_(reinterpret_cast<std::uintptr_t>(block) & ~(kPage - 1)),
        end_((reinterpret_cast<std::uintptr_t>(block) + size + kPage - 1) & ~(kPage - 1)),
        thread_([this] { run(); }) {}

  ~ParallelChecksum() { finish(); }

  // [0, size) of the block is filled.
  void filled(std::size_t size) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      filled_ = size;
    }
    wake_.notify_one();
  }

  // Waits until everything filled so far is hashed.
  void finish() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      done_ = true;
    }
    wake_.notify_one();
    if (thread_.joinable())
      thread_.join();
  }

private:
  static constexpr std::uintptr_t kPage = 4096;
  static constexpr std::uintptr_t kHugePage = 2u << 20;

  void run() {
    std::size_t hashed = 0;
    for (;;) {
      std::size_t ready;
      bool done;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, [&] { return filled_ > hashed || done_ || populated_ < end_; });
        ready = filled_;
        done = done_;
      }
      if (ready > hashed) { // hashing first: the reader never waits for it at the end
        checksum_.update(block_ + hashed, ready - hashed);
        hashed = ready;
      } else if (populated_ < end_ && !done) {
        populate_next();
      } else if (done) {
        return;
      }
    }
  }

  // The next huge page's worth; a kernel without the advice (before Linux 5.14) or memory
  // that refuses it ends the populating, and the reader faults the rest in itself.
  void populate_next() {
#ifdef MADV_POPULATE_WRITE
    const std::uintptr_t next = std::min(end_, (populated_ + kHugePage) & ~(kHugePage - 1));
    if (::madvise(reinterpret_cast<void *>(populated_), next - populated_, MADV_POPULATE_WRITE) != 0)
      populated_ = end_;
    else
      populated_ = next;
#else // headers older than the advice
    populated_ = end_;
#endif
  }

  Checksum &checksum_;
  const unsigned char *block_;
  std::uintptr_t populated_; // pages below it are faulted in (only the thread touches it)
  const std::uintptr_t end_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::size_t filled_ = 0;
  bool done_ = false;
  std::thread thread_;
};

// Streams the payload to the file from `payload_offset` on, compressing if asked, and
// checksums what is stored. A payload that never outgrew the buffer is held until
// write_head(), which writes it and the header in one call.
class FileSink final : public Sink {
public:
  FileSink(int fd, std::uint64_t payload_offset, unsigned char *buffer, std::size_t capacity,
           Compression compression, int level)
      : Sink(buffer, buffer + capacity), fd_(fd), offset_(payload_offset) {
    if (compression == Compression::zstd) {
      cctx_.reset(ZSTD_createCCtx());
      if (!cctx_)
        throw std::bad_alloc();
      ZSTD_CCtx_setParameter(cctx_.get(), ZSTD_c_compressionLevel, level);
      out_.resize(ZSTD_CStreamOutSize());
    }
  }

  void finish() {
    finishing_ = true;
    flush();
    if (cctx_)
      compress(nullptr, 0, ZSTD_e_end);
  }

  // Writes the header at the start of the file, with the payload if it was held.
  bool write_head(const unsigned char *head, std::size_t size) {
    iovec parts[2] = {{const_cast<unsigned char *>(head), size},
                      {const_cast<unsigned char *>(held_), held_size_}};
    const std::size_t total = size + held_size_;
    return ::pwritev(fd_, parts, held_size_ != 0 ? 2 : 1, 0) == static_cast<ssize_t>(total);
  }

  bool failed() const { return failed_; }
  std::uint64_t stored_size() const { return stored_; }
  Key128 checksum() const { return checksum_.digest(); }

private:
  struct CctxFree {
    void operator()(ZSTD_CCtx *c) const { ZSTD_freeCCtx(c); }
  };

  void consume(const unsigned char *data, std::size_t size) override {
    if (cctx_)
      compress(data, size, ZSTD_e_continue);
    else
      emit(data, size);
  }

  void compress(const unsigned char *data, std::size_t size, ZSTD_EndDirective mode) {
    ZSTD_inBuffer in{data, size, 0};
    for (;;) {
      ZSTD_outBuffer out{out_.data(), out_.size(), 0};
      std::size_t left = ZSTD_compressStream2(cctx_.get(), &out, &in, mode);
      if (ZSTD_isError(left)) {
        failed_ = true;
        return;
      }
      emit(out_.data(), out.pos);
      bool done = mode == ZSTD_e_end ? left == 0 : in.pos == in.size;
      if (done || failed_)
        return;
    }
  }

  void emit(const unsigned char *data, std::size_t size) {
    if (failed_ || size == 0)
      return;
    checksum_.update(data, size);
    if (finishing_ && stored_ == 0 && !cctx_) {
      held_ = data; // the buffer, which outlives the sink's use
      held_size_ = size;
    } else if (!pwrite_all(fd_, data, size, offset_ + stored_)) {
      failed_ = true;
    }
    stored_ += size;
  }

  int fd_;
  std::uint64_t offset_;
  bool finishing_ = false;
  const unsigned char *held_ = nullptr;
  std::size_t held_size_ = 0;
  std::unique_ptr<ZSTD_CCtx, CctxFree> cctx_;
  std::vector<unsigned char> out_;
  Checksum checksum_;
  std::uint64_t stored_ = 0;
  bool failed_ = false;
};

// The 256 KiB buffer that reads and stores go through, one per thread (Scratch).
struct alignas(64) IoBlock {
  unsigned char bytes[kIoChunk];
};

// Reads an uncompressed payload from the file, hashing every byte as it arrives. A vector
// or string below kGrowDirectBytes is appended from 256 KiB pieces read into a buffer
// (refill()), each hashed while in cache; other large reads go straight into the
// decoder's memory in pieces hashed just after they land.
class FileSource final : public Source {
public:
  FileSource(int fd, std::uint64_t payload_offset, std::uint64_t size, unsigned char *buffer,
             std::size_t capacity, std::size_t prefetched)
      : Source(size, kGrowDirectBytes), fd_(fd), capacity_(capacity),
        payload_offset_(payload_offset) {
    // Bytes of the payload already read along with the header.
    std::size_t have = 0;
    if (prefetched > payload_offset)
      have = static_cast<std::size_t>(std::min<std::uint64_t>(prefetched - payload_offset, size));
    const unsigned char *begin = buffer + payload_offset;
    if (have == size) {
      one_shot_ = hash_bytes(begin, have);
      whole_ = true;
    } else {
      checksum_.update(begin, have);
    }
    set_window(begin, begin + have, 0);
    next_ = have;
  }

  Key128 checksum() const { return whole_ ? one_shot_ : checksum_.digest(); }

private:
  void fetch(unsigned char *data, std::size_t size) override {
    if (size >= kParallelHashBytes) {
      ParallelChecksum parallel(checksum_, data, size);
      for (std::size_t done = 0; done < size;) {
        std::size_t n = std::min(size - done, kParallelChunk);
        prepare_until(data + done + n);
        if (!pread_all(fd_, data + done, n, payload_offset_ + next_))
          throw decode_error("file shorter than its header says");
        next_ += n;
        done += n;
        parallel.filled(done);
      }
      parallel.finish();
      set_window(data, data, next_);
      return;
    }
    if (size >= capacity_) {
      while (size != 0) {
        std::size_t n = std::min(size, kIoChunk);
        prepare_until(data + n);
        load(data, n);
        data += n;
        size -= n;
      }
      set_window(data, data, next_);
      return;
    }
    refill();
    prepare_until(data + size);
    read(data, size);
  }

  // The next piece of the payload, in a buffer that stays in cache while it is hashed and
  // then copied out.
  bool refill() override {
    const std::size_t skew = static_cast<std::size_t>(next_ % 64);
    const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(kIoChunk - skew, total() - next_));
    if (n == 0)
      return false;
    const std::uint64_t pos = next_;
    unsigned char *at = staging_.get().bytes + skew;
    load(at, n);
    set_window(at, at + n, pos);
    return true;
  }

  void load(unsigned char *data, std::size_t size) {
    if (!pread_all(fd_, data, size, payload_offset_ + next_))
      throw decode_error("file shorter than its header says");
    checksum_.update(data, size);
    next_ += size;
  }

  std::uint64_t total() const { return position() + remaining(); }

  int fd_;
  Scratch<IoBlock> staging_;
  std::size_t capacity_;
  std::uint64_t payload_offset_;
  std::uint64_t next_ = 0; // payload position of the next byte to read from the file
  Checksum checksum_;
  Key128 one_shot_;
  bool whole_ = false;
};

// The header (fixed part, metadata, zero padding, checksum) ends where the payload starts,
// on a 64-byte boundary; its checksum is its last 16 bytes and covers all the others.
std::uint64_t payload_offset_for(std::size_t meta_size) {
  std::uint64_t minimum = sizeof(FixedHeader) + meta_size + kChecksumSize;
  return (minimum + kPayloadAlignment - 1) / kPayloadAlignment * kPayloadAlignment;
}

ReadResult fail(ReadStatus status, std::string detail) { return ReadResult{status, std::move(detail)}; }

// An entry opened and its header verified: the fixed part, and the bytes read so far (the
// header and, for small entries, the whole payload).
struct OpenEntry {
  Fd fd{-1};
  FixedHeader fixed{};
  alignas(64) unsigned char stack_buffer[16384];
  std::vector<unsigned char> heap_buffer;
  unsigned char *buffer = nullptr;
  std::size_t capacity = 0;
  std::size_t prefetched = 0;
  std::uint64_t file_size = 0;
};

// Decompresses exactly `raw_size` bytes. The header's raw_size is trusted for memory only
// up to 64 times the file's payload: beyond that (a crafted header, or rare, extremely
// compressible data) the buffer grows with what the stream actually produces.
bool decompress(const unsigned char *stored, std::size_t stored_size, std::uint64_t raw_size,
                std::vector<unsigned char> &raw) {
  struct DctxFree {
    void operator()(ZSTD_DCtx *d) const { ZSTD_freeDCtx(d); }
  };
  std::unique_ptr<ZSTD_DCtx, DctxFree> dctx(ZSTD_createDCtx());
  if (!dctx)
    return false;
  raw.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(raw_size, stored_size * 64u + (1u << 20))));
  ZSTD_inBuffer in{stored, stored_size, 0};
  for (;;) {
    // One byte past raw_size is room to notice a stream that is longer than stated.
    std::size_t room = std::max<std::size_t>(raw.capacity() - raw.size(), 1u << 16);
    room = static_cast<std::size_t>(std::min<std::uint64_t>(room, raw_size + 1 - raw.size()));
    std::size_t at = raw.size();
    raw.resize(at + room);
    ZSTD_outBuffer out{raw.data() + at, room, 0};
    std::size_t left = ZSTD_decompressStream(dctx.get(), &out, &in);
    raw.resize(at + out.pos);
    if (ZSTD_isError(left) || raw.size() > raw_size)
      return false;
    if (left == 0 && in.pos == in.size) // the frame ended with the input
      return raw.size() == raw_size;
    if (out.pos == 0 && in.pos == in.size) // no progress: truncated
      return false;
  }
}

// What the payload was stored as.
struct Stored {
  std::uint64_t stored_size, raw_size;
  Key128 checksum;
  bool compressed;
};

// Writes the header, payload_offset_for(meta.size()) bytes, at `head`.
void build_head(const EntryHeader &header, const std::vector<unsigned char> &meta,
                const Stored &payload, unsigned char *head) {
  const std::uint64_t payload_offset = payload_offset_for(meta.size());
  FixedHeader fixed{};
  std::memcpy(fixed.magic, kMagic, kEntryMagicSize);
  fixed.version = kFormatVersion;
  fixed.flags = payload.compressed ? kFlagZstd : 0;
  fixed.key_low = header.key.low;
  fixed.key_high = header.key.high;
  fixed.payload_offset = payload_offset;
  fixed.stored_size = payload.stored_size;
  fixed.raw_size = payload.raw_size;
  fixed.created_unix_ns = header.created_unix_ns != 0 ? header.created_unix_ns : now_unix_ns();
  fixed.checksum_low = payload.checksum.low;
  fixed.checksum_high = payload.checksum.high;
  fixed.meta_size = static_cast<std::uint32_t>(meta.size());
  fixed.raised_fp = header.raised_fp;
  std::memset(head, 0, payload_offset);
  std::memcpy(head, &fixed, sizeof fixed);
  std::memcpy(head + sizeof fixed, meta.data(), meta.size());
  Key128 head_sum = hash_bytes(head, payload_offset - kChecksumSize);
  std::memcpy(head + payload_offset - kChecksumSize, &head_sum, kChecksumSize);
}

int open_temp(const SafeDir &dir, std::string &temp_name) {
  for (int attempt = 0; attempt < 16; ++attempt) {
    temp_name = temp_file_name();
    int fd = dir.create(temp_name.c_str(), O_WRONLY);
    if (fd >= 0 || errno != EEXIST)
      return fd;
  }
  return -1;
}

} // namespace

std::string meta_prefix(const std::string &function, const std::string &signature) {
  BufferSink sink;
  codec<std::string>::encode(sink, function);
  codec<std::string>::encode(sink, signature);
  return std::string(sink.bytes().begin(), sink.bytes().end());
}

std::vector<unsigned char> encode_meta(const EntryMeta &m, std::string &error) {
  BufferSink meta;
  codec<MetaTuple>::encode(meta, MetaTuple(m.function, m.signature, m.readable, m.code_digest.low,
                                           m.code_digest.high, m.build_context, m.version));
  std::vector<unsigned char> bytes = meta.take();
  if (bytes.size() > kMaxMetaSize) {
    error = "entry metadata too large (" + std::to_string(bytes.size()) + " bytes)";
    bytes.clear();
  }
  return bytes;
}

ReadResult decode_meta(const unsigned char *data, std::size_t size, EntryMeta &meta) {
  try {
    MemorySource source(data, size);
    MetaTuple t = codec<MetaTuple>::decode(source);
    if (source.remaining() != 0)
      return ReadResult{ReadStatus::corrupt, "bad metadata: trailing bytes"};
    meta = EntryMeta{std::get<0>(t), std::get<1>(t), std::get<2>(t), Key128{std::get<3>(t), std::get<4>(t)},
                     std::get<5>(t), std::get<6>(t)};
  } catch (const decode_error &error) {
    return ReadResult{ReadStatus::corrupt, std::string("bad metadata: ") + error.what()};
  }
  return ReadResult{ReadStatus::ok, {}};
}

const char *to_string(ReadStatus status) {
  switch (status) {
  case ReadStatus::ok: return "ok";
  case ReadStatus::absent: return "absent";
  case ReadStatus::foreign: return "foreign";
  case ReadStatus::other_version: return "other format version";
  case ReadStatus::corrupt: return "corrupt";
  case ReadStatus::mismatch: return "mismatch";
  case ReadStatus::expired: return "expired";
  case ReadStatus::unreadable: return "unreadable";
  case ReadStatus::untrusted: return "untrusted";
  }
  return "?";
}

std::string write_entry(const SafeDir &dir, const std::string &file_name, const EntryHeader &header,
                        EncodeFn encode, const void *value, Compression compression, int level,
                        std::uint64_t *file_size) {
  std::string temp_name;
  int raw_fd = open_temp(dir, temp_name);
  const std::string temp_path = dir.path() + "/" + temp_name; // for messages
  if (raw_fd < 0)
    return errno_text("cannot create", temp_path);
  Fd fd(raw_fd);
  bool published = false;
  struct Cleanup {
    const SafeDir &dir;
    const std::string &name;
    const bool &published;
    ~Cleanup() {
      if (!published)
        dir.unlink(name.c_str());
    }
  } cleanup{dir, temp_name, published};

  std::string error;
  const std::vector<unsigned char> meta_bytes = encode_meta(header.meta, error);
  if (!error.empty())
    return error;
  const std::uint64_t payload_offset = payload_offset_for(meta_bytes.size());

  // Not zeroed, and kept for the thread's next store: filling 256 KiB cost a small store
  // more than its write.
  Scratch<IoBlock> buffer;
  FileSink sink(fd.fd, payload_offset, buffer.get().bytes, kIoChunk, compression, level);
  try {
    encode(sink, value);
    sink.finish();
  } catch (const std::exception &e) {
    return std::string("cannot encode the result: ") + e.what();
  }
  if (sink.failed())
    return errno_text("cannot write", temp_path);

  const Stored stored{sink.stored_size(), sink.position(), sink.checksum(), compression == Compression::zstd};
  std::vector<unsigned char> head(payload_offset);
  build_head(header, meta_bytes, stored, head.data());
  if (!sink.write_head(head.data(), head.size()))
    return errno_text("cannot write", temp_path);
  // No fsync: every read verifies checksums, so an entry torn by a power cut is a miss,
  // never a wrong value; a crash of the process itself cannot tear the page cache.
  int raw = fd.fd;
  fd.fd = -1;
  if (::close(raw) != 0)
    return errno_text("cannot close", temp_path);
  if (!dir.rename(temp_name.c_str(), file_name.c_str()))
    return errno_text("cannot rename to", dir.path() + "/" + file_name);
  published = true;
  if (file_size != nullptr)
    *file_size = payload_offset + stored.stored_size;
  return {};
}

std::string encode_entry(const EntryHeader &header, EncodeFn encode, const void *value,
                         Compression compression, int level, std::vector<unsigned char> &out) {
  std::string error;
  const std::vector<unsigned char> meta = encode_meta(header.meta, error);
  if (!error.empty())
    return error;
  std::vector<unsigned char> raw;
  try {
    BufferSink sink;
    encode(sink, value);
    raw = sink.take();
  } catch (const std::exception &e) {
    return std::string("cannot encode the result: ") + e.what();
  }
  const std::uint64_t payload_offset = payload_offset_for(meta.size());
  Stored stored{raw.size(), raw.size(), {}, compression == Compression::zstd};
  if (stored.compressed) {
    out.resize(static_cast<std::size_t>(payload_offset) + ZSTD_compressBound(raw.size()));
    std::size_t n = ZSTD_compress(out.data() + payload_offset, out.size() - payload_offset, raw.data(),
                                  raw.size(), level);
    if (ZSTD_isError(n))
      return std::string("cannot compress the result: ") + ZSTD_getErrorName(n);
    stored.stored_size = n;
    out.resize(static_cast<std::size_t>(payload_offset) + n);
  } else {
    out.resize(static_cast<std::size_t>(payload_offset) + raw.size());
    if (!raw.empty())
      std::memcpy(out.data() + payload_offset, raw.data(), raw.size());
  }
  stored.checksum = hash_bytes(out.data() + payload_offset, static_cast<std::size_t>(stored.stored_size));
  build_head(header, meta, stored, out.data());
  return {};
}

// Checks the fixed part of a header at `buffer`, of which `available` bytes are at hand, in
// an entry of `total_size` bytes; ok leaves it in `fixed`, with its payload_offset (the
// header's size) known to fit the entry.
static ReadResult check_fixed(const unsigned char *buffer, std::size_t available,
                              std::uint64_t total_size, FixedHeader &fixed) {
  if (available < sizeof fixed) {
    // Entry bytes may be empty, and then have no address for memcmp to see.
    if (available != 0 && std::memcmp(buffer, kMagic, std::min(available, kEntryMagicSize)) != 0)
      return fail(ReadStatus::foreign, "no npcache header");
    return fail(ReadStatus::corrupt, "truncated header");
  }
  std::memcpy(&fixed, buffer, sizeof fixed);
  if (std::memcmp(fixed.magic, kMagic, kEntryMagicSize) != 0)
    return fail(ReadStatus::foreign, "no npcache header");
  if (fixed.version != kFormatVersion)
    return fail(ReadStatus::other_version, "format version " + std::to_string(fixed.version));
  if (fixed.meta_size > kMaxMetaSize)
    return fail(ReadStatus::corrupt, "metadata size out of range");
  const std::uint64_t header_size = payload_offset_for(fixed.meta_size);
  if (fixed.payload_offset != header_size || header_size > total_size)
    return fail(ReadStatus::corrupt, "truncated or inconsistent header");
  return fail(ReadStatus::ok, {});
}

// Checks the whole header, at `buffer`, against its checksum.
static ReadResult check_head(const unsigned char *buffer, const FixedHeader &fixed) {
  const std::size_t checked = static_cast<std::size_t>(fixed.payload_offset) - kChecksumSize;
  Key128 head_sum;
  std::memcpy(&head_sum, buffer + checked, kChecksumSize);
  if (hash_bytes(buffer, checked) != head_sum)
    return fail(ReadStatus::corrupt, "header checksum mismatch");
  // The header is now known to be as written; what follows checks it against the entry.
  if ((fixed.flags & ~kFlagZstd) != 0)
    return fail(ReadStatus::corrupt, "unknown header flags");
  return fail(ReadStatus::ok, {});
}

// Expired: created `max_age_seconds` (0: no limit) or longer ago.
static ReadResult check_age(std::uint64_t created_unix_ns, std::int64_t max_age_seconds) {
  if (max_age_seconds > 0) {
    const std::uint64_t now = now_unix_ns();
    const std::uint64_t age_ns = now - std::min(now, created_unix_ns);
    if (age_ns / 1000000000u >= static_cast<std::uint64_t>(max_age_seconds))
      return fail(ReadStatus::expired, "created " + std::to_string(age_ns / 1000000000u) + " s ago");
  }
  return fail(ReadStatus::ok, {});
}

// Checks a verified header (at `head`) against what the caller expects, in an entry of
// `total_size` bytes.
static ReadResult check_expected(const FixedHeader &fixed, const unsigned char *head,
                                 std::uint64_t total_size, const Expectation &expect) {
  if (Key128{fixed.key_low, fixed.key_high} != expect.key)
    return fail(ReadStatus::mismatch, "the entry holds another key");
  // An empty prefix (any function) may have no data at all: memcmp must not see it.
  if (fixed.meta_size < expect.meta_prefix.size() ||
      (!expect.meta_prefix.empty() &&
       std::memcmp(head + sizeof fixed, expect.meta_prefix.data(), expect.meta_prefix.size()) != 0))
    return fail(ReadStatus::mismatch, "the entry belongs to another function or signature");
  if (total_size - fixed.payload_offset != fixed.stored_size)
    return fail(ReadStatus::corrupt, "file size " + std::to_string(total_size) +
                                         " disagrees with the header");
  if ((fixed.flags & kFlagZstd) == 0 && fixed.raw_size != fixed.stored_size)
    return fail(ReadStatus::corrupt, "payload sizes disagree");
  if (ReadResult r = check_age(fixed.created_unix_ns, expect.max_age_seconds); r.status != ReadStatus::ok)
    return r;
  return ReadResult{ReadStatus::ok, {}, fixed.created_unix_ns, fixed.raw_size, fixed.raised_fp};
}

// Decodes a payload whose stored bytes (`stored`) were verified, decompressing first if
// the header says so; a decoder that fails or leaves bytes over makes the entry corrupt.
template <class Decode> static ReadResult decode_checked(Decode run) {
  try {
    return run();
  } catch (const decode_error &e) {
    return fail(ReadStatus::corrupt, std::string("undecodable payload: ") + e.what());
  } catch (const std::bad_alloc &) {
    return fail(ReadStatus::corrupt, "payload sizes beyond memory");
  } catch (const std::length_error &) {
    return fail(ReadStatus::corrupt, "payload sizes beyond memory");
  }
}

static ReadResult decode_verified(const FixedHeader &fixed, const unsigned char *stored,
                                  DecodeFn decode, void *out, const ReadResult &ok) {
  return decode_checked([&]() -> ReadResult {
    std::vector<unsigned char> raw;
    const unsigned char *payload = stored;
    std::size_t size = static_cast<std::size_t>(fixed.stored_size);
    if ((fixed.flags & kFlagZstd) != 0) {
      if (!decompress(stored, size, fixed.raw_size, raw))
        return fail(ReadStatus::corrupt, "zstd payload does not decompress to its stated size");
      payload = raw.data();
      size = raw.size();
    }
    MemorySource source(payload, size);
    decode(source, out);
    if (source.remaining() != 0)
      return fail(ReadStatus::corrupt, "payload has trailing bytes");
    return ok;
  });
}

// Checks the header of an entry held in memory.
static ReadResult check_bytes(const unsigned char *data, std::size_t size, FixedHeader &fixed) {
  if (ReadResult r = check_fixed(data, size, size, fixed); r.status != ReadStatus::ok)
    return r;
  return check_head(data, fixed);
}

ReadResult read_entry_bytes(const unsigned char *data, std::size_t size, const Expectation &expect,
                            DecodeFn decode, void *out) {
  FixedHeader fixed;
  if (ReadResult r = check_bytes(data, size, fixed); r.status != ReadStatus::ok)
    return r;
  ReadResult ok = check_expected(fixed, data, size, expect);
  if (ok.status != ReadStatus::ok)
    return ok;
  const unsigned char *stored = data + fixed.payload_offset;
  if (hash_bytes(stored, static_cast<std::size_t>(fixed.stored_size)) !=
      Key128{fixed.checksum_low, fixed.checksum_high})
    return fail(ReadStatus::corrupt, "payload checksum mismatch");
  return decode_verified(fixed, stored, decode, out, ok);
}

// ---- Compact records ----

namespace {

struct CompactHead {
  std::uint64_t meta_id;
  std::uint64_t created_unix_ns;
  std::uint32_t raised_fp;
  std::uint32_t reserved;
  std::uint64_t checksum_low, checksum_high;
};
static_assert(sizeof(CompactHead) == kCompactHeaderSize, "CompactHead must have no padding");

// The checksum of a record: the key it is filed under, the head before the checksum and
// the payload.
Key128 compact_checksum(const Key128 &key, const unsigned char *record, std::size_t size) {
  XXH3_state_t state;
  XXH3_INITSTATE(&state);
  XXH3_128bits_reset(&state);
  static_assert(sizeof(Key128) == 16 && offsetof(Key128, high) == 8, "a key is its low, then its high half");
  XXH3_128bits_update(&state, &key, sizeof key);
  XXH3_128bits_update(&state, record, offsetof(CompactHead, checksum_low));
  XXH3_128bits_update(&state, record + kCompactHeaderSize, size - kCompactHeaderSize);
  XXH128_hash_t h = XXH3_128bits_digest(&state);
  return Key128{h.low64, h.high64};
}

// Checks a record's size and checksum; ok leaves its head in `head`.
ReadResult check_compact(const Key128 &key, const unsigned char *data, std::size_t size, CompactHead &head) {
  if (size < kCompactHeaderSize)
    return fail(ReadStatus::corrupt, "truncated record");
  std::memcpy(&head, data, sizeof head);
  if (compact_checksum(key, data, size) != Key128{head.checksum_low, head.checksum_high})
    return fail(ReadStatus::corrupt, "record checksum mismatch");
  return fail(ReadStatus::ok, {});
}

} // namespace

std::uint64_t meta_id(const unsigned char *meta, std::size_t size) { return hash_bytes(meta, size).low; }

std::uint64_t compact_meta_id(const unsigned char *data, std::size_t size) {
  std::uint64_t id = 0;
  if (size >= sizeof id)
    std::memcpy(&id, data, sizeof id);
  return id;
}

std::string encode_compact(const Key128 &key, std::uint64_t meta_id, std::uint64_t created_unix_ns,
                           std::uint32_t raised_fp, EncodeFn encode, const void *value, std::vector<unsigned char> &out) {
  try {
    BufferSink sink;
    encode(sink, value);
    const std::vector<unsigned char> &raw = sink.bytes();
    out.resize(kCompactHeaderSize + raw.size());
    if (!raw.empty())
      std::memcpy(out.data() + kCompactHeaderSize, raw.data(), raw.size());
  } catch (const std::exception &e) {
    return std::string("cannot encode the result: ") + e.what();
  }
  CompactHead head{meta_id, created_unix_ns != 0 ? created_unix_ns : now_unix_ns(), raised_fp, 0, 0, 0};
  std::memcpy(out.data(), &head, sizeof head);
  const Key128 sum = compact_checksum(key, out.data(), out.size());
  head.checksum_low = sum.low;
  head.checksum_high = sum.high;
  std::memcpy(out.data(), &head, sizeof head);
  return {};
}

ReadResult read_compact(const Key128 &key, const unsigned char *data, std::size_t size, std::uint64_t meta_id,
                        std::int64_t max_age_seconds, DecodeFn decode, void *out) {
  CompactHead head;
  if (ReadResult r = check_compact(key, data, size, head); r.status != ReadStatus::ok)
    return r;
  if (head.meta_id != meta_id)
    return fail(ReadStatus::mismatch, "the record belongs to another function or code version");
  if (ReadResult r = check_age(head.created_unix_ns, max_age_seconds); r.status != ReadStatus::ok)
    return r;
  const std::size_t payload_size = size - kCompactHeaderSize;
  return decode_checked([&]() -> ReadResult {
    MemorySource source(data + kCompactHeaderSize, payload_size);
    decode(source, out);
    if (source.remaining() != 0)
      return fail(ReadStatus::corrupt, "payload has trailing bytes");
    return ReadResult{ReadStatus::ok, {}, head.created_unix_ns, payload_size, head.raised_fp};
  });
}

ReadResult read_compact_header(const Key128 &key, const unsigned char *data, std::size_t size,
                               const unsigned char *meta, std::size_t meta_size, EntryHeader &header,
                               std::vector<unsigned char> *payload, MetaMemo *memo) {
  CompactHead head;
  if (ReadResult r = check_compact(key, data, size, head); r.status != ReadStatus::ok)
    return r;
  if (meta == nullptr)
    return fail(ReadStatus::corrupt, "the store has no metadata for the record");
  MetaMemo local;
  MetaMemo &m = memo != nullptr ? *memo : local;
  if (m.meta != meta || m.size != meta_size) {
    m.meta = meta;
    m.size = meta_size;
    m.id = npcache::detail::meta_id(meta, meta_size);
    m.status = decode_meta(meta, meta_size, m.decoded);
  }
  if (m.id != head.meta_id)
    return fail(ReadStatus::corrupt, "metadata checksum mismatch");
  if (m.status.status != ReadStatus::ok)
    return m.status;
  header.meta = m.decoded;
  header.key = key;
  header.created_unix_ns = head.created_unix_ns;
  header.raised_fp = head.raised_fp;
  header.stored_size = header.raw_size = size - kCompactHeaderSize;
  header.compressed = false;
  if (payload != nullptr)
    payload->assign(data + kCompactHeaderSize, data + size);
  return fail(ReadStatus::ok, {});
}

static ReadResult open_entry(int dir_fd, const Trust *trust, const char *name, OpenEntry &e,
                             bool inspect) {
  // O_NONBLOCK: opening a FIFO planted under an entry's name must not hang the caller.
  const int flags = O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK;
  // O_NOATIME: with relatime, a file's first read sets its access time, and a pass that
  // reads every header would make every entry look just used. Only the owner may ask.
  e.fd.fd = inspect ? ::openat(dir_fd, name, flags | O_NOATIME) : -1;
  if (e.fd.fd < 0)
    e.fd.fd = ::openat(dir_fd, name, flags);
  Fd &fd = e.fd;
  if (fd.fd < 0) {
    if (errno == ENOENT || errno == ENOTDIR)
      return fail(ReadStatus::absent, {});
    if (errno == ELOOP)
      return fail(ReadStatus::foreign, "a symbolic link");
    return fail(ReadStatus::unreadable, std::strerror(errno));
  }
  // Nothing that someone untrusted could have written is read (safe_dir.hpp).
  struct stat st;
  if (trust != nullptr) {
    if (::fstat(fd.fd, &st) != 0)
      return fail(ReadStatus::unreadable, std::strerror(errno));
    if (!S_ISREG(st.st_mode))
      return fail(ReadStatus::foreign, "not a regular file");
    if (std::string why = trust->refusal(st, false); !why.empty())
      return fail(ReadStatus::untrusted, why);
  }

  // One read takes the header and, for small entries, the whole payload. Syscalls are
  // most of a small hit's cost, so a short read stands in for fstat: it ends at the end
  // of the file. (Were a read ever short for another reason, the size check below would
  // fail and the call would miss, never return a wrong value.)
  unsigned char *&buffer = e.buffer;
  std::size_t &capacity = e.capacity;
  buffer = e.stack_buffer;
  capacity = sizeof e.stack_buffer;
  ssize_t got = ::pread(fd.fd, buffer, capacity, 0);
  if (got < 0)
    return fail(errno == EISDIR || errno == ESPIPE ? ReadStatus::foreign : ReadStatus::unreadable,
                std::strerror(errno));
  std::size_t &prefetched = e.prefetched;
  std::uint64_t &file_size = e.file_size;
  prefetched = static_cast<std::size_t>(got);
  file_size = prefetched;
  if (prefetched == capacity) {
    // The trust check's size, from before the read, serves: an entry that grew since
    // fails the size check.
    if (trust == nullptr && ::fstat(fd.fd, &st) != 0)
      return fail(ReadStatus::unreadable, std::strerror(errno));
    if (!S_ISREG(st.st_mode))
      return fail(ReadStatus::foreign, "not a regular file");
    file_size = static_cast<std::uint64_t>(st.st_size);
  }

  if (ReadResult r = check_fixed(buffer, prefetched, file_size, e.fixed); r.status != ReadStatus::ok)
    return r;
  const std::uint64_t header_size = e.fixed.payload_offset;
  if (header_size > prefetched) {
    e.heap_buffer.resize(static_cast<std::size_t>(header_size));
    buffer = e.heap_buffer.data();
    capacity = e.heap_buffer.size();
    prefetched = e.heap_buffer.size();
    if (!pread_all(fd.fd, buffer, prefetched, 0))
      return fail(ReadStatus::corrupt, "truncated header");
  }
  return check_head(buffer, e.fixed);
}

ReadResult read_entry_header(const std::string &path, EntryHeader &header) {
  return read_entry_header(AT_FDCWD, nullptr, path.c_str(), header);
}

// Fills `header` from a header whose checksum was checked, at `head`.
static ReadResult header_of(const FixedHeader &fixed, const unsigned char *head, EntryHeader &header) {
  header.key = Key128{fixed.key_low, fixed.key_high};
  header.created_unix_ns = fixed.created_unix_ns;
  header.raised_fp = fixed.raised_fp;
  header.stored_size = fixed.stored_size;
  header.raw_size = fixed.raw_size;
  header.compressed = (fixed.flags & kFlagZstd) != 0;
  return decode_meta(head + sizeof fixed, fixed.meta_size, header.meta);
}

ReadResult read_entry_header(int dir_fd, const Trust *trust, const char *name, EntryHeader &header) {
  OpenEntry e;
  if (ReadResult r = open_entry(dir_fd, trust, name, e, true); r.status != ReadStatus::ok)
    return r;
  return header_of(e.fixed, e.buffer, header);
}

ReadResult read_entry(const std::string &path, const Expectation &expect, DecodeFn decode,
                      void *out) {
  return read_entry(AT_FDCWD, nullptr, path.c_str(), expect, decode, out);
}

ReadResult read_entry(int dir_fd, const Trust *trust, const char *name, const Expectation &expect,
                      DecodeFn decode, void *out) {
  OpenEntry e;
  if (ReadResult r = open_entry(dir_fd, trust, name, e, expect.inspect); r.status != ReadStatus::ok)
    return r;
  const FixedHeader &fixed = e.fixed;
  const Fd &fd = e.fd;
  const ReadResult ok = check_expected(fixed, e.buffer, e.file_size, expect);
  if (ok.status != ReadStatus::ok)
    return ok;
  const Key128 expected_sum{fixed.checksum_low, fixed.checksum_high};
  if ((fixed.flags & kFlagZstd) == 0) {
    // Decoded while read, straight into the result's memory; the checksum is compared
    // before the value is returned.
    return decode_checked([&]() -> ReadResult {
      FileSource source(fd.fd, fixed.payload_offset, fixed.stored_size, e.buffer, e.capacity,
                        e.prefetched);
      decode(source, out);
      if (source.remaining() != 0)
        return fail(ReadStatus::corrupt, "payload has trailing bytes");
      if (source.checksum() != expected_sum)
        return fail(ReadStatus::corrupt, "payload checksum mismatch");
      return ok;
    });
  }
  return decode_checked([&]() -> ReadResult {
    std::vector<unsigned char> stored(static_cast<std::size_t>(fixed.stored_size));
    if (!pread_all(fd.fd, stored.data(), stored.size(), fixed.payload_offset))
      return fail(ReadStatus::corrupt, "file shorter than its header says");
    if (hash_bytes(stored.data(), stored.size()) != expected_sum)
      return fail(ReadStatus::corrupt, "payload checksum mismatch");
    return decode_verified(fixed, stored.data(), decode, out, ok);
  });
}

} // namespace npcache::detail
