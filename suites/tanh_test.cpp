// tanh, softsign, mish, gelu_tanh and their derivatives: special values
// (smoke) and properties (oracle tier).
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "oracles/sigmoid/oracle.hpp"
#include "oracles/tanh/oracle.hpp"
#include "properties/activation_properties.hpp"
#include "properties/each_format.hpp"
#include "properties/oracle_properties.hpp"
#include "properties/special_values.hpp"

namespace numstab {
namespace {

TEST(SmokeTanh, SpecialValues) {
  for (Format f : kAllFormats) {
    const double big = props::largest_finite(f);
    EXPECT_EQ(props::special_value_failures(
                  {{"tanh", 0.0, 0.0}, {"tanh", -0.0, -0.0}, {"tanh", INFINITY, 1.0},
                   {"tanh", -INFINITY, -1.0}, {"tanh", big, 1.0}, {"tanh", -big, -1.0},
                   {"tanh_grad", 0.0, 1.0}, {"tanh_grad", -0.0, 1.0}, {"tanh_grad", INFINITY, 0.0},
                   {"tanh_grad", -INFINITY, 0.0}, {"tanh_grad", big, 0.0}},
                  f),
              "");
  }
}

// Exact answers in every format (largest finite: f16 65504 ... f64 1.8e308).
TEST(SmokeTanhFamily, SpecialValues) {
  for (Format f : kAllFormats) {
    const double big = props::largest_finite(f);
    EXPECT_EQ(props::special_value_failures(
                  {{"softsign", 0.0, 0.0}, {"softsign", -0.0, -0.0}, {"softsign", 1.0, 0.5},
                   {"softsign", -1.0, -0.5}, {"softsign", INFINITY, 1.0},
                   {"softsign", -INFINITY, -1.0}, {"softsign", big, 1.0}, {"softsign", -big, -1.0},
                   {"softsign", NAN, NAN}, {"softsign_grad", 0.0, 1.0},
                   {"softsign_grad", -0.0, 1.0}, {"softsign_grad", 1.0, 0.25},
                   {"softsign_grad", -1.0, 0.25}, {"softsign_grad", INFINITY, 0.0},
                   {"softsign_grad", -INFINITY, 0.0}, {"softsign_grad", big, 0.0},
                   {"softsign_grad", -big, 0.0}, {"softsign_grad", NAN, NAN}, {"mish", 0.0, 0.0},
                   {"mish", -0.0, -0.0}, {"mish", INFINITY, INFINITY}, {"mish", -INFINITY, -0.0},
                   {"mish", big, big}, {"mish", -big, -0.0}, {"mish", NAN, NAN},
                   {"mish_grad", INFINITY, 1.0}, {"mish_grad", -INFINITY, -0.0},
                   {"mish_grad", big, 1.0}, {"mish_grad", -big, -0.0}, {"mish_grad", NAN, NAN},
                   {"gelu_tanh", 0.0, 0.0}, {"gelu_tanh", -0.0, -0.0},
                   {"gelu_tanh", INFINITY, INFINITY}, {"gelu_tanh", -INFINITY, -0.0},
                   {"gelu_tanh", big, big}, {"gelu_tanh", -big, -0.0}, {"gelu_tanh", NAN, NAN},
                   {"gelu_tanh_grad", 0.0, 0.5}, {"gelu_tanh_grad", -0.0, 0.5},
                   {"gelu_tanh_grad", INFINITY, 1.0}, {"gelu_tanh_grad", -INFINITY, -0.0},
                   {"gelu_tanh_grad", big, 1.0}, {"gelu_tanh_grad", -big, -0.0},
                   {"gelu_tanh_grad", NAN, NAN}},
                  f),
              "");
  }
}

Kernel ref(const char* op, Format f) { return reference_kernel(require_op(op), f, {}); }

NUMSTAB_PROP_EACH_FORMAT(Tanh, Odd, props::odd<Tag>(ref("tanh", Tag::format)))
NUMSTAB_PROP_EACH_FORMAT(Tanh, Monotone, props::monotone<Tag>(ref("tanh", Tag::format)))

RC_GTEST_PROP(Tanh, GradIsTheSlopeOfTheOracle, ()) {
  props::derivative_matches_difference(&oracles::tanh, &oracles::tanh_grad, 60);
}

// ---- softsign ---------------------------------------------------------------

NUMSTAB_PROP_EACH_FORMAT(Softsign, Odd, props::odd<Tag>(ref("softsign", Tag::format)))
NUMSTAB_PROP_EACH_FORMAT(Softsign, Monotone, props::monotone<Tag>(ref("softsign", Tag::format)))
// (-1, 1) in exact arithmetic; +-1 once rounded.
RC_GTEST_PROP(Softsign, WithinMinusOneOneF64, ()) {
  props::within_range<F64>(ref("softsign", Format::f64), -1, 1);
}
RC_GTEST_PROP(Softsign, WithinMinusOneOneF32, ()) {
  props::within_range<F32>(ref("softsign", Format::f32), -1, 1);
}
RC_GTEST_PROP(Softsign, BetweenZeroAndXF32, ()) {
  props::between_zero_and_x<F32>(ref("softsign", Format::f32));
}
RC_GTEST_PROP(Softsign, GradEvenF64, ()) { props::even<F64>(ref("softsign_grad", Format::f64)); }
RC_GTEST_PROP(Softsign, GradEvenF16, ()) { props::even<F16>(ref("softsign_grad", Format::f16)); }
RC_GTEST_PROP(Softsign, GradWithinZeroOneF32, ()) {
  props::within_range<F32>(ref("softsign_grad", Format::f32), 0, 1);
}
// softsign' is continuous at its kink (0), so the difference holds there too.
RC_GTEST_PROP(Softsign, GradIsTheSlopeOfTheOracle, ()) {
  props::derivative_matches_difference(&oracles::softsign, &oracles::softsign_grad, 1e30);
}
RC_GTEST_PROP(Softsign, OracleAgreesWithItself, ()) {
  props::oracle_agrees_with_itself(&oracles::softsign);
}
RC_GTEST_PROP(Softsign, GradOracleAgreesWithItself, ()) {
  props::oracle_agrees_with_itself(&oracles::softsign_grad);
}

// ---- mish -------------------------------------------------------------------

const double kMishRoot = require_op("mish").probe("mish_grad's root: the minimum of mish");
constexpr double kMishMin = -0.30884341301725041;      // mish(kMishRoot)
constexpr double kMishGradMin = -0.11252612238946256;  // at x ~ -2.2564
constexpr double kMishGradMax = 1.0884981612517279;    // at x ~ 1.4906
const std::vector<double> kMishGradExtremes = {-2.2563763963, 1.4905711795};

double identity(double x) { return x; }
double minus_zero(double) { return -0.0; }
double one(double) { return 1.0; }

RC_GTEST_PROP(Mish, BetweenZeroAndXF64, ()) {
  props::between_zero_and_x<F64>(ref("mish", Format::f64));
}
RC_GTEST_PROP(Mish, BetweenZeroAndXF32, ()) {
  props::between_zero_and_x<F32>(ref("mish", Format::f32));
}
RC_GTEST_PROP(Mish, BetweenZeroAndXBf16, ()) {
  props::between_zero_and_x<BF16>(ref("mish", Format::bf16));
}
RC_GTEST_PROP(Mish, AboveItsMinimumF64, ()) {
  props::within_range_near<F64>(ref("mish", Format::f64), kMishMin, INFINITY, {kMishRoot}, 0.05);
}
RC_GTEST_PROP(Mish, AboveItsMinimumF16, ()) {
  props::within_range_near<F16>(ref("mish", Format::f16), props::in_format(Format::f16, kMishMin),
                                INFINITY, {kMishRoot}, 0.05);
}
RC_GTEST_PROP(Mish, DecreasingLeftOfTheMinimumF64, ()) {
  props::monotone_on<F64>(ref("mish", Format::f64), -800, kMishRoot, -1);
}
RC_GTEST_PROP(Mish, IncreasingRightOfTheMinimumF64, ()) {
  props::monotone_on<F64>(ref("mish", Format::f64), kMishRoot, 40, 1);
}
RC_GTEST_PROP(Mish, DecreasingLeftOfTheMinimumF32, ()) {
  props::monotone_on<F32>(ref("mish", Format::f32), -120, kMishRoot, -1);
}
RC_GTEST_PROP(Mish, IncreasingRightOfTheMinimumF32, ()) {
  props::monotone_on<F32>(ref("mish", Format::f32), kMishRoot, 20, 1);
}
// mish(x) - x -> 0: x once 2e^-2x is below half an ULP (f64 19.06, f32 9.01);
// mish(x) -> 0 from below: -0 once x e^x is below half the smallest subnormal
// (f64 -751.8, f32 -108.7).
RC_GTEST_PROP(Mish, IsXForLargeXF64, ()) {
  props::equals_limit<F64>(ref("mish", Format::f64), identity, 19.1, 1e300);
}
RC_GTEST_PROP(Mish, IsXForLargeXF32, ()) {
  props::equals_limit<F32>(ref("mish", Format::f32), identity, 9.02, 1e30);
}
RC_GTEST_PROP(Mish, IsMinusZeroFarLeftF64, ()) {
  props::equals_limit<F64>(ref("mish", Format::f64), minus_zero, -1e300, -751.8);
}
RC_GTEST_PROP(Mish, IsMinusZeroFarLeftF32, ()) {
  props::equals_limit<F32>(ref("mish", Format::f32), minus_zero, -1e30, -108.7);
}

// The oracle (a rational function of e^x) is x tanh(softplus(x)) with
// MPFR's log1p and the tanh oracle: no cancellation on either side.
Real mish_by_composition(const Real& x) {
  Real t;
  oracles::tanh(t, boost::multiprecision::log1p(boost::multiprecision::exp(x)), {});
  return x * t;
}
Real abs_of_composition(const Real& x) {
  return boost::multiprecision::abs(mish_by_composition(x));
}
RC_GTEST_PROP(Mish, OracleIsXTanhSoftplusCentre, ()) {
  props::oracle_matches(&oracles::mish, mish_by_composition, abs_of_composition, -5, 5);
}
RC_GTEST_PROP(Mish, OracleIsXTanhSoftplusTails, ()) {
  props::oracle_matches(&oracles::mish, mish_by_composition, abs_of_composition, -800, 100);
}

RC_GTEST_PROP(Mish, GradIsTheSlopeOfTheOracle, ()) {
  props::derivative_matches_difference(&oracles::mish, &oracles::mish_grad, 1000);
}
// mish' = tanh(sp) + x sigmoid(x) sech^2(sp) from the tanh, tanh' and sigmoid
// oracles; the two terms cancel next to the root, so the scale is their size.
RC_GTEST_PROP(Mish, GradOracleIsTheProductRule, ()) {
  const auto terms = [](const Real& x, bool sum) {
    Real t, sech2, s;
    const Real sp = boost::multiprecision::log1p(boost::multiprecision::exp(x));
    oracles::tanh(t, sp, {});
    oracles::tanh_grad(sech2, sp, {});
    oracles::sigmoid(s, x, {});
    const Real second = x * s * sech2;
    return sum ? Real(t + second)
               : Real(boost::multiprecision::abs(t) + boost::multiprecision::abs(second));
  };
  props::oracle_matches(
      &oracles::mish_grad, [&](const Real& x) { return terms(x, true); },
      [&](const Real& x) { return terms(x, false); }, -40, 40);
}
RC_GTEST_PROP(Mish, GradWithinItsRangeF64, ()) {
  props::within_range_near<F64>(ref("mish_grad", Format::f64), kMishGradMin, kMishGradMax,
                                kMishGradExtremes, 0.05);
}
RC_GTEST_PROP(Mish, GradWithinItsRangeF32, ()) {
  props::within_range_near<F32>(
      ref("mish_grad", Format::f32), props::in_format(Format::f32, kMishGradMin),
      props::in_format(Format::f32, kMishGradMax), kMishGradExtremes, 0.05);
}
RC_GTEST_PROP(Mish, GradIsOneForLargeXF64, ()) {
  props::equals_limit<F64>(ref("mish_grad", Format::f64), one, 21, 1e300);
}
RC_GTEST_PROP(Mish, GradIsMinusZeroFarLeftF64, ()) {
  props::equals_limit<F64>(ref("mish_grad", Format::f64), minus_zero, -1e300, -751.8);
}
// Relative accuracy next to the root of mish' (the series branch of the kernel).
RC_GTEST_PROP(Mish, GradAccurateNextToItsRootF64, ()) {
  const OpInfo& op = require_op("mish_grad");
  props::accurate_near<F64>(op, ref("mish_grad", Format::f64), kMishRoot, 0x1p-30);
}
RC_GTEST_PROP(Mish, GradAccurateNearItsRootF64, ()) {
  const OpInfo& op = require_op("mish_grad");
  props::accurate_near<F64>(op, ref("mish_grad", Format::f64), kMishRoot, 0.1);
}
RC_GTEST_PROP(Mish, GradAccurateNearItsRootF32, ()) {
  const OpInfo& op = require_op("mish_grad");
  props::accurate_near<F32>(op, ref("mish_grad", Format::f32), kMishRoot, 0x1p-8);
}
RC_GTEST_PROP(Mish, OracleAgreesWithItself, ()) {
  props::oracle_agrees_with_itself(&oracles::mish);
}
RC_GTEST_PROP(Mish, GradOracleAgreesWithItself, ()) {
  props::oracle_agrees_with_itself(&oracles::mish_grad, kMishRoot);
}

// ---- gelu_tanh ------------------------------------------------------------------

const double kGeluTanhRoot = require_op("gelu_tanh").probe("gelu_tanh_grad's root: the minimum of gelu_tanh");
constexpr double kGeluTanhMin = -0.17004075057125405;      // gelu_tanh(kGeluTanhRoot)
constexpr double kGeluTanhGradMin = -0.12899306865877177;  // at x ~ -1.4185
constexpr double kGeluTanhGradMax = 1.1289930686587718;    // at x ~ 1.4185
const std::vector<double> kGeluTanhGradExtremes = {-1.4185040088, 1.4185040088};

RC_GTEST_PROP(GeluTanh, BetweenZeroAndXF64, ()) {
  props::between_zero_and_x<F64>(ref("gelu_tanh", Format::f64));
}
RC_GTEST_PROP(GeluTanh, BetweenZeroAndXF32, ()) {
  props::between_zero_and_x<F32>(ref("gelu_tanh", Format::f32));
}
RC_GTEST_PROP(GeluTanh, BetweenZeroAndXF16, ()) {
  props::between_zero_and_x<F16>(ref("gelu_tanh", Format::f16));
}
RC_GTEST_PROP(GeluTanh, AboveItsMinimumF64, ()) {
  props::within_range_near<F64>(ref("gelu_tanh", Format::f64), kGeluTanhMin, INFINITY,
                                {kGeluTanhRoot}, 0.05);
}
RC_GTEST_PROP(GeluTanh, AboveItsMinimumBf16, ()) {
  props::within_range_near<BF16>(ref("gelu_tanh", Format::bf16),
                                 props::in_format(Format::bf16, kGeluTanhMin), INFINITY,
                                 {kGeluTanhRoot}, 0.05);
}
RC_GTEST_PROP(GeluTanh, DecreasingLeftOfTheMinimumF64, ()) {
  props::monotone_on<F64>(ref("gelu_tanh", Format::f64), -30, kGeluTanhRoot, -1);
}
RC_GTEST_PROP(GeluTanh, IncreasingRightOfTheMinimumF64, ()) {
  props::monotone_on<F64>(ref("gelu_tanh", Format::f64), kGeluTanhRoot, 20, 1);
}
RC_GTEST_PROP(GeluTanh, DecreasingLeftOfTheMinimumF32, ()) {
  props::monotone_on<F32>(ref("gelu_tanh", Format::f32), -12, kGeluTanhRoot, -1);
}
// gelu_tanh(x) - x -> 0 (x for x past 7.15 in f64, 5.07 in f32) and
// gelu_tanh(x) -> -0 (past -21.55 in f64, -10.78 in f32), up to the largest
// finite: x^3 overflows f64 past 5.6e102 and must not turn into NaN.
RC_GTEST_PROP(GeluTanh, IsXForLargeXF64, ()) {
  props::equals_limit<F64>(ref("gelu_tanh", Format::f64), identity, 7.2, 200);
}
RC_GTEST_PROP(GeluTanh, IsXForHugeXF64, ()) {
  props::equals_limit<F64>(ref("gelu_tanh", Format::f64), identity, 1e100, 1.7e308);
}
RC_GTEST_PROP(GeluTanh, IsXForLargeXF32, ()) {
  props::equals_limit<F32>(ref("gelu_tanh", Format::f32), identity, 5.07, 3e38);
}
RC_GTEST_PROP(GeluTanh, IsMinusZeroFarLeftF64, ()) {
  props::equals_limit<F64>(ref("gelu_tanh", Format::f64), minus_zero, -200, -21.6);
}
RC_GTEST_PROP(GeluTanh, IsMinusZeroForHugeNegativeXF64, ()) {
  props::equals_limit<F64>(ref("gelu_tanh", Format::f64), minus_zero, -1.7e308, -1e100);
}
RC_GTEST_PROP(GeluTanh, IsMinusZeroFarLeftF32, ()) {
  props::equals_limit<F32>(ref("gelu_tanh", Format::f32), minus_zero, -3e38, -10.78);
}
// The far left tail in f64, down to the smallest subnormal (x ~ -21.5): e^2u
// needs 2u to twice long double's precision there (|2u| up to 745).
RC_GTEST_PROP(GeluTanh, AccurateInTheFarLeftTailF64, ()) {
  props::accurate_near<F64>(require_op("gelu_tanh"), ref("gelu_tanh", Format::f64), -15, 6.6);
}
RC_GTEST_PROP(GeluTanh, GradAccurateInTheFarLeftTailF64, ()) {
  props::accurate_near<F64>(require_op("gelu_tanh_grad"), ref("gelu_tanh_grad", Format::f64), -15,
                            6.6);
}

// x sigmoid(2u) with u odd: gelu_tanh(x) - gelu_tanh(-x) = x, and the
// derivatives add up to 1.
RC_GTEST_PROP(GeluTanh, ReflectionF64, ()) {
  props::reflection<F64>(ref("gelu_tanh", Format::f64), -1, identity);
}
RC_GTEST_PROP(GeluTanh, ReflectionF32, ()) {
  props::reflection<F32>(ref("gelu_tanh", Format::f32), -1, identity);
}
RC_GTEST_PROP(GeluTanh, ReflectionBf16, ()) {
  props::reflection<BF16>(ref("gelu_tanh", Format::bf16), -1, identity);
}
RC_GTEST_PROP(GeluTanh, GradReflectionF64, ()) {
  props::reflection<F64>(ref("gelu_tanh_grad", Format::f64), 1, one);
}
RC_GTEST_PROP(GeluTanh, GradReflectionF32, ()) {
  props::reflection<F32>(ref("gelu_tanh_grad", Format::f32), 1, one);
}
RC_GTEST_PROP(GeluTanh, GradOracleComplementsToOne, ()) {
  props::complement_to_one(&oracles::gelu_tanh_grad, 256);
}

// PyTorch's definition, 0.5 x (1 + tanh(u)) with the tanh oracle. 1 + tanh(u)
// cancels for x < 0, losing up to all of its digits: the scale is |x|.
RC_GTEST_PROP(GeluTanh, OracleIsPyTorchsFormula, ()) {
  props::oracle_matches(
      &oracles::gelu_tanh,
      [](const Real& x) {
        Real pi, t;
        mpfr_const_pi(pi.backend().data(), MPFR_RNDN);
        oracles::tanh(t, boost::multiprecision::sqrt(2 / pi) * (x + Real("0.044715") * x * x * x),
                      {});
        return Real(x * (1 + t) / 2);
      },
      [](const Real& x) { return Real(boost::multiprecision::abs(x)); }, -30, 30);
}
RC_GTEST_PROP(GeluTanh, GradIsTheSlopeOfTheOracle, ()) {
  props::derivative_matches_difference(&oracles::gelu_tanh, &oracles::gelu_tanh_grad, 1000);
}
RC_GTEST_PROP(GeluTanh, GradWithinItsRangeF64, ()) {
  props::within_range_near<F64>(ref("gelu_tanh_grad", Format::f64), kGeluTanhGradMin,
                                kGeluTanhGradMax, kGeluTanhGradExtremes, 0.05);
}
RC_GTEST_PROP(GeluTanh, GradWithinItsRangeF16, ()) {
  props::within_range_near<F16>(
      ref("gelu_tanh_grad", Format::f16), props::in_format(Format::f16, kGeluTanhGradMin),
      props::in_format(Format::f16, kGeluTanhGradMax), kGeluTanhGradExtremes, 0.05);
}
RC_GTEST_PROP(GeluTanh, GradIsOneForLargeXF64, ()) {
  props::equals_limit<F64>(ref("gelu_tanh_grad", Format::f64), one, 7.5, 1.7e308);
}
RC_GTEST_PROP(GeluTanh, GradIsMinusZeroFarLeftF64, ()) {
  props::equals_limit<F64>(ref("gelu_tanh_grad", Format::f64), minus_zero, -1.7e308, -21.6);
}
RC_GTEST_PROP(GeluTanh, GradAccurateNextToItsRootF64, ()) {
  const OpInfo& op = require_op("gelu_tanh_grad");
  props::accurate_near<F64>(op, ref("gelu_tanh_grad", Format::f64), kGeluTanhRoot, 0x1p-30);
}
RC_GTEST_PROP(GeluTanh, GradAccurateNearItsRootF64, ()) {
  const OpInfo& op = require_op("gelu_tanh_grad");
  props::accurate_near<F64>(op, ref("gelu_tanh_grad", Format::f64), kGeluTanhRoot, 0.1);
}
RC_GTEST_PROP(GeluTanh, GradAccurateNearItsRootF32, ()) {
  const OpInfo& op = require_op("gelu_tanh_grad");
  props::accurate_near<F32>(op, ref("gelu_tanh_grad", Format::f32), kGeluTanhRoot, 0x1p-8);
}
RC_GTEST_PROP(GeluTanh, OracleAgreesWithItself, ()) {
  props::oracle_agrees_with_itself(&oracles::gelu_tanh);
}
RC_GTEST_PROP(GeluTanh, GradOracleAgreesWithItself, ()) {
  props::oracle_agrees_with_itself(&oracles::gelu_tanh_grad, kGeluTanhRoot);
}

}  // namespace
}  // namespace numstab
