// README "Adding an op", followed once from scratch: an activation that exists
// only in this file, ISRU (the inverse square root unit of Carlile et al.,
// 2017: isru(x) = x / sqrt(1 + alpha x^2)), is an oracle, a reference formula
// and a catalog row. What every catalog row meets runs on it unchanged: the
// row's checks, the sweep's inputs (its labelled probes among them) and the
// sweep against MPFR. A kernel with a classic defect, x^2 in the format
// (infinite past the row's overflow probe, so x / sqrt(inf) = 0 there), shows
// the sweep notices, at the input the probe names.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <iostream>
#include <set>

#include "oracles/guard_bits.hpp"
#include "src/catalog.hpp"
#include "src/kernels/reference.hpp"
#include "src/ops/families.hpp"
#include "src/record.hpp"
#include "src/sweep.hpp"

namespace numstab {
namespace {

// 1. The oracle, from the mathematics; the limits +-1/sqrt(alpha) at +-inf.
void isru_oracle(Real& y, const Real& x, const Params& p) {
  const Real alpha = p.at(0);
  if (boost::multiprecision::isinf(x)) {
    y = (x > 0 ? 1 : -1) / boost::multiprecision::sqrt(alpha);
    return;
  }
  oracles::evaluate_with_guard_bits(y, 32, [&](long&) { return Real(x / boost::multiprecision::sqrt(1 + alpha * x * x)); });
}

// 2. The reference formula in a wide type W (long double for f64, double for
// the others), rounded once into the format by make_reference: x^2 cannot
// overflow in W for any x of the format.
struct Isru {
  template <class W>
  static W eval(W x, const Params& p) {
    const W alpha = static_cast<W>(p.at(0));
    if (std::isinf(x)) return std::copysign(1 / std::sqrt(alpha), x);
    return x / std::sqrt(1 + alpha * x * x);
  }
};

constexpr uint64_t kSeed = 20261207;
constexpr const char* kOverflowProbe = "f32: a naive x * x overflows from 2^64 on";

// 3. The catalog row (in the tree: src/ops/<family>.cpp, pushed by the
// family's add_*_ops).
OpInfo isru_row() {
  return {.name = "isru",
          .family = "throwaway",
          .summary = "inverse square root unit x / sqrt(1 + alpha x^2)",
          .params = {{"alpha", 1, "the limits are +-1/sqrt(alpha)", true}},
          .domain = kAllReals,
          .kinks = {},
          .derivative_of = "",
          .sample_lo = -8,
          .sample_hi = 8,
          .thresholds = {{0x1p64, kOverflowProbe},
                         {0x1p12, "f32: isru rounds to 1 from 2^12 on (1 - 1/(2 x^2) within half an ULP)"}},
          .oracle = &isru_oracle,
          .reference = make_reference<Isru>(),
          .hard_inputs = kNoHardInputs};
}

const OpInfo& isru() {
  static const OpInfo op = isru_row();
  return op;
}

// The defect: every operation rounded in f32, x * x included.
Kernel naive_f32() {
  return {"naive isru", [](const void* x, void* y, size_t n) {
            const float* in = static_cast<const float*>(x);
            float* out = static_cast<float*>(y);
            for (size_t i = 0; i < n; ++i) out[i] = in[i] / std::sqrt(1.0f + in[i] * in[i]);
          }};
}

SweepConfig certify_config(Format f, double bound) {
  SweepConfig cfg;
  cfg.op = &isru();
  cfg.params = isru().resolve_params({});
  cfg.format = f;
  cfg.seed = kSeed;
  cfg.bound = bound;
  cfg.strict_zero = true;
  cfg.max_counterexamples = 1000;
  return cfg;
}

TEST(SmokeThrowawayOp, RowPassesTheCatalogsChecksAndAnIncompleteOneDoesNot) {
  EXPECT_NO_THROW(check_row(isru()));
  EXPECT_EQ(isru().probe(kOverflowProbe), 0x1p64);
  OpInfo unlabelled = isru_row();
  unlabelled.thresholds.push_back({3.0, ""});
  EXPECT_THROW(check_row(unlabelled), std::logic_error);
  OpInfo unsaid = isru_row();
  unsaid.hard_inputs.clear();
  EXPECT_THROW(check_row(unsaid), std::logic_error);
  OpInfo no_kernel = isru_row();
  no_kernel.reference.f16 = nullptr;
  EXPECT_THROW(check_row(no_kernel), std::logic_error);
  EXPECT_THROW(isru().probe("no such probe"), std::logic_error);
}

// The sweep's fixed probes hold each labelled threshold, both signs, with
// two neighbours each side.
TEST(SmokeThrowawayOp, SampledSweepsProbeTheLabelledThresholds) {
  const InputSource src = InputSource::sampled(Format::f32, isru(), 100000, 7, std::nullopt);
  std::set<uint64_t> fixed;
  for (uint64_t i = 0; i < src.fixed_probes(); ++i) fixed.insert(src.bits_at(i));
  for (const auto& t : isru().thresholds)
    for (float v : {static_cast<float>(t.x), -static_cast<float>(t.x)})
      for (float w : {std::nextafter(std::nextafter(v, -INFINITY), -INFINITY), v,
                      std::nextafter(std::nextafter(v, INFINITY), INFINITY)})
        EXPECT_TRUE(fixed.count(std::bit_cast<uint32_t>(w))) << t.why << ": " << w << " is not probed";
}

// One body for pass/fail and the accuracy report: the record is printed.
TEST(ThrowawayOp, ReferenceWithinOneUlpInEveryFormat) {
  for (Format f : kAllFormats) {
    const bool exhaustive = spec(f).total_bits == 16;
    const InputSource src = exhaustive ? InputSource::exhaustive(f, std::nullopt)
                                       : InputSource::sampled(f, isru(), 100000, kSeed, std::nullopt);
    const SweepConfig cfg = certify_config(f, 1.0);
    const Record r = sweep(cfg, src, reference_kernel(isru(), f, cfg.params));
    std::cout << to_text(r);
    EXPECT_TRUE(r.passed()) << spec(f).name << ": " << r.violations << " inputs beyond 1 ULP";
  }
}

// Around the overflow probe (100 f32 values each side of 2^64), the naive
// kernel fails on exactly the inputs from the probe on, and the reference
// passes on all of them.
TEST(ThrowawayOp, NaiveKernelFailsFromTheOverflowProbeOn) {
  const double probe = isru().probe(kOverflowProbe);
  const Range around{probe - 100 * 0x1p40, probe + 100 * 0x1p41};  // f32's spacing below and above 2^64
  const InputSource src = InputSource::exhaustive(Format::f32, around);
  ASSERT_EQ(src.size(), 201u);
  const SweepConfig cfg = certify_config(Format::f32, 1.0);
  const Record naive = sweep(cfg, src, naive_f32());
  Record shown = naive;
  shown.counterexamples.resize(std::min<size_t>(3, shown.counterexamples.size()));
  std::cout << to_text(shown);
  EXPECT_EQ(naive.violations, 101u);
  ASSERT_EQ(naive.counterexamples.size(), 101u);
  for (const auto& c : naive.counterexamples) EXPECT_GE(c.input, probe) << "fails below the probe";
  EXPECT_TRUE(sweep(cfg, src, reference_kernel(isru(), Format::f32, cfg.params)).passed());
}

}  // namespace
}  // namespace numstab
