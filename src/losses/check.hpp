// A loss kernel's forward value and gradient against the exact oracle, with
// bounds derived from the operations each term performs: a term computed from
// magnitudes M_i with c roundings is within gamma_c M_i; the pairwise sum adds
// gamma_{ceil log2 N} of sum M_i and the mean's division by fl(N) gamma_2:
//   |L^ - L| <= ((1 + gamma_c)(1 + gamma_d)(1 + gamma_2) - 1) sum M_i / N + 4 (N + 1) eta / N
// (eta: one subnormal rounding). Gradients componentwise: |g^_i - g_i| <=
// ((1 + gamma_cg)(1 + gamma_2) - 1) G_i / N + 2 eta. Errors are reported in units
// of u times that scale (sum M_i / N, G_i / N), beside the ULP error.
#pragma once
#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "oracles/losses/oracle.hpp"
#include "oracles/vecops/oracle.hpp"
#include "src/losses/losses.hpp"
#include "src/reduce/bounds.hpp"

namespace numstab::losses {

struct LossCheck {
  double error = 0;    // worst |computed - exact| / (u scale)
  double bound = 0;    // its bound, same unit
  double max_ulp = 0;  // worst ULP error (componentwise for gradients)
  int worst = -1;      // worst component (gradients)
  std::string detail{};  // computed / exact of the worst component
  bool within() const { return error <= bound; }
};

// Roundings c and magnitude M of one forward term (see the header comment).
struct TermScale {
  double magnitude = 0;
  int roundings = 0;
};

inline TermScale forward_scale(std::string_view loss, double x, double y, double delta) {
  const double d = std::fabs(x - y);
  if (loss == "mse") return {d * d, 3};
  if (loss == "l1") return {d, 1};
  if (loss == "huber") return {d < delta ? 0.5 * d * d : delta * d, 3};
  if (loss == "bce") {
    const double l1 = std::fmin(-std::log(x), 100.0), l0 = std::fmin(-std::log1p(-x), 100.0);
    return {(1 - y) * l0 + y * l1, 5};  // log, (y-1), product, product, difference; log's double rounding
  }
  if (loss == "bce_with_logits")
    return {std::fmax(x, 0.0) + std::fabs(x * y) + std::log1p(std::exp(-std::fabs(x))), 5};
  if (loss == "kl_div") {
    if (y == 0) return {0, 0};
    return {y * (std::fabs(std::log(y)) + std::fabs(x)), 4};
  }
  throw unknown_name("loss", loss, kElementwiseLosses);
}

// Roundings and magnitude G of one gradient component before the 1/N.
// bce_floor: the floor the kernel and the oracle put under (1 - x) x (bce's eps
// in the format), so that the scale at x = 0 or 1 is the one they use.
inline TermScale grad_scale(std::string_view loss, double x, double y, double delta, double bce_floor) {
  const double d = x - y;
  if (loss == "mse") return {std::fabs(2 * d), 1};
  if (loss == "l1") return {d == 0 ? 0.0 : 1.0, 0};
  if (loss == "huber") return {std::fmin(std::fabs(d), delta), 1};
  if (loss == "bce") return {std::fabs(d) / std::fmax((1 - x) * x, bce_floor), 4};
  if (loss == "bce_with_logits") return {1 / (1 + std::exp(-x)) + std::fabs(y), 5};
  if (loss == "kl_div") return {std::fabs(y), 0};
  throw unknown_name("loss", loss, kElementwiseLosses);
}

inline double compound(int roundings, double u) { return reduce::gamma(roundings, u); }

// |computed - exact|, 0 when both are the same infinity (the exact value
// rounds to it: an overflowing sum, bce's gradient at x = 1 in f16 where the
// 1e-12 floor rounds to 0), inf for any other non-finite computed value.
inline double difference(Format f, double computed, const Real& exact) {
  if (std::isfinite(computed)) return static_cast<double>(abs(Real(computed) - exact));
  if (std::isnan(computed)) return boost::multiprecision::isnan(exact) ? 0 : INFINITY;
  return computed == round_to_format(f, exact) ? 0 : INFINITY;
}

// error and bound in units of u * scale; a zero scale leaves only the allowance.
inline void to_units(double diff, double bound_abs, double scale, double u, double& error, double& bound) {
  if (scale > 0) {
    error = diff / (u * scale);
    bound = bound_abs / (u * scale);
  } else {
    error = diff;
    bound = bound_abs;
  }
}

template <class Tag>
LossCheck check_forward(std::string_view name, const Eigen::VectorXd& x, const Eigen::VectorXd& y,
                        Reduction r, double delta = 1) {
  set_real_precision(256);
  const double u = unit_roundoff(Tag::format);
  const double n = static_cast<double>(x.size());
  const double computed = loss<Tag>(name, x, y, r, delta);
  Real exact = 0;
  double scale = 0;
  int c = 0;
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    exact += oracles::losses::loss_term(name, x[i], y[i], delta);
    const TermScale t = forward_scale(name, x[i], y[i], delta);
    scale += t.magnitude;
    c = std::max(c, t.roundings);
  }
  const double divisor = r == Reduction::mean ? n : 1;
  exact /= divisor;
  scale /= divisor;
  const double depth = n <= 1 ? 0 : std::ceil(std::log2(n));
  const double relative = (1 + compound(c, u)) * (1 + reduce::gamma(depth, u)) *
                              (1 + (r == Reduction::mean ? reduce::gamma(2, u) : 0)) - 1;
  const double allowance = reduce::underflow_allowance(Tag::format, 4 * (n + 1) / divisor);
  LossCheck out;
  to_units(difference(Tag::format, computed, exact), relative * scale + allowance, scale, u, out.error,
           out.bound);
  out.max_ulp = judge(Tag::format, computed, exact).ulp;
  out.detail = fmt::format("computed {} ({:.17g}), exact {} ({})", hex_text(computed), computed,
                           exact_hex_text(exact), exact_dec_text(exact));
  return out;
}

template <class Tag>
LossCheck check_gradient(std::string_view name, const Eigen::VectorXd& x, const Eigen::VectorXd& y,
                         Reduction r, double delta = 1) {
  set_real_precision(256);
  const double u = unit_roundoff(Tag::format), eta = reduce::underflow_unit(Tag::format);
  const double n = static_cast<double>(x.size());
  const double divisor = r == Reduction::mean ? n : 1;
  const double bce_eps = round_to<Tag>(1e-12);
  const Eigen::VectorXd g = loss_grad<Tag>(name, x, y, r, delta);
  LossCheck out;
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    const Real exact = oracles::losses::grad_term(name, x[i], y[i], delta, bce_eps) / divisor;
    const TermScale t = grad_scale(name, x[i], y[i], delta, std::fmax(bce_eps, 1e-300));
    const double relative =
        (1 + compound(t.roundings, u)) * (1 + (r == Reduction::mean ? reduce::gamma(2, u) : 0)) - 1;
    const double scale = t.magnitude / divisor;
    // bce divides last: a subnormal (x - y) / N (error eta) is amplified by 1 / max((1 - x) x, eps).
    const double amplified = name == "bce" ? eta / std::fmax((1 - x[i]) * x[i], std::fmax(bce_eps, 1e-300)) : 0;
    double error = 0, bound = 0;
    to_units(difference(Tag::format, g[i], exact), relative * scale + 2 * eta + amplified, scale, u, error, bound);
    const double ulp = judge(Tag::format, g[i], exact).ulp;
    out.max_ulp = std::max(out.max_ulp, ulp);
    if (out.worst < 0 || error * out.bound > out.error * bound) {  // larger error / bound
      out.error = error;
      out.bound = bound;
      out.worst = static_cast<int>(i);
      out.detail = fmt::format("element {}: x {} y {}, computed {} ({:.17g}), exact {} ({})", i,
                               hex_text(x[i]), hex_text(y[i]), hex_text(g[i]), g[i],
                               exact_hex_text(exact), exact_dec_text(exact));
    }
  }
  return out;
}

// cross_entropy, first order (Blanchard, Higham & Higham 2021 for the shifted
// log_softmax): with d_k = x_k - max and s = sum e^(d_k), the term log s - d_t
// is within u (2|d_t| + 2 log s + max|d_k| + C + 3) (d_t and log s rounded,
// s relative gamma_C + u max|d_k|, log's double rounding, the difference); the
// gradient's softmax_j within (C + 2 + 2 (x_max - x_min)) u relative, then - 1 and / N.
template <class Tag>
LossCheck check_cross_entropy(const Eigen::MatrixXd& logits, const std::vector<int>& target, Reduction r,
                              bool gradient) {
  set_real_precision(384);
  const double u = unit_roundoff(Tag::format), eta = reduce::underflow_unit(Tag::format);
  const double n = static_cast<double>(logits.rows()), classes = static_cast<double>(logits.cols());
  const double divisor = r == Reduction::mean ? n : 1;
  const double mean_factor = 1 + (r == Reduction::mean ? reduce::gamma(2, u) : 0);
  LossCheck out;
  if (!gradient) {
    const double computed = cross_entropy<Tag>(logits, target, r);
    Real exact = 0;
    double scale = 0;
    for (Eigen::Index i = 0; i < logits.rows(); ++i) {
      const Eigen::VectorXd row = logits.row(i).transpose();
      exact += oracles::losses::cross_entropy_term(row, target[i]);
      const double top = row.maxCoeff(), spread = top - row.minCoeff();
      double s = 0;
      for (double v : row) s += std::exp(v - top);
      scale += 2 * std::fabs(row[target[i]] - top) + 2 * std::log(s) + spread + classes + 3;
    }
    exact /= divisor;
    scale /= divisor;
    const double depth = n <= 1 ? 0 : std::ceil(std::log2(n));
    const double relative = (1 + 2 * u) * (1 + reduce::gamma(depth, u)) * mean_factor - 1;
    to_units(difference(Tag::format, computed, exact), (1 + relative) * u * scale + reduce::underflow_allowance(Tag::format, 4 * (n + 1) / divisor),
             scale, u, out.error, out.bound);
    out.max_ulp = judge(Tag::format, computed, exact).ulp;
    out.detail = fmt::format("computed {} ({:.17g}), exact {} ({})", hex_text(computed), computed,
                             exact_hex_text(exact), exact_dec_text(exact));
    return out;
  }
  const Eigen::MatrixXd g = cross_entropy_grad<Tag>(logits, target, r);
  for (Eigen::Index i = 0; i < logits.rows(); ++i) {
    const Eigen::VectorXd row = logits.row(i).transpose();
    const oracles::RealVector soft = oracles::softmax_exact(row);
    const double spread = row.maxCoeff() - row.minCoeff();
    for (Eigen::Index j = 0; j < row.size(); ++j) {
      const bool hit = j == target[i];
      const Real exact = (hit ? Real(soft[j] - 1) : soft[j]) / divisor;
      const double sigma = static_cast<double>(soft[j]);
      // softmax (BHH, first order) and the subtraction of the one-hot, then
      // the division by fl(N): |e| (1 + gamma_2) / N + gamma_2 |sigma - hit| / N.
      const double g2 = r == Reduction::mean ? reduce::gamma(2, u) : 0;
      const double bound_abs = (((classes + 2 + 2 * spread) * sigma + (sigma + hit)) * u * (1 + 0x1p-20) *
                                    (1 + g2) + g2 * (sigma + hit)) / divisor + 3 * eta;
      double error = 0, bound = 0;
      to_units(difference(Tag::format, g(i, j), exact), bound_abs, (sigma + hit) / divisor, u, error, bound);
      out.max_ulp = std::max(out.max_ulp, judge(Tag::format, g(i, j), exact).ulp);
      if (out.worst < 0 || error * out.bound > out.error * bound) {
        out.error = error;
        out.bound = bound;
        out.worst = static_cast<int>(i * row.size() + j);
        out.detail = fmt::format("row {} class {} (target {}): computed {} ({:.17g}), exact {} ({})", i, j,
                                 target[i], hex_text(g(i, j)), g(i, j), exact_hex_text(exact),
                                 exact_dec_text(exact));
      }
    }
  }
  return out;
}

// nll: the terms -x_i[t_i] are exact; only the pairwise sum and the mean's
// division round: |L^ - L| <= ((1 + gamma_d)(1 + gamma_2) - 1) sum|x_i[t_i]| / N.
// The gradient -1/N (or -1) is fl(1 / fl(N)): relative gamma_2.
template <class Tag>
LossCheck check_nll(const Eigen::MatrixXd& log_probs, const std::vector<int>& target, Reduction r, bool gradient) {
  set_real_precision(256);
  const double u = unit_roundoff(Tag::format), eta = reduce::underflow_unit(Tag::format);
  const double n = static_cast<double>(log_probs.rows());
  const double divisor = r == Reduction::mean ? n : 1;
  const double g2 = r == Reduction::mean ? reduce::gamma(2, u) : 0;
  LossCheck out;
  if (!gradient) {
    const double computed = nll<Tag>(log_probs, target, r);
    Real exact = 0;
    double scale = 0;
    for (Eigen::Index i = 0; i < log_probs.rows(); ++i) {
      exact -= log_probs(i, target[i]);
      scale += std::fabs(log_probs(i, target[i]));
    }
    exact /= divisor;
    scale /= divisor;
    const double depth = n <= 1 ? 0 : std::ceil(std::log2(n));
    const double relative = (1 + reduce::gamma(depth, u)) * (1 + g2) - 1;
    to_units(difference(Tag::format, computed, exact), relative * scale + reduce::underflow_allowance(Tag::format, 4 * (n + 1) / divisor), scale, u,
             out.error, out.bound);
    out.max_ulp = judge(Tag::format, computed, exact).ulp;
    out.detail = fmt::format("computed {} ({:.17g}), exact {} ({})", hex_text(computed), computed,
                             exact_hex_text(exact), exact_dec_text(exact));
    return out;
  }
  const Eigen::MatrixXd g = nll_grad<Tag>(log_probs, target, r);
  for (Eigen::Index i = 0; i < g.rows(); ++i)
    for (Eigen::Index j = 0; j < g.cols(); ++j) {
      const Real exact = j == target[i] ? Real(-1 / Real(divisor)) : Real(0);
      const double scale = j == target[i] ? 1 / divisor : 0;
      double error = 0, bound = 0;
      to_units(difference(Tag::format, g(i, j), exact), g2 * scale + 2 * eta, scale, u, error, bound);
      out.max_ulp = std::max(out.max_ulp, judge(Tag::format, g(i, j), exact).ulp);
      if (out.worst < 0 || error * out.bound > out.error * bound) {
        out.error = error;
        out.bound = bound;
        out.worst = static_cast<int>(i * g.cols() + j);
        out.detail = fmt::format("row {} class {}: computed {}, exact {}", i, j, hex_text(g(i, j)),
                                 exact_dec_text(exact));
      }
    }
  return out;
}

}  // namespace numstab::losses
