// gelu (erf form) and gelu': special values (smoke) and properties (oracle tier).
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "oracles/gelu/oracle.hpp"
#include "properties/activation_properties.hpp"
#include "properties/each_format.hpp"
#include "properties/oracle_properties.hpp"
#include "properties/special_values.hpp"

namespace numstab {
namespace {

TEST(SmokeGelu, SpecialValues) {
  for (Format f : kAllFormats) {
    const double big = props::largest_finite(f);
    EXPECT_EQ(props::special_value_failures(
                  {{"gelu", 0.0, 0.0}, {"gelu", -0.0, -0.0}, {"gelu", INFINITY, INFINITY},
                   {"gelu", -INFINITY, -0.0}, {"gelu", big, big}, {"gelu", -big, -0.0},
                   {"gelu", NAN, NAN}, {"gelu_grad", 0.0, 0.5}, {"gelu_grad", -0.0, 0.5},
                   {"gelu_grad", INFINITY, 1.0}, {"gelu_grad", -INFINITY, -0.0},
                   {"gelu_grad", big, 1.0}, {"gelu_grad", -big, -0.0}, {"gelu_grad", NAN, NAN}},
                  f),
              "");
  }
}

Kernel ref(const char* op, Format f) { return reference_kernel(require_op(op), f, {}); }

const double kRoot = require_op("gelu").probe("gelu_grad's root: the minimum of gelu");
constexpr double kMin = -0.16997120747990366;      // gelu(kRoot)
constexpr double kGradMin = -0.12890414518515479;  // gelu'(-sqrt 2)
constexpr double kGradMax = 1.1289041451851548;    // gelu'(sqrt 2)
const std::vector<double> kGradExtremes = {-1.4142135623730951, 1.4142135623730951};

double identity(double x) { return x; }
double minus_zero(double) { return -0.0; }
double one(double) { return 1.0; }

NUMSTAB_PROP_EACH_FORMAT(Gelu, BetweenZeroAndX, props::between_zero_and_x<Tag>(ref("gelu", Tag::format)))
RC_GTEST_PROP(Gelu, AboveItsMinimumF64, ()) {
  props::within_range_near<F64>(ref("gelu", Format::f64), kMin, INFINITY, {kRoot}, 0.05);
}
RC_GTEST_PROP(Gelu, AboveItsMinimumF32, ()) {
  props::within_range_near<F32>(ref("gelu", Format::f32), props::in_format(Format::f32, kMin),
                                INFINITY, {kRoot}, 0.05);
}
RC_GTEST_PROP(Gelu, DecreasingLeftOfTheMinimumF64, ()) {
  props::monotone_on<F64>(ref("gelu", Format::f64), -40, kRoot, -1);
}
RC_GTEST_PROP(Gelu, IncreasingRightOfTheMinimumF64, ()) {
  props::monotone_on<F64>(ref("gelu", Format::f64), kRoot, 20, 1);
}
RC_GTEST_PROP(Gelu, DecreasingLeftOfTheMinimumF32, ()) {
  props::monotone_on<F32>(ref("gelu", Format::f32), -15, kRoot, -1);
}
RC_GTEST_PROP(Gelu, IncreasingRightOfTheMinimumF32, ()) {
  props::monotone_on<F32>(ref("gelu", Format::f32), kRoot, 10, 1);
}
// gelu(x) - x -> 0 (x past 8.29 in f64, 5.42 in f32) and gelu(x) -> 0 from
// below (-0 past -38.58 in f64, -14.36 in f32).
RC_GTEST_PROP(Gelu, IsXForLargeXF64, ()) {
  props::equals_limit<F64>(ref("gelu", Format::f64), identity, 8.3, 1e300);
}
RC_GTEST_PROP(Gelu, IsXForLargeXF32, ()) {
  props::equals_limit<F32>(ref("gelu", Format::f32), identity, 5.42, 3e38);
}
RC_GTEST_PROP(Gelu, IsMinusZeroFarLeftF64, ()) {
  props::equals_limit<F64>(ref("gelu", Format::f64), minus_zero, -1e300, -38.59);
}
RC_GTEST_PROP(Gelu, IsMinusZeroFarLeftF32, ()) {
  props::equals_limit<F32>(ref("gelu", Format::f32), minus_zero, -3e38, -14.36);
}
// Phi(x) + Phi(-x) = 1: gelu(x) - gelu(-x) = x and gelu'(x) + gelu'(-x) = 1.
RC_GTEST_PROP(Gelu, ReflectionF64, ()) {
  props::reflection<F64>(ref("gelu", Format::f64), -1, identity);
}
RC_GTEST_PROP(Gelu, ReflectionF32, ()) {
  props::reflection<F32>(ref("gelu", Format::f32), -1, identity);
}
RC_GTEST_PROP(Gelu, ReflectionF16, ()) {
  props::reflection<F16>(ref("gelu", Format::f16), -1, identity);
}
RC_GTEST_PROP(Gelu, GradReflectionF64, ()) {
  props::reflection<F64>(ref("gelu_grad", Format::f64), 1, one);
}
RC_GTEST_PROP(Gelu, GradReflectionF32, ()) {
  props::reflection<F32>(ref("gelu_grad", Format::f32), 1, one);
}
RC_GTEST_PROP(Gelu, GradOracleComplementsToOne, ()) {
  props::complement_to_one(&oracles::gelu_grad, 256);
}

// The f64 kernel where double's erfc is subnormal or zero (z = -x/sqrt 2 past
// 26.2) but gelu is not yet below the f64 range: long double's erfcl
// reaches e^-11355, and its argument must be exact to twice its precision.
RC_GTEST_PROP(Gelu, AccurateWhereDoubleErfcUnderflowsF64, ()) {
  props::accurate_near<F64>(require_op("gelu"), ref("gelu", Format::f64), -32.65, 6.05);
}
RC_GTEST_PROP(Gelu, GradAccurateWhereDoubleErfcUnderflowsF64, ()) {
  props::accurate_near<F64>(require_op("gelu_grad"), ref("gelu_grad", Format::f64), -32.65, 6.05);
}

// The erf form PyTorch writes, x (1 + erf(x / sqrt 2)) / 2: 1 + erf cancels
// for x < 0, so the scale is |x|.
RC_GTEST_PROP(Gelu, OracleIsPyTorchsErfForm, ()) {
  props::oracle_matches(
      &oracles::gelu,
      [](const Real& x) {
        return Real(x * (1 + boost::multiprecision::erf(x / boost::multiprecision::sqrt(Real(2)))) /
                    2);
      },
      [](const Real& x) { return Real(boost::multiprecision::abs(x)); }, -30, 30);
}

// Far left, Phi(x) = phi(x) / |x| * S with the asymptotic series
// S = sum_n (-1)^n (2n-1)!! / x^(2n), whose terms shrink to 2^-270 long before
// they grow again for |x| >= 40: gelu(x) = -phi(x) S, gelu'(x) = phi(x) (S / |x| - |x|),
// checked relative to the value, tens of thousands of binades below f64's range.
Real tail_series(const Real& x) {
  Real sum = 1, term = 1;
  for (int n = 1; boost::multiprecision::abs(term) > boost::multiprecision::ldexp(Real(1), -270);
       ++n)
    term *= -(2 * n - 1) / (x * x), sum += term;
  return sum;
}
Real normal_density(const Real& x) {
  Real pi;
  mpfr_const_pi(pi.backend().data(), MPFR_RNDN);
  return boost::multiprecision::exp(-x * x / 2) / boost::multiprecision::sqrt(2 * pi);
}
Real gelu_by_series(const Real& x) { return -normal_density(x) * tail_series(x); }
Real gelu_grad_by_series(const Real& x) { return normal_density(x) * (tail_series(x) / -x + x); }
RC_GTEST_PROP(Gelu, OracleMatchesTheTailSeries, ()) {
  props::oracle_matches(
      &oracles::gelu, gelu_by_series,
      [](const Real& x) { return Real(boost::multiprecision::abs(gelu_by_series(x))); }, -3000,
      -40);
}
RC_GTEST_PROP(Gelu, GradOracleMatchesTheTailSeries, ()) {
  props::oracle_matches(
      &oracles::gelu_grad, gelu_grad_by_series,
      [](const Real& x) { return Real(boost::multiprecision::abs(gelu_grad_by_series(x))); }, -3000,
      -40);
}
// gelu(-40) = -1.4623574163660118815e-348 (mpmath at 50 digits): below the
// f64 subnormals, a value for the oracle all the same.
TEST(Gelu, OracleAtMinusForty) {
  set_real_precision(256);
  Real y;
  oracles::gelu(y, Real(-40), {});
  const Real expected("-1.4623574163660118815e-348");
  EXPECT_LT(boost::multiprecision::abs(y / expected - 1), Real("1e-18")) << exact_dec_text(y);
}

RC_GTEST_PROP(Gelu, GradIsTheSlopeOfTheOracle, ()) {
  props::derivative_matches_difference(&oracles::gelu, &oracles::gelu_grad, 1000);
}
RC_GTEST_PROP(Gelu, GradWithinItsRangeF64, ()) {
  props::within_range_near<F64>(ref("gelu_grad", Format::f64), kGradMin, kGradMax, kGradExtremes,
                                0.05);
}
RC_GTEST_PROP(Gelu, GradWithinItsRangeF32, ()) {
  props::within_range_near<F32>(ref("gelu_grad", Format::f32),
                                props::in_format(Format::f32, kGradMin),
                                props::in_format(Format::f32, kGradMax), kGradExtremes, 0.05);
}
RC_GTEST_PROP(Gelu, GradWithinItsRangeBf16, ()) {
  props::within_range_near<BF16>(ref("gelu_grad", Format::bf16),
                                 props::in_format(Format::bf16, kGradMin),
                                 props::in_format(Format::bf16, kGradMax), kGradExtremes, 0.05);
}
RC_GTEST_PROP(Gelu, GradIsOneForLargeXF64, ()) {
  props::equals_limit<F64>(ref("gelu_grad", Format::f64), one, 8.8, 1e300);
}
RC_GTEST_PROP(Gelu, GradIsMinusZeroFarLeftF64, ()) {
  props::equals_limit<F64>(ref("gelu_grad", Format::f64), minus_zero, -1e300, -38.68);
}
RC_GTEST_PROP(Gelu, GradIsMinusZeroFarLeftF32, ()) {
  props::equals_limit<F32>(ref("gelu_grad", Format::f32), minus_zero, -3e38, -14.55);
}
// Relative accuracy next to the root of gelu' (the series branch of the kernel).
RC_GTEST_PROP(Gelu, GradAccurateNextToItsRootF64, ()) {
  props::accurate_near<F64>(require_op("gelu_grad"), ref("gelu_grad", Format::f64), kRoot, 0x1p-30);
}
RC_GTEST_PROP(Gelu, GradAccurateNearItsRootF64, ()) {
  props::accurate_near<F64>(require_op("gelu_grad"), ref("gelu_grad", Format::f64), kRoot, 0.1);
}
RC_GTEST_PROP(Gelu, GradAccurateNearItsRootF32, ()) {
  props::accurate_near<F32>(require_op("gelu_grad"), ref("gelu_grad", Format::f32), kRoot, 0x1p-8);
}
RC_GTEST_PROP(Gelu, OracleAgreesWithItself, ()) {
  props::oracle_agrees_with_itself(&oracles::gelu);
}
RC_GTEST_PROP(Gelu, GradOracleAgreesWithItself, ()) {
  props::oracle_agrees_with_itself(&oracles::gelu_grad, kRoot);
}

}  // namespace
}  // namespace numstab
