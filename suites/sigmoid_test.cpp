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

RC_GTEST_PROP(Sigmoid, OracleComplementsToOne, ()) {
  props::complement_to_one(&oracles::sigmoid, 256);
}

RC_GTEST_PROP(Sigmoid, GradIsTheSlopeOfTheOracle, ()) {
  props::derivative_matches_difference(&oracles::sigmoid, &oracles::sigmoid_grad, 120);
}

}  // namespace
}  // namespace numstab
