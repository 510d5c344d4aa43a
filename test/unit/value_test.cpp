// The command's generic reader (cli/value.cpp) against the typed codecs: every codec name
// it accepts must describe bytes it can walk safely, and names no codec writes must stay
// opaque, because an entry's signature is read from disk and may be anything.
#include "../../cli/value.hpp"
#include "test_util.hpp"

#include <gtest/gtest.h>

#include <cstring>

namespace npcache::test {
namespace {

using cli::Type;

template <class T> void expect_previews(const T &value, const std::string &shown) {
  const std::string name = codec<T>::name();
  Type type = cli::parse_type(name);
  EXPECT_NE(type.kind, Type::Kind::opaque) << name;
  EXPECT_EQ(cli::preview(type, encode(value)), shown) << name;
}

TEST(ValueReader, PreviewsEveryTextWidth) {
  expect_previews<std::string>("ab\"c", "\"ab\\\"c\"");
  expect_previews<std::u16string>(u"a\u00e9", "\"a\\xe9\"");
  expect_previews<std::u32string>(U"z\U0001F600", "\"z\\u1f600\"");
  expect_previews<std::wstring>(L"w", "\"w\"");
}

TEST(ValueReader, PreviewsTheStandardNumericTypes) {
  using namespace std::chrono_literals;
  expect_previews(std::complex<double>(1.5, -2), "(1.5-2j)");
  expect_previews(std::vector<std::complex<float>>{{1, 2}, {0, 0.5}}, "[(1+2j), (0+0.5j)]");
  expect_previews(std::deque<int>{4, 5}, "[4, 5]");
  expect_previews(std::list<std::string>{"a"}, "[\"a\"]");
  expect_previews(std::valarray<double>{1, 2}, "[1, 2]");
  expect_previews(std::chrono::milliseconds(1500), "1500");
}

// Items stored one by one (a set, a list) are not aligned as a block is: after a bool, the
// first double of a set starts at once, where a vector's would start at offset 16.
TEST(ValueReader, ItemsStoredOneByOneAreNotRealigned) {
  expect_previews(std::pair<bool, std::set<double>>{true, {0.5, 2}}, "(true, {0.5, 2})");
  expect_previews(std::pair<bool, std::list<double>>{true, {0.5, 2}}, "(true, [0.5, 2])");
  expect_previews(std::pair<bool, std::vector<double>>{true, {0.5, 2}}, "(true, [0.5, 2])");
  // A complex<float> array is aligned to 4 bytes, as a float, not to its 8.
  expect_previews(std::pair<bool, std::vector<std::complex<float>>>{true, {{0.5, 2}}},
                  "(true, [(0.5+2j)])");
}

TEST(ValueReader, ComplexArraysExportAsComplex128) {
  std::vector<std::complex<double>> z{{1, 2}, {3, -4}};
  std::string npy = cli::to_npy(cli::parse_type(codec<decltype(z)>::name()), encode(z));
  EXPECT_NE(npy.find("'descr': '<c16'"), std::string::npos);
  EXPECT_NE(npy.find("'shape': (2,)"), std::string::npos);
  double parts[4];
  ASSERT_GE(npy.size(), sizeof parts);
  std::memcpy(parts, npy.data() + npy.size() - sizeof parts, sizeof parts);
  EXPECT_EQ(parts[1], 2);
  EXPECT_EQ(parts[3], -4);
}

TEST(ValueReader, NamesNoCodecWritesAreOpaque) {
  // str<u64> once made the preview copy 8 bytes into a 4-byte character (found by
  // fuzz_entry; the input is in test/fuzz/corpus/entry/str-of-u64).
  for (const char *name : {"str<u64>", "str<f64>", "str<i32>", "str<str>", "arr<f64,x>",
                           "vec<f64", "map<i32>", "struct s{f64;", "cplx<i32>", "cplx<str>",
                           "cplx<cplx<f64>>", "dur<str,1/1>"})
    EXPECT_EQ(cli::parse_type(name).kind, Type::Kind::opaque) << name;
}

std::string nested_vec(std::size_t depth) {
  std::string out;
  for (std::size_t i = 0; i < depth; ++i)
    out += "vec<";
  return out + "f64" + std::string(depth, '>');
}

TEST(ValueReader, NestingIsBounded) {
  EXPECT_EQ(cli::parse_type(nested_vec(99)).kind, Type::Kind::vec);
  // Nesting like this would overflow the stack of the recursive reader long before the
  // 1 MiB a signature may take.
  EXPECT_EQ(cli::parse_type(nested_vec(200000)).kind, Type::Kind::opaque);
}

TEST(ValueReader, ArrayCountsFromTheSignatureAreChecked) {
  const std::vector<unsigned char> eight(8, 0);
  // An array length is in the signature, not the bytes; one that the bytes cannot hold is
  // a decode error, however its product with the item size wraps around.
  for (const char *name : {"arr<f64,2>", "arr<f64,2305843009213693953>", "arr<tuple<>,18446744073709551615>",
                           "arr<arr<u8,0>,18446744073709551615>"}) {
    Type type = cli::parse_type(name);
    ASSERT_EQ(type.kind, Type::Kind::arr) << name;
    EXPECT_THROW(cli::preview(type, eight), decode_error) << name;
    if (type.args[0].kind != Type::Kind::tuple) {
      EXPECT_THROW(cli::to_npy(type, eight), decode_error) << name;
    }
  }
  EXPECT_EQ(cli::preview(cli::parse_type("arr<f64,1>"), eight), "[0]");
}

} // namespace
} // namespace npcache::test
