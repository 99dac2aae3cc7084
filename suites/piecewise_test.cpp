// relu, relu6, leaky_relu, hardtanh, hardsigmoid, hardswish and their
// derivatives: special values and kinks (smoke), PyTorch's kink values in the
// oracles, sweeps with non-default parameters, and properties (oracle tier).
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


// The exact real `value` rounded once into f (values such as 1/6 and 0.01
// that no format holds exactly).
double rounded(Format f, const Real& value) { return round_to_format(f, value); }

TEST(SmokePiecewise, SpecialValues) {
  set_real_precision(256);
  for (Format f : kAllFormats) {
    const double big = props::largest_finite(f);
    const double tiny = bits_to_double(f, 1);  // smallest subnormal
    const double sixth = rounded(f, Real(1) / 6);
    const double alpha = rounded(f, Real(0.01));
    EXPECT_EQ(props::special_value_failures(
                  {{"relu", 0.0, 0.0}, {"relu", -0.0, -0.0}, {"relu", -tiny, 0.0},
                   {"relu", tiny, tiny}, {"relu", INFINITY, INFINITY}, {"relu", -INFINITY, 0.0},
                   {"relu", big, big}, {"relu", -big, 0.0},
                   {"relu_grad", 0.0, 0.0}, {"relu_grad", -0.0, 0.0}, {"relu_grad", tiny, 1.0},
                   {"relu_grad", INFINITY, 1.0}, {"relu_grad", -INFINITY, 0.0},
                   {"relu6", -0.0, -0.0}, {"relu6", -1.0, 0.0}, {"relu6", 6.0, 6.0},
                   {"relu6", 7.0, 6.0}, {"relu6", INFINITY, 6.0}, {"relu6", -INFINITY, 0.0},
                   {"relu6", big, 6.0},
                   {"relu6_grad", 0.0, 0.0}, {"relu6_grad", 6.0, 0.0}, {"relu6_grad", 3.0, 1.0},
                   {"relu6_grad", tiny, 1.0}, {"relu6_grad", INFINITY, 0.0},
                   {"leaky_relu", -0.0, -0.0}, {"leaky_relu", 0.0, 0.0}, {"leaky_relu", 2.0, 2.0},
                   {"leaky_relu", -100.0, -1.0}, {"leaky_relu", INFINITY, INFINITY},
                   {"leaky_relu", -INFINITY, -INFINITY}, {"leaky_relu", big, big},
                   {"leaky_relu", -tiny, -0.0},
                   {"leaky_relu_grad", 0.0, alpha}, {"leaky_relu_grad", -0.0, alpha},
                   {"leaky_relu_grad", tiny, 1.0}, {"leaky_relu_grad", -INFINITY, alpha},
                   {"hardtanh", -0.0, -0.0}, {"hardtanh", 0.5, 0.5}, {"hardtanh", -2.0, -1.0},
                   {"hardtanh", INFINITY, 1.0}, {"hardtanh", -INFINITY, -1.0}, {"hardtanh", -big, -1.0},
                   {"hardtanh_grad", -1.0, 0.0}, {"hardtanh_grad", 1.0, 0.0},
                   {"hardtanh_grad", -0.0, 1.0}, {"hardtanh_grad", INFINITY, 0.0},
                   {"hardsigmoid", 0.0, 0.5}, {"hardsigmoid", -0.0, 0.5}, {"hardsigmoid", -3.0, 0.0},
                   {"hardsigmoid", 3.0, 1.0}, {"hardsigmoid", 1.5, 0.75},
                   {"hardsigmoid", INFINITY, 1.0}, {"hardsigmoid", -INFINITY, 0.0},
                   {"hardsigmoid", -big, 0.0},
                   {"hardsigmoid_grad", -3.0, 0.0}, {"hardsigmoid_grad", 3.0, 0.0},
                   {"hardsigmoid_grad", 0.0, sixth}, {"hardsigmoid_grad", INFINITY, 0.0},
                   {"hardswish", 0.0, 0.0}, {"hardswish", -0.0, -0.0}, {"hardswish", -3.0, -0.0},
                   {"hardswish", -4.0, -0.0}, {"hardswish", -INFINITY, -0.0},
                   {"hardswish", -big, -0.0}, {"hardswish", -1.5, -0.375}, {"hardswish", 3.0, 3.0},
                   // tiny/2 + tiny^2/6: just past the midpoint, which rounding twice hits
                   {"hardswish", tiny, tiny}, {"hardswish", -tiny, -0.0},
                   {"hardswish", INFINITY, INFINITY}, {"hardswish", big, big},
                   {"hardswish_grad", -3.0, 0.0}, {"hardswish_grad", 3.0, 1.0},
                   {"hardswish_grad", -1.5, 0.0}, {"hardswish_grad", 0.0, 0.5},
                   {"hardswish_grad", 1.5, 1.0}, {"hardswish_grad", INFINITY, 1.0},
                   {"hardswish_grad", -INFINITY, 0.0}},
                  f),
              "");
  }
}

// The oracles give PyTorch's derivative at every kink (the catalog's words,
// as numbers), and so does the reference kernel in every format.
TEST(PiecewiseKinks, OraclesAndKernelsTakePyTorchValues) {
  set_real_precision(256);
  struct KinkValue {
    const char* op;
    double x;
    Real expected;
  };
  const std::vector<KinkValue> table = {
      {"relu_grad", 0, 0},          {"relu_grad", -0.0, 0},       {"relu6_grad", 0, 0},
      {"relu6_grad", 6, 0},         {"leaky_relu_grad", 0, 0.01}, {"hardtanh_grad", -1, 0},
      {"hardtanh_grad", 1, 0},      {"hardsigmoid_grad", -3, 0},  {"hardsigmoid_grad", 3, 0},
      {"hardswish_grad", -3, 0},    {"hardswish_grad", 3, 1}};
  for (const auto& [name, x, expected] : table) {
    const OpInfo& op = require_op(name);
    const Params p = op.resolve_params({});
    // Every kink of the table is one the catalog documents.
    bool documented = false;
    for (const Kink& k : op.kinks) documented |= k.x == x;
    EXPECT_TRUE(documented) << name << " has no kink at " << x;
    Real y;
    op.oracle(y, Real(x), p);
    EXPECT_EQ(y, expected) << name << "(" << x << ")";
    for (Format f : kAllFormats) {
      const Kernel k = reference_kernel(op, f, p);
      const double got = bits_to_double(f, props::run_one(k, f, double_to_bits(f, x)));
      EXPECT_EQ(got, rounded(f, expected)) << name << "(" << x << ") in " << spec(f).name;
    }
  }
}

// The reference sweep with parameters other than PyTorch's defaults.
TEST(PiecewiseParams, NonDefaultParametersMeetOneUlp) {
  const std::vector<std::pair<const char*, std::vector<std::string>>> cases = {
      {"leaky_relu", {"alpha=0.2"}},       {"leaky_relu_grad", {"alpha=0.2"}},
      {"leaky_relu", {"alpha=0"}},         {"leaky_relu", {"alpha=-0.3"}},
      {"leaky_relu", {"alpha=3"}},         {"hardtanh", {"min_val=-2", "max_val=0.1"}},
      {"hardtanh_grad", {"min_val=-2", "max_val=0.1"}}};
  for (const auto& [name, assignments] : cases)
    for (Format f : kAllFormats) {
      const Record r = props::sweep_with(name, assignments, f);
      std::cout << assignments.front() << " " << to_text(r);
      EXPECT_LE(r.max_ulp, 1.0) << name << " " << assignments.front() << " " << spec(f).name;
      EXPECT_TRUE(r.passed()) << name << " " << assignments.front() << " " << spec(f).name;
    }
}

// The rational pieces are rounded once from their exact value (round-to-odd
// in the wide type), so they are correctly rounded: within 0.5 ULP, ties exact.
TEST(PiecewiseRounding, RationalPiecesAreCorrectlyRounded) {
  const std::vector<std::pair<const char*, std::vector<std::string>>> cases = {
      {"leaky_relu", {}},     {"leaky_relu", {"alpha=0.2"}}, {"leaky_relu_grad", {}},
      {"hardsigmoid", {}},    {"hardsigmoid_grad", {}},      {"hardswish", {}},
      {"hardswish_grad", {}}, {"hardtanh", {"min_val=-0.3", "max_val=0.7"}}};
  for (const auto& [name, assignments] : cases)
    for (Format f : kAllFormats) {
      const Record r = props::sweep_with(name, assignments, f);
      EXPECT_LE(r.max_ulp, 0.5) << name << " in " << spec(f).name << "\n" << to_text(r);
      EXPECT_TRUE(r.passed()) << name << " in " << spec(f).name;
    }
}

using props::identical_to;
using props::ref;
using props::slope_matches_difference;

std::optional<double> relu_exact(double x) { return x < 0 ? 0.0 : x; }
RC_GTEST_PROP(Relu, IsMaxWithZeroF64, ()) { identical_to<F64>(ref("relu", Format::f64), relu_exact); }
RC_GTEST_PROP(Relu, IsMaxWithZeroF32, ()) { identical_to<F32>(ref("relu", Format::f32), relu_exact); }
RC_GTEST_PROP(Relu, IsMaxWithZeroBf16, ()) { identical_to<BF16>(ref("relu", Format::bf16), relu_exact); }

// relu6 is hardtanh(x, 0, 6), as PyTorch defines it, written out here: both
// kernels share one clamp, so comparing them with each other would prove nothing.
// x = -0 stays -0 (it is not below 0).
RC_GTEST_PROP(Relu6, IsHardtanhZeroSixF32, ()) {
  identical_to<F32>(ref("relu6", Format::f32), [](double x) -> std::optional<double> {
    return x < 0 ? 0.0 : x > 6 ? 6.0 : x;
  });
}

std::optional<double> identity_for_positive(double x) {
  return x > 0 ? std::optional<double>(x) : std::nullopt;
}
RC_GTEST_PROP(LeakyRelu, IdentityForPositiveF32, ()) {
  identical_to<F32>(ref("leaky_relu", Format::f32, {"alpha=0.2"}), identity_for_positive);
}
RC_GTEST_PROP(LeakyRelu, IdentityForPositiveF16, ()) {
  identical_to<F16>(ref("leaky_relu", Format::f16), identity_for_positive);
}

RC_GTEST_PROP(Relu, MonotoneF32, ()) { props::monotone<F32>(ref("relu", Format::f32)); }
RC_GTEST_PROP(Relu6, MonotoneF16, ()) { props::monotone<F16>(ref("relu6", Format::f16)); }
RC_GTEST_PROP(LeakyRelu, MonotoneF64, ()) { props::monotone<F64>(ref("leaky_relu", Format::f64)); }
RC_GTEST_PROP(LeakyRelu, MonotoneAlpha02F32, ()) {
  props::monotone<F32>(ref("leaky_relu", Format::f32, {"alpha=0.2"}));
}
RC_GTEST_PROP(Hardtanh, MonotoneBf16, ()) { props::monotone<BF16>(ref("hardtanh", Format::bf16)); }
RC_GTEST_PROP(Hardsigmoid, MonotoneF32, ()) { props::monotone<F32>(ref("hardsigmoid", Format::f32)); }
RC_GTEST_PROP(Hardsigmoid, MonotoneF64, ()) { props::monotone<F64>(ref("hardsigmoid", Format::f64)); }

RC_GTEST_PROP(Relu, WithinZeroInfF16, ()) {
  props::within_range<F16>(ref("relu", Format::f16), 0.0, INFINITY);
}
RC_GTEST_PROP(Relu6, WithinZeroSixF32, ()) { props::within_range<F32>(ref("relu6", Format::f32), 0.0, 6.0); }
RC_GTEST_PROP(Hardtanh, WithinBoundsF64, ()) {
  props::within_range<F64>(ref("hardtanh", Format::f64), -1.0, 1.0);
}
RC_GTEST_PROP(Hardtanh, WithinOtherBoundsF32, ()) {
  props::within_range<F32>(ref("hardtanh", Format::f32, {"min_val=-2", "max_val=0.5"}), -2.0, 0.5);
}
RC_GTEST_PROP(Hardsigmoid, WithinZeroOneBf16, ()) {
  props::within_range<BF16>(ref("hardsigmoid", Format::bf16), 0.0, 1.0);
}
// hardswish's minimum is hardswish(-1.5) = -0.375, exact in every format.
RC_GTEST_PROP(Hardswish, AboveItsMinimumF32, ()) {
  props::within_range<F32>(ref("hardswish", Format::f32), -0.375, INFINITY);
}

// hardswish(x) = x hardsigmoid(x). The right side multiplies x by the rounded
// hardsigmoid (exactly, in double): that rounding moves it by up to
// |x| ulp(h)/2 <= 1 ULP of the product, and the kernel's own rounding by 0.5.
template <class Tag>
void hardswish_is_x_times_hardsigmoid() {
  const Kernel hs = ref("hardsigmoid", Tag::format);
  props::agrees_with<Tag>(
      ref("hardswish", Tag::format),
      [&](double x) { return x * props::output_of(hs, props::make_input<Tag>(x)); }, -4, 4, 1.5);
}
RC_GTEST_PROP(Hardswish, IsXTimesHardsigmoidF32, ()) { hardswish_is_x_times_hardsigmoid<F32>(); }
RC_GTEST_PROP(Hardswish, IsXTimesHardsigmoidF16, ()) { hardswish_is_x_times_hardsigmoid<F16>(); }
RC_GTEST_PROP(Hardswish, IsXTimesHardsigmoidBf16, ()) { hardswish_is_x_times_hardsigmoid<BF16>(); }

RC_GTEST_PROP(Relu, GradIsTheSlopeOfTheOracle, ()) { slope_matches_difference("relu_grad", {}, {0}, 4); }
RC_GTEST_PROP(Relu6, GradIsTheSlopeOfTheOracle, ()) {
  slope_matches_difference("relu6_grad", {}, {0, 6}, 10);
}
RC_GTEST_PROP(LeakyRelu, GradIsTheSlopeOfTheOracle, ()) {
  slope_matches_difference("leaky_relu_grad", {"alpha=0.2"}, {0}, 4);
}
RC_GTEST_PROP(Hardtanh, GradIsTheSlopeOfTheOracle, ()) {
  slope_matches_difference("hardtanh_grad", {"min_val=-2", "max_val=0.5"}, {-2, 0.5}, 4);
}
RC_GTEST_PROP(Hardsigmoid, GradIsTheSlopeOfTheOracle, ()) {
  slope_matches_difference("hardsigmoid_grad", {}, {-3, 3}, 6);
}
RC_GTEST_PROP(Hardswish, GradIsTheSlopeOfTheOracle, ()) {
  slope_matches_difference("hardswish_grad", {}, {-3, 3}, 6);
}

}  // namespace
}  // namespace numstab
