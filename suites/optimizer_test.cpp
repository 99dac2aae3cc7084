// The eight optimizers: PyTorch's rules on hand-computed steps and the catalog
// rows (smoke), one step against the multiprecision oracle within the derived
// running error bound in every format, exact invariances and the fp16 hazards.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cmath>
#include <string>

#include <fmt/format.h>

#include "oracles/optim/oracle.hpp"
#include "properties/each_format.hpp"
#include "properties/optim_generators.hpp"
#include "properties/test_support.hpp"
#include "src/catalog.hpp"
#include "src/dynamics/diverge_command.hpp"
#include "src/optim/registry.hpp"
#include "src/optim/step_records.hpp"
#include "src/optim/trajectory.hpp"
#include "src/optim/drift_bound.hpp"
#include "suites/optim/optimizer_checks.hpp"

namespace numstab {
namespace {

using optim::Vector;

using test_support::vec;

std::string joined(const optim::Hazards& h) {
  std::string s;
  for (const auto& n : h.names()) s += (s.empty() ? "" : ",") + n;
  return s;
}

TEST(SmokeOptimizers, CatalogRowsCarryPyTorchDefaults) {
  const auto defaults = [](const char* name) { return require_composite(name, OpKind::optimizer).resolve_params({}); };
  EXPECT_EQ(defaults("sgd"), (Params{1e-3, 0, 0, 0, 0}));
  EXPECT_EQ(defaults("adagrad"), (Params{1e-2, 0, 0, 0, 1e-10}));
  EXPECT_EQ(defaults("rmsprop"), (Params{1e-2, 0.99, 1e-8, 0, 0, 0}));
  EXPECT_EQ(defaults("adadelta"), (Params{1.0, 0.9, 1e-6, 0}));
  EXPECT_EQ(defaults("adam"), (Params{1e-3, 0.9, 0.999, 1e-8, 0, 0}));
  EXPECT_EQ(defaults("adamw"), (Params{1e-3, 0.9, 0.999, 1e-8, 1e-2, 0}));
  EXPECT_EQ(defaults("adamax"), (Params{2e-3, 0.9, 0.999, 1e-8, 0}));
  EXPECT_EQ(defaults("nadam"), (Params{2e-3, 0.9, 0.999, 1e-8, 0, 4e-3}));
  // --param momentum=0.9 reaches the kernel through the row's order.
  const auto p = require_composite("sgd").resolve_params({"momentum=0.9", "nesterov=1"});
  const auto c = optim::SgdConfig::from_params(p);
  EXPECT_EQ(c.momentum, 0.9);
  EXPECT_TRUE(c.nesterov);
  EXPECT_THROW(require_composite("sgd").resolve_params({"betas=1"}), UsageError);
  EXPECT_THROW(optim::make_optimizer("lamb", Format::f32, {}), UsageError);
  EXPECT_THROW(optim::make_optimizer("sgd", Format::f32, {0.1, 0.9, 0.5, 0, 1}), UsageError) << "nesterov needs dampening 0";
  EXPECT_THROW(optim::make_optimizer("sgd", Format::f32, {0.1, 0, 0, 0, 1}), UsageError) << "nesterov needs momentum";
}

// The catalog's optimizer rows are the built-in descriptors' rows, in order;
// each descriptor lists as many slots and scalars as its kernel's State has.
TEST(SmokeOptimizers, CatalogRowsFollowTheDescriptors) {
  std::vector<std::string> in_catalog;
  for (const auto& op : composite_catalog())
    if (op.kind == OpKind::optimizer) in_catalog.push_back(op.name);
  EXPECT_EQ(in_catalog, optim::optimizer_names());
  EXPECT_EQ(in_catalog, (std::vector<std::string>{"sgd", "adagrad", "rmsprop", "adadelta", "adam", "adamw",
                                                  "adamax", "nadam"}));
  for (const auto& d : optim::builtin_optimizers()) {
    const auto& row = require_composite(d.name, OpKind::optimizer);
    EXPECT_EQ(row.summary, d.summary);
    EXPECT_EQ(row.notes, d.notes);
    ASSERT_EQ(row.params.size(), d.params.size()) << d.name;
    for (size_t i = 0; i < d.params.size(); ++i) {
      EXPECT_EQ(row.params[i].name, d.params[i].name) << d.name;
      EXPECT_EQ(row.params[i].default_value, d.params[i].default_value) << d.name;
    }
    auto kernel = d.make_kernel(Format::f32, {}, {});
    EXPECT_EQ(kernel->state_slots().size(), d.slots.size()) << d.name;
    EXPECT_EQ(kernel->state_scalars().size(), d.scalars.size()) << d.name;
  }
}

// No entry point falls back to an optimizer of its choice (the step checks
// once ran NAdam's kernel for any name they did not know).
TEST(SmokeOptimizers, UnknownNameIsAnErrorAtEveryEntryPoint) {
  set_real_precision(256);
  const auto expect_unknown = [](const char* entry, const std::function<void()>& call) {
    try {
      call();
      ADD_FAILURE() << entry << " accepted the optimizer 'lamb'";
    } catch (const UsageError& e) {
      EXPECT_NE(std::string(e.what()).find("unknown optimizer 'lamb'"), std::string::npos) << entry << ": " << e.what();
    }
  };
  const optim::Draw draw = [n = uint64_t{0}]() mutable { return n += 0x9e3779b97f4a7c15ULL; };
  for (Format f : kAllFormats) {
    expect_unknown("make_optimizer", [&] { optim::make_optimizer("lamb", f, {}); });
    expect_unknown("make_step_case", [&] { optim::make_step_case("lamb", f, false, draw); });
    optim::StepCase c = optim::make_step_case("nadam", f, false, draw);
    c.optimizer = "lamb";
    expect_unknown("check_step", [&] { optim::check_step(c, f, false); });
    expect_unknown("measure_optimizer_steps", [&] { optim::measure_optimizer_steps("lamb", f, false, 1, 1); });
    expect_unknown("trajectory_drift", [&] { optim::trajectory_drift("lamb", f, false, {}, 1, 1, 2); });
    expect_unknown("oracle_step", [&] {
      optim_oracle::OracleState state;
      optim_oracle::BVec p = optim_oracle::exact_vector({1.0}), g = optim_oracle::exact_vector({0.5});
      optim_oracle::oracle_step("lamb", {}, optim_oracle::BoundArith(f), state, p, g);
    });
  }
  dynamics::DivergeRequest r;
  r.optimizer = "lamb";
  expect_unknown("run_diverge", [&] { dynamics::run_diverge(r); });
}

// PyTorch: at the first step the buffer is the gradient itself, without
// dampening; afterwards b = mu b + (1 - d) g. Values exact in every format.
TEST(SmokeSgd, FirstStepBufferIsTheUndampenedGradient) {
  for (Format f : kAllFormats) {
    dispatch(f, [&](auto tag) {
      using Tag = decltype(tag);
      optim::Sgd<Tag> opt(optim::SgdConfig{.lr = 0.5, .momentum = 0.5, .dampening = 0.5});
      Vector p = vec({1, -2}), g = vec({0.5, -1});
      opt.step(p, g);
      EXPECT_EQ(opt.state.momentum_buffer, g) << spec(f).name;
      EXPECT_EQ(p, vec({0.75, -1.5})) << spec(f).name;
      opt.step(p, g);  // b = 0.5 b + 0.5 g = g
      EXPECT_EQ(opt.state.momentum_buffer, g) << spec(f).name;
      EXPECT_EQ(p, vec({0.5, -1})) << spec(f).name;
      optim::Sgd<Tag> nesterov(optim::SgdConfig{.lr = 0.5, .momentum = 0.5, .nesterov = true});
      p = vec({1, -2});
      nesterov.step(p, g);  // b = g; d = g + 0.5 b = 1.5 g
      EXPECT_EQ(p, vec({0.625, -1.25})) << spec(f).name;
    });
  }
}

TEST(SmokeSgd, WeightDecayFoldsIntoTheGradient) {
  optim::Sgd<F64> opt(optim::SgdConfig{.lr = 0.25, .weight_decay = 0.5});
  Vector p = vec({2, -4}), g = vec({1, 1});
  opt.step(p, g);  // d = g + 0.5 p = (2, -1)
  EXPECT_EQ(p, vec({1.5, -3.75}));
}

// Adam's first step from a fresh state is lr * g / (|g| + eps) (bias
// corrections cancel): with eps = 0, exactly lr * sign(g).
TEST(SmokeAdam, FirstStepIsLrTimesSign) {
  for (Format f : kAllFormats) {
    for (const char* name : {"adam", "adamw"}) {
      auto opt = optim::make_optimizer(name, f, {0.125, 0.9, 0.999, 0, 0, 0});
      Vector p = vec({1, -1, 0.5}), g = vec({0.25, -3, 0.5});
      opt->step(p, g);
      EXPECT_EQ(p, vec({0.875, -0.875, 0.375})) << name << " " << spec(f).name;
    }
  }
}

// An f32 master copy keeps updates that f16 parameters lose (AMP's reason to exist).
TEST(SmokeOptimizers, MasterCopyKeepsUpdatesTheParametersLose) {
  optim::Sgd<F16> plain(optim::SgdConfig{.lr = 1e-4});
  optim::Sgd<F16> mixed(optim::SgdConfig{.lr = 1e-4}, optim::StepOptions{.f32_master = true});
  Vector p1 = vec({1}), p2 = vec({1}), g = vec({1});
  for (int t = 0; t < 100; ++t) {
    plain.step(p1, g);
    mixed.step(p2, g);
  }
  EXPECT_EQ(p1[0], 1.0) << "1 - 1e-4 rounds back to 1 in f16";
  EXPECT_EQ(joined(plain.hazards()), "update_lost");
  EXPECT_NEAR(p2[0], 0.99, 1e-3);
  ASSERT_EQ(mixed.master_params().size(), 1);
  EXPECT_NEAR(mixed.master_params()[0], 0.99, 1e-5);
}

// Each fp16 hazard is reported on an input crafted to trigger it, and not on
// a benign one.
TEST(SmokeOptimizerHazards, EachIsDetectedOnACraftedInput) {
  const auto step = [](const char* name, Format f, const Params& hyper, Vector p, Vector g) {
    auto opt = optim::make_optimizer(name, f, hyper);
    opt->step(p, g);
    return std::make_pair(opt->hazards(), p);
  };
  // eps = 1e-8 is below f16's smallest subnormal 2^-24/2: it rounds to 0.
  EXPECT_EQ(step("adam", Format::f16, {}, vec({1}), vec({0.5})).first.eps_rounds_to_zero, 1u);
  EXPECT_EQ(step("adam", Format::f32, {}, vec({1}), vec({0.5})).first.any(), false);
  // g = 2^-13: g^2 = 2^-26 underflows to 0 in f16, and with eps = 0 the
  // denominator sqrt(v) + eps is 0: m / 0 = inf, the parameter becomes -inf.
  const auto [h, p] = step("adam", Format::f16, {}, vec({1}), vec({0x1p-13}));
  EXPECT_EQ(joined(h), "eps_rounds_to_zero,grad_square_underflow,zero_denominator,nonfinite_param");
  EXPECT_EQ(p[0], -INFINITY);
  EXPECT_EQ(joined(step("adam", Format::f32, {}, vec({1}), vec({0x1p-13})).first), "");
  // g = 300: g^2 = 90000 > 65504 overflows in f16 (v = inf, g / inf = 0: no step).
  const auto [h300, p300] = step("rmsprop", Format::f16, {1e-2, 0.99, 1e-3}, vec({1}), vec({300}));
  EXPECT_EQ(joined(h300), "grad_square_overflow");
  EXPECT_EQ(p300[0], 1.0);
  EXPECT_EQ(joined(step("rmsprop", Format::f16, {1e-2, 0.99, 1e-3}, vec({1}), vec({30})).first), "");
  // The adagrad accumulator: sqrt(0) + 1e-10 is 0 in f16 for a zero gradient
  // (0/0 = NaN).
  const auto [h0, p0] = step("adagrad", Format::f16, {}, vec({1}), vec({0}));
  EXPECT_EQ(joined(h0), "eps_rounds_to_zero,zero_denominator,nonfinite_param");
  EXPECT_TRUE(std::isnan(p0[0]));
  EXPECT_EQ(joined(step("adagrad", Format::f32, {}, vec({1}), vec({0})).first), "");
}

// ---- oracle tier: one step within the derived bound, every format ----

// One step within the derived bound, every format mode (suites/optim/optimizer_checks.hpp).
RC_GTEST_PROP(OptimizerStep, SgdWithinDerivedBound, ()) { optim_checks::one_step_within_bound("sgd"); }
RC_GTEST_PROP(OptimizerStep, AdagradWithinDerivedBound, ()) { optim_checks::one_step_within_bound("adagrad"); }
RC_GTEST_PROP(OptimizerStep, RmspropWithinDerivedBound, ()) { optim_checks::one_step_within_bound("rmsprop"); }
RC_GTEST_PROP(OptimizerStep, AdadeltaWithinDerivedBound, ()) { optim_checks::one_step_within_bound("adadelta"); }
RC_GTEST_PROP(OptimizerStep, AdamWithinDerivedBound, ()) { optim_checks::one_step_within_bound("adam"); }
RC_GTEST_PROP(OptimizerStep, AdamwWithinDerivedBound, ()) { optim_checks::one_step_within_bound("adamw"); }
RC_GTEST_PROP(OptimizerStep, AdamaxWithinDerivedBound, ()) { optim_checks::one_step_within_bound("adamax"); }
RC_GTEST_PROP(OptimizerStep, NadamWithinDerivedBound, ()) { optim_checks::one_step_within_bound("nadam"); }

// The records the report gets (one per optimizer and format): printed as a
// table (max, mean, the element nearest its bound), none outside its bound.
TEST(OptimizerStep, RecordsPerOptimizerAndFormat) {
  const uint64_t seed = 20261126;
  const auto summaries = optim::optimizer_step_summaries(seed, true);
  EXPECT_EQ(summaries.size(), 48u);
  std::string table = fmt::format("{:<9}{:<5}{:<7}{:>7}{:>10}{:>10}{:>9}{:>10}{:>8}  {}\n", "opt", "fmt", "master",
                                  "cases", "max_ulp", "mean_ulp", "unbound", "err/bnd", "hazard", "hazards seen");
  for (const auto& s : summaries) {
    const auto& r = s.record;
    table += fmt::format("{:<9}{:<5}{:<7}{:>7}{:>10.3g}{:>10.3g}{:>9}{:>10}{:>8}  {}\n", r.op, r.format,
                         r.kernel == "reference" ? "no" : "f32", r.cases, r.max_ulp, s.mean_ulp, s.unbounded,
                         fmt::format("{:.2g}/{:.2g}", r.error, r.bound), s.hazard_steps, s.hazard_names);
    optim_checks::expect_sound_record(s);
  }
  std::printf("one-step records, seed %llu, 300 cases x 4 parameters each:\n%s",
              static_cast<unsigned long long>(seed), table.c_str());
  for (const auto& s : summaries)
    if (s.record.op == "adam" && s.record.format == "f16" && s.record.kernel == "reference")
      std::printf("adam f16 element nearest its bound: %s\n", s.record.where.c_str());
}

// T-step drift against the multiprecision trajectory, every optimizer with
// PyTorch's defaults, 200 steps (seed 7); what is asserted:
// optim_checks::drift_rows.
TEST(OptimizerTrajectory, DriftAgainstTheMultiprecisionTrajectory) {
  const int steps = 200;
  const uint64_t seed = 7;
  std::string table = "optimizer  format  master  drift@10  drift@100  drift@200 (normwise, in u)  max ULP@200\n";
  for (const std::string& name : optim::optimizer_names()) table += optim_checks::drift_rows(name, steps, seed);
  std::printf("trajectory drift, %d steps, seed %llu:\n%s", steps, static_cast<unsigned long long>(seed),
              table.c_str());
}

// Contractive SGD: ||e_t|| <= max ||d_t|| / (1 - rho) for every t (derived in
// src/optim/drift_bound.hpp), with d_t observed and with the one-step running
// error bound, in every format, at rho = 0.975 and 0.85 (lr 0.25 and 1.5 on
// curvatures in [0.1, 1]), with and without weight decay.
TEST(OptimizerTrajectory, ContractiveSgdDriftWithinDerivedBound) {
  for (Format f : {Format::f64, Format::f32, Format::f16, Format::bf16})
    for (const Params& hyper : {Params{0.25, 0, 0, 0, 0}, Params{1.5, 0, 0, 0, 0}, Params{0.25, 0, 0, 0.5, 0}}) {
      const optim::DriftBound d = optim::sgd_drift_bound(f, hyper, 400, 7);
      const std::string what = optim::to_json(d).dump();
      EXPECT_LT(d.rho, 1) << what;
      EXPECT_GT(d.max_error, 0) << what;
      EXPECT_TRUE(d.within()) << what;
      EXPECT_TRUE(d.within_a_priori()) << what;
      std::printf("%s lr %.3g wd %.3g: rho %.4f ||e_T|| %.3g max ||e_t|| %.3g <= %.3g (observed), %.3g (a priori)\n",
                  d.format.c_str(), d.lr, d.weight_decay, d.rho, d.error, d.max_error, d.bound, d.a_priori_bound);
    }
}

// A step rounded wrongly on purpose (every parameter pushed 16 ULP away from 0
// after each step) breaks the a priori bound; the observed form, a theorem
// given the measured d_t, still holds.
TEST(OptimizerTrajectory, PerturbedStepBreaksTheDriftBound) {
  for (Format f : {Format::f32, Format::f16, Format::bf16}) {
    const auto push = [f](Eigen::VectorXd& p, int) {
      for (Eigen::Index i = 0; i < p.size(); ++i)
        p[i] = round_to(f, p[i] + std::copysign(std::ldexp(16.0, ulp_exponent(f, Real(p[i]))), p[i]));
    };
    const optim::DriftBound d = optim::sgd_drift_bound(f, {0.25, 0, 0, 0, 0}, 400, 7, 8, push);
    EXPECT_FALSE(d.within_a_priori()) << optim::to_json(d).dump();
    EXPECT_TRUE(d.within()) << optim::to_json(d).dump();
  }
}

// ---- exact properties ----

template <class Tag>
Vector random_vector(Format f, int n, int lo, int hi) {
  Vector v(n);
  for (int i = 0; i < n; ++i) {
    const int e = *rc::gen::inRange(lo, hi + 1);
    const double frac = *rc::gen::inRange(0, 1 << 20) * 0x1p-20;
    v[i] = round_to(f, std::ldexp(1 + frac, e) * (*rc::gen::arbitrary<bool>() ? -1 : 1));
  }
  return v;
}

// SGD without weight decay from a fresh state and a zero gradient (+0) leaves
// every parameter unchanged bit for bit (any lr, momentum, dampening, Nesterov;
// subnormal, huge and infinite parameters included). (A -0 gradient turns a
// -0 parameter into +0: p + (-lr)(-0) = -0 + 0 = +0, as in PyTorch.)
template <class Tag>
void zero_gradient_keeps_params() {
  const Format f = Tag::format;
  const int n = 6;
  Vector p(n);
  for (int i = 0; i < n; ++i) {
    const auto x = *props::any_bits<Tag>();
    RC_PRE(!std::isnan(x.value()));
    p[i] = x.value();
  }
  const double lr = std::ldexp(1.0, *rc::gen::inRange(-20, 4)) * 1.3;
  const double momentum = *rc::gen::element(0.0, 0.5, 0.9);
  const bool nesterov = momentum > 0 && *rc::gen::arbitrary<bool>();
  optim::Sgd<Tag> opt(optim::SgdConfig{.lr = lr, .momentum = momentum, .dampening = nesterov ? 0.0 : 0.5,
                                       .nesterov = nesterov});
  Vector q = p;
  const int steps = *rc::gen::inRange(1, 4);
  for (int t = 0; t < steps; ++t) opt.step(q, Vector::Zero(n));
  for (int i = 0; i < n; ++i)
    RC_ASSERT(double_to_bits(f, q[i]) == double_to_bits(f, p[i]));
}
NUMSTAB_PROP_EACH_FORMAT(SgdExact, ZeroGradientKeepsParams, zero_gradient_keeps_params<Tag>())

// SGD is linear in lr: from p = 0 with a fixed gradient sequence (no weight
// decay), the trajectory with lr 2^j is 2^j times the one with lr, bit for bit
// in f64 (scaling by a power of two commutes with every rounding while nothing
// under- or overflows), whatever the momentum, dampening or Nesterov.
RC_GTEST_PROP(SgdExact, LinearInPowerOfTwoLrF64, ()) {
  const int n = 5, steps = 6;
  const double lr = std::ldexp(1.0, *rc::gen::inRange(-12, 0));
  const int j = *rc::gen::inRange(-8, 9);
  const double momentum = *rc::gen::element(0.0, 0.5, 0.9, 0.99);
  const bool nesterov = momentum > 0 && *rc::gen::arbitrary<bool>();
  const optim::SgdConfig base{.lr = lr, .momentum = momentum,
                              .dampening = nesterov ? 0.0 : *rc::gen::element(0.0, 0.1, 0.5), .nesterov = nesterov};
  optim::SgdConfig scaled = base;
  scaled.lr = std::ldexp(lr, j);
  optim::Sgd<F64> a(base), b(scaled);
  Vector pa = Vector::Zero(n), pb = Vector::Zero(n);
  for (int t = 0; t < steps; ++t) {
    const Vector g = random_vector<F64>(Format::f64, n, -10, 10);
    a.step(pa, g);
    b.step(pb, g);
    for (int i = 0; i < n; ++i)
      if (std::ldexp(pa[i], j) != pb[i])
        RC_FAIL(fmt::format("step {}, p[{}]: lr {} gives {}, lr {} gives {} (expected {})", t + 1, i, hex_text(lr),
                            hex_text(pa[i]), hex_text(scaled.lr), hex_text(pb[i]), hex_text(std::ldexp(pa[i], j))));
  }
}

// Adam without eps is invariant to the gradient scale: scaling every gradient
// by 2^k scales m by 2^k and v by 4^k exactly, so the steps are identical bit
// for bit (f64, f32, bf16; no under/overflow in the chosen range).
template <class Tag>
void adam_scale_invariant_without_eps(bool amsgrad) {
  const Format f = Tag::format;
  const int n = 4, steps = 4;
  const int k = *rc::gen::inRange(-40, 41);
  const optim::AdamConfig c{.lr = 1e-3, .eps = 0, .amsgrad = amsgrad};
  optim::Adam<Tag> a(c), b(c);
  Vector pa = random_vector<Tag>(f, n, -3, 3), pb = pa;
  for (int t = 0; t < steps; ++t) {
    const Vector g = random_vector<Tag>(f, n, -8, 8);
    a.step(pa, g);
    b.step(pb, g * std::ldexp(1.0, k));
    for (int i = 0; i < n; ++i)
      if (pa[i] != pb[i])
        RC_FAIL(fmt::format("{} step {}, p[{}]: {} with g, {} with g * 2^{}", spec(f).name, t + 1, i, hex_text(pa[i]),
                            hex_text(pb[i]), k));
  }
}
RC_GTEST_PROP(AdamExact, ScaleInvariantWithoutEpsF64, (bool amsgrad)) { adam_scale_invariant_without_eps<F64>(amsgrad); }
RC_GTEST_PROP(AdamExact, ScaleInvariantWithoutEpsF32, (bool amsgrad)) { adam_scale_invariant_without_eps<F32>(amsgrad); }
RC_GTEST_PROP(AdamExact, ScaleInvariantWithoutEpsBf16, (bool amsgrad)) { adam_scale_invariant_without_eps<BF16>(amsgrad); }

// With eps > 0 the invariance is broken by exactly the eps effect: Adam's first
// step is lr g / (|g| + eps) (bias corrections cancel), so scaling g by s
// changes the step's size from lr |g| / (|g| + eps) to lr s|g| / (s|g| + eps).
// Measured in f64 against that formula (8 u: the step's roundings), printed
// as a table of the departure from lr sign(g) versus |g|.
TEST(AdamExact, EpsEffectOfGradientScaleQuantified) {
  const double lr = 1e-3, eps = 1e-8;
  std::string table = "  |g|        step/lr       1 - step/lr    predicted eps/(|g|+eps)\n";
  for (int e = -40; e <= 0; e += 4) {
    const double g = std::ldexp(1.0, e);
    optim::Adam<F64> opt(optim::AdamConfig{.lr = lr, .eps = eps});
    Vector p = Vector::Zero(1);
    opt.step(p, vec({g}));
    const double ratio = -p[0] / lr, predicted = eps / (g + eps);
    EXPECT_NEAR(1 - ratio, predicted, 8 * 0x1p-53 + 8 * 0x1p-53 * predicted) << "|g| = 2^" << e;
    table += fmt::format("  2^{:<4}  {:<12.6g}  {:<12.4g}  {:.4g}\n", e, ratio, 1 - ratio, predicted);
  }
  std::printf("Adam (lr 1e-3, eps 1e-8), first step from a fresh state, f64:\n%s"
              "the step is scale invariant to 1e-3 relative for |g| > 1e-5 and loses it below ~1e-8\n",
              table.c_str());
}

}  // namespace
}  // namespace numstab
