// The public RapidCheck generators and helpers (numstab/generators.hpp,
// numstab/certify.hpp) as users' own properties use them.
#include <cmath>
#include <cstring>
#include <set>
#include <stdexcept>
#include <vector>

#include <numstab/testing.hpp>
#include <rapidcheck/gtest.h>  // after GoogleTest, which it needs declared

namespace {

namespace gen = numstab::testing::gen;
using numstab::testing::exact;
using numstab::testing::ulp_error;

// n draws of a generator at full size, from a fixed seed.
template <class T>
std::vector<T> draws(const rc::Gen<T>& g, int n) {
  std::vector<T> out;
  rc::Random random(20261203);
  for (int i = 0; i < n; ++i) out.push_back(g(random.split(), rc::kNominalSize).value());
  return out;
}

uint32_t bits_of(float v) {
  uint32_t b;
  std::memcpy(&b, &v, sizeof b);
  return b;
}

TEST(PublicGenerators, AnyDrawsEveryBinadeAndTheSpecialValues) {
  std::set<uint32_t> exponents;
  bool nan = false, pos_inf = false, neg_inf = false, subnormal = false, negative = false;
  for (float v : draws(gen::any<float>(), 20000)) {
    exponents.insert((bits_of(v) >> 23) & 0xff);
    nan = nan || std::isnan(v);
    pos_inf = pos_inf || v == INFINITY;
    neg_inf = neg_inf || v == -INFINITY;
    subnormal = subnormal || std::fpclassify(v) == FP_SUBNORMAL;
    negative = negative || std::signbit(v);
  }
  EXPECT_EQ(exponents.size(), 256u);  // every binade, the subnormal and inf/NaN fields included
  EXPECT_TRUE(nan && pos_inf && neg_inf && subnormal && negative);
}

TEST(PublicGenerators, FiniteNeverDrawsInfinityOrNan) {
  bool subnormal = false, largest = false;
  for (float v : draws(gen::finite<float>(), 20000)) {
    ASSERT_TRUE(std::isfinite(v)) << v;
    subnormal = subnormal || std::fpclassify(v) == FP_SUBNORMAL;
    largest = largest || std::fabs(v) == 0x1.fffffep127f;
  }
  EXPECT_TRUE(subnormal && largest);
  for (uint16_t b : draws(gen::finite<numstab::bf16>(), 5000)) ASSERT_NE(b & 0x7f80, 0x7f80) << b;
}

TEST(PublicGenerators, InRangeDrawsEveryValueOfTheRangeAndNoOther) {
  // bf16 in [1, 2]: 128 values of the binade and 2 itself.
  std::set<uint16_t> seen;
  for (uint16_t b : draws(gen::in_range<numstab::bf16>(1.0, 2.0), 20000)) seen.insert(b);
  EXPECT_EQ(seen.size(), 129u);
  EXPECT_EQ(*seen.begin(), 0x3f80);  // 1
  EXPECT_EQ(*seen.rbegin(), 0x4000);  // 2
  for (double v : draws(gen::in_range<double>(-0.25, 1e300), 5000)) ASSERT_TRUE(v >= -0.25 && v <= 1e300) << v;
  EXPECT_THROW(gen::in_range<float>(2.0, 1.0), std::invalid_argument);
  EXPECT_THROW(gen::in_range<numstab::f16>(1e6, 1e7), std::invalid_argument);  // above f16's range
}

TEST(PublicHelpers, UlpErrorAndExactFollowTheOracle) {
  const auto e = exact("tanh", 0.5f);
  EXPECT_FALSE(e.undefined);
  EXPECT_EQ(e.dec.rfind("0.462117157260009758502318", 0), 0u) << e.dec;
  EXPECT_LE(ulp_error("tanh", 0.5f, e.rounded), 0.5);
  const double next = ulp_error("tanh", 0.5f, std::nextafter(e.rounded, 1.0f));
  EXPECT_GT(next, 0.5);
  EXPECT_LT(next, 1.5);
  EXPECT_EQ(ulp_error("tanh", 0.5f, NAN), INFINITY);  // nonfinite where tanh is defined
  EXPECT_EQ(ulp_error("log", -1.0, NAN), 0.0);        // undefined and NaN: no error
  // bf16 sigmoid(1) = 0.7310585786...: rounded to 0x3f3b (0.73046875).
  const auto s = exact<numstab::bf16>("sigmoid", uint16_t{0x3f80});
  EXPECT_EQ(s.rounded, 0x3f3b);
  EXPECT_LE(ulp_error<numstab::bf16>("sigmoid", uint16_t{0x3f80}, s.rounded), 0.5);
  EXPECT_DOUBLE_EQ(ulp_error("prelu", -2.0f, -0.5f, {{"a", 0.25}}), 0.0);
}

TEST(PublicHelpers, BadRequestsThrowWithOneClearLine) {
  try {
    ulp_error("tanhh", 1.0f, 1.0f);
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(std::string(e.what()).substr(0, 29).c_str(), "numstab: unknown op 'tanhh' (");
  }
  EXPECT_THROW(ulp_error("prelu", 1.0f, 1.0f), std::invalid_argument);  // 'a' not given
  EXPECT_THROW(exact("tanh", 1.0f, {{"alpha", 1.0}}), std::invalid_argument);
}

// What users write: a property over every binade with the helpers.
RC_GTEST_PROP(PublicGenerators, GlibcTanhfWithinTwoAndAHalfUlp, ()) {
  const float x = *gen::finite<float>();
  RC_ASSERT(ulp_error("tanh", x, tanhf(x)) <= 2.5);
}

}  // namespace
