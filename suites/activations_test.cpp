// Oracle tier: the reference activations against the MPFR oracles, swept
// (16-bit formats exhaustively, f32 and f64 on seeded samples) and as
// RapidCheck properties over bit patterns.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <iostream>

#include "properties/activation_properties.hpp"
#include "src/record.hpp"

namespace numstab {
namespace {

// The foundation's target for every reference kernel in every format.
constexpr double kReferenceBound = 1.0;
constexpr uint64_t kSamples = 100000;
constexpr uint64_t kSeed = 20261126;

struct SweepCase {
  const char* op;
  Format format;
};

void PrintTo(const SweepCase& c, std::ostream* os) { *os << c.op << " " << spec(c.format).name; }

class ReferenceSweep : public ::testing::TestWithParam<SweepCase> {};

// One body for pass/fail and for the accuracy report: the record is printed
// (max, mean, worst input) whether or not the bound holds.
TEST_P(ReferenceSweep, WithinBoundWithoutMismatches) {
  const auto [name, f] = GetParam();
  const OpInfo& op = require_op(name);
  SweepConfig cfg;
  cfg.op = &op;
  cfg.params = op.resolve_params({});
  cfg.format = f;
  cfg.seed = kSeed;
  cfg.bound = kReferenceBound;
  cfg.strict_zero = true;
  const bool exhaustive = spec(f).total_bits == 16;
  const InputSource src = exhaustive ? InputSource::exhaustive(f, std::nullopt)
                                     : InputSource::sampled(f, op, kSamples, kSeed, std::nullopt);
  const Record r = sweep(cfg, src, reference_kernel(op, f, cfg.params));
  std::cout << to_text(r);
  EXPECT_EQ(r.inputs, exhaustive ? 65536u : kSamples);
  EXPECT_LE(r.max_ulp, kReferenceBound);
  EXPECT_TRUE(r.passed()) << r.violations << " inputs violate " << kReferenceBound << " ULP";
}

std::vector<SweepCase> all_cases() {
  std::vector<SweepCase> cases;
  for (const char* op : {"tanh", "tanh_grad", "sigmoid", "sigmoid_grad"})
    for (Format f : kAllFormats) cases.push_back({op, f});
  return cases;
}

INSTANTIATE_TEST_SUITE_P(Catalog, ReferenceSweep, ::testing::ValuesIn(all_cases()),
                         [](const auto& info) {
                           return std::string(info.param.op) + "_" + spec(info.param.format).name;
                         });

Kernel ref(const char* op, Format f) { return reference_kernel(require_op(op), f, {}); }

// Reference kernels meet their bound on generated bit patterns.
#define NUMSTAB_BOUND_PROP(OP, TAG)                                                     \
  RC_GTEST_PROP(ReferenceBound, OP##_##TAG, ()) {                                       \
    props::within_bound<TAG>(require_op(#OP), ref(#OP, TAG::format), kReferenceBound); \
  }
NUMSTAB_BOUND_PROP(tanh, F64)
NUMSTAB_BOUND_PROP(tanh, F32)
NUMSTAB_BOUND_PROP(tanh_grad, F64)
NUMSTAB_BOUND_PROP(tanh_grad, F32)
NUMSTAB_BOUND_PROP(sigmoid, F64)
NUMSTAB_BOUND_PROP(sigmoid, F32)
NUMSTAB_BOUND_PROP(sigmoid_grad, F64)
NUMSTAB_BOUND_PROP(sigmoid_grad, F32)
#undef NUMSTAB_BOUND_PROP

RC_GTEST_PROP(TanhProperties, OddF64, ()) { props::odd<F64>(ref("tanh", Format::f64)); }
RC_GTEST_PROP(TanhProperties, OddF32, ()) { props::odd<F32>(ref("tanh", Format::f32)); }
RC_GTEST_PROP(TanhProperties, OddF16, ()) { props::odd<F16>(ref("tanh", Format::f16)); }
RC_GTEST_PROP(TanhProperties, OddBf16, ()) { props::odd<BF16>(ref("tanh", Format::bf16)); }
RC_GTEST_PROP(TanhProperties, MonotoneF64, ()) { props::monotone<F64>(ref("tanh", Format::f64)); }
RC_GTEST_PROP(TanhProperties, MonotoneF32, ()) { props::monotone<F32>(ref("tanh", Format::f32)); }
RC_GTEST_PROP(TanhProperties, MonotoneF16, ()) { props::monotone<F16>(ref("tanh", Format::f16)); }
RC_GTEST_PROP(TanhProperties, MonotoneBf16, ()) { props::monotone<BF16>(ref("tanh", Format::bf16)); }
RC_GTEST_PROP(SigmoidProperties, MonotoneF32, ()) {
  props::monotone<F32>(ref("sigmoid", Format::f32));
}

RC_GTEST_PROP(SigmoidProperties, OracleComplementsToOne, ()) {
  props::complement_to_one(&oracles::sigmoid, 256);
}

RC_GTEST_PROP(DerivativeOracles, TanhGradIsTheSlopeOfTanh, ()) {
  props::derivative_matches_difference(&oracles::tanh, &oracles::tanh_grad, 60);
}

RC_GTEST_PROP(DerivativeOracles, SigmoidGradIsTheSlopeOfSigmoid, ()) {
  props::derivative_matches_difference(&oracles::sigmoid, &oracles::sigmoid_grad, 120);
}

}  // namespace
}  // namespace numstab
