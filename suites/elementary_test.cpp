// exp, log, expm1, log1p, erf, erfc: special values (smoke) and properties
// (oracle tier).
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "oracles/elementary/oracle.hpp"
#include "properties/activation_properties.hpp"
#include "properties/each_format.hpp"
#include "properties/oracle_properties.hpp"
#include "properties/special_values.hpp"

namespace numstab {
namespace {

TEST(SmokeElementary, SpecialValues) {
  for (Format f : kAllFormats) {
    const double big = props::largest_finite(f);
    // the smallest subnormal
    const double tiny = std::ldexp(1.0, spec(f).emin - spec(f).precision + 1);
    const double inf = INFINITY, nan = NAN;
    EXPECT_EQ(props::special_value_failures(
                  {{"exp", 0.0, 1.0}, {"exp", -0.0, 1.0}, {"exp", inf, inf}, {"exp", -inf, 0.0},
                   {"exp", big, inf}, {"exp", -big, 0.0}, {"exp", tiny, 1.0}, {"exp", -tiny, 1.0},
                   {"log", 1.0, 0.0}, {"log", 0.0, -inf}, {"log", -0.0, -inf}, {"log", inf, inf},
                   {"log", -tiny, nan}, {"log", -1.0, nan}, {"log", -inf, nan},
                   {"expm1", 0.0, 0.0}, {"expm1", -0.0, -0.0}, {"expm1", inf, inf},
                   {"expm1", -inf, -1.0}, {"expm1", -big, -1.0}, {"expm1", big, inf},
                   {"expm1", tiny, tiny}, {"expm1", -tiny, -tiny},
                   {"log1p", 0.0, 0.0}, {"log1p", -0.0, -0.0}, {"log1p", -1.0, -inf},
                   {"log1p", -2.0, nan}, {"log1p", -inf, nan}, {"log1p", inf, inf},
                   {"log1p", tiny, tiny}, {"log1p", -tiny, -tiny},
                   {"erf", 0.0, 0.0}, {"erf", -0.0, -0.0}, {"erf", inf, 1.0}, {"erf", -inf, -1.0},
                   {"erf", big, 1.0}, {"erf", -big, -1.0}, {"erf", tiny, tiny},
                   {"erf", -tiny, -tiny},
                   {"erfc", 0.0, 1.0}, {"erfc", -0.0, 1.0}, {"erfc", inf, 0.0}, {"erfc", -inf, 2.0},
                   {"erfc", big, 0.0}, {"erfc", -big, 2.0}},
                  f),
              "");
  }
}

Kernel ref(const char* op, Format f) { return reference_kernel(require_op(op), f, {}); }

// --- local helpers ---------------------------------------------------------

using props::mixed_at_full_size;

// props::monotone restricted to the domain x >= lo (below it the op is NaN).
template <class Tag>
void monotone_from(const Kernel& k, double lo) {
  const auto x = *mixed_at_full_size<Tag>();
  const uint64_t steps = *rc::gen::inRange<uint64_t>(1, 17);
  RC_PRE(x.value() >= lo && std::isfinite(x.value()));
  const auto y = props::stepped(x, static_cast<int64_t>(steps));
  RC_PRE(!std::isnan(y.value()));
  const double fx = props::output_of(k, x), fy = props::output_of(k, y);
  if (!(fx <= fy))
    RC_FAIL("not monotone: f(" + hex_text(x.value()) + ") = " + hex_text(fx) + " > f(" +
            hex_text(y.value()) + ") = " + hex_text(fy));
}

// x <= y implies f(x) >= f(y), between near neighbours as in props::monotone.
template <class Tag>
void decreasing(const Kernel& k) {
  const auto x = *mixed_at_full_size<Tag>();
  const uint64_t steps = *rc::gen::inRange<uint64_t>(1, 17);
  RC_PRE(std::isfinite(x.value()));
  const auto y = props::stepped(x, static_cast<int64_t>(steps));
  RC_PRE(!std::isnan(y.value()));
  const double fx = props::output_of(k, x), fy = props::output_of(k, y);
  if (!(fx >= fy))
    RC_FAIL("not decreasing: f(" + hex_text(x.value()) + ") = " + hex_text(fx) + " < f(" +
            hex_text(y.value()) + ") = " + hex_text(fy));
}

// f(x) is NaN for every x < lo (outside the domain).
template <class Tag>
void nan_below(const Kernel& k, double lo) {
  const auto x = *mixed_at_full_size<Tag>();
  RC_PRE(x.value() < lo);
  const double fx = props::output_of(k, x);
  if (!std::isnan(fx)) RC_FAIL("f(" + hex_text(x.value()) + ") = " + hex_text(fx) + ", not NaN");
}

// f(x) has the sign of x, and is zero only where x is (expm1, log1p: the
// sign of a tiny result is what e^x - 1 computed naively gets wrong).
template <class Tag>
void keeps_sign(const Kernel& k, double lo) {
  const auto x = *mixed_at_full_size<Tag>();
  RC_PRE(x.value() >= lo);
  const double fx = props::output_of(k, x);
  if (std::signbit(fx) != std::signbit(x.value()) || (fx == 0) != (x.value() == 0))
    RC_FAIL("f(" + hex_text(x.value()) + ") = " + hex_text(fx) + " has the wrong sign");
}

// f(x) <= x (sign -1) or f(x) >= x (sign +1) for x >= lo: exact inequalities
// with a representable right side, which correct rounding keeps.
template <class Tag>
void compared_with_x(const Kernel& k, double lo, int sign) {
  const auto x = *mixed_at_full_size<Tag>();
  RC_PRE(x.value() >= lo);
  const double fx = props::output_of(k, x);
  if (!(sign * (fx - x.value()) >= 0 || (std::isinf(fx) && fx == x.value())))
    RC_FAIL("f(" + hex_text(x.value()) + ") = " + hex_text(fx) +
            (sign < 0 ? " is above x" : " is below x"));
}

// --- exp, expm1 --------------------------------------------------------------

NUMSTAB_PROP_EACH_FORMAT(Exp, Monotone, props::monotone<Tag>(ref("exp", Tag::format)))
RC_GTEST_PROP(Exp, NonNegativeF32, ()) {
  props::within_range<F32>(ref("exp", Format::f32), 0.0, INFINITY);
}
// f64 results in the subnormal range (e^-745.13 .. e^-708.4): the long double
// intermediate is normal there, so only the final rounding may lose bits.
RC_GTEST_PROP(Exp, SubnormalResultsF64, ()) {
  props::within_bound_on<F64>(require_op("exp"), ref("exp", Format::f64), -745.2, -708.3, 1.0);
}

RC_GTEST_PROP(Expm1, MonotoneF64, ()) { props::monotone<F64>(ref("expm1", Format::f64)); }
RC_GTEST_PROP(Expm1, MonotoneF32, ()) { props::monotone<F32>(ref("expm1", Format::f32)); }
RC_GTEST_PROP(Expm1, MonotoneBf16, ()) { props::monotone<BF16>(ref("expm1", Format::bf16)); }
RC_GTEST_PROP(Expm1, AboveMinusOneF32, ()) {
  props::within_range<F32>(ref("expm1", Format::f32), -1.0, INFINITY);
}
RC_GTEST_PROP(Expm1, KeepsSignF64, ()) { keeps_sign<F64>(ref("expm1", Format::f64), -INFINITY); }
RC_GTEST_PROP(Expm1, KeepsSignF32, ()) { keeps_sign<F32>(ref("expm1", Format::f32), -INFINITY); }
RC_GTEST_PROP(Expm1, KeepsSignF16, ()) { keeps_sign<F16>(ref("expm1", Format::f16), -INFINITY); }
// e^x - 1 >= x for every x.
RC_GTEST_PROP(Expm1, AtLeastXF64, ()) {
  compared_with_x<F64>(ref("expm1", Format::f64), -INFINITY, +1);
}
RC_GTEST_PROP(Expm1, AtLeastXF32, ()) {
  compared_with_x<F32>(ref("expm1", Format::f32), -INFINITY, +1);
}
// expm1(x) = exp(x) - 1 where the subtraction cannot cancel (x >= 2: e^x - 1
// > 0.86 e^x): the two kernels agree to 2 ULP.
RC_GTEST_PROP(Expm1, IsExpMinusOneF32, ()) {
  const Kernel e = ref("exp", Format::f32);
  props::agrees_with<F32>(
      ref("expm1", Format::f32),
      [&](double x) {
        return static_cast<double>(
            static_cast<float>(props::output_of(e, props::make_input<F32>(x)) - 1.0));
      },
      2, 88, 2.0);
}

// --- log, log1p ----------------------------------------------------------------

RC_GTEST_PROP(Log, MonotoneF64, ()) { monotone_from<F64>(ref("log", Format::f64), 0.0); }
RC_GTEST_PROP(Log, MonotoneF32, ()) { monotone_from<F32>(ref("log", Format::f32), 0.0); }
RC_GTEST_PROP(Log, MonotoneF16, ()) { monotone_from<F16>(ref("log", Format::f16), 0.0); }
RC_GTEST_PROP(Log, NaNBelowZeroF64, ()) { nan_below<F64>(ref("log", Format::f64), 0.0); }
RC_GTEST_PROP(Log, NaNBelowZeroBf16, ()) { nan_below<BF16>(ref("log", Format::bf16), 0.0); }

RC_GTEST_PROP(Log1p, MonotoneF64, ()) { monotone_from<F64>(ref("log1p", Format::f64), -1.0); }
RC_GTEST_PROP(Log1p, MonotoneF32, ()) { monotone_from<F32>(ref("log1p", Format::f32), -1.0); }
RC_GTEST_PROP(Log1p, MonotoneBf16, ()) { monotone_from<BF16>(ref("log1p", Format::bf16), -1.0); }
RC_GTEST_PROP(Log1p, NaNBelowMinusOneF64, ()) { nan_below<F64>(ref("log1p", Format::f64), -1.0); }
RC_GTEST_PROP(Log1p, NaNBelowMinusOneF16, ()) { nan_below<F16>(ref("log1p", Format::f16), -1.0); }
RC_GTEST_PROP(Log1p, KeepsSignF64, ()) { keeps_sign<F64>(ref("log1p", Format::f64), -1.0); }
RC_GTEST_PROP(Log1p, KeepsSignF32, ()) { keeps_sign<F32>(ref("log1p", Format::f32), -1.0); }
RC_GTEST_PROP(Log1p, KeepsSignBf16, ()) { keeps_sign<BF16>(ref("log1p", Format::bf16), -1.0); }
// log(1 + x) <= x for x >= -1.
RC_GTEST_PROP(Log1p, AtMostXF64, ()) { compared_with_x<F64>(ref("log1p", Format::f64), -1.0, -1); }
RC_GTEST_PROP(Log1p, AtMostXF32, ()) { compared_with_x<F32>(ref("log1p", Format::f32), -1.0, -1); }

// --- erf, erfc -------------------------------------------------------------------

NUMSTAB_PROP_EACH_FORMAT(Erf, Odd, props::odd<Tag>(ref("erf", Tag::format)))
RC_GTEST_PROP(Erf, MonotoneF64, ()) { props::monotone<F64>(ref("erf", Format::f64)); }
RC_GTEST_PROP(Erf, MonotoneF32, ()) { props::monotone<F32>(ref("erf", Format::f32)); }
RC_GTEST_PROP(Erf, WithinMinusOneOneF32, ()) {
  props::within_range<F32>(ref("erf", Format::f32), -1.0, 1.0);
}

RC_GTEST_PROP(Erfc, DecreasingF64, ()) { decreasing<F64>(ref("erfc", Format::f64)); }
RC_GTEST_PROP(Erfc, DecreasingF32, ()) { decreasing<F32>(ref("erfc", Format::f32)); }
RC_GTEST_PROP(Erfc, DecreasingBf16, ()) { decreasing<BF16>(ref("erfc", Format::bf16)); }
RC_GTEST_PROP(Erfc, WithinZeroTwoF64, ()) {
  props::within_range<F64>(ref("erfc", Format::f64), 0.0, 2.0);
}
// erfc(x) = 1 - erf(x) where the subtraction cannot cancel (x <= 0).
RC_GTEST_PROP(Erfc, IsOneMinusErfF32, ()) {
  const Kernel e = ref("erf", Format::f32);
  props::agrees_with<F32>(
      ref("erfc", Format::f32),
      [&](double x) {
        return static_cast<double>(
            static_cast<float>(1.0 - props::output_of(e, props::make_input<F32>(x))));
      },
      -8, 0, 2.0);
}
// erfc(-x) = 2 - erfc(x): the negative half from the positive one (x >= 0).
RC_GTEST_PROP(Erfc, ReflectionF64, ()) {
  const Kernel e = ref("erfc", Format::f64);
  props::agrees_with<F64>(
      e, [&](double x) { return 2.0 - props::output_of(e, props::make_input<F64>(-x)); }, -30, 0,
      2.0);
}
// The f64 far tail (erfc(x) from 2e-45 down to subnormal results and 0), where
// MPFR is slow and the default sweep's uniform samples do not go.
RC_GTEST_PROP(Erfc, FarTailF64, ()) {
  props::within_bound_on<F64>(require_op("erfc"), ref("erfc", Format::f64), 10, 27.3, 1.0);
}

// --- the oracles ---------------------------------------------------------------

// 256 and 512 bits agree (oracle_selfcheck_test does this for its list).
using props::oracle_precisions_agree;

RC_GTEST_PROP(ElementaryOracle, ExpTwoPrecisionsAgree, ()) {
  oracle_precisions_agree("exp", {}, -750, 750);
}
RC_GTEST_PROP(ElementaryOracle, LogTwoPrecisionsAgree, ()) {
  oracle_precisions_agree("log", {}, 0, 4);
}
RC_GTEST_PROP(ElementaryOracle, Expm1TwoPrecisionsAgree, ()) {
  oracle_precisions_agree("expm1", {}, -40, 710);
}
RC_GTEST_PROP(ElementaryOracle, Log1pTwoPrecisionsAgree, ()) {
  oracle_precisions_agree("log1p", {}, -1, 4);
}
RC_GTEST_PROP(ElementaryOracle, ErfTwoPrecisionsAgree, ()) {
  oracle_precisions_agree("erf", {}, -6, 6);
}
RC_GTEST_PROP(ElementaryOracle, ErfcTwoPrecisionsAgree, ()) {
  oracle_precisions_agree("erfc", {}, -6, 28);
}

// erf(x) + erfc(x) = 1 for the oracles, to a few roundings at 256 bits.
RC_GTEST_PROP(ElementaryOracle, ErfPlusErfcIsOne, ()) {
  const auto x = *mixed_at_full_size<F64>(-10, 10);
  RC_PRE(!std::isnan(x.value()));
  set_real_precision(256);
  Real a, b;
  oracles::erf(a, Real(x.value()), {});
  oracles::erfc(b, Real(x.value()), {});
  RC_ASSERT(boost::multiprecision::abs(a + b - 1) <= boost::multiprecision::ldexp(Real(1), -250));
}

// expm1(x) = exp(x) - 1 and log1p(x) = log(1 + x) for the oracles, the right
// sides at 4x the precision (their cancellation costs at most 1075 bits for f64 x).
RC_GTEST_PROP(ElementaryOracle, Expm1AndLog1pMatchTheirDefinitions, ()) {
  const auto x = *mixed_at_full_size<F64>(-2, 2);
  RC_PRE(std::isfinite(x.value()) && x.value() > -1 && std::fabs(x.value()) < 700);
  set_real_precision(256);
  Real m, l;
  oracles::expm1(m, Real(x.value()), {});
  oracles::log1p(l, Real(x.value()), {});
  set_real_precision(2048);
  const Real xr = x.value();
  const Real m_def = boost::multiprecision::exp(xr) - 1, l_def = boost::multiprecision::log(1 + xr);
  const Real tol = boost::multiprecision::ldexp(Real(1), -250);
  RC_ASSERT(boost::multiprecision::abs(m - m_def) <= boost::multiprecision::abs(m_def) * tol);
  RC_ASSERT(boost::multiprecision::abs(l - l_def) <= boost::multiprecision::abs(l_def) * tol);
}

}  // namespace
}  // namespace numstab
