// tanh and tanh': special values (smoke) and properties (oracle tier).
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "oracles/tanh/oracle.hpp"
#include "properties/activation_properties.hpp"
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

Kernel ref(const char* op, Format f) { return reference_kernel(require_op(op), f, {}); }

RC_GTEST_PROP(Tanh, OddF64, ()) { props::odd<F64>(ref("tanh", Format::f64)); }
RC_GTEST_PROP(Tanh, OddF32, ()) { props::odd<F32>(ref("tanh", Format::f32)); }
RC_GTEST_PROP(Tanh, OddF16, ()) { props::odd<F16>(ref("tanh", Format::f16)); }
RC_GTEST_PROP(Tanh, OddBf16, ()) { props::odd<BF16>(ref("tanh", Format::bf16)); }
RC_GTEST_PROP(Tanh, MonotoneF64, ()) { props::monotone<F64>(ref("tanh", Format::f64)); }
RC_GTEST_PROP(Tanh, MonotoneF32, ()) { props::monotone<F32>(ref("tanh", Format::f32)); }
RC_GTEST_PROP(Tanh, MonotoneF16, ()) { props::monotone<F16>(ref("tanh", Format::f16)); }
RC_GTEST_PROP(Tanh, MonotoneBf16, ()) { props::monotone<BF16>(ref("tanh", Format::bf16)); }

RC_GTEST_PROP(Tanh, GradIsTheSlopeOfTheOracle, ()) {
  props::derivative_matches_difference(&oracles::tanh, &oracles::tanh_grad, 60);
}

}  // namespace
}  // namespace numstab
