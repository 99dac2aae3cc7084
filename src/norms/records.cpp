#include "src/norms/records.hpp"

#include <algorithm>
#include <cmath>
#include <random>
#include <string>

#include <fmt/format.h>

#include "src/losses/check.hpp"
#include "src/losses/inputs.hpp"
#include "src/norms/check.hpp"
#include "src/norms/inputs.hpp"
#include "src/reduce/bounds.hpp"
#include "src/reduce/check.hpp"

namespace numstab {

namespace {

// Keeps the case with the largest error / bound of one record.
struct Worst {
  GradientRecord record;
  double ratio = -1;

  Worst(std::string op, Format f, std::string part, std::string algorithm, std::string unit, std::string source,
        uint64_t seed) {
    record.op = std::move(op);
    record.format = spec(f).name;
    record.part = std::move(part);
    record.algorithm = std::move(algorithm);
    record.reference = "oracle";
    record.bound_unit = std::move(unit);
    record.bound_source = std::move(source);
    record.seed = seed;
    record.passed = true;
  }
  void add(double error, double bound, double ulp, double normwise, uint64_t elements, const std::string& where) {
    record.cases += 1;
    record.elements += elements;
    record.max_ulp = std::max(record.max_ulp, ulp);
    if (std::isfinite(normwise)) record.max_normwise = std::max(record.max_normwise, normwise);
    const double r = error == 0 ? 0 : error / bound;
    if (!(error <= bound)) record.passed = false;
    if (r > ratio || std::isnan(r)) {
      ratio = std::isnan(r) ? INFINITY : r;
      record.error = error;
      record.bound = bound;
      record.where = where;
    }
  }
};

double relative(double computed, const Real& exact) {
  if (exact == 0) return computed == 0 ? 0 : INFINITY;
  return static_cast<double>(abs(Real(computed) - exact) / abs(exact));
}

// Vectors of the reduction records: n spread log-uniformly, offsets 10^k every other case.
template <class Tag>
Eigen::VectorXd reduction_vector(uint64_t seed, int index, int max_n, int degree) {
  std::mt19937_64 rng(seed + static_cast<uint64_t>(index));
  const int n = std::max(1, static_cast<int>(std::lround(std::pow(double(max_n), (index % 7) / 6.0))));
  double offset = index % 2 ? std::pow(10.0, index % 7) : 0, spread = 1;
  const double limit = std::ldexp(1.0, spec(Tag::format).emax);
  while (std::pow(n * (std::fabs(offset) + spread), degree) > limit) {
    offset /= 10;
    spread /= 10;
  }
  std::uniform_real_distribution<double> unit(-1, 1);
  Eigen::VectorXd x(n);
  for (int i = 0; i < n; ++i) x[i] = round_to<Tag>(offset + spread * unit(rng));
  return x;
}

std::string vector_where(const Eigen::VectorXd& x, int index, const std::string& detail) {
  return fmt::format("case {} (n={}, x[0]={}): {}", index, x.size(), hex_text(x[0]), detail);
}

template <class Tag>
void reduction_records(std::vector<GradientRecord>& out, uint64_t seed, int cases, int max_n) {
  const Format f = Tag::format;
  // Lengths with n u <= 1/2: past 1/u the recursive bound gamma_{n-1} is infinite
  // (says nothing) and JSON has no infinity: f16 up to 1024, bf16 up to 128.
  max_n = static_cast<int>(std::min(static_cast<double>(max_n), 0.5 / unit_roundoff(f)));
  for (const char* a : reduce::kSumAlgorithms) {
    Worst w("sum", f, "forward", a, "u sum|x_i|", "Higham 2002 ch. 4 (kahan: 2u + 4nu^2)", seed);
    for (int i = 0; i < cases; ++i) {
      const Eigen::VectorXd x = reduction_vector<Tag>(seed, i, max_n, 1);
      const auto c = reduce::check_sum<Tag>(a, x);
      w.add(c.error, c.bound, judge(f, c.computed, c.exact).ulp, relative(c.computed, c.exact), x.size(),
            vector_where(x, i, c.describe()));
    }
    out.push_back(w.record);
  }
  {
    Worst w("dot", f, "forward", "naive", "u sum|x_i y_i|", "Higham 2002 (3.5): gamma_n sum|x_i y_i|", seed);
    for (int i = 0; i < cases; ++i) {
      const Eigen::VectorXd x = reduction_vector<Tag>(seed, i, max_n, 2);
      const Eigen::VectorXd y = reduction_vector<Tag>(~seed, i, max_n, 2).head(x.size());
      const auto c = reduce::check_dot<Tag>(x, y);
      w.add(c.error, c.bound, judge(f, c.computed, c.exact).ulp, relative(c.computed, c.exact), x.size(),
            vector_where(x, i, c.describe()));
    }
    out.push_back(w.record);
  }
  for (const char* a : reduce::kL2normAlgorithms) {
    Worst w("l2norm", f, "forward", a, "u |exact|", "sum of squares gamma_n, sqrt and scaling (src/reduce/check.hpp)",
            seed);
    for (int i = 0; i < cases; ++i) {
      const Eigen::VectorXd x = reduction_vector<Tag>(seed, i, max_n, 2);
      const auto c = reduce::check_l2norm<Tag>(a, x);
      w.add(c.error, c.bound, judge(f, c.computed, c.exact).ulp, relative(c.computed, c.exact), x.size(),
            vector_where(x, i, c.describe()));
    }
    out.push_back(w.record);
  }
  for (const char* a : reduce::kVarianceAlgorithms) {
    Worst w("variance", f, "forward", a, "u S",
            "Chan, Golub & LeVeque 1983 with constants (src/reduce/bounds.hpp); S = sum (x - mean)^2", seed);
    for (int i = 0; i < cases; ++i) {
      const Eigen::VectorXd x = reduction_vector<Tag>(seed, i, max_n, 2);
      const auto c = reduce::check_squared_deviations<Tag>(a, x);
      if (c.exact == 0) continue;  // every value equal after rounding: no relative error to speak of
      w.add(c.error, c.bound, judge(f, c.computed, c.exact).ulp, relative(c.computed, c.exact), x.size(),
            vector_where(x, i, c.describe()));
    }
    out.push_back(w.record);
  }
}

template <class Tag>
void loss_records(std::vector<GradientRecord>& out, uint64_t seed, int cases, int max_n) {
  const Format f = Tag::format;
  const char* source = "per-term rounding count + pairwise sum + mean (src/losses/check.hpp)";
  const auto where = [](const losses::LossCase& c, const losses::LossCheck& k) {
    return fmt::format("n={} scale={:g} edges={} seed={}: {}", c.n, c.scale, c.edges, c.seed, k.detail);
  };
  const auto case_of = [&](int i) {
    losses::LossCase c;
    c.seed = seed + static_cast<uint64_t>(i);
    c.n = 1 + (i * 37) % max_n;
    c.scale = std::pow(10.0, i % 5 - 1);
    c.edges = i % 2 == 1;
    c.mean = true;
    return c;
  };
  for (const char* name : losses::kElementwiseLosses)
    for (bool gradient : {false, true}) {
      Worst w(name, f, gradient ? "gradient" : "forward", "mean", "u scale", source, seed);
      for (int i = 0; i < cases; ++i) {
        const losses::LossCase c = case_of(i);
        const auto [x, y] = losses::loss_inputs<Tag>(name, c);
        const auto k = gradient ? losses::check_gradient<Tag>(name, x, y, losses::Reduction::mean)
                                : losses::check_forward<Tag>(name, x, y, losses::Reduction::mean);
        w.add(k.error, k.bound, k.max_ulp, k.error * unit_roundoff(f), x.size(), where(c, k));
      }
      out.push_back(w.record);
    }
  for (const char* name : {"cross_entropy", "nll"})
    for (bool gradient : {false, true}) {
      Worst w(name, f, gradient ? "gradient" : "forward", "mean", "u scale",
              std::string(name) == "nll" ? source : "Blanchard, Higham & Higham 2021, first order (src/losses/check.hpp)",
              seed);
      for (int i = 0; i < cases; ++i) {
        const losses::LossCase c = case_of(i);
        auto [logits, target] = losses::logits_case<Tag>(c);
        losses::LossCheck k;
        if (std::string(name) == "nll") {
          for (Eigen::Index r = 0; r < logits.rows(); ++r)
            logits.row(r) = vecops::log_softmax<Tag>(Eigen::VectorXd(logits.row(r).transpose())).transpose();
          k = losses::check_nll<Tag>(logits, target, losses::Reduction::mean, gradient);
        } else {
          k = losses::check_cross_entropy<Tag>(logits, target, losses::Reduction::mean, gradient);
        }
        w.add(k.error, k.bound, k.max_ulp, k.error * unit_roundoff(f), logits.size(), where(c, k));
      }
      out.push_back(w.record);
    }
}

template <class Tag>
void norm_records(std::vector<GradientRecord>& out, uint64_t seed, int cases, int max_n) {
  const Format f = Tag::format;
  for (const char* op : {"batchnorm", "layernorm", "rmsnorm"})
    for (bool backward : {false, true}) {
      const bool centred = std::string(op) != "rmsnorm";
      Worst w(op, f, backward ? "backward" : "forward", centred ? "two_pass" : "", "bound (componentwise)",
              "first-order componentwise analysis of the kernel (src/norms/check.hpp)", seed);
      for (int i = 0; i < cases; ++i) {
        norms::NormCase c;
        c.seed = seed + static_cast<uint64_t>(i);
        c.n = 1 + (i * 53) % std::min(max_n, reduce::max_bounded_length(Tag::format));
        c.offset = i % 2 ? std::pow(10.0, i % (norms::max_offset_exponent(f) + 1)) : 0;
        c.batchnorm = std::string(op) == "batchnorm";
        const norms::NormData d = norms::norm_data<Tag>(c);
        const double eps = norms::default_eps(f, centred);
        const auto k = backward ? norms::check_backward<Tag>(d.x, d.w, d.dy, eps, centred)
                                : norms::check_forward<Tag>(d.x, d.w, d.b, eps, centred);
        // error in units of the bound: error = worst |computed - exact| / bound, bound 1.
        w.add(k.worst_ratio, 1.0, k.max_ulp, NAN, d.x.size(),
              fmt::format("n={} offset={:g} seed={}: {}", c.n, c.offset, c.seed, k.detail));
      }
      out.push_back(w.record);
    }
  for (const char* op : {"batchnorm", "layernorm", "rmsnorm"}) {
    const bool centred = std::string(op) != "rmsnorm", per_channel = std::string(op) == "batchnorm";
    Worst w(op, f, centred ? "weight_bias_grad" : "weight_grad", centred ? "two_pass" : "", "bound (componentwise)",
            "products dy xhat with xhat's error, pairwise channel sums (src/norms/check.hpp)", seed);
    for (int i = 0; i < cases; ++i) {
      norms::NormCase c;
      c.seed = seed + static_cast<uint64_t>(i);
      c.n = 1 + (i * 53) % std::min(max_n, reduce::max_bounded_length(Tag::format));
      c.offset = i % 2 ? std::pow(10.0, i % (norms::max_offset_exponent(f) + 1)) : 0;
      c.batchnorm = per_channel;
      const norms::NormData d = norms::norm_data<Tag>(c);
      const auto k = norms::check_affine_grads<Tag>(d.x, d.w, d.b, d.dy, norms::default_eps(f, centred), centred,
                                                    per_channel);
      w.add(k.worst_ratio, 1.0, k.max_ulp, NAN, d.x.size(),
            fmt::format("n={} offset={:g} seed={}: {}", c.n, c.offset, c.seed, k.detail));
    }
    out.push_back(w.record);
  }
}

}  // namespace

std::vector<GradientRecord> layer_records(uint64_t seed, bool quick) {
  std::vector<GradientRecord> out;
  const int cases = quick ? 8 : 24;
  const int max_n = quick ? 1000 : 4000;
  for (Format f : kAllFormats)
    dispatch(f, [&](auto tag) {
      using Tag = decltype(tag);
      reduction_records<Tag>(out, seed, cases, max_n);
      loss_records<Tag>(out, seed, cases, quick ? 300 : 1000);
      norm_records<Tag>(out, seed, cases, quick ? 500 : 2000);
    });
  return out;
}

}  // namespace numstab
