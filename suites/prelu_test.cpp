// prelu(x, a) and its partial derivatives: special values (smoke), the binary
// sweep and properties (oracle tier).
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "properties/activation_properties.hpp"
#include "properties/special_values.hpp"
#include "src/record.hpp"

namespace numstab {
namespace {

// Reference kernel with the slope fixed.
Kernel with_slope(const char* op, Format f, double a) {
  return reference_kernel(require_op(op), f, {a});
}

TEST(SmokePrelu, SpecialValuesAtTheDefaultSlope) {
  for (Format f : kAllFormats) {
    const double big = props::largest_finite(f);
    EXPECT_EQ(props::special_value_failures(
                  {{"prelu", 2.0, 2.0}, {"prelu", -2.0, -0.5}, {"prelu", 0.0, 0.0},
                   {"prelu", -0.0, -0.0}, {"prelu", INFINITY, INFINITY},
                   {"prelu", -INFINITY, -INFINITY}, {"prelu", big, big},
                   {"prelu_grad_x", 1.0, 1.0}, {"prelu_grad_x", -1.0, 0.25},
                   {"prelu_grad_x", 0.0, 0.25},  // the kink: PyTorch takes the x <= 0 branch
                   {"prelu_grad_a", 3.0, 0.0}, {"prelu_grad_a", -3.0, -3.0},
                   {"prelu_grad_a", 0.0, 0.0}},
                  f),
              "");
  }
}

TEST(SmokePrelu, SlopeComesFromTheParameter) {
  const Kernel k = with_slope("prelu", Format::f32, -0.5);
  EXPECT_EQ(bits_to_double(Format::f32, run_one(k, Format::f32, double_to_bits(Format::f32, -4.0))), 2.0);
}

// Every x of bf16 with every probe slope, and the slope varying per input.
TEST(Prelu, BinarySweepPairsEveryInputWithEverySlope) {
  const OpInfo& op = require_op("prelu");
  SweepConfig cfg;
  cfg.op = &op;
  cfg.params = op.resolve_params({});
  cfg.format = Format::bf16;
  cfg.bound = 0.5;  // a x is correctly rounded
  const InputSource src = InputSource::for_op(op, Format::bf16, Mode::exhaustive, 0, 1, std::nullopt, false);
  const Record r = sweep(cfg, src, reference_kernel(op, Format::bf16, cfg.params));
  std::cout << to_text(r);
  EXPECT_EQ(r.inputs, 65536u * op.second_operand_probes.size());
  EXPECT_TRUE(r.passed());
  EXPECT_TRUE(r.argmax_second.has_value());
}

// A kernel that ignores the slope is caught only because the slope varies.
TEST(Prelu, KernelIgnoringTheSlopeIsRejected) {
  const OpInfo& op = require_op("prelu");
  Kernel fixed = reference_kernel(op, Format::f32, {0.25});
  fixed.run2 = [run = fixed.run](const void* x, const void*, void* y, size_t n) { run(x, y, n); };
  SweepConfig cfg;
  cfg.op = &op;
  cfg.params = op.resolve_params({});
  cfg.format = Format::f32;
  cfg.bound = 1;
  const InputSource src = InputSource::for_op(op, Format::f32, Mode::samples, 20000, 1, std::nullopt, false);
  const Record r = sweep(cfg, src, fixed);
  EXPECT_FALSE(r.passed());
  ASSERT_FALSE(r.counterexamples.empty());
  EXPECT_LT(r.counterexamples.front().input, 0.0);  // the defect lives at x < 0
  EXPECT_NE(r.counterexamples.front().second, 0.25);
}

RC_GTEST_PROP(Prelu, IdentityForPositiveInputsF32, ()) {
  const double a = *rc::gen::element(0.25, -1.0, 3.0, 0.0);
  props::agrees_with<F32>(with_slope("prelu", Format::f32, a), [](double x) { return x; }, 0, 1e30, 0);
}

RC_GTEST_PROP(Prelu, MonotoneForNonNegativeSlopeF16, ()) {
  props::monotone<F16>(with_slope("prelu", Format::f16, 0.25));
}

RC_GTEST_PROP(Prelu, EqualsLeakyFormulaF64, ()) {
  // max(0, x) + a min(0, x) with one rounding: the same as x > 0 ? x : a x.
  const double a = *rc::gen::element(0.25, -0.5, 0.01);
  props::agrees_with<F64>(with_slope("prelu", Format::f64, a),
                          [a](double x) { return std::max(0.0, x) + a * std::min(0.0, x); }, -1e3, 1e3, 0);
}

}  // namespace
}  // namespace numstab
