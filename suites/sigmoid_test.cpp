// sigmoid and sigmoid': special values (smoke) and properties (oracle tier).
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "oracles/sigmoid/oracle.hpp"
#include "properties/activation_properties.hpp"
#include "properties/special_values.hpp"

namespace numstab {
namespace {

TEST(SmokeSigmoid, SpecialValues) {
  for (Format f : kAllFormats) {
    const double big = props::largest_finite(f);
    EXPECT_EQ(props::special_value_failures(
                  {{"sigmoid", 0.0, 0.5}, {"sigmoid", -0.0, 0.5}, {"sigmoid", INFINITY, 1.0},
                   {"sigmoid", -INFINITY, 0.0}, {"sigmoid", big, 1.0}, {"sigmoid", -big, 0.0},
                   {"sigmoid_grad", 0.0, 0.25}, {"sigmoid_grad", INFINITY, 0.0},
                   {"sigmoid_grad", -INFINITY, 0.0}, {"sigmoid_grad", -big, 0.0}},
                  f),
              "");
  }
}

Kernel ref(const char* op, Format f) { return reference_kernel(require_op(op), f, {}); }

RC_GTEST_PROP(Sigmoid, MonotoneF32, ()) { props::monotone<F32>(ref("sigmoid", Format::f32)); }
RC_GTEST_PROP(Sigmoid, MonotoneBf16, ()) { props::monotone<BF16>(ref("sigmoid", Format::bf16)); }

RC_GTEST_PROP(Sigmoid, WithinZeroOneF32, ()) {
  props::within_range<F32>(ref("sigmoid", Format::f32), 0.0, 1.0);
}
RC_GTEST_PROP(Sigmoid, GradEvenF16, ()) { props::even<F16>(ref("sigmoid_grad", Format::f16)); }
RC_GTEST_PROP(Sigmoid, GradEvenF64, ()) { props::even<F64>(ref("sigmoid_grad", Format::f64)); }

// sigmoid'(x) = sigmoid(x) sigmoid(-x): the kernels agree to 2 ULP where the
// product is well conditioned (no cancellation: both factors are positive).
RC_GTEST_PROP(Sigmoid, GradIsProductOfSigmoidsF32, ()) {
  const Kernel s = ref("sigmoid", Format::f32);
  props::agrees_with<F32>(
      ref("sigmoid_grad", Format::f32),
      [&](double x) {
        const double a = props::output_of(s, props::make_input<F32>(x));
        const double b = props::output_of(s, props::make_input<F32>(-x));
        return static_cast<double>(static_cast<float>(a * b));
      },
      -80, 80, 2.0);
}

RC_GTEST_PROP(Sigmoid, OracleComplementsToOne, ()) {
  props::complement_to_one(&oracles::sigmoid, 256);
}

RC_GTEST_PROP(Sigmoid, GradIsTheSlopeOfTheOracle, ()) {
  props::derivative_matches_difference(&oracles::sigmoid, &oracles::sigmoid_grad, 120);
}

}  // namespace
}  // namespace numstab
