// The independent tiers (oracles/independent_tiers.hpp), which judge sweeps of
// numstab's own kernels: every claim proven with MPFI (src/tier/certify.hpp)
// on a seeded f32 sample and every bf16 and f16 input, for the default
// parameters and others (beta != 1, alpha != 1); the sweep of a reference
// kernel uses them; and wrong claims are caught.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdio>

#include <fmt/format.h>

#include "oracles/independent_tiers.hpp"
#include "src/catalog.hpp"
#include "src/formats.hpp"
#include "src/inputs.hpp"
#include "src/tier/certify.hpp"
#include "suites/tiered/certify_inputs.hpp"

namespace numstab {
namespace {

using tier::CertifyStats;

std::vector<double> sample_inputs(const OpInfo& op) { return certify_inputs(op, 20261203); }

CertifyStats certify_independent(const OpInfo& op, const Params& p, const std::vector<double>& x) {
  std::vector<Enclosure> e(x.size());
  op.independent_fast(x.data(), x.size(), p, e.data());
  return tier::certify_claims(op, p, x.data(), e.data(), x.size());
}

std::vector<std::string> ops_with_independent_tier() {
  std::vector<std::string> names;
  for (const auto& op : catalog())
    if (op.independent_fast) names.push_back(op.name);
  return names;
}

// Parameter sets beyond the defaults, where the op has parameters.
std::vector<Params> parameter_sets(const OpInfo& op) {
  std::vector<Params> sets = {op.resolve_params({})};
  if (op.params.empty()) return sets;
  const std::string& name = op.params[0].name;
  const std::vector<double> others = name == "beta" ? std::vector<double>{2.5, 0.25, 1e-3}
                                                    : std::vector<double>{0.5, 3, 1.0 / 3};
  for (double v : others) sets.push_back(op.resolve_params({fmt::format("{}={}", name, v)}));
  return sets;
}

class CertifyIndependentTier : public ::testing::TestWithParam<std::string> {};

TEST_P(CertifyIndependentTier, ProvenOnSampleAndEvery16BitInput) {
  const OpInfo& op = require_op(GetParam());
  const std::vector<double> x = sample_inputs(op);
  for (const Params& p : parameter_sets(op)) {
    const auto t0 = std::chrono::steady_clock::now();
    const CertifyStats st = certify_independent(op, p, x);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const std::string what = fmt::format("{} params [{}]", op.name, fmt::join(p, ", "));
    std::printf("%s (20000 f32 samples seed 20261203 + every bf16 and f16, %.2f s)\n", st.summary(what).c_str(), s);
    EXPECT_EQ(st.failed, 0u) << st.summary(what);
    for (const auto& [key, message] : st.failures) ADD_FAILURE() << message;
    // Most inputs carry a claim (measured here: 74% to 100%; MPFR keeps
    // |x| >= 11000, +-0 and the neighbourhoods of roots and powers of two).
    EXPECT_GT(st.proven, st.inputs * 7 / 10) << st.summary(what);
    EXPECT_LT(st.max_ratio, 1.0);
  }
}

std::string test_name(const ::testing::TestParamInfo<std::string>& info) { return info.param; }

INSTANTIATE_TEST_SUITE_P(Ops, CertifyIndependentTier, ::testing::ValuesIn(ops_with_independent_tier()), test_name);

// The tiers are in use: which ops have none is stated, and a new op shows up.
TEST(IndependentTierCoverage, ListedOps) {
  std::vector<std::string> without;
  for (const auto& op : catalog())
    if (!op.is_binary() && !op.fast_independent_of_reference && !op.independent_fast) without.push_back(op.name);
  std::printf("unary ops whose reference sweeps are all-MPFR: %s\n", fmt::format("{}", fmt::join(without, " ")).c_str());
  EXPECT_EQ(ops_with_independent_tier().size(), 20u);
}

// The check can fail: a radius shrunk 2^12-fold (below long double's own
// error), and another op's formula, are caught.
TEST(CertifyIndependentTierCanFail, ShrunkRadiusAndWrongFormulaAreCaught) {
  const OpInfo& op = require_op("silu_grad");
  const std::vector<double> x = sample_inputs(op);
  const Params p = op.resolve_params({});
  std::vector<Enclosure> e(x.size());
  op.independent_fast(x.data(), x.size(), p, e.data());
  for (auto& v : e) v.rad *= 0x1p-16;
  const CertifyStats shrunk = tier::certify_claims(op, p, x.data(), e.data(), x.size());
  std::printf("%s\n", shrunk.summary("silu_grad, radius / 2^16").c_str());
  EXPECT_GT(shrunk.failed, shrunk.inputs / 10);

  independent::silu(x.data(), x.size(), p, e.data());  // silu's claims as silu_grad's
  const CertifyStats wrong = tier::certify_claims(op, p, x.data(), e.data(), x.size());
  EXPECT_GT(wrong.failed, wrong.inputs / 2);
}

}  // namespace
}  // namespace numstab
