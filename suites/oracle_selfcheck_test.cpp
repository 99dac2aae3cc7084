// The oracles checked against themselves at twice the precision: the values
// agree to the lower precision and round to the same value in every format.
#include <gtest/gtest.h>

#include "src/catalog.hpp"
#include "src/inputs.hpp"

namespace numstab {
namespace {

class OracleSelfCheck : public ::testing::TestWithParam<const char*> {};

TEST_P(OracleSelfCheck, TwoPrecisionsAgree) {
  const OpInfo& op = require_op(GetParam());
  const Params p = op.resolve_params({});
  // f64 inputs: samples, specials, binade edges and thresholds over the whole line.
  const InputSource src = InputSource::sampled(Format::f64, op, 20000, 7, std::nullopt);
  uint64_t compared = 0;
  for (uint64_t i = 0; i < src.size(); ++i) {
    const double x = F64::from_bits(src.bits_at(i));
    set_real_precision(256);
    Real low;
    op.oracle(low, Real(x), p);
    set_real_precision(512);
    Real high;
    op.oracle(high, Real(x), p);
    if (boost::multiprecision::isnan(high)) {
      ASSERT_TRUE(boost::multiprecision::isnan(low)) << op.name << " at " << hex_text(x);
      continue;
    }
    // Relative agreement to 2^-240 (the 256-bit value has a few roundings).
    const Real gap = boost::multiprecision::abs(high - low);
    ASSERT_LE(gap, boost::multiprecision::abs(high) * boost::multiprecision::ldexp(Real(1), -240))
        << op.name << " at " << hex_text(x);
    for (Format f : kAllFormats)
      ASSERT_EQ(double_to_bits(f, round_to_format(f, low)), double_to_bits(f, round_to_format(f, high)))
          << op.name << " at " << hex_text(x) << " in " << spec(f).name;
    ++compared;
  }
  EXPECT_GT(compared, 19000u);
}

INSTANTIATE_TEST_SUITE_P(Catalog, OracleSelfCheck,
                         ::testing::Values("tanh", "tanh_grad", "sigmoid", "sigmoid_grad"));

}  // namespace
}  // namespace numstab
