// Normalisation layers (batchnorm training statistics, layernorm, rmsnorm):
// forward and input gradient against exact oracles within derived
// componentwise bounds, at offsets up to 1e8, and the two classic bugs caught:
// a one-pass (textbook) variance and a backward missing the mean term.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cstdio>
#include <random>
#include <sstream>

#include <fmt/format.h>

#include "oracles/norms/oracle.hpp"
#include "src/gradcheck/finite_difference.hpp"
#include "src/norms/check.hpp"
#include "src/reduce/bounds.hpp"
#include "src/norms/inputs.hpp"
#include "src/norms/records.hpp"

namespace numstab {
namespace {

TEST(SmokeNormalisation, ConstantInputGivesBiasAndRmsOfEqualValuesGivesWeight) {
  const auto check = [](auto tag) {
    using Tag = decltype(tag);
    const Eigen::VectorXd x = Eigen::VectorXd::Constant(4, 3.0), w = Eigen::VectorXd::Constant(4, 2.0);
    const Eigen::VectorXd b = Eigen::VectorXd::Constant(4, 0.5);
    const auto ln = norms::normalise<Tag>(x, w, b, 1e-5);
    for (double y : ln.y) EXPECT_EQ(y, 0.5) << spec(Tag::format).name;
    const auto rms = norms::rmsnorm<Tag>(Eigen::VectorXd::Constant(4, 2.0), w, 0.0);
    for (double y : rms.y) EXPECT_EQ(y, 2.0) << spec(Tag::format).name;  // 2 / sqrt(mean 4) * w = 2
  };
  check(F64{});
  check(F32{});
  check(F16{});
  check(BF16{});
}

using norms::NormCase;
using norms::NormData;
using norms::default_eps;
using norms::max_offset_exponent;
using norms::norm_data;

}  // namespace
}  // namespace numstab

namespace numstab::norms {
inline void showValue(const NormCase& c, std::ostream& os) {
  os << "n=" << c.n << " offset=" << c.offset << " spread=" << c.spread << (c.batchnorm ? " batchnorm" : " layernorm")
     << " seed=" << c.seed;
}
}  // namespace numstab::norms

namespace numstab {
namespace {

template <class Tag>
NormCase norm_case(int max_n) {
  NormCase c;
  c.seed = *rc::gen::resize(100, rc::gen::arbitrary<uint64_t>());
  // Where n reaches reduce::max_bounded_length the bounds become infinite.
  c.n = *rc::gen::resize(100, rc::gen::inRange(1, std::min(max_n, reduce::max_bounded_length(Tag::format)) + 1));
  if (*rc::gen::arbitrary<bool>())
    c.offset = (*rc::gen::arbitrary<bool>() ? 1 : -1) *
               std::pow(10.0, *rc::gen::inRange(0, max_offset_exponent(Tag::format) + 1));
  c.spread = std::pow(10.0, *rc::gen::inRange(-2, 3));
  c.batchnorm = *rc::gen::arbitrary<bool>();
  return c;
}

template <class Tag>
void forward_within_bound(bool centred) {
  const NormCase c = norm_case<Tag>(2000);
  const NormData d = norm_data<Tag>(c);
  const auto k = norms::check_forward<Tag>(d.x, d.w, d.b, default_eps(Tag::format, centred), centred);
  RC_CLASSIFY(k.worst_ratio > 0.125, "error above bound/8");
  if (!k.within())
    RC_FAIL(fmt::format("{} forward {}: {}", centred ? "layernorm" : "rmsnorm", spec(Tag::format).name, k.detail));
}

template <class Tag>
void backward_within_bound(bool centred) {
  const NormCase c = norm_case<Tag>(2000);
  const NormData d = norm_data<Tag>(c);
  const auto k = norms::check_backward<Tag>(d.x, d.w, d.dy, default_eps(Tag::format, centred), centred);
  RC_CLASSIFY(k.worst_ratio > 0.125, "error above bound/8");
  if (!k.within())
    RC_FAIL(fmt::format("{} backward {}: {}", centred ? "layernorm" : "rmsnorm", spec(Tag::format).name, k.detail));
}

#define NUMSTAB_NORM_PROPS(Fmt)                                                                  \
  RC_GTEST_PROP(LayerNorm, ForwardWithinBound##Fmt, ()) { forward_within_bound<Fmt>(true); }   \
  RC_GTEST_PROP(LayerNorm, BackwardWithinBound##Fmt, ()) { backward_within_bound<Fmt>(true); } \
  RC_GTEST_PROP(RmsNorm, ForwardWithinBound##Fmt, ()) { forward_within_bound<Fmt>(false); }    \
  RC_GTEST_PROP(RmsNorm, BackwardWithinBound##Fmt, ()) { backward_within_bound<Fmt>(false); }
NUMSTAB_NORM_PROPS(F64)
NUMSTAB_NORM_PROPS(F32)
NUMSTAB_NORM_PROPS(F16)
NUMSTAB_NORM_PROPS(BF16)
#undef NUMSTAB_NORM_PROPS

// Weight and bias gradients: per element (layernorm, rmsnorm) and summed over
// one channel (batchnorm).
template <class Tag>
void affine_grads_within_bound(bool centred, bool per_channel) {
  const NormCase c = norm_case<Tag>(2000);
  const NormData d = norm_data<Tag>(c);
  const auto k = norms::check_affine_grads<Tag>(d.x, d.w, d.b, d.dy, default_eps(Tag::format, centred), centred,
                                                per_channel);
  if (!k.within())
    RC_FAIL(fmt::format("{} weight/bias gradients {}: {}",
                        per_channel ? "batchnorm" : (centred ? "layernorm" : "rmsnorm"), spec(Tag::format).name,
                        k.detail));
}
RC_GTEST_PROP(BatchNorm, AffineGradsWithinBoundF64, ()) { affine_grads_within_bound<F64>(true, true); }
RC_GTEST_PROP(BatchNorm, AffineGradsWithinBoundF32, ()) { affine_grads_within_bound<F32>(true, true); }
RC_GTEST_PROP(BatchNorm, AffineGradsWithinBoundBf16, ()) { affine_grads_within_bound<BF16>(true, true); }
RC_GTEST_PROP(LayerNorm, AffineGradsWithinBoundF32, ()) { affine_grads_within_bound<F32>(true, false); }
RC_GTEST_PROP(LayerNorm, AffineGradsWithinBoundF16, ()) { affine_grads_within_bound<F16>(true, false); }
RC_GTEST_PROP(RmsNorm, WeightGradWithinBoundF32, ()) { affine_grads_within_bound<F32>(false, false); }

// A one-pass (textbook) variance in the forward breaks the bound at offsets
// 10^4..10^5 with unit spread in f32 (and often gives NaN: a negative variance).
RC_GTEST_PROP(LayerNorm, TextbookVarianceForwardFailsAtLargeOffsetsF32, ()) {
  NormCase c;
  c.seed = *rc::gen::arbitrary<uint64_t>();
  c.n = *rc::gen::inRange(64, 2001);
  c.offset = std::pow(10.0, *rc::gen::inRange(4, 6));
  c.spread = 1;
  const NormData d = norm_data<F32>(c);
  const auto stable = norms::check_forward<F32>(d.x, d.w, d.b, 1e-5, true, "two_pass");
  const auto textbook = norms::check_forward<F32>(d.x, d.w, d.b, 1e-5, true, "textbook");
  RC_ASSERT(stable.within());
  if (textbook.within()) RC_FAIL("textbook variance forward within the bound: " + textbook.detail);
}

// A backward missing mean(g) (the layernorm bug) breaks the bound, on
// well-conditioned inputs (no offset; at offsets the bound is wide enough
// that the mean term, of the size of dx itself, can hide in it).
template <class Tag>
void missing_mean_term_is_caught() {
  NormCase c = norm_case<Tag>(500);
  c.offset = 0;
  const NormData d = norm_data<Tag>(c);
  const auto k = norms::check_backward<Tag>(d.x, d.w, d.dy, 1e-5, true, norms::Backward::missing_mean_term);
  if (k.within()) RC_FAIL("backward without the mean term within the bound: " + k.detail);
}
RC_GTEST_PROP(LayerNorm, MissingMeanTermIsCaughtF64, ()) { missing_mean_term_is_caught<F64>(); }
RC_GTEST_PROP(LayerNorm, MissingMeanTermIsCaughtF32, ()) { missing_mean_term_is_caught<F32>(); }

// The backward oracle is the derivative of the forward oracle: <dy, J v> by
// Richardson-extrapolated differences equals <backward(dy), v>.
void oracle_backward_is_the_derivative(bool centred) {
  set_real_precision(320);  // before any Real is made: earlier tests leave other precisions
  const int n = *rc::gen::inRange(1, 12);
  std::mt19937_64 rng(*rc::gen::arbitrary<uint64_t>());
  std::uniform_real_distribution<double> unit(-1, 1);
  // Centred data: Richardson's first step is 2^-6 max|x_i| (src/gradcheck), which
  // would dwarf a unit spread at a large offset; the formula does not depend on it.
  const double offset = 0;
  Eigen::VectorXd x(n), w(n), b(n), dy(n);
  gradcheck::RealVector xr, v;
  for (int i = 0; i < n; ++i) {
    x[i] = offset + 8 * unit(rng);
    w[i] = 1 + 0.5 * unit(rng);
    b[i] = unit(rng);
    dy[i] = unit(rng);
    xr.emplace_back(x[i]);
    v.emplace_back(unit(rng));
  }
  const double eps = 1e-5;
  const auto directional = gradcheck::richardson_directional(
      [&](const gradcheck::RealVector& p) { return oracles::norms::forward_real(p, w, b, eps, centred); }, xr, v,
      24);  // 24 halvings: steps down to 2^-30 max|x|, below the scale sqrt(var + eps) of near-equal pairs
  Real lhs = 0, rhs = 0, scale = 0, estimate_error = 0;
  const auto back = oracles::norms::backward(x, w, dy, eps, centred);
  for (int i = 0; i < n; ++i) {
    lhs += directional[size_t(i)].value * dy[i];
    estimate_error += directional[size_t(i)].error * std::fabs(dy[i]);
    rhs += back[size_t(i)] * v[size_t(i)];
    scale += abs(back[size_t(i)] * v[size_t(i)]);
  }
  // Within the Richardson estimate's own error bound, itself below 2^-40 of
  // the terms: a wrong or missing term of the backward (of the terms' size) shows.
  const Real gap = abs(lhs - rhs);
  const Real allowed = estimate_error + scale * boost::multiprecision::ldexp(Real(1), -200);
  RC_ASSERT(allowed <= scale * boost::multiprecision::ldexp(Real(1), -40) + boost::multiprecision::ldexp(Real(1), -200));
  if (!(gap <= allowed))
    RC_FAIL(fmt::format("n={} offset={}: <dy, J v> {} vs <J^T dy, v> {}, gap {} > {}", n, offset,
                        exact_dec_text(lhs), exact_dec_text(rhs), exact_dec_text(gap), exact_dec_text(allowed)));
}
RC_GTEST_PROP(LayerNorm, OracleBackwardIsTheDerivative, ()) { oracle_backward_is_the_derivative(true); }
RC_GTEST_PROP(RmsNorm, OracleBackwardIsTheDerivative, ()) { oracle_backward_is_the_derivative(false); }

// Max ULP and error / bound over a fixed set of cases, printed.
TEST(NormalisationSummary, ErrorAgainstBounds) {
  std::printf("%-10s %-8s %-5s %10s %12s  %s\n", "op", "part", "fmt", "max ULP", "max err/bnd", "worst case");
  const auto table = [](auto tag) {
    using Tag = decltype(tag);
    for (bool centred : {true, false})
      for (bool backward : {false, true}) {
        double ulp = 0, ratio = 0;
        std::string where;
        for (int i = 0; i < 24; ++i) {
          NormCase c;
          c.seed = 500 + i;
          c.n = 1 + (i * 131) % 1000;
          c.offset = i % 2 ? std::pow(10.0, i % (max_offset_exponent(Tag::format) + 1)) : 0;
          c.batchnorm = i % 3 == 0;
          const NormData d = norm_data<Tag>(c);
          const double eps = default_eps(Tag::format, centred);
          const auto k = backward ? norms::check_backward<Tag>(d.x, d.w, d.dy, eps, centred)
                                  : norms::check_forward<Tag>(d.x, d.w, d.b, eps, centred);
          EXPECT_TRUE(k.within()) << k.detail;
          ulp = std::max(ulp, k.max_ulp);
          if (k.worst_ratio >= ratio) {
            ratio = k.worst_ratio;
            std::ostringstream os;
            showValue(c, os);
            where = os.str();
          }
        }
        std::printf("%-10s %-8s %-5s %10.3g %12.3g  %s\n", centred ? "layernorm" : "rmsnorm",
                    backward ? "backward" : "forward", spec(Tag::format).name, ulp, ratio, where.c_str());
      }
  };
  table(F64{});
  table(F32{});
  table(F16{});
  table(BF16{});
}

// The gradients records (quick): one per op x format x part (x algorithm),
// all within their bounds; printed.
TEST(LayerRecords, QuickRecordsPass) {
  const std::vector<GradientRecord> records = layer_records(1, true);
  EXPECT_EQ(records.size(), 4u * (3 + 1 + 2 + 3 + 2 * 8 + 3 * 3));  // per format: sum x3, dot, l2norm x2, variance x3, losses x2, norms x3
  for (const GradientRecord& r : records) {
    std::printf("%-16s %-5s %-9s %-9s cases %3llu  max_ulp %10.4g  error %10.4g <= %10.4g %s\n", r.op.c_str(),
                r.format.c_str(), r.part.c_str(), r.algorithm.c_str(), static_cast<unsigned long long>(r.cases),
                r.max_ulp, r.error, r.bound, r.bound_unit.c_str());
    EXPECT_TRUE(r.passed) << to_json(r).dump();
    EXPECT_GT(r.cases, 0u) << to_json(r).dump();
  }
}

}  // namespace
}  // namespace numstab
