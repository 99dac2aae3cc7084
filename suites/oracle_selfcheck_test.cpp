// The oracles checked against themselves at twice the precision: the values
// agree to the lower precision and round to the same value in every format.
#include <gtest/gtest.h>

#include <cmath>

#include "oracles/sigmoid/oracle.hpp"
#include "src/catalog.hpp"
#include "src/inputs.hpp"

namespace numstab {
namespace {

constexpr uint64_t kSamples = 4000;

class OracleSelfCheck : public ::testing::TestWithParam<std::string> {};

TEST_P(OracleSelfCheck, TwoPrecisionsAgree) {
  const OpInfo& op = require_op(GetParam());
  const Params p = op.resolve_params({});
  // f64 inputs: samples, specials, binade edges and thresholds over the whole line.
  const InputSource src = InputSource::sampled(Format::f64, op, kSamples, 7, std::nullopt);
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
      ++compared;
      continue;
    }
    if (boost::multiprecision::isinf(high)) {  // log(0) = -inf: exactly the same limit
      ASSERT_EQ(low, high) << op.name << " at " << hex_text(x);
      ++compared;
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
  EXPECT_EQ(compared, kSamples);
}

std::vector<std::string> all_ops() {
  std::vector<std::string> names;
  for (const auto& op : catalog()) names.push_back(op.name);
  return names;
}

INSTANTIATE_TEST_SUITE_P(Catalog, OracleSelfCheck, ::testing::ValuesIn(all_ops()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace numstab

namespace numstab {
namespace {

// sigmoid(x) = 1 - e^-x rounds to exactly 1 at 256 bits for x > ~178; the ULP
// must still be that of the binade below 1 (half as large).
TEST(BinadeOfExactResults, JustBelowAPowerOfTwoIsDecidedOrJudgedConservatively) {
  set_real_precision(256);
  const double below_one = 1 - std::ldexp(1.0, -11);  // the f16 value below 1
  Real exact;
  bool unresolved = true;
  // e^-1000 ~ 2^-1443: 1024 bits are enough to see it.
  Judgement j = evaluate_and_judge(&oracles::sigmoid, {}, Format::f16, Real(1000), below_one, exact, &unresolved);
  EXPECT_FALSE(unresolved);
  EXPECT_NEAR(j.ulp, 1.0, 1e-9);
  // e^-60000 is beyond 16 x 256 bits: undecided, so the smaller ULP is used.
  j = evaluate_and_judge(&oracles::sigmoid, {}, Format::f16, Real(60000), below_one, exact, &unresolved);
  EXPECT_TRUE(unresolved);
  EXPECT_NEAR(j.ulp, 1.0, 1e-9);
  // sigmoid(+inf) = 1 exactly (MPFR raised no inexact flag): the ULP of 1 itself.
  j = evaluate_and_judge(&oracles::sigmoid, {}, Format::f16, Real(INFINITY), below_one, exact, &unresolved);
  EXPECT_FALSE(unresolved);
  EXPECT_EQ(j.ulp, 0.5);
  // The correctly rounded answer is judged without escalation.
  j = evaluate_and_judge(&oracles::sigmoid, {}, Format::f16, Real(60000), 1.0, exact, &unresolved);
  EXPECT_FALSE(unresolved);
  EXPECT_LT(j.ulp, 1e-9);
}

// silu(x) = x/2 + x^2/4 + ...: for x = -0x1.fffffffffffffp-1022, x/2 is an f64
// rounding midpoint and x^2/4 (2^-972 ULP) is lost at 256 bits, so both
// neighbours would be judged 0.5 ULP and a wrong-side kernel would pass a bound
// of 0.5. The true value lies toward zero.
TEST(MidpointOfExactResults, IsDecidedOrJudgedConservatively) {
  const double x = -0x1.fffffffffffffp-1022;
  const double toward_zero = -0x0.fffffffffffffp-1022, away = -0x1p-1022;
  set_real_precision(256);
  Real exact;
  oracles::silu(exact, Real(x), {});
  EXPECT_TRUE(is_midpoint(Format::f64, exact));
  bool unresolved = true;
  Judgement j = evaluate_and_judge(&oracles::silu, {}, Format::f64, Real(x), away, exact, &unresolved);
  EXPECT_FALSE(unresolved);
  EXPECT_GT(j.ulp, 0.5);
  j = evaluate_and_judge(&oracles::silu, {}, Format::f64, Real(x), toward_zero, exact, &unresolved);
  EXPECT_FALSE(unresolved);
  EXPECT_LE(j.ulp, 0.5);
  // At 60 bits (x fits), 16x (960 bits) cannot see x^2/4: undecided, so both neighbours
  // are taken as just over half an ULP off.
  set_real_precision(60);
  for (const double got : {away, toward_zero}) {
    j = evaluate_and_judge(&oracles::silu, {}, Format::f64, Real(x), got, exact, &unresolved);
    EXPECT_TRUE(unresolved);
    EXPECT_EQ(j.ulp, std::nextafter(0.5, 1.0));
  }
  set_real_precision(256);
}

}  // namespace
}  // namespace numstab
