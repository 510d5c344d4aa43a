// The floating-point exception flags after a cached call are those after the uncached
// call: the caller's own, and those the function raised, whether it ran or its result was
// loaded; none of the runtime's. fmt's float_test.isnan failed in a build with npcache
// (cache on or off) because the runtime's first-use set-up left FE_INEXACT behind.
// errno likewise: CLHEP's Evaluator reported "calculation error" for sin(45*deg) because
// the lookup before the miss left ENOENT, which it took for sin's.
#include "test_util.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cerrno>
#include <cfenv>
#include <stdexcept>

namespace npcache::test {
namespace {

std::atomic<int> g_calls{0};

double twice(double x) { // exact: raises nothing
  ++g_calls;
  return x * 2;
}

// Read at run time: Clang folds a product it can see, and folding raises nothing.
volatile double g_huge = 1e300;

double grow(double x) { // overflows for a large x: FE_OVERFLOW and FE_INEXACT
  ++g_calls;
  return x * g_huge;
}

int raised() { return std::fetestexcept(FE_ALL_EXCEPT); }

double checked_log(double x) { // sets errno as a math function does for a bad argument
  ++g_calls;
  if (x <= 0) {
    errno = EDOM;
    return -1;
  }
  return x / 2;
}

// Each store the result can land in, and the memory tier before them.
struct Where {
  const char *name;
  Settings settings;
};
std::vector<Where> stores() {
  Settings memory = files_only();
  memory.memory = true;
  return {{"files", files_only()}, {"small-entry store", Settings{}}, {"memory", memory}};
}

class FpFlagsTest : public ::testing::Test {
protected:
  void SetUp() override {
    g_calls = 0;
    std::feclearexcept(FE_ALL_EXCEPT);
  }
  void TearDown() override { std::feclearexcept(FE_ALL_EXCEPT); }
  TempDir tmp;
};

TEST_F(FpFlagsTest, MakingACacheAndWrappingAFunctionRaiseNothing) {
  // A path to normalize, as the first use's was. (Joining paths raises FE_INEXACT in
  // libstdc++, so the test's own are made before the flags are cleared.)
  const std::filesystem::path dir = tmp.path() / "a" / ".." / "b";
  std::feclearexcept(FE_ALL_EXCEPT);
  Cache cache(dir);
  auto f = cache.wrap("twice", twice);
  const int after_setup = raised();
  f(1.5);
  const int after_first_call = raised();
  cache.stats();
  cache.clear();
  const int after_maintenance = raised();
  EXPECT_EQ(after_setup, 0);
  EXPECT_EQ(after_first_call, 0);
  EXPECT_EQ(after_maintenance, 0);
}

TEST_F(FpFlagsTest, TheCallersFlagsStayAndTheRuntimeAddsNone) {
  for (const Where &where : stores()) {
    SCOPED_TRACE(where.name);
    const std::filesystem::path dir = tmp.path() / where.name;
    std::feclearexcept(FE_ALL_EXCEPT);
    auto f = Cache(dir).wrap("twice", twice, where.settings);
    std::feraiseexcept(FE_DIVBYZERO);
    f(3.0);
    const int after_miss = raised();
    f(3.0);
    const int after_hit = raised();
    std::feclearexcept(FE_ALL_EXCEPT);
    f(3.0);
    const int clear_after_hit = raised();
    EXPECT_EQ(after_miss, FE_DIVBYZERO);
    EXPECT_EQ(after_hit, FE_DIVBYZERO);
    EXPECT_EQ(clear_after_hit, 0);
    EXPECT_EQ(g_calls.exchange(0), 1);
  }
}

TEST_F(FpFlagsTest, AHitRaisesWhatComputingTheResultRaised) {
  for (const Where &where : stores()) {
    SCOPED_TRACE(where.name);
    const std::filesystem::path dir = tmp.path() / where.name;
    std::feclearexcept(FE_ALL_EXCEPT);
    auto f = Cache(dir).wrap("grow", grow, where.settings);
    f(1e10);
    const int after_miss = raised();
    std::feclearexcept(FE_ALL_EXCEPT);
    f(1e10);
    const int after_hit = raised();
    // Another Cache object of the directory: read from disk, unless the memory tier has it.
    std::feclearexcept(FE_ALL_EXCEPT);
    std::feraiseexcept(FE_DIVBYZERO);
    Cache(dir).wrap("grow", grow, where.settings)(1e10);
    const int after_hit_with_callers = raised();
    EXPECT_EQ(after_miss, FE_OVERFLOW | FE_INEXACT);
    EXPECT_EQ(after_hit, FE_OVERFLOW | FE_INEXACT);
    EXPECT_EQ(after_hit_with_callers, FE_DIVBYZERO | FE_OVERFLOW | FE_INEXACT);
    EXPECT_EQ(g_calls.exchange(0), 1);
  }
}

// errno after a call is the one the function set, whether it ran or its result was loaded,
// else the caller's; never one of the runtime's own system calls.
TEST_F(FpFlagsTest, ErrnoIsWhatTheFunctionSetOrTheCallers) {
  for (const Where &where : stores()) {
    SCOPED_TRACE(where.name);
    const std::filesystem::path dir = tmp.path() / where.name;
    auto f = Cache(dir).wrap("checked_log", checked_log, where.settings);
    errno = 0;
    f(4.0); // a miss: the lookup found no entry
    const int after_miss = errno;
    f(4.0);
    const int after_hit = errno;
    errno = ERANGE;
    f(4.0);
    const int callers_after_hit = errno;
    errno = ERANGE;
    f(-1.0);
    const int bad_after_miss = errno;
    errno = 0;
    f(-1.0);
    const int bad_after_hit = errno;
    errno = 0;
    Cache(dir).wrap("checked_log", checked_log, where.settings)(-1.0); // from disk, unless in memory
    const int bad_after_hit_elsewhere = errno;
    EXPECT_EQ(after_miss, 0);
    EXPECT_EQ(after_hit, 0);
    EXPECT_EQ(callers_after_hit, ERANGE);
    EXPECT_EQ(bad_after_miss, EDOM);
    EXPECT_EQ(bad_after_hit, EDOM);
    EXPECT_EQ(bad_after_hit_elsewhere, EDOM);
    EXPECT_EQ(g_calls.exchange(0), 2);
  }
}

TEST_F(FpFlagsTest, AFunctionThatThrowsLeavesTheErrnoItSet) {
  auto f = Cache(tmp.path()).wrap("throws_with_errno", [](int k) -> int {
    ++g_calls;
    if (k > 0)
      errno = EDOM;
    throw std::runtime_error("no result");
  });
  errno = ERANGE;
  EXPECT_THROW(f(1), std::runtime_error);
  EXPECT_EQ(errno, EDOM);
  errno = ERANGE;
  EXPECT_THROW(f(0), std::runtime_error);
  EXPECT_EQ(errno, ERANGE);
  EXPECT_EQ(g_calls, 2);
}

// The function runs with the flags cleared (so that what it raises is known), and the
// caller's come back however it leaves.
TEST_F(FpFlagsTest, AFunctionThatThrowsLeavesTheCallersFlagsAndItsOwn) {
  auto f = Cache(tmp.path()).wrap("grow_then_throw", [](double x) -> double {
    ++g_calls;
    volatile double big = x * g_huge;
    if (big > 0)
      throw std::runtime_error("no result");
    return big;
  });
  std::feraiseexcept(FE_DIVBYZERO);
  EXPECT_THROW(f(1e10), std::runtime_error);
  EXPECT_EQ(raised(), FE_DIVBYZERO | FE_OVERFLOW | FE_INEXACT);
  EXPECT_EQ(g_calls, 1);
}

// A readable key renders a long double argument through a conversion to double, which
// overflows for 1e400L: the caller must not see that.
TEST_F(FpFlagsTest, RenderingAReadableKeyRaisesNothing) {
  Settings readable = files_only();
  readable.key = KeyStyle::readable;
  auto f = Cache(tmp.path()).wrap("sign", [](long double x) {
    ++g_calls;
    return x > 0 ? 1 : -1;
  }, readable);
  volatile long double huge = 1e400L;
  const int sign = f(huge);
  const int after_miss = raised();
  f(huge);
  const int after_hit = raised();
  EXPECT_EQ(sign, 1);
  EXPECT_EQ(after_miss, 0);
  EXPECT_EQ(after_hit, 0);
  EXPECT_EQ(g_calls, 1);
}

#if defined(__x86_64__)
// long double arithmetic raises its flags in the x87 unit, which a hit does not read
// unless the entry says the computation raised some there.
TEST_F(FpFlagsTest, FlagsRaisedByLongDoubleArithmeticAreRaisedByAHit) {
  for (const Where &where : stores()) {
    SCOPED_TRACE(where.name);
    const std::filesystem::path dir = tmp.path() / where.name;
    std::feclearexcept(FE_ALL_EXCEPT);
    auto f = Cache(dir).wrap("square", [](long double x) {
      ++g_calls;
      return x * x;
    }, where.settings);
    volatile long double big = 1e4000L;
    f(big);
    const int after_miss = raised();
    std::feclearexcept(FE_ALL_EXCEPT);
    f(big);
    const int after_hit = raised();
    EXPECT_EQ(after_miss, FE_OVERFLOW | FE_INEXACT);
    EXPECT_EQ(after_hit, FE_OVERFLOW | FE_INEXACT);
    EXPECT_EQ(g_calls.exchange(0), 1);
  }
}
#endif

} // namespace
} // namespace npcache::test
