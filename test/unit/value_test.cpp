// The command's generic reader (cli/value.cpp) against the typed codecs: every codec name
// it accepts must describe bytes it can walk safely, and names no codec writes must stay
// opaque, because an entry's signature is read from disk and may be anything.
#include "../../cli/value.hpp"
#include "test_util.hpp"

#include <gtest/gtest.h>

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

TEST(ValueReader, NamesNoCodecWritesAreOpaque) {
  // str<u64> once made the preview copy 8 bytes into a 4-byte character (found by
  // fuzz_entry; the input is in test/fuzz/corpus/entry/str-of-u64).
  for (const char *name : {"str<u64>", "str<f64>", "str<i32>", "str<str>", "arr<f64,x>",
                           "vec<f64", "map<i32>", "struct s{f64;"})
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
