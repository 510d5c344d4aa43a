// Every byte of an entry is verified: corruption anywhere, truncation anywhere, foreign
// and mismatched files are misses that recompute, replace the entry and log a warning.
#include "entry.hpp"
#include "test_util.hpp"

#include <gtest/gtest.h>

#include <complex>
#include <cstring>
#include <functional>
#include <sys/stat.h>
#include <unordered_map>

// A codec of the user's that grows its own container with Source::read_prepared().
struct Samples {
  std::vector<float> values;
  bool operator==(const Samples &other) const { return values == other.values; }
};

template <> struct npcache::codec<Samples> {
  static std::string name() { return "samples"; }
  static void encode(Sink &out, const Samples &s) {
    out.put(static_cast<std::uint64_t>(s.values.size()));
    out.write(s.values.data(), s.values.size() * sizeof(float));
  }
  static Samples decode(Source &in) {
    Samples s;
    const auto n = static_cast<std::size_t>(in.get<std::uint64_t>());
    in.require(n, sizeof(float));
    s.values.reserve(n);
    in.read_prepared(s.values.data(), n * sizeof(float), [](void *context, std::size_t end) {
      static_cast<std::vector<float> *>(context)->resize((end + sizeof(float) - 1) / sizeof(float));
    }, &s.values);
    return s;
  }
};

// A codec whose decoding calls a cached function, between the two halves of its value.
struct Nested {
  std::vector<double> head, tail;
  double inner = 0;
  bool operator==(const Nested &o) const { return head == o.head && tail == o.tail && inner == o.inner; }
};
std::function<double()> g_nested_inner;
std::function<void()> g_nested_encode;

template <> struct npcache::codec<Nested> {
  static std::string name() { return "nested"; }
  static void encode(Sink &out, const Nested &v) {
    codec<std::vector<double>>::encode(out, v.head);
    if (g_nested_encode)
      g_nested_encode();
    codec<std::vector<double>>::encode(out, v.tail);
  }
  static Nested decode(Source &in) {
    Nested v;
    v.head = codec<std::vector<double>>::decode(in);
    v.inner = g_nested_inner();
    v.tail = codec<std::vector<double>>::decode(in);
    return v;
  }
};

namespace npcache::test {
namespace {

int g_calls = 0;

std::pair<std::string, std::vector<double>> make_value(int n) {
  ++g_calls;
  std::vector<double> v(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i)
    v[static_cast<std::size_t>(i)] = i * 0.25;
  return {"n=" + std::to_string(n), v};
}

class EntryTest : public ::testing::Test {
protected:
  void SetUp() override { g_calls = 0; }

  // Stores the entry for n and returns its file.
  std::filesystem::path store(int n) {
    f(n);
    auto files = entry_files(tmp.path());
    EXPECT_EQ(files.size(), 1u);
    return files.at(0);
  }

  // After damaging the entry, a call must recompute (a miss), return the right value,
  // and leave an entry that the next call hits.
  void expect_miss_then_heal(int n, const std::string &what) {
    const auto expected = make_value(n);
    int before = g_calls;
    EXPECT_EQ(f(n), expected) << what;
    EXPECT_EQ(g_calls, before + 1) << what << ": the damaged entry was used";
    EXPECT_EQ(f(n), expected) << what;
    EXPECT_EQ(g_calls, before + 1) << what << ": the entry was not replaced";
  }

  TempDir tmp;
  Cache cache{tmp.path()};
  Cached<decltype(&make_value), std::pair<std::string, std::vector<double>>(int)> f =
      cache.wrap("make_value", &make_value, files_only());
};

TEST_F(EntryTest, FlippingAnyByteIsAMiss) {
  // Small (one read) and large (streamed through the buffer and straight into the
  // vector) payloads take different read paths.
  for (int n : {40, 3000, 200000}) {
    SCOPED_TRACE(n);
    std::filesystem::path file = store(n);
    const std::vector<unsigned char> good = read_bytes(file);
    // The header byte by byte, and the payload at every byte or at ~100 spread offsets.
    std::size_t step = good.size() < 4096 ? 1 : good.size() / 100;
    std::vector<std::size_t> offsets;
    for (std::size_t i = 0; i < 256 && i < good.size(); ++i)
      offsets.push_back(i);
    for (std::size_t i = 256; i < good.size(); i += step)
      offsets.push_back(i);
    offsets.push_back(good.size() - 1);
    for (std::size_t offset : offsets) {
      std::vector<unsigned char> bad = good;
      bad[offset] ^= 0x40;
      write_bytes(file, bad);
      expect_miss_then_heal(n, "byte " + std::to_string(offset));
      if (HasFailure())
        return;
    }
    std::filesystem::remove(file);
  }
}

// A compressed payload is checked before it is decompressed: zstd frames carry no checksum
// of their own here, so a flipped byte may well decompress to the right size and wrong values.
TEST_F(EntryTest, FlippingAnyByteOfACompressedPayloadIsAMiss) {
  Settings zstd;
  zstd.compress = Compression::zstd;
  int calls = 0;
  auto g = cache.wrap("compressed", [&calls](int n) {
    ++calls;
    std::vector<std::int32_t> v(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i)
      v[static_cast<std::size_t>(i)] = i % 7 * 1000 + i / 13; // compressible, not constant
    return v;
  }, zstd);
  const std::vector<std::int32_t> expected = g(2000);
  const std::filesystem::path file = entry_files(tmp.path()).at(0);
  const std::vector<unsigned char> good = read_bytes(file);
  ASSERT_LT(good.size(), 2000u * 4) << "not compressed";
  // The payload is the last stored_size bytes; its offset is the header's.
  std::size_t payload_offset = 0;
  std::memcpy(&payload_offset, good.data() + 32, 8); // docs/FORMAT.md
  ASSERT_GT(payload_offset, 0u);
  ASSERT_LT(payload_offset, good.size());
  for (std::size_t offset = payload_offset; offset < good.size(); ++offset) {
    std::vector<unsigned char> bad = good;
    bad[offset] ^= 0x01;
    write_bytes(file, bad);
    const int before = calls;
    EXPECT_EQ(g(2000), expected) << "byte " << offset;
    EXPECT_EQ(calls, before + 1) << "byte " << offset << ": the damaged entry was used";
    if (HasFailure())
      return;
  }
}

TEST_F(EntryTest, TruncationAtAnyOffsetIsAMiss) {
  for (int n : {40, 5000}) {
    SCOPED_TRACE(n);
    std::filesystem::path file = store(n);
    const std::vector<unsigned char> good = read_bytes(file);
    std::size_t step = good.size() < 2048 ? 1 : good.size() / 499;
    for (std::size_t cut = 0; cut < good.size(); cut += step) {
      write_bytes(file, std::vector<unsigned char>(good.begin(), good.begin() + static_cast<long>(cut)));
      expect_miss_then_heal(n, "cut at " + std::to_string(cut));
      if (HasFailure())
        return;
    }
    std::filesystem::remove(file);
  }
}

TEST_F(EntryTest, LargePayloadsAreVerifiedWhileTheyAreRead) {
  // 24 MiB: read in chunks and hashed on a second thread as they arrive.
  const int n = 3 << 20;
  std::filesystem::path file = store(n);
  const std::vector<unsigned char> good = read_bytes(file);
  for (std::size_t offset : {std::size_t{4096}, good.size() / 2, good.size() - 1}) {
    std::vector<unsigned char> bad = good;
    bad[offset] ^= 0x01;
    write_bytes(file, bad);
    expect_miss_then_heal(n, "byte " + std::to_string(offset));
  }
  for (std::size_t cut : {good.size() / 3, good.size() - 1}) {
    std::filesystem::resize_file(file, cut);
    expect_miss_then_heal(n, "cut at " + std::to_string(cut));
  }
}

// i * scale + offset for i in [0, n).
std::vector<double> doubles(std::size_t n, double scale, double offset = 0) {
  std::vector<double> v(n);
  for (std::size_t i = 0; i < n; ++i)
    v[i] = static_cast<double>(i) * scale + offset;
  return v;
}

// Stores f(n) for each size, then calls it again through a new Cache: each must be a hit
// (the count of calls shows it) equal to a direct call.
template <class F>
void expect_hits_equal_calls(const std::filesystem::path &dir, const int &computed, F f,
                             const std::vector<std::size_t> &sizes, const Settings &settings = {}) {
  const int before = computed;
  for (std::size_t n : sizes)
    Cache(dir).wrap("values", f, settings)(n);
  ASSERT_EQ(computed, before + static_cast<int>(sizes.size()));
  for (std::size_t n : sizes)
    EXPECT_TRUE(Cache(dir).wrap("values", f, settings)(n) == f(n)) << n;
  EXPECT_EQ(computed, before + 2 * static_cast<int>(sizes.size()));
}

// A vector is grown as its bytes arrive (Source::read_growing): appended from the bytes
// read with the header and from 256 KiB pieces read into a buffer, or, from 32 MiB on,
// read straight into it in 1 MiB pieces hashed on a second thread. Every size around
// those limits, in elements of 2 and 8 bytes, reads back exactly, and from disk.
TEST(EntryRead, VectorsGrownWhileReadComeBackExactlyAtEverySize) {
  TempDir tmp;
  int computed = 0;
  auto values = [&computed](std::size_t n) {
    ++computed;
    const std::vector<double> d = doubles(n, 1, 0.5);
    std::vector<std::int16_t> s(n + 1);
    for (std::size_t i = 0; i <= n; ++i)
      s[i] = static_cast<std::int16_t>(i % 30000 + 1);
    return std::make_pair(d, s);
  };
  const std::vector<std::size_t> sizes = {0, 1, 7, 500, 32767, 32768, 32769, 300000,
                                          (2u << 20) - 1, 2u << 20, (4u << 20) + 5};
  expect_hits_equal_calls(tmp.path(), computed, values, sizes);
}

// Inside an unordered container nothing is aligned (Sink::Unaligned): the doubles of this
// vector start 4 bytes off an 8-byte boundary, so pieces are not aligned for them and
// elements straddle the pieces' ends; they go through an aligned copy. A complex<double>
// is 16 bytes aligned to 8, so every other one straddles a 64-byte boundary, where pieces
// end. A string is stored with no padding, so what follows a long one starts anywhere
// in a piece. Each comes back exactly, from an uncompressed file and from a compressed one.
TEST(EntryRead, VectorsOffAlignmentOrAfterLongStringsComeBackExactly) {
  TempDir tmp;
  int computed = 0;
  auto values = [&computed](std::size_t n) {
    ++computed;
    const std::vector<double> d = doubles(n, 0.75, 1);
    std::unordered_map<std::int32_t, std::vector<double>> off{{7, d}};
    std::vector<std::complex<double>> z(n);
    for (std::size_t i = 0; i < n; ++i)
      z[i] = {d[i], -d[i]};
    return std::make_tuple(z, off, std::string(n / 3 + 17, 'x'), d);
  };
  const std::vector<std::size_t> sizes = {1, 2040, 2050, 40000, 300001};
  for (Compression compression : {Compression::none, Compression::zstd}) {
    Settings settings = files_only();
    settings.compress = compression;
    expect_hits_equal_calls(tmp.path(), computed, values, sizes, settings);
    std::filesystem::remove_all(tmp.path());
  }
}

// read_prepared() is a codec's too: the container grows before each piece is read into it,
// whether the piece comes from the bytes read with the header, a 256 KiB read straight
// into it, the buffer, or a 1 MiB read hashed on a second thread.
TEST(EntryRead, ACodecsOwnPreparedReadsComeBackExactlyAtEverySize) {
  TempDir tmp;
  int computed = 0;
  auto samples = [&computed](std::size_t n) {
    ++computed;
    Samples s{std::vector<float>(n)};
    for (std::size_t i = 0; i < n; ++i)
      s.values[i] = static_cast<float>(i % 1000) + 0.5f;
    return s;
  };
  const std::vector<std::size_t> sizes = {3, 1000, 4100, 70000, 1u << 20, (4u << 20) + 3, 5u << 20};
  expect_hits_equal_calls(tmp.path(), computed, samples, sizes, files_only());
}

// The inner hit reads 800 KB through a buffer while the outer hit's buffer still holds
// the start of `tail`, hashed and not yet returned; with one buffer per thread, the inner
// read overwrote it and the outer hit returned bytes it had not verified.
TEST(EntryRead, AHitInsideADecoderLeavesTheOuterReadsBufferAlone) {
  TempDir tmp;
  int inner_calls = 0;
  auto inner = Cache(tmp.path() / "inner").wrap("inner", [&](int k) {
    ++inner_calls;
    return doubles(100000, k);
  }, files_only());
  g_nested_inner = [&] { return inner(3)[5]; };
  int outer_calls = 0;
  auto make = [&](int) {
    ++outer_calls;
    return Nested{doubles(40000, 0.5), doubles(40000, -2), g_nested_inner()};
  };
  auto outer = Cache(tmp.path() / "outer").wrap("outer", make, files_only());
  const Nested stored = outer(1);
  ASSERT_EQ(outer_calls, 1);
  EXPECT_TRUE(outer(1) == stored);
  EXPECT_EQ(outer_calls, 1); // a hit
  EXPECT_EQ(inner_calls, 1); // the decoder's call was a hit too
  g_nested_inner = nullptr;
}

// A codec whose encode calls a cached function that misses and stores, in the middle of
// the outer value: the inner store goes through a buffer of its own while the outer one's
// holds bytes encoded and not yet checksummed. In the small-entry store, then in files.
TEST(EntryWrite, AStoreInsideAnEncoderLeavesTheOuterStoresBufferAlone) {
  for (std::size_t n : {20, 40000}) {
    SCOPED_TRACE(n);
    TempDir tmp;
    int inner_calls = 0;
    auto inner = Cache(tmp.path() / "inner").wrap("inner", [&](int k) {
      ++inner_calls;
      return doubles(n == 20 ? 10 : 100000, k);
    });
    g_nested_encode = [&] { inner(inner_calls + 1); };
    g_nested_inner = [] { return 0.0; };
    int outer_calls = 0;
    auto outer = Cache(tmp.path() / "outer").wrap("outer", [&](int) {
      ++outer_calls;
      return Nested{doubles(n / 40, 0.5), doubles(n, -2), 0.0}; // head: held in the buffer
    });
    const Nested computed = outer(1);
    EXPECT_GT(inner_calls, 0); // the encoder's calls stored
    g_nested_encode = nullptr;
    EXPECT_TRUE(outer(1) == computed);
    EXPECT_EQ(outer_calls, 1); // a hit
    g_nested_inner = nullptr;
  }
}

// A decoder that calls its own cached function reads the function's small-entry store
// inside a read of it, and here stores 300 more entries into it before the outer read
// decodes the rest of its value. Each inner read gets a transaction of its own, and ends
// it (or the reader table fills, and later reads miss). Before, renewing the thread's
// transaction failed (it was the outer read's, still active), and the code aborted it and
// began another: the outer snapshot ended while its bytes were decoded, and the outer read
// then reset a freed transaction. That never showed as a wrong value here (the stores did
// not reuse the outer pages) nor under AddressSanitizer (the reset is inside liblmdb).
TEST(SmallRead, ADecoderThatCallsItsOwnFunctionKeepsTheOuterSnapshot) {
  TempDir tmp;
  int calls = 0;
  int depth = 0;
  auto f = Cache(tmp.path()).wrap("self", [&](int k) {
    ++calls;
    return Nested{doubles(8, k), doubles(8, -k), -2.0}; // what decoding gets from f(2)
  });
  g_nested_inner = [&] {
    if (depth > 0)
      return 0.0;
    ++depth;
    const double x = f(2).tail[1];
    for (int k = 100; k < 400; ++k)
      f(k);
    --depth;
    return x;
  };
  const Nested two = f(2), one = f(1);
  ASSERT_EQ(calls, 2);
  EXPECT_TRUE(f(1) == one);
  EXPECT_EQ(calls, 302); // a hit, whose decoder's calls stored 300
  EXPECT_TRUE(f(2) == two);
  EXPECT_EQ(calls, 302); // hits, the decoder's too
  g_nested_inner = nullptr;
}

TEST_F(EntryTest, AppendedBytesAreAMiss) {
  std::filesystem::path file = store(40);
  std::vector<unsigned char> bytes = read_bytes(file);
  bytes.push_back(0);
  write_bytes(file, bytes);
  expect_miss_then_heal(40, "one byte appended");
}

// Entries written and read directly, for what no cached call can produce.
class EntryFormat : public ::testing::Test {
protected:
  void SetUp() override {
    std::string why;
    dir = detail::SafeDir::open_root(tmp.path().string(), detail::Trust{}, true, why);
    ASSERT_TRUE(dir) << why;
    header.key = Key128{1, 2};
  }

  detail::ReadResult read(const std::string &meta_prefix = {}) {
    std::optional<int> out;
    return detail::read_entry(dir.fd(), nullptr, "e.npc", detail::Expectation{header.key, meta_prefix},
                              &detail::decode_value<int>, &out);
  }

  TempDir tmp;
  detail::SafeDir dir;
  detail::EntryHeader header;
  const int value = 7;
};

// A payload that holds more than its value, under a checksum that matches (as a writer
// with another codec of the same name could make), is corrupt, not a prefix to read.
TEST_F(EntryFormat, APayloadWithBytesLeftOverIsRefused) {
  auto with_extra_byte = [](Sink &out, const void *v) {
    codec<int>::encode(out, *static_cast<const int *>(v));
    out.put(static_cast<unsigned char>(0));
  };
  for (Compression compression : {Compression::none, Compression::zstd}) {
    ASSERT_EQ(detail::write_entry(dir, "e.npc", header, with_extra_byte, &value, compression, 3), "");
    detail::ReadResult r = read();
    EXPECT_EQ(r.status, detail::ReadStatus::corrupt) << r.detail;
    EXPECT_EQ(r.detail, "payload has trailing bytes");
  }
}

// An entry written under this key by another function (or signature) is not this
// function's, even though the key matches.
TEST_F(EntryFormat, AnEntryOfAnotherFunctionIsRefusedUnderItsKey) {
  header.meta.function = "other";
  header.meta.signature = "(i32)->i32";
  ASSERT_EQ(detail::write_entry(dir, "e.npc", header, &detail::encode_value<int>, &value, Compression::none, 3), "");
  detail::ReadResult r = read(detail::meta_prefix("mine", "(i32)->i32"));
  EXPECT_EQ(r.status, detail::ReadStatus::mismatch) << r.detail;
  EXPECT_EQ(read(detail::meta_prefix("other", "(i32)->i32")).status, detail::ReadStatus::ok);
}

// Entries as bytes (a key-value store's or a remote server's values) are the file format
// itself: what encode_entry makes is what write_entry writes, byte for byte.
TEST_F(EntryFormat, EncodedBytesAreTheFileByteForByte) {
  header.created_unix_ns = 1234567890123456789u;
  header.meta = detail::EntryMeta{"f", "(i32)->vec<f64>", "n=3", Key128{5, 6}, "-O2", "v1"};
  const std::vector<double> v = {1.5, -2.0, 1e300};
  ASSERT_EQ(detail::write_entry(dir, "v.npc", header, &detail::encode_value<std::vector<double>>, &v,
                                Compression::none, 3), "");
  std::vector<unsigned char> bytes;
  ASSERT_EQ(detail::encode_entry(header, &detail::encode_value<std::vector<double>>, &v, Compression::none, 3, bytes), "");
  EXPECT_EQ(bytes, read_bytes(tmp / "v.npc"));
}

// Every byte of an entry held in memory is checked before its value is returned: each
// flipped bit, each truncation and an appended byte are refused, compressed or not.
TEST_F(EntryFormat, EntryBytesAreVerifiedWhole) {
  const std::vector<double> v(100, 0.25);
  for (Compression compression : {Compression::none, Compression::zstd}) {
    SCOPED_TRACE(static_cast<int>(compression));
    std::vector<unsigned char> bytes;
    ASSERT_EQ(detail::encode_entry(header, &detail::encode_value<std::vector<double>>, &v, compression, 3, bytes), "");
    auto read_bytes_as_value = [&](const std::vector<unsigned char> &b) {
      std::optional<std::vector<double>> out;
      detail::ReadResult r = detail::read_entry_bytes(b.data(), b.size(), detail::Expectation{header.key, {}},
                                                      &detail::decode_value<std::vector<double>>, &out);
      return std::make_pair(r.status, out);
    };
    auto [status, out] = read_bytes_as_value(bytes);
    ASSERT_EQ(status, detail::ReadStatus::ok);
    EXPECT_EQ(*out, v);
    for (std::size_t i = 0; i < bytes.size(); ++i) {
      std::vector<unsigned char> bad = bytes;
      bad[i] ^= 0x10;
      EXPECT_NE(read_bytes_as_value(bad).first, detail::ReadStatus::ok) << "byte " << i;
    }
    for (std::size_t cut = 0; cut < bytes.size(); ++cut)
      EXPECT_NE(read_bytes_as_value({bytes.begin(), bytes.begin() + static_cast<long>(cut)}).first,
                detail::ReadStatus::ok) << "cut at " << cut;
    bytes.push_back(0);
    EXPECT_NE(read_bytes_as_value(bytes).first, detail::ReadStatus::ok);
  }
}

// What a file entry is checked against applies to entry bytes too.
TEST_F(EntryFormat, EntryBytesMeetTheSameExpectations) {
  header.meta.function = "other";
  header.meta.signature = "(i32)->i32";
  header.created_unix_ns = 1; // long ago
  std::vector<unsigned char> bytes;
  ASSERT_EQ(detail::encode_entry(header, &detail::encode_value<int>, &value, Compression::none, 3, bytes), "");
  auto status = [&](detail::Expectation expect) {
    std::optional<int> out;
    return detail::read_entry_bytes(bytes.data(), bytes.size(), expect, &detail::decode_value<int>, &out).status;
  };
  const std::string other = detail::meta_prefix("other", "(i32)->i32");
  EXPECT_EQ(status({header.key, other}), detail::ReadStatus::ok);
  EXPECT_EQ(status({Key128{9, 9}, other}), detail::ReadStatus::mismatch);
  EXPECT_EQ(status({header.key, detail::meta_prefix("mine", "(i32)->i32")}), detail::ReadStatus::mismatch);
  EXPECT_EQ(status({header.key, other, 3600}), detail::ReadStatus::expired);
}

TEST_F(EntryTest, ForeignFileIsAMissAndLogsOneWarning) {
  std::filesystem::path file = store(40);
  const std::string text = "this is not an npcache entry\n";
  write_bytes(file, std::vector<unsigned char>(text.begin(), text.end()));
  ::testing::internal::CaptureStderr();
  expect_miss_then_heal(40, "foreign");
  std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(err.find("foreign entry"), std::string::npos) << err;
  EXPECT_EQ(err.find("npcache: warning:"), err.rfind("npcache: warning:")) << err;
}

TEST_F(EntryTest, CorruptPayloadLogsWhichCheckFailed) {
  std::filesystem::path file = store(40);
  std::vector<unsigned char> bytes = read_bytes(file);
  bytes[bytes.size() - 3] ^= 1;
  write_bytes(file, bytes);
  ::testing::internal::CaptureStderr();
  expect_miss_then_heal(40, "payload");
  std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(err.find("corrupt entry (payload checksum mismatch)"), std::string::npos) << err;
}

TEST_F(EntryTest, EntryOfAnotherKeyIsAMiss) {
  std::filesystem::path a = store(40);
  f(41);
  std::filesystem::path b;
  for (const auto &file : entry_files(tmp.path()))
    if (file != a)
      b = file;
  std::filesystem::copy_file(a, b, std::filesystem::copy_options::overwrite_existing);
  expect_miss_then_heal(41, "entry of another key");
}

TEST_F(EntryTest, SymlinkedEntryIsNotFollowed) {
  std::filesystem::path file = store(40);
  std::filesystem::path elsewhere = tmp / "elsewhere.npc";
  std::filesystem::rename(file, elsewhere);
  std::filesystem::create_symlink(elsewhere, file);
  ::testing::internal::CaptureStderr();
  expect_miss_then_heal(40, "symlink");
  ::testing::internal::GetCapturedStderr();
  EXPECT_FALSE(std::filesystem::is_symlink(file)); // replaced by a real entry
}

TEST_F(EntryTest, FilesAreCreatedWithTheUsersUmask) {
  mode_t old = ::umask(027);
  f(40);
  ::umask(old);
  auto perms = std::filesystem::status(entry_files(tmp.path()).at(0)).permissions();
  EXPECT_EQ(perms, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write |
                       std::filesystem::perms::group_read);
}

TEST_F(EntryTest, PayloadIsAlignedForInPlaceUse) {
  auto big = cache.wrap("big", [](int n) { return std::vector<double>(static_cast<std::size_t>(n), 1.5); });
  big(1000);
  for (const auto &file : entry_files(tmp.path())) {
    if (file.parent_path().filename().string().rfind("big-", 0) != 0)
      continue;
    std::vector<unsigned char> bytes = read_bytes(file);
    std::uint64_t payload_offset;
    std::memcpy(&payload_offset, bytes.data() + 32, sizeof payload_offset);
    EXPECT_EQ(payload_offset % 64, 0u);
    double first;
    std::memcpy(&first, bytes.data() + payload_offset + 8, sizeof first); // after the length
    EXPECT_EQ(first, 1.5);
  }
}

} // namespace
} // namespace npcache::test
