// Formats and ULP arithmetic: the edge cases every later number rests on.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "src/errors.hpp"
#include "src/formats.hpp"
#include "src/inputs.hpp"
#include "src/ulp.hpp"

namespace numstab {
namespace {

class SmokeFormats : public ::testing::Test {
 protected:
  void SetUp() override { set_real_precision(256); }
};

TEST_F(SmokeFormats, SpecsMatchTheDesignTable) {
  EXPECT_EQ(spec(Format::f64).precision, 53);
  EXPECT_EQ(spec(Format::f32).emin, -126);
  EXPECT_EQ(spec(Format::f16).emax, 15);
  EXPECT_EQ(spec(Format::bf16).precision, 8);
  EXPECT_EQ(decode_bits(spec(Format::f16), 0x7bff), 65504.0);
  EXPECT_EQ(static_cast<float>(decode_bits(spec(Format::bf16), 0x7f7f)), 3.3895314e38f);
  EXPECT_EQ(decode_bits(spec(Format::f16), 0x0001), std::ldexp(1.0, -24));
  EXPECT_EQ(decode_bits(spec(Format::f16), 0x03ff), std::ldexp(1023.0, -24));
  EXPECT_EQ(decode_bits(spec(Format::f16), 0x0400), std::ldexp(1.0, -14));
  EXPECT_EQ(decode_bits(spec(Format::bf16), 0x0001), std::ldexp(1.0, -133));
  EXPECT_TRUE(std::isinf(decode_bits(spec(Format::f16), 0x7c00)));
  EXPECT_TRUE(std::isnan(decode_bits(spec(Format::f16), 0x7c01)));
  EXPECT_TRUE(std::signbit(decode_bits(spec(Format::f16), 0x8000)));
  EXPECT_FALSE(parse_format("f8").has_value());
}

TEST_F(SmokeFormats, SixteenBitPatternsRoundTrip) {
  for (Format f : {Format::f16, Format::bf16}) {
    for (uint32_t b = 0; b < 65536; ++b) {
      const double v = decode_bits(spec(f), b);
      if (std::isnan(v)) continue;
      ASSERT_EQ(encode_bits(spec(f), v), b) << spec(f).name << " " << std::hex << b;
      ASSERT_EQ(round_double_to(spec(f), v), v) << spec(f).name << " " << std::hex << b;
    }
  }
}

TEST_F(SmokeFormats, BfloatIsTheTopHalfOfFloat) {
  for (uint32_t b = 0; b < 65536; ++b) {
    const double v = decode_bits(spec(Format::bf16), b);
    if (std::isnan(v)) continue;
    ASSERT_EQ(F32::to_bits(static_cast<float>(v)), b << 16) << std::hex << b;
  }
}

TEST_F(SmokeFormats, RoundingTiesToEvenSubnormalsAndOverflow) {
  const auto& h = spec(Format::f16);
  EXPECT_EQ(round_double_to(h, 65519.99), 65504.0);
  EXPECT_TRUE(std::isinf(round_double_to(h, 65520.0)));  // the midpoint goes to the even 2^16
  EXPECT_EQ(round_double_to(h, std::ldexp(1.0, -25)), 0.0);  // tie between 0 and 2^-24: even
  EXPECT_EQ(round_double_to(h, std::ldexp(1.0, -25) * 1.0000001), std::ldexp(1.0, -24));
  EXPECT_EQ(round_double_to(h, 3 * std::ldexp(1.0, -25)), std::ldexp(2.0, -24));  // tie up to even
  EXPECT_EQ(round_double_to(h, 1 + std::ldexp(1.0, -11)), 1.0);
  EXPECT_EQ(round_double_to(h, 1 + 3 * std::ldexp(1.0, -11)), 1 + std::ldexp(1.0, -9));
  EXPECT_EQ(round_double_to(h, 2 - std::ldexp(1.0, -11)), 2.0);  // crosses the binade
  EXPECT_TRUE(std::signbit(round_double_to(h, -std::ldexp(1.0, -30))));
  EXPECT_EQ(round_double_to(spec(Format::bf16), 1 + std::ldexp(1.0, -8)), 1.0);
}

Real from_string(const char* s) { return Real(s); }

TEST_F(SmokeFormats, OracleValuesRoundOnceStraightIntoTheFormat) {
  // 1 + 2^-24 + 2^-200 is just above the f32 midpoint 1 + 2^-24: it must round
  // up. Through double first it would become the midpoint and round to even (1).
  const Real y = 1 + boost::multiprecision::ldexp(Real(1), -24) + boost::multiprecision::ldexp(Real(1), -200);
  EXPECT_EQ(round_to_format(Format::f32, y), 1 + std::ldexp(1.0, -23));
  EXPECT_EQ(static_cast<float>(static_cast<double>(y)), 1.0f);  // the double-rounding trap
  // The same trap in f16 and bf16.
  const Real h = 1 + boost::multiprecision::ldexp(Real(1), -11) + boost::multiprecision::ldexp(Real(1), -70);
  EXPECT_EQ(round_to_format(Format::f16, h), 1 + std::ldexp(1.0, -10));
  const Real b = 1 + boost::multiprecision::ldexp(Real(1), -8) + boost::multiprecision::ldexp(Real(1), -70);
  EXPECT_EQ(round_to_format(Format::bf16, b), 1 + std::ldexp(1.0, -7));
  // Subnormal and overflow boundaries.
  EXPECT_EQ(round_to_format(Format::f64, from_string("2.4703282292062327e-324")), 0.0);  // < 2^-1075
  EXPECT_EQ(round_to_format(Format::f64, boost::multiprecision::ldexp(Real(3), -1076)), std::ldexp(1.0, -1074));
  EXPECT_TRUE(std::isinf(round_to_format(Format::f32, Real("3.40282357e38"))));  // >= (2 - 2^-24) 2^127
  EXPECT_EQ(round_to_format(Format::f32, Real("3.40282356e38")), 3.4028234663852886e38);
  EXPECT_TRUE(std::isinf(round_to_format(Format::f16, Real(1e300))));
  EXPECT_TRUE(std::isnan(round_to_format(Format::f16, Real(NAN))));
}

TEST_F(SmokeFormats, UlpFollowsTheDesignDefinition) {
  EXPECT_EQ(ulp_exponent(Format::f32, Real(1)), -23);
  EXPECT_EQ(ulp_exponent(Format::f32, Real(0.99999)), -24);  // binade crossing below 1
  EXPECT_EQ(ulp_exponent(Format::f32, Real(0)), -149);
  EXPECT_EQ(ulp_exponent(Format::f32, Real(1e-40)), -149);    // subnormal: the emin quantum
  EXPECT_EQ(ulp_exponent(Format::f64, Real(0)), -1074);
  EXPECT_EQ(ulp_exponent(Format::f16, Real(65504)), 5);
  EXPECT_EQ(ulp_error(Format::f32, 1.0, 1 + boost::multiprecision::ldexp(Real(1), -24)), 0.5);
  EXPECT_EQ(ulp_error(Format::f32, 0.0, boost::multiprecision::ldexp(Real(1), -149)), 1.0);
  // Below 1 the ulp halves: the same absolute error counts twice as much.
  EXPECT_EQ(ulp_error(Format::f32, 1.0, 1 - boost::multiprecision::ldexp(Real(1), -24)), 1.0);
  EXPECT_EQ(ulp_error(Format::f16, 2.0, Real(2)), 0.0);
}

TEST_F(SmokeFormats, JudgementClassesFollowTheDesign) {
  const double inf = INFINITY, nan = NAN;
  EXPECT_EQ(judge(Format::f16, inf, Real(65520)).mismatch, Mismatch::none);
  EXPECT_EQ(judge(Format::f16, 65504, Real(65520)).mismatch, Mismatch::overflow);
  EXPECT_EQ(judge(Format::f16, -inf, Real(65520)).mismatch, Mismatch::overflow);
  EXPECT_EQ(judge(Format::f16, inf, Real(65519)).mismatch, Mismatch::nonfinite);
  EXPECT_EQ(judge(Format::f32, nan, Real(1)).mismatch, Mismatch::nonfinite);
  EXPECT_TRUE(std::isinf(judge(Format::f32, nan, Real(1)).ulp));
  EXPECT_EQ(judge(Format::f32, 1.0, Real(nan)).mismatch, Mismatch::nan);
  EXPECT_EQ(judge(Format::f32, nan, Real(nan)).mismatch, Mismatch::none);
  EXPECT_EQ(judge(Format::f32, 0.0, Real(-0.0)).mismatch, Mismatch::signed_zero);
  EXPECT_EQ(judge(Format::f32, -0.0, Real(-0.0)).mismatch, Mismatch::none);
  EXPECT_TRUE(judge(Format::f32, 0.0, Real(1e-40)).exact_subnormal);
  EXPECT_TRUE(judge(Format::f32, 0.0, Real(0)).exact_subnormal);
  EXPECT_FALSE(judge(Format::f32, 1.0, Real(1)).exact_subnormal);
  EXPECT_DOUBLE_EQ(judge(Format::f32, 1.0, Real(1) + boost::multiprecision::ldexp(Real(1), -23)).ulp, 1.0);
}

TEST_F(SmokeFormats, OrderKeysFollowTheValues) {
  for (Format f : {Format::f16, Format::bf16}) {
    double previous = NAN;  // no value yet: every comparison with it is false
    bool previous_was_neg_zero = false;
    for (uint64_t key = 0; key < 65536; ++key) {
      const uint64_t bits = key_to_bits(f, key);
      ASSERT_EQ(order_key(f, bits), key);
      const double v = bits_to_double(f, bits);
      if (std::isnan(v)) continue;
      ASSERT_TRUE(std::isnan(previous) || v > previous || (v == 0 && previous_was_neg_zero))
          << spec(f).name << " key " << key;
      previous_was_neg_zero = v == 0 && std::signbit(v);
      previous = v;
    }
  }
}

TEST_F(SmokeFormats, RangesParseOrFailClearly) {
  EXPECT_EQ(parse_range("-1:2").lo, -1);
  EXPECT_EQ(parse_range("0x1p-3:0x1.8p+1").hi, 3.0);
  EXPECT_EQ(parse_range("-inf:inf").lo, -INFINITY);
  for (const char* bad : {"", "1", "3:1", "a:b", "1:", ":1", "nan:1", "1:2:3"})
    EXPECT_THROW(parse_range(bad), UsageError) << bad;
}

TEST_F(SmokeFormats, ExhaustiveRangesCountEveryValue) {
  // [1, 2] in f16: 1024 values in the binade [1, 2) and 2 itself.
  EXPECT_EQ(InputSource::exhaustive(Format::f16, Range{1, 2}).size(), 1025u);
  // [-0, +0] holds both zeros; so does [0, 0].
  EXPECT_EQ(InputSource::exhaustive(Format::f32, Range{0, 0}).size(), 2u);
  EXPECT_EQ(InputSource::exhaustive(Format::bf16, std::nullopt).size(), 65536u);
  // A range between two neighbours holds nothing.
  EXPECT_EQ(InputSource::exhaustive(Format::f16, Range{1.0001, 1.0002}).size(), 0u);
}

// The sweep's block reader gives what bits_at gives, across the wrap from the
// last x to the first of a binary source's next second operand.
TEST_F(SmokeFormats, BitsBlockEqualsBitsAt) {
  const std::vector<InputSource> sources = {
      InputSource::exhaustive(Format::f16, Range{-2, 3}),
      InputSource::exhaustive(Format::bf16, Range{1, 2}).with_second_operand({0.5, -1, 3}),
      InputSource::exhaustive(Format::f32, Range{-1e-40, 1e-40}),
  };
  for (const auto& src : sources) {
    const uint64_t n = src.size();
    for (uint64_t first : {uint64_t{0}, uint64_t{1}, n / 3, n - 5}) {
      const size_t count = static_cast<size_t>(std::min<uint64_t>(n - first, 300));
      std::vector<uint64_t> block(count);
      src.bits_block(first, count, block.data());
      for (size_t k = 0; k < count; ++k) ASSERT_EQ(block[k], src.bits_at(first + k)) << "input " << first + k;
    }
  }
}

}  // namespace
}  // namespace numstab
