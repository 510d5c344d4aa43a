#include "test_util.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>

namespace npcache::test {
namespace {

template <class T> void expect_round_trip(const T &value) {
  T back = decode<T>(encode(value));
  EXPECT_TRUE(back == value) << type_name<T>();
}

enum class Color : std::uint8_t { red = 1, green = 2 };

TEST(Codec, RoundTripsEveryBuiltInType) {
  expect_round_trip<bool>(true);
  expect_round_trip<char>('x');
  expect_round_trip<std::int8_t>(-5);
  expect_round_trip<std::uint16_t>(65535);
  expect_round_trip<std::int32_t>(-123456);
  expect_round_trip<std::uint64_t>(~0ull);
  expect_round_trip<float>(1.5f);
  expect_round_trip<double>(-2.25);
  expect_round_trip<long double>(3.25L);
  expect_round_trip<Color>(Color::green);
  expect_round_trip<std::string>("hello\0world");
  expect_round_trip<std::string>("");
  expect_round_trip(std::vector<double>{1, 2, 3});
  expect_round_trip(std::vector<bool>{true, false, true});
  expect_round_trip(std::vector<std::string>{"a", "bc"});
  expect_round_trip(std::vector<std::vector<int>>{{1}, {}, {2, 3}});
  expect_round_trip(std::array<float, 3>{1, 2, 3});
  expect_round_trip(std::array<std::string, 2>{"x", "y"});
  expect_round_trip(std::pair<int, std::string>{4, "four"});
  expect_round_trip(std::tuple<int, double, std::string>{1, 2.0, "3"});
  expect_round_trip(std::optional<int>{});
  expect_round_trip(std::optional<int>{7});
  expect_round_trip(std::variant<int, std::string>{std::string("v")});
  expect_round_trip(std::variant<int, int>{std::in_place_index<1>, 9});
  expect_round_trip(std::map<std::string, std::vector<double>>{{"a", {1.0}}, {"b", {}}});
  expect_round_trip(std::set<int>{3, 1, 2});
  expect_round_trip(std::unordered_map<int, std::string>{{1, "one"}, {2, "two"}});
  expect_round_trip(std::unordered_set<std::string>{"p", "q"});
  expect_round_trip(std::map<int, std::tuple<std::vector<float>, std::optional<bool>>>{
      {1, std::make_tuple(std::vector<float>{1.f, 2.f}, std::optional<bool>(true))},
      {2, std::make_tuple(std::vector<float>{}, std::optional<bool>())}});
}

// The 128-bit integers have their own names and all their digits in a readable key, where
// the key showed only the low 64 bits (through a cast to long long).
TEST(Codec, Keeps128BitIntegersWhole) {
  __extension__ using int128 = __int128;
  __extension__ using uint128 = unsigned __int128;
  const int128 lowest = -(static_cast<int128>(1) << 126) * 2;
  const uint128 highest = ~static_cast<uint128>(0);
  expect_round_trip(lowest);
  expect_round_trip(highest);
  expect_round_trip(std::vector<int128>{lowest, 0, -1, static_cast<int128>(highest >> 1)});
  EXPECT_EQ(type_name<int128>(), "i128");
  EXPECT_EQ(type_name<uint128>(), "u128");
  std::string text;
  codec<int128>::render(text, lowest);
  text += ' ';
  codec<uint128>::render(text, highest);
  text += ' ';
  codec<int128>::render(text, 0);
  EXPECT_EQ(text, "-170141183460469231731687303715884105728 340282366920938463463374607431768211455 0");
}

TEST(Codec, RoundTripsTheStandardNumericTypes) {
  using namespace std::chrono_literals;
  expect_round_trip(std::complex<double>(1.5, -2.25));
  expect_round_trip(std::complex<float>(0.f, 3.f));
  expect_round_trip(std::vector<std::complex<double>>{{1, 2}, {3, 4}, {-0.0, 5}});
  expect_round_trip(std::array<std::complex<float>, 2>{{{1, 2}, {3, 4}}});
  expect_round_trip(std::deque<int>{1, 2, 3});
  expect_round_trip(std::list<std::string>{"a", "", "c"});
  expect_round_trip(std::list<std::deque<double>>{{1.0}, {}});
  expect_round_trip(std::bitset<1>("1"));
  expect_round_trip(std::bitset<13>("1010000000011"));
  expect_round_trip(std::bitset<64>(0xdeadbeefcafef00dull));
  expect_round_trip(std::bitset<0>());
  expect_round_trip(std::chrono::milliseconds(1500));
  expect_round_trip(std::chrono::duration<double>(2.5));
  for (const std::valarray<double> &v : {std::valarray<double>{1, 2, 3}, std::valarray<double>()}) {
    std::valarray<double> back = decode<std::valarray<double>>(encode(v));
    ASSERT_EQ(back.size(), v.size());
    for (std::size_t i = 0; i < v.size(); ++i)
      EXPECT_EQ(back[i], v[i]);
  }
  std::valarray<std::string> words{"x", "yz"};
  std::valarray<std::string> back = decode<std::valarray<std::string>>(encode(words));
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back[1], "yz");
}

TEST(Codec, NumericTypesKeyOnTheirValues) {
  using namespace std::chrono_literals;
  EXPECT_NE(key_of(std::complex<double>(1, 2)).hex(), key_of(std::complex<double>(2, 1)).hex());
  EXPECT_NE(key_of(std::complex<double>(1, 0)).hex(), key_of(std::complex<double>(1, -0.0)).hex());
  EXPECT_NE(key_of(std::vector<std::complex<double>>{{1, 2}}).hex(),
            key_of(std::vector<std::complex<double>>{{1, 3}}).hex());
  EXPECT_NE(key_of(std::bitset<8>("00000001")).hex(), key_of(std::bitset<8>("10000000")).hex());
  EXPECT_NE(key_of(std::deque<int>{1, 2}).hex(), key_of(std::deque<int>{2, 1}).hex());
  EXPECT_NE(key_of(std::list<int>{1}).hex(), key_of(std::list<int>{1, 1}).hex());
  EXPECT_NE(key_of(std::valarray<double>{1, 2}).hex(), key_of(std::valarray<double>{1, 2.5}).hex());
  // The tick is in the type's name: 3 ms and 3 s encode alike but are different types.
  EXPECT_NE(type_name<std::chrono::milliseconds>(), type_name<std::chrono::seconds>());
  EXPECT_NE(key_of(3ms).hex(), key_of(4ms).hex());
}

// A vector of complex numbers is stored like numpy's complex128: aligned, real and imaginary
// parts interleaved, in one block.
TEST(Codec, ComplexArraysAreStoredInBulk) {
  std::vector<std::complex<double>> z{{1, 2}, {3, 4}};
  std::vector<unsigned char> bytes = encode(z);
  ASSERT_EQ(bytes.size(), 8u + 4 * sizeof(double));
  double parts[4];
  std::memcpy(parts, bytes.data() + 8, sizeof parts);
  EXPECT_EQ(parts[0], 1);
  EXPECT_EQ(parts[1], 2);
  EXPECT_EQ(parts[3], 4);
}

TEST(Codec, BitsBeyondABitsetAreRejected) {
  EXPECT_THROW(decode<std::bitset<3>>({0x08}), decode_error);
  EXPECT_EQ(decode<std::bitset<3>>({0x05}), std::bitset<3>("101"));
}

TEST(Codec, KeysDistinguishTypeShapeAndLength) {
  // The seeds' collisions: zeros(4, int8) vs zeros(2, int16); 2x3 vs 3x2; 1 vs "1".
  EXPECT_NE(key_of(std::vector<std::int8_t>(4, 0)).hex(), key_of(std::vector<std::int16_t>(2, 0)).hex());
  std::vector<std::vector<double>> a(2, std::vector<double>(3, 0.0)), b(3, std::vector<double>(2, 0.0));
  EXPECT_NE(key_of(a).hex(), key_of(b).hex());
  EXPECT_NE(key_of(1).hex(), key_of(std::string("1")).hex()); // same bytes of different types: the
                                                              // signature tells them apart (cache_test)
  EXPECT_NE(key_of(std::vector<std::string>{"ab", "c"}).hex(),
            key_of(std::vector<std::string>{"a", "bc"}).hex());
  EXPECT_NE(key_of(std::optional<int>{}).hex(), key_of(std::optional<int>{0}).hex());
  EXPECT_NE(key_of(std::variant<int, float>{0}).hex(), key_of(std::variant<int, float>{0.f}).hex());
}

TEST(Codec, KeysAreExactBytesNotPrintedText) {
  // Differ past the 1000th element, and in the 9th significant digit.
  std::vector<double> x(5000, 1.0), y = x;
  y[4000] = 1.0000001;
  EXPECT_NE(key_of(x).hex(), key_of(y).hex());
  EXPECT_NE(key_of(1.00000001).hex(), key_of(1.00000002).hex());
}

TEST(Codec, FloatingPointIsBitExact) {
  EXPECT_NE(key_of(0.0).hex(), key_of(-0.0).hex());
  double nan1 = std::numeric_limits<double>::quiet_NaN();
  std::uint64_t bits;
  std::memcpy(&bits, &nan1, sizeof bits);
  bits ^= 1; // another payload
  double nan2;
  std::memcpy(&nan2, &bits, sizeof bits);
  EXPECT_NE(key_of(nan1).hex(), key_of(nan2).hex());
  double back = decode<double>(encode(nan2));
  EXPECT_EQ(std::memcmp(&back, &nan2, sizeof back), 0);
}

TEST(Codec, LongDoublePaddingDoesNotReachTheKey) {
  long double a, b;
  std::memset(&a, 0x00, sizeof a);
  std::memset(&b, 0xff, sizeof b);
  a = 1.5L;
  b = 1.5L;
  EXPECT_EQ(key_of(a).hex(), key_of(b).hex());
}

TEST(Codec, UnorderedContainersHashByContentNotOrder) {
  std::unordered_set<int> small, large;
  large.reserve(1000); // a different bucket count gives a different iteration order
  for (int i = 0; i < 100; ++i) {
    small.insert(i);
    large.insert(99 - i);
  }
  EXPECT_EQ(key_of(small).hex(), key_of(large).hex());
  std::unordered_map<std::string, std::vector<double>> m1{{"a", {1, 2}}, {"b", {3}}}, m2;
  m2.reserve(64);
  m2["b"] = {3};
  m2["a"] = {1, 2};
  EXPECT_EQ(encode(m1), encode(m2));
  m2["a"] = {1, 2.5};
  EXPECT_NE(key_of(m1).hex(), key_of(m2).hex());
}

TEST(Codec, StringViewEncodesLikeString) {
  EXPECT_EQ(encode(std::string_view("abc")), encode(std::string("abc")));
}

TEST(Codec, StreamingHashEqualsOneShotHash) {
  std::vector<double> big(1 << 16);
  for (std::size_t i = 0; i < big.size(); ++i)
    big[i] = static_cast<double>(i) * 0.5;
  std::vector<unsigned char> bytes = encode(big);
  EXPECT_EQ(key_of(big).hex(), hash_bytes(bytes.data(), bytes.size()).hex());
}

TEST(Codec, ScalarArraysAreAlignedInTheStream) {
  // bool, then the length, then doubles at an 8-byte boundary.
  std::vector<unsigned char> bytes = encode(std::tuple<bool, std::vector<double>>{true, {1.0}});
  ASSERT_EQ(bytes.size(), 1u + 8u + 7u + 8u);
  double value;
  std::memcpy(&value, bytes.data() + 16, sizeof value);
  EXPECT_EQ(value, 1.0);
}

TEST(Codec, TruncatedInputAtEveryOffsetIsAnError) {
  using T = std::tuple<std::string, std::vector<double>, std::map<int, std::string>,
                       std::optional<std::array<int, 2>>>;
  T value{"text", {1.0, 2.0}, {{1, "x"}}, std::array<int, 2>{3, 4}};
  std::vector<unsigned char> bytes = encode(value);
  for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
    std::vector<unsigned char> part(bytes.begin(), bytes.begin() + static_cast<long>(cut));
    EXPECT_THROW(decode<T>(part), decode_error) << "cut at " << cut;
  }
  EXPECT_TRUE(decode<T>(bytes) == value);
}

TEST(Codec, HostileLengthsAreRejectedBeforeAllocating) {
  std::vector<unsigned char> bytes(8, 0xff); // a length of 2^64 - 1
  EXPECT_THROW(decode<std::vector<double>>(bytes), decode_error);
  EXPECT_THROW(decode<std::string>(bytes), decode_error);
  EXPECT_THROW(decode<std::vector<std::vector<int>>>(bytes), decode_error);
  EXPECT_THROW(decode<bool>({2}), decode_error);
  EXPECT_THROW((decode<std::variant<int, float>>({5, 0, 0, 0, 0, 0, 0, 0})), decode_error);
}

TEST(Codec, TypeNamesAreStable) {
  EXPECT_EQ(type_name<std::vector<double>>(), "vec<f64>");
  EXPECT_EQ((type_name<std::map<std::string, std::int32_t>>()), "map<str,i32>");
  EXPECT_EQ((type_name<std::tuple<bool, float, std::optional<std::uint8_t>>>()),
            "tuple<bool,f32,opt<u8>>");
  EXPECT_EQ((type_name<std::array<std::int64_t, 3>>()), "arr<i64,3>");
  EXPECT_EQ(type_name<std::vector<std::complex<double>>>(), "vec<cplx<f64>>");
  EXPECT_EQ(type_name<std::deque<std::list<int>>>(), "deque<list<i32>>");
  EXPECT_EQ(type_name<std::valarray<float>>(), "valarr<f32>");
  EXPECT_EQ(type_name<std::bitset<12>>(), "bits<12>");
  EXPECT_EQ((type_name<std::chrono::duration<std::int64_t, std::milli>>()), "dur<i64,1/1000>");
}

} // namespace

struct Point {
  double x, y;
  bool operator==(const Point &o) const { return x == o.x && y == o.y; }
};

} // namespace npcache::test

// A user type opts in by specializing the codec.
template <> struct npcache::codec<npcache::test::Point> {
  static std::string name() { return "Point"; }
  static void encode(Sink &out, const test::Point &p) {
    codec<double>::encode(out, p.x);
    codec<double>::encode(out, p.y);
  }
  static test::Point decode(Source &in) {
    double x = codec<double>::decode(in);
    return {x, codec<double>::decode(in)};
  }
};

namespace npcache::test {
namespace {
TEST(Codec, UserSpecializationComposesWithBuiltIns) {
  std::vector<Point> points{{1, 2}, {3, 4}};
  EXPECT_TRUE(decode<std::vector<Point>>(encode(points)) == points);
  EXPECT_EQ(type_name<std::vector<Point>>(), "vec<Point>");
}
} // namespace
} // namespace npcache::test

namespace npcache::test {
namespace {

struct Inner {
  int a;
  std::string s;
  bool operator==(const Inner &o) const { return a == o.a && s == o.s; }
};
struct State {
  double x;
  std::vector<double> v;
  Inner inner;
  std::optional<int> o = 3;
  bool operator==(const State &o2) const {
    return x == o2.x && v == o2.v && inner == o2.inner && o == o2.o;
  }
};
struct SameLayoutA {
  int a;
  double b;
};
struct SameLayoutB {
  int a;
  double b;
};
struct Widened {
  long a;
  double b;
};

TEST(Codec, PlainStructsNeedNoUserCode) {
  State s{1.5, {1, 2}, {7, "seven"}, std::nullopt};
  EXPECT_TRUE(decode<State>(encode(s)) == s);
  EXPECT_TRUE(decode<std::vector<State>>(encode(std::vector<State>{s, s})) == (std::vector<State>{s, s}));
  EXPECT_EQ(detail::aggregate::field_count<State>(), 4u);
  // Each field is part of the key.
  State t = s;
  t.inner.s = "eight";
  EXPECT_NE(key_of(s).hex(), key_of(t).hex());
}

TEST(Codec, StructNamesCarryTheTypeAndItsLayout) {
  EXPECT_NE(type_name<SameLayoutA>(), type_name<SameLayoutB>()); // same bytes, other type
  EXPECT_NE(type_name<SameLayoutA>().substr(type_name<SameLayoutA>().find('{')),
            type_name<Widened>().substr(type_name<Widened>().find('{'))); // a field's type changed
  EXPECT_NE(type_name<State>().find("{f64;vec<f64>;struct"), std::string::npos) << type_name<State>();
}

TEST(Codec, PlainStructsAsArgumentsAndResultsOfWrap) {
  TempDir tmp;
  int calls = 0;
  auto f = Cache(tmp.path()).wrap("step", [&calls](const State &s, SameLayoutA p) {
    ++calls;
    State out = s;
    out.x += p.b;
    return out;
  });
  State s{1.0, {2.0}, {3, "x"}, 4};
  State r1 = f(s, {1, 0.5});
  State r2 = f(s, {1, 0.5});
  EXPECT_EQ(r1.x, 1.5);
  EXPECT_TRUE(r1 == r2);
  EXPECT_EQ(calls, 1);
}

} // namespace
} // namespace npcache::test
