// softmax, log_softmax, logsumexp: special rows (smoke), and properties (oracle
// tier) checking the shifted kernels, forward and VJP, against the exact values
// with the first-order bounds of src/vecops/bounds.hpp (Blanchard, Higham &
// Higham 2021), over vectors of length 1 to 10^4 with spreads up to the overflow
// range, -inf components and +inf / NaN rows; the unshifted kernels overflow
// exactly where e^(x_max) exceeds the largest finite value. Each property is
// run once more on a deliberately broken kernel and must fail (Mutation* tests).
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <functional>
#include <string>

#include <fmt/format.h>

#include "properties/vecops_generators.hpp"
#include "src/vecops/bounds.hpp"
#include "src/vecops/check.hpp"
#include "src/vecops/records.hpp"

namespace numstab {
namespace {

using vecops::VectorOp;
using ForwardKernel = std::function<Eigen::VectorXd(VectorOp, Format, const Eigen::VectorXd&)>;
using VjpKernel = std::function<Eigen::VectorXd(VectorOp, Format, const Eigen::VectorXd&, const Eigen::VectorXd&)>;

constexpr unsigned kOracleBits = 384;

Eigen::VectorXd reference_forward(VectorOp op, Format f, const Eigen::VectorXd& x) {
  return vecops::forward(op, f, x);
}
Eigen::VectorXd reference_vjp(VectorOp op, Format f, const Eigen::VectorXd& x, const Eigen::VectorXd& dy) {
  return vecops::vjp(op, f, x, dy);
}

// One failure message with everything needed to reproduce it.
std::string failure(VectorOp op, Format f, const char* part, const Eigen::VectorXd& x,
                    const Eigen::VectorXd& got, const oracles::RealVector& exact,
                    const std::vector<double>& bound, const vecops::VectorCheck& c) {
  const Eigen::Index i = c.worst();
  return fmt::format("{} {} {}: x {}; {}{}", vecops::op_name(op), spec(f).name, part,
                     vecops::describe_vector(f, x),
                     c.mismatch_index >= 0 ? "mismatch " + c.mismatch + " at " : "",
                     vecops::describe_component(f, i, got[i], exact[static_cast<size_t>(i)],
                                                bound[static_cast<size_t>(i)]));
}

// A vector for op's properties: the generated shape, a quarter of the time with
// some -inf components, and one time in 16 a special row (all -inf, some +inf,
// some NaN), where kernel and oracle must agree on the NaN / infinity.
Eigen::VectorXd some_vector(Format f) {
  Eigen::VectorXd x = props::draw_vector(f, props::vector_shape(f));
  const int kind = *rc::gen::resize(100, rc::gen::inRange(0, 16));
  if (kind == 0) x.setConstant(-INFINITY);
  else if (kind == 1) props::sprinkle(x, INFINITY, true);
  else if (kind == 2) props::sprinkle(x, NAN, true);
  else if (x.size() > 1 && kind < 6) {
    props::sprinkle(x, -INFINITY, true);
    if ((x.array() == -INFINITY).all()) x[0] = 0;
  }
  RC_CLASSIFY(kind < 3, "special row (all -inf, +inf, NaN)");
  return x;
}

void forward_within_bound(VectorOp op, const ForwardKernel& kernel) {
  const Format f = props::any_format();
  const Eigen::VectorXd x = some_vector(f);
  set_real_precision(kOracleBits);
  const oracles::RealVector exact = vecops::forward_exact(op, x);
  const vecops::ComponentBounds b = vecops::forward_bound(op, f, x, exact);
  const Eigen::VectorXd got = kernel(op, f, x);
  const vecops::VectorCheck c = vecops::check_vector(f, got, exact, b.absolute);
  RC_TAG(spec(f).name);
  RC_CLASSIFY(b.k * unit_roundoff(f) >= 0.5, "bound vacuous (k u >= 1/2): checked for mismatches only");
  RC_CLASSIFY(x.size() > 512, "n > 512");
  if (!c.within_bound()) RC_FAIL(failure(op, f, "forward", x, got, exact, b.absolute, c));
}

void vjp_within_bound(VectorOp op, const VjpKernel& kernel) {
  const Format f = props::any_format();
  const Eigen::VectorXd x = some_vector(f);
  const Eigen::VectorXd dy = props::draw_cotangent(f, vecops::output_size(op, x.size()));
  set_real_precision(kOracleBits);
  const oracles::RealVector exact = vecops::vjp_exact(op, x, dy);
  const vecops::ComponentBounds b = vecops::vjp_bound(op, f, x, dy, exact);
  const Eigen::VectorXd got = kernel(op, f, x, dy);
  const vecops::VectorCheck c = vecops::check_vector(f, got, exact, b.absolute);
  RC_TAG(spec(f).name);
  RC_CLASSIFY(b.k * unit_roundoff(f) >= 0.5, "bound vacuous (k u >= 1/2): checked for mismatches only");
  if (!c.within_bound())
    RC_FAIL(failure(op, f, "vjp", x, got, exact, b.absolute, c) + "; dy " + vecops::describe_vector(f, dy));
}

// ln of the format's overflow threshold (2 - 2^-p) 2^emax: e^x rounds to inf
// exactly when x exceeds it.
double log_overflow_threshold(Format f) {
  const auto& s = spec(f);
  return std::log(2.0 - std::ldexp(1.0, -s.precision)) + s.emax * std::log(2.0);
}

// The unshifted kernels overflow where e^(x_max) > the overflow threshold
// (x_max > ln threshold: lse = +inf, softmax NaN), while the shifted ones stay
// within their bound; below ln(threshold / n) (no partial sum can overflow) the
// unshifted ones are finite.
void unshifted_overflow_where_theory_says(const ForwardKernel& unshifted, const ForwardKernel& shifted) {
  const Format f = props::any_format();
  const double t = log_overflow_threshold(f);
  const Eigen::Index n = props::vector_length(64);
  const bool above = *rc::gen::arbitrary<bool>();
  // Above: x_max in (t, 2t). Below: x_max in [0, t - ln n - n u - 2^-4] (no partial
  // sum, rounding included, can reach the threshold; e^(x_max) >= 1 cannot underflow).
  const double log_n = std::log(static_cast<double>(n)), nu = static_cast<double>(n) * unit_roundoff(f);
  const double x_max = above ? round_to(f, t * (1 + std::ldexp(1.0, -8) + props::unit_uniform() * 0.4 + 0.4))
                             : round_to(f, (t - log_n - nu - 0.0625) * std::fabs(props::unit_uniform()));
  RC_PRE((above ? x_max > t : x_max + log_n + nu < t));
  Eigen::VectorXd x(n);
  for (Eigen::Index i = 0; i < n; ++i) x[i] = round_to(f, x_max - std::fabs(props::unit_uniform()) * (x_max + t));
  x[*rc::gen::inRange<Eigen::Index>(0, n)] = x_max;
  RC_PRE(x.maxCoeff() == x_max && x_max < t * 2);
  const double lse = unshifted(VectorOp::logsumexp, f, x)[0];
  const Eigen::VectorXd y = unshifted(VectorOp::softmax, f, x);
  RC_TAG(spec(f).name, above ? "above" : "below");
  if (above) {
    if (!(lse == INFINITY && y.array().isNaN().any()))
      RC_FAIL(fmt::format("{}: x_max {} > ln(overflow) {} but unshifted lse = {}, softmax has no NaN",
                          spec(f).name, x_max, t, lse));
  } else if (!std::isfinite(lse) || !y.allFinite()) {
    RC_FAIL(fmt::format("{}: x_max {} <= ln(overflow / n) but unshifted lse = {} ({})", spec(f).name,
                        x_max, lse, vecops::describe_vector(f, x)));
  }
  set_real_precision(kOracleBits);
  for (VectorOp op : {VectorOp::logsumexp, VectorOp::softmax}) {
    const oracles::RealVector exact = vecops::forward_exact(op, x);
    const vecops::ComponentBounds b = vecops::forward_bound(op, f, x, exact);
    const Eigen::VectorXd got = shifted(op, f, x);
    const vecops::VectorCheck c = vecops::check_vector(f, got, exact, b.absolute);
    if (!c.within_bound()) RC_FAIL(failure(op, f, "shifted forward", x, got, exact, b.absolute, c));
  }
}

// --- smoke: special rows ---------------------------------------------------------

TEST(SmokeSoftmax, SpecialRows) {
  const double inf = INFINITY;
  for (Format f : kAllFormats) {
    const Eigen::VectorXd all_neg_inf = Eigen::VectorXd::Constant(3, -inf);
    Eigen::VectorXd with_pos_inf(3);
    with_pos_inf << 1, inf, -inf;
    Eigen::VectorXd with_nan(2);
    with_nan << 1, NAN;
    Eigen::VectorXd one(1);
    one << 2.5;
    // PyTorch: softmax / log_softmax of an all -inf row or a row with +inf are NaN;
    // logsumexp is -inf and +inf there.
    EXPECT_TRUE(vecops::forward(VectorOp::softmax, f, all_neg_inf).array().isNaN().all());
    EXPECT_TRUE(vecops::forward(VectorOp::log_softmax, f, all_neg_inf).array().isNaN().all());
    EXPECT_EQ(vecops::forward(VectorOp::logsumexp, f, all_neg_inf)[0], -inf);
    EXPECT_TRUE(vecops::forward(VectorOp::softmax, f, with_pos_inf).array().isNaN().all());
    EXPECT_EQ(vecops::forward(VectorOp::logsumexp, f, with_pos_inf)[0], inf);
    EXPECT_TRUE(std::isnan(vecops::forward(VectorOp::logsumexp, f, with_nan)[0]));
    EXPECT_TRUE(vecops::forward(VectorOp::softmax, f, with_nan).array().isNaN().all());
    EXPECT_EQ(vecops::forward(VectorOp::softmax, f, one)[0], 1.0);
    EXPECT_EQ(vecops::forward(VectorOp::log_softmax, f, one)[0], 0.0);
    EXPECT_EQ(vecops::forward(VectorOp::logsumexp, f, one)[0], 2.5);
    // -inf components are exact zeros of softmax and -inf of log_softmax.
    Eigen::VectorXd partly(3);
    partly << 0, -inf, 0;
    EXPECT_EQ(vecops::forward(VectorOp::softmax, f, partly)[1], 0.0);
    EXPECT_EQ(vecops::forward(VectorOp::softmax, f, partly)[0], 0.5);
    EXPECT_EQ(vecops::forward(VectorOp::log_softmax, f, partly)[1], -inf);
  }
}

TEST(SmokeSoftmax, OracleSpecialRowsFollowTheSameConvention) {
  set_real_precision(kOracleBits);
  Eigen::VectorXd all_neg_inf = Eigen::VectorXd::Constant(2, -INFINITY);
  EXPECT_TRUE(isnan(oracles::softmax_exact(all_neg_inf)[0]));
  EXPECT_EQ(oracles::logsumexp_exact(all_neg_inf), Real(-INFINITY));
  Eigen::VectorXd with_pos_inf(2);
  with_pos_inf << 0, INFINITY;
  EXPECT_EQ(oracles::logsumexp_exact(with_pos_inf), Real(INFINITY));
  EXPECT_TRUE(isnan(oracles::log_softmax_exact(with_pos_inf)[1]));
}

// --- oracle tier: properties -----------------------------------------------------

RC_GTEST_PROP(Softmax, ShiftedSoftmaxWithinBHHBound, ()) { forward_within_bound(VectorOp::softmax, reference_forward); }
RC_GTEST_PROP(Softmax, ShiftedLogSoftmaxWithinBound, ()) {
  forward_within_bound(VectorOp::log_softmax, reference_forward);
}
RC_GTEST_PROP(Softmax, ShiftedLogsumexpWithinBHHBound, ()) {
  forward_within_bound(VectorOp::logsumexp, reference_forward);
}
RC_GTEST_PROP(Softmax, SoftmaxVjpWithinBound, ()) { vjp_within_bound(VectorOp::softmax, reference_vjp); }
RC_GTEST_PROP(Softmax, LogSoftmaxVjpWithinBound, ()) { vjp_within_bound(VectorOp::log_softmax, reference_vjp); }
RC_GTEST_PROP(Softmax, LogsumexpVjpWithinBound, ()) { vjp_within_bound(VectorOp::logsumexp, reference_vjp); }

Eigen::VectorXd unshifted_forward(VectorOp op, Format f, const Eigen::VectorXd& x) {
  return vecops::forward(op, f, x, vecops::Shift::unshifted);
}

RC_GTEST_PROP(Softmax, UnshiftedOverflowsWhereTheorySays, ()) {
  unshifted_overflow_where_theory_says(unshifted_forward, reference_forward);
}

// The oracle against itself: softmax sums to 1 and equals e^(log_softmax).
RC_GTEST_PROP(Softmax, OracleIdentities, ()) {
  const Format f = props::any_format();
  const Eigen::VectorXd x = props::draw_vector(f, props::vector_shape(f, 64));
  set_real_precision(kOracleBits);
  const oracles::RealVector y = oracles::softmax_exact(x), z = oracles::log_softmax_exact(x);
  Real total = 0;
  for (size_t i = 0; i < y.size(); ++i) {
    total += y[i];
    RC_ASSERT(abs(exp(z[i]) - y[i]) <= ldexp(y[i], -300));
  }
  RC_ASSERT(abs(total - 1) <= ldexp(Real(1), -300));
}

// The design's logsumexp bound |(y + n - x_min)/y| u, read literally, leaves out the
// final rounding of max + log s: x = (1000, 1000) in f64 has y = 1000 + ln 2, whose
// rounding alone is up to 0.5 ulp(1000.69) = 512 u absolute, against the design's
// (y + n - x_min) u = 2.69 u. numstab's bound adds u|y| (src/vecops/bounds.hpp).
TEST(Softmax, DesignLogsumexpBoundNeedsTheFinalRoundingTerm) {
  set_real_precision(kOracleBits);
  Eigen::VectorXd x(2);
  x << 1000, 1000;
  const double got = vecops::forward(VectorOp::logsumexp, Format::f64, x)[0];
  const oracles::RealVector exact = vecops::forward_exact(VectorOp::logsumexp, x);
  const double err = static_cast<double>(abs(Real(got) - exact[0]));
  const double u = unit_roundoff(Format::f64), y = static_cast<double>(exact[0]);
  const double design = (y + 2 - 1000) * u;
  const double ours = vecops::forward_bound(VectorOp::logsumexp, Format::f64, x, exact).absolute[0];
  std::printf("lse(1000, 1000) f64: error %.3g = %.1f u; design's literal bound %.3g; numstab's %.3g\n", err,
              err / u, design, ours);
  EXPECT_GT(err, design);
  EXPECT_LE(err, ours);
}

// --- mutations: each property fails on a broken kernel -----------------------------

// rc::check with the suite's RC_PARAMS; true when the property held.
template <class Fn>
bool holds(const char* what, Fn fn) {
  return rc::check(what, fn);
}

TEST(SoftmaxMutation, ForwardPropertiesCatchBrokenKernels) {
  // Unshifted softmax: e^x overflows (inf/inf = NaN) or underflows (0/0).
  EXPECT_FALSE(holds("unshifted softmax", [] { forward_within_bound(VectorOp::softmax, unshifted_forward); }));
  // log_softmax as log(softmax(x)): -inf where softmax underflows.
  EXPECT_FALSE(holds("log of softmax", [] {
    forward_within_bound(VectorOp::log_softmax, [](VectorOp, Format f, const Eigen::VectorXd& x) {
      Eigen::VectorXd y = vecops::forward(VectorOp::softmax, f, x);
      for (double& v : y) v = round_to(f, std::log(v));
      return y;
    });
  }));
  // logsumexp summing all but the last term (an off-by-one loop).
  EXPECT_FALSE(holds("lse off by one", [] {
    forward_within_bound(VectorOp::logsumexp, [](VectorOp op, Format f, const Eigen::VectorXd& x) {
      return x.size() > 1 ? vecops::forward(op, f, x.head(x.size() - 1)) : vecops::forward(op, f, x);
    });
  }));
}

TEST(SoftmaxMutation, VjpPropertiesCatchBrokenKernels) {
  // The broken VJP: dx = y * dy, missing the <dy, y> term.
  EXPECT_FALSE(holds("softmax vjp without the dot term", [] {
    vjp_within_bound(VectorOp::softmax, [](VectorOp, Format f, const Eigen::VectorXd& x, const Eigen::VectorXd& dy) {
      Eigen::VectorXd y = vecops::forward(VectorOp::softmax, f, x);
      for (Eigen::Index i = 0; i < y.size(); ++i) y[i] = round_to(f, y[i] * dy[i]);
      return y;
    });
  }));
  // log_softmax VJP with softmax replaced by log_softmax (a wrong cached output).
  EXPECT_FALSE(holds("log_softmax vjp with z for y", [] {
    vjp_within_bound(VectorOp::log_softmax, [](VectorOp, Format f, const Eigen::VectorXd& x, const Eigen::VectorXd& dy) {
      const Eigen::VectorXd z = vecops::forward(VectorOp::log_softmax, f, x);
      double total = 0;
      for (double v : dy) total = round_to(f, total + v);
      Eigen::VectorXd dx(x.size());
      for (Eigen::Index i = 0; i < x.size(); ++i) dx[i] = round_to(f, dy[i] - round_to(f, z[i] * total));
      return dx;
    });
  }));
  // logsumexp VJP with dy ignored (dx = softmax(x)).
  EXPECT_FALSE(holds("lse vjp ignoring dy", [] {
    vjp_within_bound(VectorOp::logsumexp, [](VectorOp, Format f, const Eigen::VectorXd& x, const Eigen::VectorXd&) {
      return vecops::forward(VectorOp::softmax, f, x);
    });
  }));
}

TEST(SoftmaxMutation, OverflowPropertyCatchesAKernelThatNeverOverflows) {
  // The shifted kernel in the unshifted slot: finite above the threshold.
  EXPECT_FALSE(holds("shifted as unshifted", [] { unshifted_overflow_where_theory_says(reference_forward, reference_forward); }));
  // An unshifted kernel evaluated in double for every format: overflows too late.
  EXPECT_FALSE(holds("unshifted in f64", [] {
    unshifted_overflow_where_theory_says(
        [](VectorOp op, Format f, const Eigen::VectorXd& x) {
          Eigen::VectorXd y = vecops::forward(op, Format::f64, x, vecops::Shift::unshifted);
          for (double& v : y) v = round_to(f, v);
          return y;
        },
        reference_forward);
  }));
}

// The summary every run prints (max, mean and the worst input, even on success):
// the gradients records of the three ops, quick mode, seed 1.
TEST(SoftmaxSummary, RecordsTable) {
  const auto records = vecops::vector_op_records(1, true);
  std::string table = "op          format part     cases  max_ulp    normwise   error/bound  where\n";
  for (const GradientRecord& r : records) {
    table += fmt::format("{:<11} {:<6} {:<8} {:>5}  {:<9.3g}  {:<9.3g}  {:<11.3g}  {}\n", r.op, r.format, r.part,
                         r.cases, r.max_ulp, r.max_normwise, r.error, r.where.substr(0, 160));
    EXPECT_TRUE(r.passed) << r.op << " " << r.format << " " << r.part << ": " << r.where;
  }
  std::printf("%s", table.c_str());
}

}  // namespace
}  // namespace numstab
