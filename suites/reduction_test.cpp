// Reductions (sum, dot, l2norm, variance) against exact oracles and the
// Higham / Chan-Golub-LeVeque bounds, in the four formats.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "properties/each_format.hpp"
#include "properties/layers_generators.hpp"
#include "src/reduce/bounds.hpp"
#include "src/reduce/check.hpp"

namespace numstab {
namespace {

using props::VectorSpec;

double largest(Format f) {
  const auto& s = spec(f);
  return std::ldexp(2.0 - std::ldexp(1.0, 1 - s.precision), s.emax);
}

// Cap n where the bounds stay finite (reduce::max_bounded_length), and scale
// offset and spread down by powers of ten until n (|offset| + spread)^degree
// stays below half the largest finite value: sums and squares never overflow.
VectorSpec fitted(VectorSpec v, Format f, int degree) {
  v.n = std::min(v.n, reduce::max_bounded_length(f));
  const double limit = largest(f) / 2;
  while (v.n * std::pow(std::fabs(v.offset) + v.spread, degree) > limit) {
    v.offset /= 10;
    v.spread /= 10;
  }
  return v;
}

// The textbook variance squares the sum: (n (|offset| + spread))^2 must stay in range.
VectorSpec fitted_square_of_sum(VectorSpec v, Format f) {
  v.n = std::min(v.n, reduce::max_bounded_length(f));
  while (std::pow(v.n * (std::fabs(v.offset) + v.spread), 2) > largest(f) / 2) {
    v.offset /= 10;
    v.spread /= 10;
  }
  return v;
}

template <class Tag>
std::string failure(const char* what, std::string_view algorithm, const VectorSpec& v,
                    const Eigen::VectorXd& x, const reduce::ReductionCheck& c) {
  return fmt::format("{} {} {} on [{}], x[0] = {}: {}", what, algorithm, spec(Tag::format).name,
                     props::describe(v), hex_text(x[0]), c.describe());
}

// --- smoke: exact answers, no oracle ----------------------------------------------

// 4096 ones in f16: the naive sum stagnates at 2048 (2048 + 1 rounds to even),
// pairwise and Kahan sums are exact.
TEST(SmokeReduction, SumOfOnesF16) {
  const Eigen::VectorXd ones = Eigen::VectorXd::Ones(4096);
  EXPECT_EQ(reduce::sum_naive<F16>(ones), 2048.0);
  EXPECT_EQ(reduce::sum_pairwise<F16>(ones), 4096.0);
  EXPECT_EQ(reduce::sum_kahan<F16>(ones), 4096.0);
}

// A misspelt algorithm is an error in the kernels and in the bounds alike,
// never the default algorithm's result or bound.
TEST(SmokeReduction, UnknownAlgorithmIsAnError) {
  const Eigen::VectorXd x = Eigen::VectorXd::Ones(4);
  EXPECT_THROW(reduce::sum<F32>("kahn", x), UsageError);
  EXPECT_THROW(reduce::squared_deviations<F32>("two-pass", x), UsageError);
  EXPECT_THROW(reduce::l2norm<F32>("scaled2", x), UsageError);
  EXPECT_THROW(reduce::sum_bound_factor("recursive", 4, 0x1p-24), UsageError);
  EXPECT_THROW(reduce::variance_design_bound("twopass", 4, 1, 0x1p-24), UsageError);
  reduce::VarianceData d;
  d.S = 1;
  EXPECT_THROW(reduce::variance_relative_bound("one_pass", d), UsageError);
  try {
    reduce::sum<F32>("kahn", x);
  } catch (const UsageError& e) {
    EXPECT_STREQ(e.what(), "unknown sum algorithm 'kahn' (known: naive, pairwise, kahan)");
  }
}

TEST(SmokeReduction, VarianceAndNormOfSmallVectors) {
  Eigen::VectorXd x(4);
  x << 1, 2, 3, 4;  // mean 2.5, S = 5: var 5/3 (unbiased), 1.25 (biased); norm sqrt(30)
  for (const char* a : reduce::kVarianceAlgorithms) {
    EXPECT_EQ(reduce::variance<F64>(a, x, 0), 1.25) << a;
    EXPECT_EQ(reduce::variance<F64>(a, x, 1), 5.0 / 3.0) << a;
  }
  EXPECT_EQ(reduce::l2norm_naive<F64>(x), std::sqrt(30.0));
  EXPECT_EQ(reduce::l2norm_scaled<F64>(x), std::sqrt(30.0));
  EXPECT_TRUE(std::isnan(reduce::variance<F64>("two_pass", Eigen::VectorXd::Ones(1), 1)));
}

// --- sums: Higham's bounds --------------------------------------------------------

template <class Tag>
void sum_within_bound(const char* algorithm) {
  const VectorSpec v = fitted(*props::vector_specs(10000, -3, 8, -3, 3), Tag::format, 1);
  const Eigen::VectorXd x = props::make_vector<Tag>(v);
  const reduce::ReductionCheck c = reduce::check_sum<Tag>(algorithm, x);
  RC_CLASSIFY(c.error > c.bound / 8, "error above bound/8");
  RC_PRE(std::isfinite(c.bound));  // an infinite bound (e.g. kappa = inf: exact variance 0) checks nothing
  if (!c.within()) RC_FAIL(failure<Tag>("sum", algorithm, v, x, c));
}

NUMSTAB_PROP_EACH_FORMAT(Sum, NaiveWithinBound, sum_within_bound<Tag>("naive"))
NUMSTAB_PROP_EACH_FORMAT(Sum, PairwiseWithinBound, sum_within_bound<Tag>("pairwise"))
NUMSTAB_PROP_EACH_FORMAT(Sum, KahanWithinBound, sum_within_bound<Tag>("kahan"))

// The recursive bound is attained: 1 followed by n - 1 copies of the largest
// value below u rounds back to 1 at every step, an error of ~ (n-1) u against a
// bound of gamma_{n-1} (1 + (n-1) u). And Kahan's bound is not met by the
// naive sum there: it separates the algorithms.
template <class Tag>
void recursive_bound_is_attained() {
  const int n = *rc::gen::inRange(8, 101);
  const double u = unit_roundoff(Tag::format);
  Eigen::VectorXd x = Eigen::VectorXd::Constant(n, u * (1 - 2 * u));  // representable: u (1 - 2u)
  x[0] = 1;
  const auto naive = reduce::check_sum<Tag>("naive", x);
  const auto kahan = reduce::check_sum<Tag>("kahan", x);
  const double kahan_bound = reduce::sum_bound_factor("kahan", n, u) / u;
  RC_ASSERT(naive.within());
  if (!(naive.error >= 0.85 * naive.bound && naive.error > kahan_bound && kahan.within()))
    RC_FAIL(fmt::format("n = {}: naive {} ; kahan {}", n, naive.describe(), kahan.describe()));
}
RC_GTEST_PROP(Sum, RecursiveBoundIsAttainedF32, ()) { recursive_bound_is_attained<F32>(); }
RC_GTEST_PROP(Sum, RecursiveBoundIsAttainedF16, ()) { recursive_bound_is_attained<F16>(); }

// The Kahan constant 4 in 2u + 4 n u^2 is measured, not derived (Higham (4.8) and
// Goldberg's Theorem 8 give 2u + O(n u^2) without one): the largest implied
// constant (|E| / sum|x_i| - 2u) / (n u^2) over fixed inputs, printed. Inputs:
// per format, 2000 vectors (seeds 1..2000, n log-uniform in [2, max bounded
// length], offset 0 or +-10^k, k in [-3, 3], spread 1, mixed signs every other),
// and the adversarial 1, then n - 1 copies of u (1 - 2u) and of -u (1 - 2u).
// Measured: f64 -1.2e12, f32 -2.0e3, f16 -2.4, bf16 -2.2 (negative: |E| stayed
// below 2u sum|x_i|). A Kahan sum without its compensation gives 204 (bf16) to
// 4e14 (f64) here, so the check can fail.
template <class Tag>
double kahan_constant_measured() {
  const double u = unit_roundoff(Tag::format);
  const int max_n = std::min(10000, reduce::max_bounded_length(Tag::format));
  double worst = -INFINITY;
  const auto note = [&](const Eigen::VectorXd& x) {
    const reduce::ReductionCheck c = reduce::check_sum<Tag>("kahan", x);
    const double n = static_cast<double>(x.size());
    worst = std::max(worst, (c.error * u - 2 * u) / (n * u * u));
  };
  for (int i = 1; i <= 2000; ++i) {
    VectorSpec v;
    v.seed = static_cast<uint64_t>(i);
    v.n = std::max(2, static_cast<int>(std::lround(std::exp((i % 97) / 96.0 * std::log(double(max_n))))));
    v.offset = i % 3 ? 0 : (i % 2 ? 1 : -1) * std::pow(10.0, i % 7 - 3);
    v.spread = 1;
    v.mixed_signs = i % 2;
    note(props::make_vector<Tag>(fitted(v, Tag::format, 1)));
  }
  for (int n = 2; n <= max_n; n *= 2)
    for (double sign : {1.0, -1.0}) {
      Eigen::VectorXd x = Eigen::VectorXd::Constant(n, sign * u * (1 - 2 * u));
      x[0] = 1;
      note(x);
    }
  return worst;
}
TEST(Sum, KahanConstantMeasured) {
  const double c[] = {kahan_constant_measured<F64>(), kahan_constant_measured<F32>(),
                      kahan_constant_measured<F16>(), kahan_constant_measured<BF16>()};
  std::printf("Kahan: largest (|E|/sum|x| - 2u)/(n u^2): f64 %.3g, f32 %.3g, f16 %.3g, bf16 %.3g\n", c[0], c[1],
              c[2], c[3]);
  for (double v : c) EXPECT_LE(v, 4);
}

// --- dot ----------------------------------------------------------------------------

template <class Tag>
void dot_within_bound() {
  const VectorSpec a = fitted(*props::vector_specs(10000, -3, 4, -3, 2), Tag::format, 2);
  VectorSpec b = a;
  b.seed = ~a.seed;
  const Eigen::VectorXd x = props::make_vector<Tag>(a), y = props::make_vector<Tag>(b);
  const reduce::ReductionCheck c = reduce::check_dot<Tag>(x, y);
  RC_PRE(std::isfinite(c.bound));  // an infinite bound (e.g. kappa = inf: exact variance 0) checks nothing
  if (!c.within()) RC_FAIL(failure<Tag>("dot", "recursive", a, x, c));
}
NUMSTAB_PROP_EACH_FORMAT(Dot, WithinBound, dot_within_bound<Tag>())

// f64 products below the normal range: 1.5 2^-537 squared is 2.25 2^-1074,
// which rounds to 2 2^-1074, an absolute error of 2^-1076 per product that no
// multiple of u sum|x_i y_i| covers (u sum|x_i y_i| is below 2^-1074). The bound
// holds only with a nonzero subnormal allowance: 2^-1074 per product, not
// 2^-1075, which is not a double (it rounds to 0).
TEST(Dot, SubnormalProductsWithinBoundF64) {
  const Eigen::VectorXd x = Eigen::VectorXd::Constant(8, 0x1.8p-537);
  const reduce::ReductionCheck c = reduce::check_dot<F64>(x, x);
  EXPECT_EQ(c.computed, 16 * 0x1p-1074) << c.describe();  // every product rounded down
  EXPECT_GT(c.error, 1e14) << c.describe();               // far beyond gamma_n / u = 8
  EXPECT_TRUE(c.within()) << c.describe();
  EXPECT_GT(reduce::underflow_unit(Format::f64), 0);
  EXPECT_EQ(reduce::underflow_allowance(Format::f64, 2.5), 3 * 0x1p-1074);  // rounded up, not to even
}

// The same for the naive norm: the squares of 1.5 2^-537 are subnormal.
TEST(L2norm, SubnormalSquaresWithinBoundF64) {
  const Eigen::VectorXd x = Eigen::VectorXd::Constant(8, 0x1.8p-537);
  const reduce::ReductionCheck c = reduce::check_l2norm<F64>("naive", x);
  EXPECT_GT(c.error, 1e12) << c.describe();
  EXPECT_TRUE(c.within()) << c.describe();
}

// --- l2norm -------------------------------------------------------------------------

template <class Tag>
void l2norm_within_bound(const char* algorithm) {
  const VectorSpec v = fitted(*props::vector_specs(10000, -3, 6, -3, 3), Tag::format, 2);
  const Eigen::VectorXd x = props::make_vector<Tag>(v);
  const reduce::ReductionCheck c = reduce::check_l2norm<Tag>(algorithm, x);
  RC_PRE(std::isfinite(c.bound));  // an infinite bound (e.g. kappa = inf: exact variance 0) checks nothing
  if (!c.within()) RC_FAIL(failure<Tag>("l2norm", algorithm, v, x, c));
}
RC_GTEST_PROP(L2norm, NaiveWithinBoundF32, ()) { l2norm_within_bound<F32>("naive"); }
RC_GTEST_PROP(L2norm, NaiveWithinBoundF16, ()) { l2norm_within_bound<F16>("naive"); }
NUMSTAB_PROP_EACH_FORMAT(L2norm, ScaledWithinBound, l2norm_within_bound<Tag>("scaled"))

// Values of magnitude 2^k U(1/2, 1) with 2^k drawn from [2^lo, 2^hi].
template <class Tag>
Eigen::VectorXd magnitudes(int n, int lo, int hi, uint64_t seed) {
  VectorSpec v;
  v.seed = seed;
  v.n = n;
  v.offset = 0.75;
  v.spread = 0.25;
  Eigen::VectorXd x = props::make_vector<Tag>(v);
  const int k = *rc::gen::inRange(lo, hi + 1);
  for (Eigen::Index i = 0; i < x.size(); ++i) x[i] = round_to<Tag>(std::ldexp(x[i], k) * (i % 2 ? -1 : 1));
  return x;
}

// Near the top of the range the naive sum of squares overflows (x_i^2 > max);
// the scaled norm is finite and within its bound wherever the exact norm is
// finite with room for that bound.
template <class Tag>
void scaled_norm_never_overflows() {
  const auto& s = spec(Tag::format);
  const int n = *rc::gen::inRange(1, 2000);
  const Eigen::VectorXd x = magnitudes<Tag>(n, s.emax / 2 + 2, s.emax, *rc::gen::arbitrary<uint64_t>());
  const auto scaled = reduce::check_l2norm<Tag>("scaled", x);
  const double u = unit_roundoff(Tag::format);
  RC_PRE(scaled.exact <= largest(Tag::format) * (1 - scaled.bound * u));
  if (!(std::isfinite(scaled.computed) && scaled.within()))
    RC_FAIL(fmt::format("scaled l2norm {} n={} x[0]={}: {}", s.name, n, hex_text(x[0]), scaled.describe()));
  const double naive = reduce::l2norm_naive<Tag>(x);
  RC_CLASSIFY(std::isinf(naive), "naive overflows");
  RC_ASSERT(std::isinf(naive));  // |x_i| >= 2^(emax/2 + 1): x_i^2 > max, naive fails
}
RC_GTEST_PROP(L2norm, ScaledNeverOverflowsF16, ()) { scaled_norm_never_overflows<F16>(); }
RC_GTEST_PROP(L2norm, ScaledNeverOverflowsF32, ()) { scaled_norm_never_overflows<F32>(); }
RC_GTEST_PROP(L2norm, ScaledNeverOverflowsBf16, ()) { scaled_norm_never_overflows<BF16>(); }

// Near the bottom the naive squares round to 0: naive returns 0 for a vector
// whose exact norm is normal; the scaled one stays within its bound.
template <class Tag>
void scaled_norm_never_underflows() {
  const auto& s = spec(Tag::format);
  const int n = *rc::gen::inRange(1, 2000);
  const Eigen::VectorXd x =
      magnitudes<Tag>(n, s.emin - 1, (s.emin - s.precision) / 2 - 1, *rc::gen::arbitrary<uint64_t>());
  const auto scaled = reduce::check_l2norm<Tag>("scaled", x);
  RC_PRE(scaled.exact >= std::ldexp(1.0, s.emin));  // the exact norm is normal
  if (!(scaled.computed > 0 && scaled.within()))
    RC_FAIL(fmt::format("scaled l2norm {} n={} x[0]={}: {}", s.name, n, hex_text(x[0]), scaled.describe()));
  RC_ASSERT(reduce::l2norm_naive<Tag>(x) == 0.0);  // every square below half the smallest subnormal
}
RC_GTEST_PROP(L2norm, ScaledNeverUnderflowsF16, ()) { scaled_norm_never_underflows<F16>(); }
RC_GTEST_PROP(L2norm, ScaledNeverUnderflowsF32, ()) { scaled_norm_never_underflows<F32>(); }
RC_GTEST_PROP(L2norm, ScaledNeverUnderflowsF64, ()) { scaled_norm_never_underflows<F64>(); }

// --- variance -----------------------------------------------------------------------

template <class Tag>
void variance_within_bound(const char* algorithm) {
  const VectorSpec v = fitted_square_of_sum(*props::vector_specs(10000, -3, 8, -3, 3), Tag::format);
  const Eigen::VectorXd x = props::make_vector<Tag>(v);
  const reduce::ReductionCheck c = reduce::check_squared_deviations<Tag>(algorithm, x);
  RC_CLASSIFY(c.error > c.bound / 8, "error above bound/8");
  RC_PRE(std::isfinite(c.bound));  // an infinite bound (e.g. kappa = inf: exact variance 0) checks nothing
  if (!c.within()) RC_FAIL(failure<Tag>("variance", algorithm, v, x, c));
}
NUMSTAB_PROP_EACH_FORMAT(Variance, TextbookWithinBound, variance_within_bound<Tag>("textbook"))
NUMSTAB_PROP_EACH_FORMAT(Variance, TwoPassWithinBound, variance_within_bound<Tag>("two_pass"))
NUMSTAB_PROP_EACH_FORMAT(Variance, WelfordWithinBound, variance_within_bound<Tag>("welford"))

// The bounds are not vacuous: at mean 10^4..10^5 with unit spread in f32 the
// textbook variance has no correct digit (relative error >= 1), the two-pass
// one keeps two or more (relative error below 10^-2). (At 10^6 rounding the
// mean to f32 alone costs ~10^-2 relative; from 10^7 on, f32's
// spacing is >= 1: unit spread rounds away and the exact variance is mostly 0.)
RC_GTEST_PROP(Variance, TextbookLosesAllDigitsTwoPassKeepsThemF32, ()) {
  VectorSpec v;
  v.seed = *rc::gen::arbitrary<uint64_t>();
  v.n = *rc::gen::inRange(100, 2001);
  v.offset = std::pow(10.0, *rc::gen::inRange(4, 6));
  v.spread = 1;
  const Eigen::VectorXd x = props::make_vector<F32>(v);
  const auto textbook = reduce::check_squared_deviations<F32>("textbook", x);
  const auto two_pass = reduce::check_squared_deviations<F32>("two_pass", x);
  const double u = unit_roundoff(Format::f32);
  if (!(textbook.error * u >= 1 && two_pass.error * u < 1e-2))
    RC_FAIL(fmt::format("[{}] textbook {} ; two_pass {}", props::describe(v), textbook.describe(),
                        two_pass.describe()));
}

// Measured error / bound per algorithm and format over a fixed set of vectors:
// printed even when everything passes (max, mean, worst input).
TEST(ReductionSummary, ErrorAgainstBounds) {
  std::printf("%-10s %-9s %-5s %10s %10s %10s  %s\n", "op", "algorithm", "fmt", "max err", "mean err",
              "bound@max", "worst input");
  const auto table = [](const char* op, const char* alg, auto tag, auto check) {
    using Tag = decltype(tag);
    double worst = -1, total = 0, worst_bound = 0;
    std::string where;
    const int cases = 40;
    for (int i = 0; i < cases; ++i) {
      VectorSpec v;
      v.seed = 1000 + i;
      v.n = 1 + (i * 997) % 5000;
      v.offset = i % 2 ? std::pow(10.0, i % 7) : 0;
      v.spread = 1;
      v = fitted_square_of_sum(v, Tag::format);
      const reduce::ReductionCheck c = check(props::make_vector<Tag>(v));
      total += c.error;
      if (c.error > worst) {
        worst = c.error;
        worst_bound = c.bound;
        where = props::describe(v);
      }
      EXPECT_TRUE(c.within()) << op << " " << alg << " " << props::describe(v) << ": " << c.describe();
    }
    std::printf("%-10s %-9s %-5s %10.3g %10.3g %10.3g  %s\n", op, alg, spec(Tag::format).name, worst,
                total / cases, worst_bound, where.c_str());
  };
  const auto per_format = [&](auto tag) {
    using Tag = decltype(tag);
    for (const char* a : reduce::kSumAlgorithms)
      table("sum", a, tag, [&](const Eigen::VectorXd& x) { return reduce::check_sum<Tag>(a, x); });
    for (const char* a : reduce::kL2normAlgorithms)
      table("l2norm", a, tag, [&](const Eigen::VectorXd& x) { return reduce::check_l2norm<Tag>(a, x); });
    for (const char* a : reduce::kVarianceAlgorithms)
      table("variance", a, tag,
            [&](const Eigen::VectorXd& x) { return reduce::check_squared_deviations<Tag>(a, x); });
  };
  per_format(F64{});
  per_format(F32{});
  per_format(F16{});
  per_format(BF16{});
}

}  // namespace
}  // namespace numstab
