// elu, selu, celu and their derivatives: special values (smoke), selu's exact
// constants and PyTorch's values at 0 in the oracles, sweeps with
// non-default alpha, and properties (oracle tier).
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <iostream>
#include <optional>

#include "properties/activation_properties.hpp"
#include "properties/kink_properties.hpp"
#include "properties/reference_sweep.hpp"
#include "properties/special_values.hpp"

namespace numstab {
namespace {

const char kSeluScale[] = "1.0507009873554804934193349852946";
// Their product, multiplied out exactly in decimal.
const char kSeluScaleAlpha[] = "1.75809934084737685994021752081231934206024580891220830977098282";

TEST(SmokeElu, SpecialValues) {
  set_real_precision(256);
  for (Format f : kAllFormats) {
    const double big = props::largest_finite(f);
    const double tiny = bits_to_double(f, 1);
    const double scale = round_to_format(f, Real(kSeluScale));
    const double scale_alpha = round_to_format(f, Real(kSeluScaleAlpha));
    EXPECT_EQ(props::special_value_failures(
                  {{"elu", 0.0, 0.0}, {"elu", -0.0, -0.0}, {"elu", tiny, tiny},
                   {"elu", INFINITY, INFINITY}, {"elu", -INFINITY, -1.0}, {"elu", big, big},
                   {"elu", -big, -1.0},
                   {"elu_grad", 0.0, 1.0}, {"elu_grad", -0.0, 1.0}, {"elu_grad", INFINITY, 1.0},
                   {"elu_grad", -INFINITY, 0.0}, {"elu_grad", -big, 0.0},
                   {"selu", 0.0, 0.0}, {"selu", -0.0, -0.0}, {"selu", 1.0, scale},
                   {"selu", INFINITY, INFINITY}, {"selu", big, INFINITY},
                   {"selu", -INFINITY, -scale_alpha}, {"selu", -big, -scale_alpha},
                   {"selu_grad", 0.0, scale_alpha}, {"selu_grad", -0.0, scale_alpha},
                   {"selu_grad", tiny, scale}, {"selu_grad", INFINITY, scale},
                   {"selu_grad", -INFINITY, 0.0},
                   {"celu", 0.0, 0.0}, {"celu", -0.0, -0.0}, {"celu", INFINITY, INFINITY},
                   {"celu", -INFINITY, -1.0}, {"celu", -big, -1.0}, {"celu", big, big},
                   {"celu_grad", 0.0, 1.0}, {"celu_grad", -0.0, 1.0}, {"celu_grad", INFINITY, 1.0},
                   {"celu_grad", -INFINITY, 0.0}},
                  f),
              "");
  }
}

// selu's oracle holds the decimal constants to the working precision (a
// double constant would be 1e-17 off), and the derivatives at 0 are PyTorch's.
TEST(EluOracles, SeluConstantsAreExactAndKinksArePyTorchs) {
  set_real_precision(512);
  const auto eval = [](const char* name, double x) {
    const OpInfo& op = require_op(name);
    Real y;
    op.oracle(y, Real(x), op.resolve_params({}));
    return y;
  };
  const Real tolerance = boost::multiprecision::ldexp(Real(1), -500);
  EXPECT_LE(boost::multiprecision::abs(eval("selu", -INFINITY) + Real(kSeluScaleAlpha)), tolerance);
  EXPECT_LE(boost::multiprecision::abs(eval("selu", 1) - Real(kSeluScale)), tolerance);
  EXPECT_LE(boost::multiprecision::abs(eval("selu_grad", 0) - Real(kSeluScaleAlpha)), tolerance);
  EXPECT_LE(boost::multiprecision::abs(eval("selu_grad", 1) - Real(kSeluScale)), tolerance);
  EXPECT_EQ(eval("elu_grad", 0), 1);
  EXPECT_EQ(eval("celu_grad", 0), 1);
  const OpInfo& elu_grad = require_op("elu_grad");
  Real y;
  elu_grad.oracle(y, Real(0), elu_grad.resolve_params({"alpha=0.5"}));
  EXPECT_EQ(y, 0.5);  // the negative piece's slope alpha e^0
}

// f64 is held to the catalog's bound; the others to 1 ULP, as the reference sweep.
TEST(EluParams, NonDefaultAlphaMeetsTheBound) {
  const std::vector<std::pair<const char*, const char*>> cases = {
      {"elu", "alpha=0.5"},  {"elu_grad", "alpha=0.5"}, {"elu", "alpha=2.5"},
      {"celu", "alpha=0.5"}, {"celu_grad", "alpha=0.5"}, {"celu", "alpha=3"},
      {"celu_grad", "alpha=3"}};
  for (const auto& [name, assignment] : cases)
    for (Format f : kAllFormats) {
      const Record r = props::sweep_with(name, {assignment}, f);
      std::cout << assignment << " " << to_text(r);
      EXPECT_LE(r.max_ulp, f == Format::f64 ? require_op(name).reference_bound_f64 : 1.0)
          << name << " " << assignment << " " << spec(f).name;
      EXPECT_TRUE(r.passed()) << name << " " << assignment << " " << spec(f).name;
    }
}

using props::identical_to;
using props::ref;

// The derivative oracle against a central difference; the only kink is at 0.
void slope_matches_difference(const char* grad, const std::vector<std::string>& assignments,
                              double max_abs_x) {
  props::slope_matches_difference(grad, assignments, {0}, max_abs_x);
}

// elu, selu and celu are x (times scale) for x >= 0, including -0 and +inf.
std::optional<double> identity_for_nonnegative(double x) {
  return x >= 0 ? std::optional<double>(x) : std::nullopt;
}
RC_GTEST_PROP(Elu, IdentityForNonNegativeF64, ()) {
  identical_to<F64>(ref("elu", Format::f64), identity_for_nonnegative);
}
RC_GTEST_PROP(Elu, IdentityForNonNegativeF32, ()) {
  identical_to<F32>(ref("elu", Format::f32, {"alpha=0.5"}), identity_for_nonnegative);
}
RC_GTEST_PROP(Elu, IdentityForNonNegativeF16, ()) {
  identical_to<F16>(ref("elu", Format::f16), identity_for_nonnegative);
}
RC_GTEST_PROP(Celu, IdentityForNonNegativeBf16, ()) {
  identical_to<BF16>(ref("celu", Format::bf16, {"alpha=2"}), identity_for_nonnegative);
}

// celu(x, a) = a elu(x / a, 1): for a = 2 both scalings are exact, so the
// kernels agree bit for bit wherever x / 2 stays normal.
template <class Tag>
void celu_is_scaled_elu() {
  const Kernel elu = ref("elu", Tag::format);
  const double min_normal = std::ldexp(1.0, spec(Tag::format).emin);
  identical_to<Tag>(ref("celu", Tag::format, {"alpha=2"}), [&](double x) -> std::optional<double> {
    if (std::fabs(x) < 2 * min_normal) return std::nullopt;
    return 2 * props::output_of(elu, props::make_input<Tag>(x / 2));
  });
}
RC_GTEST_PROP(Celu, IsScaledEluF32, ()) { celu_is_scaled_elu<F32>(); }
RC_GTEST_PROP(Celu, IsScaledEluF16, ()) { celu_is_scaled_elu<F16>(); }

// selu(x) = scale elu(x, alpha) with selu's alpha (here the double nearest
// it: 2^-53 off). The right side multiplies the rounded elu by scale
// (in double: 2^-53 more): the elu rounding moves it by up to scale/2 ULP of
// elu <= 0.53 ULP of selu (|selu| > |elu|), the kernel's own by 0.5.
template <class Tag>
void selu_is_scaled_elu() {
  const Kernel elu = ref("elu", Tag::format, {"alpha=1.6732632423543772848170429916717"});
  const double scale = 1.0507009873554804934193349852946;
  props::agrees_with<Tag>(
      ref("selu", Tag::format),
      [&](double x) { return scale * props::output_of(elu, props::make_input<Tag>(x)); }, -30, 30,
      1.05);
}
RC_GTEST_PROP(Selu, IsScaledEluF32, ()) { selu_is_scaled_elu<F32>(); }
RC_GTEST_PROP(Selu, IsScaledEluBf16, ()) { selu_is_scaled_elu<BF16>(); }

RC_GTEST_PROP(Elu, MonotoneF32, ()) { props::monotone<F32>(ref("elu", Format::f32)); }
RC_GTEST_PROP(Elu, MonotoneF64, ()) { props::monotone<F64>(ref("elu", Format::f64)); }
RC_GTEST_PROP(Elu, MonotoneAlphaHalfF16, ()) {
  props::monotone<F16>(ref("elu", Format::f16, {"alpha=0.5"}));
}
RC_GTEST_PROP(Selu, MonotoneF32, ()) { props::monotone<F32>(ref("selu", Format::f32)); }
RC_GTEST_PROP(Selu, MonotoneBf16, ()) { props::monotone<BF16>(ref("selu", Format::bf16)); }
RC_GTEST_PROP(Celu, MonotoneF64, ()) { props::monotone<F64>(ref("celu", Format::f64, {"alpha=3"})); }
RC_GTEST_PROP(EluGrad, MonotoneAlphaHalfF32, ()) {
  // alpha e^x increases to alpha at 0, then jumps up to 1 (alpha <= 1).
  props::monotone<F32>(ref("elu_grad", Format::f32, {"alpha=0.5"}));
}

// The infimum -alpha (-scale alpha for selu), rounded into the format, bounds
// every output: rounding is monotone.
RC_GTEST_PROP(Elu, AboveMinusAlphaF32, ()) {
  props::within_range<F32>(ref("elu", Format::f32), -1.0, INFINITY);
}
RC_GTEST_PROP(Selu, AboveMinusScaleAlphaF16, ()) {
  set_real_precision(256);
  props::within_range<F16>(ref("selu", Format::f16),
                           -round_to_format(Format::f16, Real(kSeluScaleAlpha)), INFINITY);
}
RC_GTEST_PROP(Selu, AboveMinusScaleAlphaF64, ()) {
  set_real_precision(256);
  props::within_range<F64>(ref("selu", Format::f64),
                           -round_to_format(Format::f64, Real(kSeluScaleAlpha)), INFINITY);
}
RC_GTEST_PROP(Celu, AboveMinusAlphaBf16, ()) {
  props::within_range<BF16>(ref("celu", Format::bf16, {"alpha=0.5"}), -0.5, INFINITY);
}

RC_GTEST_PROP(Elu, GradIsTheSlopeOfTheOracle, ()) { slope_matches_difference("elu_grad", {}, 120); }
RC_GTEST_PROP(Elu, GradIsTheSlopeOfTheOracleAlphaHalf, ()) {
  slope_matches_difference("elu_grad", {"alpha=0.5"}, 120);
}
RC_GTEST_PROP(Selu, GradIsTheSlopeOfTheOracle, ()) { slope_matches_difference("selu_grad", {}, 120); }
RC_GTEST_PROP(Celu, GradIsTheSlopeOfTheOracleAlpha3, ()) {
  slope_matches_difference("celu_grad", {"alpha=3"}, 300);
}

}  // namespace
}  // namespace numstab
