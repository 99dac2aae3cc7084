// Overflow, underflow and premature-inf thresholds, against their closed forms.
#include <gtest/gtest.h>

#include <cmath>

#include "src/thresholds.hpp"

namespace numstab {
namespace {

Thresholds reference_thresholds(const char* name, Format f) {
  const OpInfo& op = require_op(name);
  return find_thresholds(op, f, op.resolve_params({}), reference_kernel(op, f, {}), 256);
}

TEST(Thresholds, SigmoidUnderflowsWhereTheTheorySays) {
  const Thresholds t = reference_thresholds("sigmoid", Format::f32);
  // sigmoid(-x) ~ e^-x: below 2^-126 past 126 ln 2, rounds to 0 past 150 ln 2.
  ASSERT_TRUE(t.negative.exact_underflow && t.negative.exact_zero);
  EXPECT_NEAR(*t.negative.exact_underflow, 126 * std::log(2.0), 1e-5);
  EXPECT_NEAR(*t.negative.exact_zero, 150 * std::log(2.0), 1e-5);
  EXPECT_FALSE(t.positive.exact_underflow || t.positive.exact_overflow || t.negative.exact_overflow);
  EXPECT_FALSE(t.premature());
}

TEST(Thresholds, BisectionFindsTheFirstValueOfTheFormat) {
  const Thresholds t = reference_thresholds("sigmoid", Format::f16);
  ASSERT_TRUE(t.negative.exact_zero.has_value());
  // At the threshold sigmoid rounds to 0 in f16; one f16 value below it does not.
  const double at = -*t.negative.exact_zero;
  const double before = bits_to_double(Format::f16, double_to_bits(Format::f16, at) - 1);
  set_real_precision(256);
  Real y;
  require_op("sigmoid").oracle(y, Real(at), {});
  EXPECT_EQ(round_to_format(Format::f16, y), 0.0);
  require_op("sigmoid").oracle(y, Real(before), {});
  EXPECT_GT(round_to_format(Format::f16, y), 0.0);
}

TEST(Thresholds, NaiveTanhTurnsFiniteIntoNaNPastLogOfTheLargestFloat) {
  const OpInfo& op = require_op("tanh");
  const Kernel naive{"naive_tanh", [](const void* x, void* y, size_t n) {
                       const float* in = static_cast<const float*>(x);
                       float* out = static_cast<float*>(y);
                       for (size_t i = 0; i < n; ++i)
                         out[i] = (std::exp(in[i]) - std::exp(-in[i])) / (std::exp(in[i]) + std::exp(-in[i]));
                     }};
  const Thresholds t = find_thresholds(op, Format::f32, {}, naive, 256);
  EXPECT_TRUE(t.premature());
  ASSERT_TRUE(t.positive.kernel_nonfinite.has_value());
  EXPECT_NEAR(*t.positive.kernel_nonfinite, std::log(3.4028234663852886e38), 1e-4);
  EXPECT_FALSE(t.positive.exact_overflow.has_value());  // tanh itself never overflows
}

}  // namespace
}  // namespace numstab
