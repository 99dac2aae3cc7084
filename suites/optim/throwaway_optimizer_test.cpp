// README "Adding an optimizer", followed once from scratch: an optimizer that
// exists only in this file (Adagrad with heavy-ball momentum: s += g^2,
// b = mu b + g, p -= lr b / (sqrt(s) + eps)) is a kernel, an oracle rule and a
// descriptor; registered, it is found by name everywhere and the checks every
// optimizer is held to run on it unchanged. A copy whose kernel is off by one
// rounding shows that those checks notice.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <cstdio>
#include <string>

#include "oracles/optim/rules.hpp"
#include "src/optim/registry.hpp"
#include "suites/optim/optimizer_checks.hpp"

namespace numstab {
namespace {

using optim::Vector;

// 1. The kernel: a Config (its fields, defaults in the initialisers), a State
// (slots and scalars listed in descriptor order), the rounded update.
struct AdagradMomentumConfig {
  double lr = 1e-2;
  double momentum = 0.9;
  double eps = 1e-10;

  static const std::vector<optim::Field<AdagradMomentumConfig>>& fields() {
    static const std::vector<optim::Field<AdagradMomentumConfig>> f{
        optim::field<&AdagradMomentumConfig::lr>("lr", "learning rate"),
        optim::field<&AdagradMomentumConfig::momentum>("momentum", "momentum factor mu of b = mu b + g"),
        optim::field<&AdagradMomentumConfig::eps>("eps", "added to the denominator")};
    return f;
  }
  static AdagradMomentumConfig from_params(const Params& p) { return optim::with_params(AdagradMomentumConfig{}, p); }
  void validate() const {
    optim::require(lr >= 0 && momentum >= 0 && momentum < 1 && eps >= 0,
                   "adagrad_momentum: lr, eps >= 0 and momentum in [0, 1)");
  }
};

struct AdagradMomentumState {
  Vector sum{};
  Vector buffer{};
  int64_t step = 0;
  std::vector<Vector*> slots() { return {&sum, &buffer}; }
  std::vector<double*> scalars() { return {}; }
};

// kBroken: the copy with a classic defect, the step taken with the buffer of
// the previous step (b updated after its use instead of before).
template <class Tag, bool kBroken>
class AdagradMomentumKernel
    : public optim::Optimizer<Tag, AdagradMomentumKernel<Tag, kBroken>, AdagradMomentumConfig, AdagradMomentumState> {
 public:
  using optim::Optimizer<Tag, AdagradMomentumKernel<Tag, kBroken>, AdagradMomentumConfig,
                         AdagradMomentumState>::Optimizer;

  void advance(Vector& p, const Vector& grad, Vector& update) {
    const AdagradMomentumConfig& config = this->config;
    AdagradMomentumState& state = this->state;
    const auto r = [this](double v) { return this->r(v); };
    const Eigen::Index n = p.size();
    this->ensure(state.sum, n);
    this->ensure(state.buffer, n);
    ++state.step;
    const double lr = this->scalar(config.lr), mu = this->scalar(config.momentum);
    const double eps = this->rounded_eps(config.eps);
    for (Eigen::Index i = 0; i < n; ++i) {
      const double g = grad[i];
      double& s = state.sum[i];
      double& b = state.buffer[i];
      s = r(s + this->weighted_square(1, g));
      const double stale = b;
      b = r(r(mu * b) + g);
      update[i] = r(lr * this->divide(kBroken ? stale : b, r(r(std::sqrt(s)) + eps)));
      p[i] = r(p[i] - update[i]);
    }
  }
};
template <class Tag>
using AdagradMomentum = AdagradMomentumKernel<Tag, false>;
template <class Tag>
using BrokenAdagradMomentum = AdagradMomentumKernel<Tag, true>;

// 2. The oracle rule: the same update in exact arithmetic with its running
// error bound, one BoundArith call per rounded operation of the kernel.
void adagrad_momentum_rule(const Params& hyper, const optim_oracle::BoundArith& a, optim_oracle::OracleState& s,
                           optim_oracle::BVec& p, const optim_oracle::BVec& grad) {
  using optim_oracle::exact;
  const auto c = AdagradMomentumConfig::from_params(hyper);
  c.validate();
  const auto lr = a.to_tensor(exact(c.lr)), mu = a.to_tensor(exact(c.momentum)), eps = a.to_tensor(exact(c.eps));
  optim_oracle::BVec& sum = optim_oracle::slot(s, 0, p.size());
  optim_oracle::BVec& buffer = optim_oracle::slot(s, 1, p.size());
  for (size_t i = 0; i < p.size(); ++i) {
    sum[i] = a.add(sum[i], a.mul(grad[i], grad[i]));
    buffer[i] = a.add(a.mul(mu, buffer[i]), grad[i]);
    p[i] = a.sub(p[i], a.mul(lr, a.div(buffer[i], a.add(a.sqrt(sum[i]), eps))));
  }
}

// 3. The descriptor.
optim::OptimizerDescriptor adagrad_momentum_descriptor(std::string name, optim::KernelFactory kernel) {
  return {std::move(name), "Adagrad with heavy-ball momentum (defined in a test)",
          optim::param_specs<AdagradMomentumConfig>(), "s += g^2; b = mu b + g; p -= lr b / (sqrt(s) + eps).",
          {{"sum", true}, {"buffer"}}, {},
          {{}, {"momentum=0.5", "eps=1e-6"}, {"lr=0.5", "momentum=0"}},
          kernel, adagrad_momentum_rule};
}

// Registered once per test process, before its first use.
const char* throwaway() {
  static const bool registered = [] {
    optim::register_optimizer(
        adagrad_momentum_descriptor("adagrad_momentum", optim::make_kernel<AdagradMomentum>));
    optim::register_optimizer(
        adagrad_momentum_descriptor("adagrad_momentum_broken", optim::make_kernel<BrokenAdagradMomentum>));
    return true;
  }();
  return registered ? "adagrad_momentum" : nullptr;
}

TEST(SmokeThrowawayOptimizer, FoundByNameWithItsDefaults) {
  const std::string name = throwaway();
  EXPECT_EQ(optim::require_optimizer(name).resolve_params({}), (Params{1e-2, 0.9, 1e-10}));
  const auto names = optim::optimizer_names();
  EXPECT_NE(std::find(names.begin(), names.end(), name), names.end());
  EXPECT_EQ(names.front(), "sgd") << "the built-in ones keep their places";
  // A hand-computed f64 step: s = 1/4, b = 1/2, p = 1 - 0.5 * 0.5 / 0.5 (eps 0).
  auto kernel = optim::make_optimizer(name, Format::f64, {0.5, 0.9, 0});
  Vector p = Vector::Constant(1, 1.0);
  kernel->step(p, Vector::Constant(1, 0.5));
  EXPECT_EQ(p[0], 0.5);
  EXPECT_THROW(optim::make_optimizer(name, Format::f32, {0.1, 1.5}), UsageError) << "its own validation runs";
}

TEST(SmokeThrowawayOptimizer, RegistrationRejectsAnIncompleteOrInconsistentDescriptor) {
  throwaway();
  const auto rejected = [](optim::OptimizerDescriptor d, const char* why) {
    EXPECT_THROW(optim::register_optimizer(std::move(d)), UsageError) << why;
  };
  const auto fresh = [] { return adagrad_momentum_descriptor("adagrad_momentum_2", optim::make_kernel<AdagradMomentum>); };
  rejected(adagrad_momentum_descriptor("sgd", optim::make_kernel<AdagradMomentum>), "a taken name");
  auto d = fresh();
  d.slots.pop_back();
  rejected(d, "fewer slots than the kernel's State");
  d = fresh();
  d.oracle_rule = nullptr;
  rejected(d, "no oracle rule");
  d = fresh();
  d.variants = {{"momentum=0.5"}};
  rejected(d, "the first variant is not the defaults");
  d = fresh();
  d.variants.push_back({"betas=0.5"});
  rejected(d, "a variant naming an unknown parameter");
  d = fresh();
  d.slots[0].at_least_square_of = 0;
  rejected(d, "a slot bounded by its own square");
  EXPECT_EQ(optim::find_optimizer("adagrad_momentum_2"), nullptr);
}

RC_GTEST_PROP(ThrowawayOptimizer, OneStepWithinDerivedBound, ()) { optim_checks::one_step_within_bound(throwaway()); }

TEST(ThrowawayOptimizer, RecordsPerFormatAreSound) {
  const std::string name = throwaway();
  for (const auto& mode : props::kOptimizerModes)
    optim_checks::expect_sound_record(optim::measure_optimizer_steps(name, mode.format, mode.master, 20261126, 300));
}

TEST(ThrowawayOptimizer, DriftAgainstTheMultiprecisionTrajectory) {
  std::printf("%s", optim_checks::drift_rows(throwaway(), 200, 7).c_str());
}

// The same records for the copy that steps with the previous buffer: elements
// outside their bound in every format.
TEST(ThrowawayOptimizer, ChecksRejectAKernelUsingTheStaleBuffer) {
  throwaway();
  for (Format f : kAllFormats) {
    const auto s = optim::measure_optimizer_steps("adagrad_momentum_broken", f, false, 20261126, 300);
    EXPECT_GT(s.violations, 0u) << spec(f).name;
    EXPECT_FALSE(s.record.passed) << spec(f).name;
  }
}

}  // namespace
}  // namespace numstab
