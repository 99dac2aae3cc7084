// Losses: PyTorch's definitions at the edges (smoke), forward and gradient
// against exact oracles within derived bounds (oracle tier), and the naive
// bce_with_logits failing at logits of +-1e4.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <random>

#include "properties/each_format.hpp"
#include "properties/test_support.hpp"
#include "src/losses/check.hpp"
#include "src/losses/inputs.hpp"
#include "src/gradcheck/finite_difference.hpp"

namespace numstab {
namespace {

using losses::Reduction;

using test_support::vec;

// --- smoke: exact answers at the edges ---------------------------------------------

// A misspelt loss is an error in the kernel, the oracle, the bounds and the
// input generator, never kl_div (the chains' last branch) or mse.
TEST(SmokeLoss, UnknownLossIsAnError) {
  const Eigen::VectorXd x = vec({0.25, 0.5}), y = vec({0.5, 0.5});
  EXPECT_THROW(losses::loss<F32>("kl", x, y, Reduction::mean), UsageError);
  EXPECT_THROW(losses::loss_grad<F32>("kl", x, y, Reduction::mean), UsageError);
  EXPECT_THROW(oracles::losses::loss_term("kl", 0.25, 0.5, 1), UsageError);
  EXPECT_THROW(oracles::losses::grad_term("kl", 0.25, 0.5, 1, 1e-12), UsageError);
  EXPECT_THROW(losses::forward_scale("kl", 0.25, 0.5, 1), UsageError);
  EXPECT_THROW(losses::grad_scale("kl", 0.25, 0.5, 1, 1e-12), UsageError);
  EXPECT_THROW(losses::loss_inputs<F32>("huberr", losses::LossCase{.seed = 1, .n = 2}), UsageError);
}

TEST(SmokeLoss, EdgesInEveryFormat) {
  const auto edges = [](auto tag) {
    using Tag = decltype(tag);
    const char* f = spec(Tag::format).name;
    // bce: log clamped to -100 (PyTorch): p = 0 with y = 1 costs 100, p = 1 with y = 1 costs 0.
    EXPECT_EQ(losses::loss<Tag>("bce", vec({0}), vec({1}), Reduction::sum), round_to<Tag>(100)) << f;
    EXPECT_EQ(losses::loss<Tag>("bce", vec({1}), vec({1}), Reduction::sum), 0.0) << f;
    EXPECT_EQ(losses::loss<Tag>("bce", vec({0}), vec({0}), Reduction::sum), 0.0) << f;
    // bce_with_logits at +-1e4 (9984 in bf16): 0 on the right side, |x| on the wrong one.
    const double big = round_to<Tag>(1e4);
    EXPECT_EQ(losses::loss<Tag>("bce_with_logits", vec({big}), vec({1}), Reduction::sum), 0.0) << f;
    EXPECT_EQ(losses::loss<Tag>("bce_with_logits", vec({-big}), vec({0}), Reduction::sum), 0.0) << f;
    EXPECT_EQ(losses::loss<Tag>("bce_with_logits", vec({big}), vec({0}), Reduction::sum), big) << f;
    EXPECT_EQ(losses::loss<Tag>("bce_with_logits", vec({-big}), vec({1}), Reduction::sum), big) << f;
    // kl_div: a zero target contributes 0 (0 log 0 = 0), whatever the input.
    EXPECT_EQ(losses::loss<Tag>("kl_div", vec({-1e4, -0.5}), vec({0, 0}), Reduction::mean), 0.0) << f;
    // huber (delta 1): 0.5 d^2 inside, |d| - 0.5 outside.
    EXPECT_EQ(losses::loss<Tag>("huber", vec({0.5, 3}), vec({0, 0}), Reduction::sum), 0.125 + 2.5) << f;
    // l1's gradient at d = 0 is 0 (sign(0)).
    EXPECT_EQ(losses::loss_grad<Tag>("l1", vec({2}), vec({2}), Reduction::mean)[0], 0.0) << f;
  };
  edges(F64{});
  edges(F32{});
  edges(F16{});
  edges(BF16{});
}

// --- generated inputs ----------------------------------------------------------------

using losses::LossCase;

}  // namespace
}  // namespace numstab

namespace numstab::losses {
inline void showValue(const LossCase& c, std::ostream& os) {
  os << "n=" << c.n << " scale=" << c.scale << " edges=" << c.edges << " reduction="
     << (c.mean ? "mean" : "sum") << " seed=" << c.seed;
}
}  // namespace numstab::losses

namespace numstab {
namespace {

rc::Gen<LossCase> loss_cases(int max_n) {
  return rc::gen::exec([=] {
    LossCase c;
    c.seed = *rc::gen::resize(100, rc::gen::arbitrary<uint64_t>());
    c.n = *rc::gen::resize(100, rc::gen::inRange(1, max_n + 1));
    c.scale = std::pow(10.0, *rc::gen::inRange(-2, 5));
    c.edges = *rc::gen::arbitrary<bool>();
    c.mean = *rc::gen::arbitrary<bool>();
    return c;
  });
}

using losses::loss_inputs;
using losses::logits_case;

template <class Tag>
void loss_within_bound(const char* name, bool gradient) {
  const LossCase c = *loss_cases(300);
  const auto [x, y] = loss_inputs<Tag>(name, c);
  const Reduction r = c.mean ? Reduction::mean : Reduction::sum;
  const losses::LossCheck k = gradient ? losses::check_gradient<Tag>(name, x, y, r)
                                       : losses::check_forward<Tag>(name, x, y, r);
  if (!k.within())
    RC_FAIL(fmt::format("{} {} {}: error {:.6g} > bound {:.6g} [u scale], {}", name,
                        gradient ? "gradient" : "forward", spec(Tag::format).name, k.error, k.bound,
                        k.detail));
}

template <class Tag>
void all_losses_within_bound(bool gradient) {
  for (const char* name : losses::kElementwiseLosses) loss_within_bound<Tag>(name, gradient);
}

NUMSTAB_PROP_EACH_FORMAT(Loss, ForwardWithinBound, all_losses_within_bound<Tag>(false))
NUMSTAB_PROP_EACH_FORMAT(Loss, GradientWithinBound, all_losses_within_bound<Tag>(true))

// cross_entropy over N x C logits with spread up to 10^4 (one row in three
// has a logit at +-1e4 with edges), class targets (src/losses/inputs.hpp).
template <class Tag>
void cross_entropy_within_bound(bool gradient) {
  const LossCase c = *loss_cases(300);
  const auto [logits, target] = logits_case<Tag>(c);
  const auto k = losses::check_cross_entropy<Tag>(logits, target, c.mean ? Reduction::mean : Reduction::sum,
                                                  gradient);
  if (!k.within())
    RC_FAIL(fmt::format("cross_entropy {} {} ({}x{}): error {:.6g} > bound {:.6g} [u scale], {}",
                        gradient ? "gradient" : "forward", spec(Tag::format).name, logits.rows(),
                        logits.cols(), k.error, k.bound, k.detail));
}
RC_GTEST_PROP(CrossEntropy, ForwardWithinBoundF64, ()) { cross_entropy_within_bound<F64>(false); }
RC_GTEST_PROP(CrossEntropy, ForwardWithinBoundF32, ()) { cross_entropy_within_bound<F32>(false); }
RC_GTEST_PROP(CrossEntropy, ForwardWithinBoundBf16, ()) { cross_entropy_within_bound<BF16>(false); }
RC_GTEST_PROP(CrossEntropy, GradientWithinBoundF32, ()) { cross_entropy_within_bound<F32>(true); }
RC_GTEST_PROP(CrossEntropy, GradientWithinBoundF16, ()) { cross_entropy_within_bound<F16>(true); }

// nll of log_softmax rows equals cross_entropy of the logits (PyTorch's
// definition of cross_entropy) exactly when fed the same log_softmax kernel.
RC_GTEST_PROP(Nll, OfLogSoftmaxIsCrossEntropyF32, ()) {
  const LossCase c = *loss_cases(300);
  const auto [logits, target] = logits_case<F32>(c);
  Eigen::MatrixXd log_probs(logits.rows(), logits.cols());
  for (Eigen::Index i = 0; i < logits.rows(); ++i)
    log_probs.row(i) = vecops::log_softmax<F32>(Eigen::VectorXd(logits.row(i).transpose())).transpose();
  const Reduction r = c.mean ? Reduction::mean : Reduction::sum;
  RC_ASSERT(losses::nll<F32>(log_probs, target, r) == losses::cross_entropy<F32>(logits, target, r));
  const Eigen::MatrixXd g = losses::nll_grad<F32>(log_probs, target, r);
  const double expected = c.mean ? round_to<F32>(-1.0 / logits.rows()) : -1.0;
  RC_ASSERT(g.sum() == expected * logits.rows() || logits.rows() > 1);
  RC_ASSERT(g(0, target[0]) == expected);
}

// The naive bce_with_logits (log sigmoid(x) literally) fails at logits of
// +-1e4 where the softplus form is within its bound: sigmoid rounds to 0 or 1
// and log(0) = -inf makes the loss inf or NaN.
template <class Tag>
void naive_bce_with_logits_fails_at_edges() {
  const double x = *rc::gen::element(1e4, -1e4, 1e3, -1e3);
  const double y = round_to<Tag>(*rc::gen::element(0.0, 1.0, 0.25));
  const double naive = losses::naive_bce_with_logits_term<Tag>(round_to<Tag>(x), y);
  const auto stable = losses::check_forward<Tag>("bce_with_logits", Eigen::VectorXd::Constant(1, round_to<Tag>(x)),
                                                 Eigen::VectorXd::Constant(1, y), Reduction::sum);
  RC_ASSERT(stable.within());
  set_real_precision(256);
  const Real exact = oracles::losses::loss_term("bce_with_logits", round_to<Tag>(x), y, 1);
  const bool naive_fails = !std::isfinite(naive) || judge(Tag::format, naive, exact).ulp > 1e3;
  if (!naive_fails)
    RC_FAIL(fmt::format("naive bce_with_logits({}, {}) = {} is accurate; exact {}", x, y, naive,
                        exact_dec_text(exact)));
}
RC_GTEST_PROP(BceWithLogits, NaiveFailsAtEdgesF32, ()) { naive_bce_with_logits_fails_at_edges<F32>(); }
RC_GTEST_PROP(BceWithLogits, NaiveFailsAtEdgesBf16, ()) { naive_bce_with_logits_fails_at_edges<BF16>(); }

// The gradient oracle is the derivative of the forward oracle (Richardson-
// extrapolated central differences of the exact term, src/gradcheck), away
// from the kinks (l1 at d = 0, huber at |d| = delta) and bce's clamp (where
// PyTorch's backward formula is not the derivative of the clamped forward).
RC_GTEST_PROP(Loss, OracleGradientIsTheDerivative, ()) {
  const char* name = *rc::gen::elementOf(std::vector<const char*>(std::begin(losses::kElementwiseLosses),
                                                                  std::end(losses::kElementwiseLosses)));
  const auto [xs, ys] = loss_inputs<F64>(name, LossCase{*rc::gen::arbitrary<uint64_t>(), 1, 10, false, true});
  const double x = xs[0], y = ys[0];
  const std::string loss = name;
  RC_PRE(!(loss == "l1" && std::fabs(x - y) < 1e-3) && !(loss == "huber" && std::fabs(std::fabs(x - y) - 1) < 1e-3));
  RC_PRE(!(loss == "bce" && (x < 1e-3 || x > 1 - 1e-3)));
  set_real_precision(256);
  const auto estimate = gradcheck::richardson_derivative(
      // x +- h with h = 2^-20 .. 2^-28 and |x| <= 10 are doubles: the oracle's double argument is exact.
      [&](const Real& xr) { return oracles::losses::loss_term(name, static_cast<double>(xr), y, 1); }, Real(x), 8,
      Real(std::ldexp(1.0, -20)));
  const Real exact = oracles::losses::grad_term(name, x, y, 1, 1e-12);
  const Real gap = abs(estimate.value - exact);
  if (!(gap <= estimate.error + abs(exact) * std::ldexp(1.0, -40) + std::ldexp(1.0, -60)))
    RC_FAIL(fmt::format("{}'({}, y={}): oracle {}, differences {} (+- {})", name, x, y, exact_dec_text(exact),
                        exact_dec_text(estimate.value), exact_dec_text(estimate.error)));
}

}  // namespace
}  // namespace numstab
