// Gradient clipping (clip_grad_value, clip_grad_norm with a norm that cannot
// overflow in f16) and dynamic loss scaling (GradScaler semantics) on f16
// gradients that overflow or underflow.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cmath>

#include <fmt/format.h>

#include "properties/each_format.hpp"
#include "properties/generators.hpp"
#include "properties/test_support.hpp"
#include "src/catalog.hpp"
#include "src/optim/clipping.hpp"
#include "src/optim/grad_scaler.hpp"
#include "src/optim/sgd.hpp"
#include "src/ulp.hpp"

namespace numstab {
namespace {

using optim::Vector;

using test_support::vec;

Real exact_norm(const Vector& g) {
  Real s = 0;
  for (Eigen::Index i = 0; i < g.size(); ++i) s += Real(g[i]) * Real(g[i]);
  return boost::multiprecision::sqrt(s);
}

TEST(SmokeTrainingUtils, CatalogRows) {
  EXPECT_EQ(require_composite("clip_grad_value", OpKind::training).resolve_params({}), Params{1.0});
  EXPECT_EQ(require_composite("clip_grad_norm", OpKind::training).resolve_params({}), Params{1.0});
  EXPECT_EQ(require_composite("grad_scaler", OpKind::training).resolve_params({}),
            (Params{65536.0, 2.0, 0.5, 2000.0}));
}

TEST(SmokeClipGradValue, ClampsAndKeepsTheRest) {
  Vector g = vec({-3, -0.5, 0.25, 2, -0.0});
  optim::clip_grad_value<F16>(g, 1.0);
  EXPECT_EQ(g, vec({-1, -0.5, 0.25, 1, -0.0}));
  EXPECT_TRUE(std::signbit(g[4]));
}

// f16 gradients near 65504 whose norm is finite: the naive sum of squares
// overflows (40000^2 > 65504), gives an infinite norm and a clip coefficient
// max_norm / inf = 0 that wipes the gradients out; the scaled norm is within
// 1 ULP of the exact 64031.24... and clipping gives a vector of norm <= max_norm.
TEST(SmokeClipGradNorm, ScaledNormSurvivesWhereTheNaiveOneOverflowsInF16) {
  const Vector g = vec({40000, -40000, 30000, 0.5});
  const Real exact = exact_norm(g);
  const double scaled = optim::grad_norm<F16>(g, optim::NormAlgorithm::scaled);
  const double naive = optim::grad_norm<F16>(g, optim::NormAlgorithm::naive);
  EXPECT_TRUE(std::isinf(naive));
  EXPECT_LE(ulp_error(Format::f16, scaled, exact), 1.0)
      << "scaled " << scaled << ", exact " << exact_dec_text(exact);
  Vector naive_clipped = g, scaled_clipped = g;
  optim::clip_grad_norm<F16>(naive_clipped, 1.0, optim::NormAlgorithm::naive);
  const auto res = optim::clip_grad_norm<F16>(scaled_clipped, 1.0);
  EXPECT_EQ(naive_clipped, Vector::Zero(4)) << "naive: every gradient multiplied by 1 / inf";
  EXPECT_GT(res.clip_coef, 0);
  EXPECT_LE(exact_norm(scaled_clipped), Real(1.0 + 8 * 0x1p-11));
  EXPECT_GE(exact_norm(scaled_clipped), Real(1.0 - 8 * 0x1p-11));
  std::printf("f16 g = [40000, -40000, 30000, 0.5]: exact norm %s, scaled %.17g, naive %g\n",
              exact_dec_text(exact).c_str(), scaled, naive);
}

// Scaled norm of n terms: t_i = g_i/m (1 rounding), t_i^2 (1), a recursive sum
// of n terms (n-1), sqrt (1), times m (1). To first order the relative error is
// ((n+1)u from the sum of squares, halved by the sqrt) + 2u, so within
// (n+1)/2 + 2 ULP of the exact norm (an ULP is at least u|y|); subnormal
// quotients t_i add at most n 2^(emin-p) absolute to a sum >= 1 (negligible).
template <class Tag>
void scaled_norm_within_bound() {
  const Format f = Tag::format;
  const int n = *rc::gen::inRange(1, 17);
  Vector g(n);
  for (int i = 0; i < n; ++i) {
    const auto x = *rc::gen::oneOf(props::any_bits<Tag>(), props::mixed<Tag>(-1e3, 1e3));
    RC_PRE(std::isfinite(x.value()));
    g[i] = x.value();
  }
  const Real exact = exact_norm(g);
  RC_PRE(std::isfinite(round_to_format(f, exact)));
  const double got = optim::grad_norm<Tag>(g);
  const double bound = ((n + 1) / 2.0 + 2) * (1 + (n + 4) * std::ldexp(1.0, -spec(f).precision)) + 1e-3;
  const Judgement j = judge(f, got, exact);
  if (j.mismatch != Mismatch::none || j.ulp > bound)
    RC_FAIL(fmt::format("{} n={} norm: computed {} ({}), exact {} ({}), error {} ULP ({}), bound {}", spec(f).name, n,
                        hex_text(got), dec_text(f, got), exact_hex_text(exact), exact_dec_text(exact), j.ulp,
                        kMismatchNames[static_cast<int>(j.mismatch)], bound));
  RC_CLASSIFY(std::isinf(optim::grad_norm<Tag>(g, optim::NormAlgorithm::naive)), "naive norm overflows here");
}
NUMSTAB_PROP_EACH_FORMAT(ClipGradNorm, ScaledNormWithinBound, set_real_precision(256); scaled_norm_within_bound<Tag>())

// clip_grad_norm in f16: below max_norm the gradients are untouched bit for
// bit (the coefficient clamps to exactly 1); above it the clipped vector's
// exact norm is <= max_norm (1+u)^2 / (1 - e_N) + N eta (1+u) + sqrt(n) eta,
// e_N the norm's relative bound and eta = 2^-25 the absolute rounding error of
// a subnormal f16 result. The eta terms matter: once N / max_norm > 2^14 the
// clip coefficient is subnormal in f16 and coarse (3.58e-7 has 3 bits), and
// the clipped norm overshoots max_norm by up to N 2^-25 (measured: 9% for
// N = 65280, max_norm = 0.0214).
RC_GTEST_PROP(ClipGradNorm, ClipsToMaxNormF16, ()) {
  set_real_precision(256);
  const int n = *rc::gen::inRange(1, 13);
  Vector g(n);
  for (int i = 0; i < n; ++i) {
    const auto x = *props::mixed<F16>(-65504, 65504);
    RC_PRE(std::isfinite(x.value()));
    g[i] = x.value();
  }
  RC_PRE(std::isfinite(round_to_format(Format::f16, exact_norm(g))));
  const double max_norm = round_to<F16>(std::ldexp(1.0, *rc::gen::inRange(-6, 12)) * 1.37);
  Vector clipped = g;
  const auto res = optim::clip_grad_norm<F16>(clipped, max_norm);
  const double u = 0x1p-11, e_norm = ((n + 1) / 2.0 + 2) * u * (1 + (n + 4) * u);
  if (res.clip_coef == 1.0) {
    RC_ASSERT(clipped == g);
  } else {
    const Real after = exact_norm(clipped);
    const double eta = 0x1p-25, norm = static_cast<double>(exact_norm(g));
    const double limit = max_norm * (1 + u) * (1 + u) / (1 - e_norm) + norm * eta * (1 + u) + std::sqrt(n) * eta;
    if (after > Real(limit))
      RC_FAIL(fmt::format("max_norm {}: clipped norm {} > {} (norm computed {}, coef {})", max_norm,
                          exact_dec_text(after), limit, res.total_norm, res.clip_coef));
  }
  RC_CLASSIFY(res.clip_coef < 1, "clipped");
  RC_CLASSIFY(res.clip_coef < 0x1p-14, "clip coefficient subnormal");
}

// GradScaler: an f16 gradient of 1e-8 is 0 in f16 (below the smallest
// subnormal 2^-24 / 2) but 6.55e-4 after scaling by 2^16; unscaled in f32 it
// is 1e-8 to f16 precision.
TEST(SmokeGradScaler, RecoversGradientsThatUnderflowInF16) {
  const Vector exact = vec({1e-8, -3e-9, 2e-7});
  Vector unscaled_f16(3);
  for (int i = 0; i < 3; ++i) unscaled_f16[i] = round_to<F16>(exact[i]);
  EXPECT_EQ(unscaled_f16[0], 0.0);
  EXPECT_EQ(unscaled_f16[1], 0.0);
  optim::GradScaler scaler;
  const auto u = scaler.unscale(scaler.scaled_gradient<F16>(exact));
  EXPECT_FALSE(u.found_inf);
  for (int i = 0; i < 3; ++i) EXPECT_NEAR(u.grad[i], exact[i], std::abs(exact[i]) * 0x1p-11 * 1.001) << i;
}

// A gradient of 2 times 2^16 overflows f16: the step is skipped and the scale
// halved, twice (131072 and 65536 are both > 65504), then 2 * 2^14 = 32768
// fits and the step is taken.
TEST(SmokeGradScaler, SkipsTheStepAndBacksOffOnOverflow) {
  optim::GradScaler scaler;
  optim::Sgd<F32> opt(optim::SgdConfig{.lr = 0.5});
  Vector p = vec({1.0});
  const auto step = [&](const Vector& g) { opt.step(p, g); };
  EXPECT_FALSE(scaler.step(scaler.scaled_gradient<F16>(vec({2.0})), step));
  EXPECT_EQ(scaler.scale(), 32768.0);
  EXPECT_EQ(p[0], 1.0);
  EXPECT_FALSE(scaler.step(scaler.scaled_gradient<F16>(vec({2.0})), step));
  EXPECT_EQ(scaler.scale(), 16384.0);
  EXPECT_TRUE(scaler.step(scaler.scaled_gradient<F16>(vec({2.0})), step));
  EXPECT_EQ(p[0], 0.0);
  EXPECT_EQ(scaler.scale(), 16384.0);
  EXPECT_EQ(scaler.skipped_steps(), 2);
  // A NaN gradient is treated the same way.
  EXPECT_FALSE(scaler.step(vec({NAN}), step));
  EXPECT_EQ(scaler.scale(), 8192.0);
}

// The scale doubles after exactly growth_interval = 2000 consecutive finite
// steps; an overflow in between restarts the count.
TEST(SmokeGradScaler, GrowsAfterTwoThousandFiniteSteps) {
  optim::GradScaler scaler;
  const auto nothing = [](const Vector&) {};
  const Vector g = vec({1e-3});
  for (int t = 0; t < 1999; ++t) scaler.step(scaler.scaled_gradient<F16>(g), nothing);
  EXPECT_EQ(scaler.scale(), 65536.0);
  EXPECT_EQ(scaler.growth_tracker(), 1999);
  scaler.step(scaler.scaled_gradient<F16>(g), nothing);
  EXPECT_EQ(scaler.scale(), 131072.0);
  EXPECT_EQ(scaler.growth_tracker(), 0);
  for (int t = 0; t < 1000; ++t) scaler.step(scaler.scaled_gradient<F16>(g), nothing);
  scaler.step(vec({INFINITY}), nothing);
  EXPECT_EQ(scaler.scale(), 65536.0);
  for (int t = 0; t < 1999; ++t) scaler.step(scaler.scaled_gradient<F16>(g), nothing);
  EXPECT_EQ(scaler.scale(), 65536.0) << "the count restarted at the overflow";
  scaler.step(scaler.scaled_gradient<F16>(g), nothing);
  EXPECT_EQ(scaler.scale(), 131072.0);
}

// Over generated gradients far below f16's range (2^-38 .. 2^-25 exclusive,
// all 0 or subnormal garbage in plain f16: just below 2^-24 plain f16 rounds to
// 2^-24 within 1%, so the top binade [2^-25, 2^-24) is left out), scaling by 2^16..2^24 and unscaling in f32
// gives each within one f16 rounding plus one f32 rounding (relative
// 2^-11 + 2^-24) whenever the scaled value is a normal f16 number.
RC_GTEST_PROP(GradScaler, RecoversUnderflowingGradientsF16, ()) {
  const int e = *props::full_size(rc::gen::inRange(-38, -25));
  const double g = std::ldexp(1.0 + *props::full_size(rc::gen::inRange(0, 1 << 20)) * 0x1p-20, e) *
                   (*rc::gen::arbitrary<bool>() ? -1 : 1);
  // Scales that bring g into f16's normal range (2^-14 .. 2^15).
  const double scale = std::ldexp(1.0, *props::full_size(rc::gen::inRange(std::max(16, -14 - e), std::min(24, 14 - e) + 1)));
  optim::GradScaler scaler(optim::GradScalerConfig{.init_scale = scale});
  const double scaled = scaler.scaled_gradient<F16>(vec({g}))[0];
  RC_PRE(std::abs(scaled) >= 0x1p-14 && std::isfinite(scaled));
  const auto u = scaler.unscale(vec({scaled}));
  const double rel = std::abs(u.grad[0] - g) / std::abs(g);
  const double plain_rel = std::abs(round_to<F16>(g) - g) / std::abs(g);
  if (u.found_inf || rel > 0x1p-11 + 0x1p-24 + 0x1p-35)
    RC_FAIL(fmt::format("g {} scale {}: unscaled {} relative error {}", hex_text(g), scale, hex_text(u.grad[0]), rel));
  RC_ASSERT(plain_rel > 0.01);  // what the scaling recovers: plain f16 loses the value
}

}  // namespace
}  // namespace numstab
