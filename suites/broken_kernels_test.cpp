// The harness rejects deliberately broken kernels: every check used on the
// reference kernels is shown here to fail on a kernel with the defect it targets.
#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <cmath>
#include <iostream>

#include "oracles/sigmoid/oracle.hpp"
#include "oracles/tanh/oracle.hpp"
#include "properties/activation_properties.hpp"
#include "src/record.hpp"

namespace numstab {
namespace {

constexpr uint64_t kSeed = 20261126;

// A kernel from a scalar function on the format's values (in double).
template <class Tag, class Fn>
Kernel scalar_kernel(const char* name, Fn fn) {
  return {name, [fn](const void* x, void* y, size_t n) {
            const auto* in = static_cast<const typename Tag::Storage*>(x);
            auto* out = static_cast<typename Tag::Storage*>(y);
            for (size_t i = 0; i < n; ++i) {
              const double r = fn(Tag::to_double(in[i]), Tag::to_bits(in[i]));
              if constexpr (Tag::format == Format::f64) out[i] = r;
              else out[i] = Tag::from_double(r);
            }
          }};
}

// The default sampled sweep (seeded), as `numstab certify` runs it.
Record certify(const char* op_name, Format f, const Kernel& k, double bound, bool judge_subnormal = true,
               bool strict_zero = false) {
  const OpInfo& op = require_op(op_name);
  SweepConfig cfg;
  cfg.op = &op;
  cfg.format = f;
  cfg.seed = kSeed;
  cfg.bound = bound;
  cfg.judge_subnormal = judge_subnormal;
  cfg.strict_zero = strict_zero;
  const InputSource src = f == Format::f16 || f == Format::bf16
                              ? InputSource::exhaustive(f, std::nullopt)
                              : InputSource::sampled(f, op, 100000, kSeed, std::nullopt);
  const Record r = sweep(cfg, src, k);
  std::cout << to_text(r);
  return r;
}

// The format's next value toward zero. From a correctly rounded result this is
// at most 1.5 ULP of the exact value (1.5 where the exact value lies just below
// a power of two and the spacing halves), and more than 1 ULP somewhere.
double one_ulp_off(Format f, double exact) {
  const double v = f == Format::f64 ? exact : round_double_to(spec(f), exact);
  if (!std::isfinite(v) || v == 0) return v;
  return bits_to_double(f, double_to_bits(f, v) - 1);  // sign-magnitude: toward zero
}

// --- the sweep engine and its verdicts --------------------------------------

TEST(BrokenKernels, NaiveTanhTurnsFiniteIntoNaN) {
  // (e^x - e^-x)/(e^x + e^-x) in float: inf/inf past |x| ~ 88.7.
  const auto k = scalar_kernel<F32>("naive_tanh", [](double x, uint64_t) {
    const float xf = static_cast<float>(x);
    return static_cast<double>((std::exp(xf) - std::exp(-xf)) / (std::exp(xf) + std::exp(-xf)));
  });
  const Record r = certify("tanh", Format::f32, k, 4);
  EXPECT_FALSE(r.passed());
  EXPECT_GT(r.mismatches[static_cast<int>(Mismatch::nonfinite)], 0u);
  ASSERT_FALSE(r.counterexamples.empty());
  EXPECT_GT(std::fabs(r.counterexamples.front().input), 88.0);
}

TEST(BrokenKernels, GradientFromTheOutputLosesTheTails) {
  // 1 - tanh(x)^2 in float: 0 once tanh rounds to 1 (|x| > 9), while sech^2 is ~1e-8.
  const auto k = scalar_kernel<F32>("tanh_grad_from_output", [](double x, uint64_t) {
    const float t = std::tanh(static_cast<float>(x));
    return static_cast<double>(1.0f - t * t);
  });
  const Record r = certify("tanh_grad", Format::f32, k, 4);
  EXPECT_FALSE(r.passed());
  EXPECT_GT(r.max_ulp, 1e6);
  EXPECT_GT(std::fabs(r.argmax), 1.0);
}

// The stability view tells an unstable formula from an ill-conditioned input:
// 1 - tanh^2 is far off where sech^2 is perfectly conditioned (kappa ~ 2|x|).
TEST(BrokenKernels, StabilityViewBlamesTheFormulaNotTheInput) {
  const OpInfo& op = require_op("tanh_grad");
  SweepConfig cfg;
  cfg.op = &op;
  cfg.format = Format::f32;
  cfg.seed = kSeed;
  cfg.stability = true;
  const InputSource src = InputSource::sampled(Format::f32, op, 20000, kSeed, std::nullopt);
  const Record good = sweep(cfg, src, reference_kernel(op, Format::f32, {}));
  const auto from_output = scalar_kernel<F32>("tanh_grad_from_output", [](double x, uint64_t) {
    const float t = std::tanh(static_cast<float>(x));
    return static_cast<double>(1.0f - t * t);
  });
  const Record bad = sweep(cfg, src, from_output);
  std::cout << to_text(good) << to_text(bad);
  ASSERT_TRUE(good.stability && bad.stability);
  EXPECT_LE(good.stability->max_ratio, 1.0);
  EXPECT_GT(bad.stability->max_ratio, 1e3);
  EXPECT_LT(bad.stability->kappa, 1e3);  // a well-conditioned input: the formula is to blame
}

TEST(BrokenKernels, OneUlpOffFailsTheBoundItExceeds) {
  const auto k = scalar_kernel<F16>("sigmoid_one_ulp_off", [](double x, uint64_t) {
    return one_ulp_off(Format::f16, 1 / (1 + std::exp(-x)));
  });
  const Record r = certify("sigmoid", Format::f16, k, 1);
  EXPECT_FALSE(r.passed());
  EXPECT_GT(r.max_ulp, 1.0);
  EXPECT_LE(r.max_ulp, 1.5);
  EXPECT_TRUE(certify("sigmoid", Format::f16, k, 1.5).passed());
}

TEST(BrokenKernels, WrongSignedZeroIsReportedAndFailsOnlyWhenStrict) {
  const auto k = scalar_kernel<F32>("tanh_unsigned_zero", [](double x, uint64_t) {
    return static_cast<double>(static_cast<float>(x == 0 ? 0.0 : std::tanh(x)));
  });
  const Record lax = certify("tanh", Format::f32, k, 1);
  EXPECT_EQ(lax.mismatches[static_cast<int>(Mismatch::signed_zero)], 1u);  // -0 -> +0
  EXPECT_TRUE(lax.passed());
  EXPECT_FALSE(certify("tanh", Format::f32, k, 1, true, true).passed());
}

TEST(BrokenKernels, FlushedSubnormalResultsAreJudgedApart) {
  // A clamped logistic: 0 wherever the exact result is below the normal range.
  const auto k = scalar_kernel<F32>("sigmoid_flush", [](double x, uint64_t) {
    const double s = x >= 0 ? 1 / (1 + std::exp(-x)) : std::exp(x) / (1 + std::exp(x));
    return s < 0x1p-126 ? 0.0 : s;
  });
  const Record judged = certify("sigmoid", Format::f32, k, 1);
  EXPECT_FALSE(judged.passed());
  EXPECT_GT(judged.max_ulp_subnormal, 1e3);
  EXPECT_LE(judged.max_ulp_normal, 1.0);
  EXPECT_TRUE(certify("sigmoid", Format::f32, k, 1, /*judge_subnormal=*/false).passed());
}

TEST(BrokenKernels, AnswerWhereTheResultIsUndefinedIsANanMismatch) {
  const auto k = scalar_kernel<F64>("sigmoid_nan_to_half", [](double x, uint64_t) {
    return std::isnan(x) ? 0.5 : 1 / (1 + std::exp(-x));
  });
  const Record r = certify("sigmoid", Format::f64, k, 4);
  EXPECT_FALSE(r.passed());
  EXPECT_GT(r.mismatches[static_cast<int>(Mismatch::nan)], 0u);
}

// --- the properties ----------------------------------------------------------

Kernel noisy_tanh_f32() {  // right to 1 ULP, but the last bit follows the input's
  return scalar_kernel<F32>("noisy_tanh", [](double x, uint64_t bits) {
    const double t = static_cast<float>(std::tanh(x));
    return (bits & 1) ? one_ulp_off(Format::f32, t) : t;
  });
}

TEST(BrokenProperties, BoundPropertyCatchesAKernelOffByOneUlp) {
  const auto k = scalar_kernel<F32>("tanh_one_ulp_off", [](double x, uint64_t) {
    return one_ulp_off(Format::f32, static_cast<float>(std::tanh(x)));
  });
  EXPECT_FALSE(rc::check("bound on tanh_one_ulp_off",
                         [&] { props::within_bound<F32>(require_op("tanh"), k, 1.0); }));
}

TEST(BrokenProperties, OddPropertyCatchesAnAsymmetricKernel) {
  const auto k = scalar_kernel<F32>("tanh_asymmetric", [](double x, uint64_t) {
    const double t = static_cast<float>(std::tanh(x));
    return x < 0 ? one_ulp_off(Format::f32, t) : t;
  });
  EXPECT_FALSE(rc::check("odd on tanh_asymmetric", [&] { props::odd<F32>(k); }));
}

TEST(BrokenProperties, MonotonePropertyCatchesANoisyKernel) {
  const auto k = noisy_tanh_f32();
  EXPECT_FALSE(rc::check("monotone on noisy_tanh", [&] { props::monotone<F32>(k); }));
}

void double_precision_sigmoid(Real& y, const Real& x, const Params&) {
  y = 1 / (1 + std::exp(-static_cast<double>(x)));  // an "oracle" with 53 bits
}

TEST(BrokenProperties, ComplementPropertyCatchesALowPrecisionOracle) {
  EXPECT_FALSE(rc::check("complement of a double sigmoid",
                         [] { props::complement_to_one(&double_precision_sigmoid, 256); }));
}

void double_precision_tanh_grad(Real& y, const Real& x, const Params&) {
  const double t = std::tanh(static_cast<double>(x));
  y = 1 - t * t;
}

TEST(BrokenProperties, DerivativePropertyCatchesAnInexactDerivative) {
  EXPECT_FALSE(rc::check("slope of a double tanh_grad", [] {
    props::derivative_matches_difference(&oracles::tanh, &double_precision_tanh_grad, 60);
  }));
}

}  // namespace
}  // namespace numstab
