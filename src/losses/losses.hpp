// Loss kernels in the arithmetic of a format (round_to<Tag> after every
// operation; exp/log/log1p computed in double and rounded once), PyTorch's
// definitions (torch.nn.functional), forward and gradient w.r.t. the input
// for grad_output = 1. Elementwise losses take input and target vectors of
// equal length N; cross_entropy and nll take an N x C matrix and N class indices.
//   mse              (x - y)^2                             grad 2 (x - y)
//   l1               |x - y|                               grad sign(x - y) (0 at 0)
//   huber (delta)    0.5 d^2 if |d| < delta else delta (|d| - delta/2); grad clamp(d, -delta, delta)
//   bce              -(y max(log x, -100) + (1 - y) max(log1p(-x), -100))
//                    grad (x - y) / max((1 - x) x, 1e-12)  (PyTorch's backward formula)
//   bce_with_logits  max(x, 0) - x y + log1p(exp(-|x|))    grad sigmoid(x) - y
//   kl_div           y (log y - x), 0 where y = 0 (input log-probs, log_target false)
//                    grad -y
//   cross_entropy    -log_softmax(x_i)[t_i]                grad softmax(x_i) - onehot(t_i)
//   nll              -x_i[t_i]                             grad -onehot(t_i)
// Reduction mean divides by the number of terms (kl_div: all N elements, which
// PyTorch warns is not the mathematical KL; 'batchmean' divides by the batch
// size instead), sum does not. The sum of the terms is pairwise (PyTorch's
// reductions are cascaded sums, not recursive).
#pragma once
#include <cmath>
#include <string_view>
#include <vector>

#include <Eigen/Core>

#include "src/errors.hpp"
#include "src/reduce/sum.hpp"
#include "src/reduce/variance.hpp"
#include "src/vecops/softmax.hpp"

namespace numstab::losses {

enum class Reduction { mean, sum };

inline constexpr const char* kElementwiseLosses[] = {"mse", "l1", "huber", "bce", "bce_with_logits",
                                                     "kl_div"};

template <class Tag>
double log_rounded(double v) { return vecops::log_rounded<Tag>(v); }
template <class Tag>
double log1p_rounded(double v) {
  if constexpr (Tag::format == Format::f64)
    return static_cast<double>(std::log1p(static_cast<long double>(v)));
  else
    return round_to<Tag>(std::log1p(v));
}
template <class Tag>
double exp_rounded(double v) { return vecops::exp_rounded<Tag>(v); }

// One term of an elementwise loss.
template <class Tag>
double loss_term(std::string_view loss, double x, double y, double delta) {
  if (loss == "mse") {
    const double d = round_to<Tag>(x - y);
    return round_to<Tag>(d * d);
  }
  if (loss == "l1") return std::fabs(round_to<Tag>(x - y));
  if (loss == "huber") {
    const double d = std::fabs(round_to<Tag>(x - y));
    if (d < delta) return round_to<Tag>(0.5 * round_to<Tag>(d * d));
    return round_to<Tag>(delta * round_to<Tag>(d - round_to<Tag>(0.5 * delta)));
  }
  if (loss == "bce") {
    const double log_x = std::fmax(log_rounded<Tag>(x), -100.0);
    const double log_1mx = std::fmax(log1p_rounded<Tag>(-x), -100.0);
    const double a = round_to<Tag>(round_to<Tag>(y - 1) * log_1mx);
    return round_to<Tag>(a - round_to<Tag>(y * log_x));
  }
  if (loss == "bce_with_logits") {
    const double linear = round_to<Tag>(std::fmax(x, 0.0) - round_to<Tag>(x * y));
    return round_to<Tag>(linear + log1p_rounded<Tag>(exp_rounded<Tag>(-std::fabs(x))));
  }
  if (loss == "kl_div") {
    if (y == 0) return 0;  // 0 log 0 = 0 (PyTorch's xlogy)
    return round_to<Tag>(y * round_to<Tag>(log_rounded<Tag>(y) - x));
  }
  throw unknown_name("loss", loss, kElementwiseLosses);
}

// The naive bce_with_logits: bce of sigmoid(x), log(sigmoid) and log(1 - sigmoid)
// taken literally (kept to show it fails at logits of +-1e4: sigmoid rounds to
// 0 or 1 and a log is -inf).
template <class Tag>
double naive_bce_with_logits_term(double x, double y) {
  const double s = round_to<Tag>(1 / round_to<Tag>(1 + exp_rounded<Tag>(-x)));
  const double a = round_to<Tag>(y * log_rounded<Tag>(s));
  const double b = round_to<Tag>(round_to<Tag>(1 - y) * log_rounded<Tag>(round_to<Tag>(1 - s)));
  return -round_to<Tag>(a + b);
}

template <class Tag>
double reduce_terms(const Eigen::VectorXd& terms, Reduction r) {
  const double total = reduce::sum_pairwise<Tag>(terms);
  if (r == Reduction::sum) return total;
  return round_to<Tag>(total / reduce::count_in_format<Tag>(terms.size()));
}

template <class Tag>
double loss(std::string_view name, const Eigen::VectorXd& x, const Eigen::VectorXd& y, Reduction r,
            double delta = 1) {
  Eigen::VectorXd terms(x.size());
  for (Eigen::Index i = 0; i < x.size(); ++i) terms[i] = loss_term<Tag>(name, x[i], y[i], delta);
  return reduce_terms<Tag>(terms, r);
}

// The sigmoid for the gradient of bce_with_logits, without overflow:
// 1 / (1 + e^-x) for x >= 0, e^x / (1 + e^x) below.
template <class Tag>
double sigmoid(double x) {
  if (x >= 0) return round_to<Tag>(1 / round_to<Tag>(1 + exp_rounded<Tag>(-x)));
  const double e = exp_rounded<Tag>(x);
  return round_to<Tag>(e / round_to<Tag>(1 + e));
}

// d loss / d x_i before the reduction's 1/N.
template <class Tag>
double grad_term(std::string_view loss, double x, double y, double delta) {
  if (loss == "mse") return round_to<Tag>(2 * round_to<Tag>(x - y));
  if (loss == "l1") {
    const double d = round_to<Tag>(x - y);
    return d > 0 ? 1.0 : (d < 0 ? -1.0 : 0.0);
  }
  if (loss == "huber") return std::fmin(std::fmax(round_to<Tag>(x - y), -delta), delta);
  if (loss == "bce") {
    const double denominator =
        std::fmax(round_to<Tag>(round_to<Tag>(1 - x) * x), round_to<Tag>(1e-12));
    return round_to<Tag>(round_to<Tag>(x - y) / denominator);
  }
  if (loss == "bce_with_logits") return round_to<Tag>(sigmoid<Tag>(x) - y);
  if (loss == "kl_div") return -y;
  throw unknown_name("loss", loss, kElementwiseLosses);
}

template <class Tag>
double scale_by_reduction(double g, Eigen::Index n, Reduction r) {
  return r == Reduction::sum ? g : round_to<Tag>(g / reduce::count_in_format<Tag>(n));
}

template <class Tag>
Eigen::VectorXd loss_grad(std::string_view name, const Eigen::VectorXd& x, const Eigen::VectorXd& y,
                          Reduction r, double delta = 1) {
  Eigen::VectorXd g(x.size());
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    if (name == "bce") {
      // PyTorch's order: grad_output (1/N for mean) times (x - y), then the
      // division by max((1 - x) x, eps); dividing last keeps (x - y) / (x (1 - x))
      // from overflowing f16 where the mean's 1/N brings it back in range.
      const double denominator =
          std::fmax(round_to<Tag>(round_to<Tag>(1 - x[i]) * x[i]), round_to<Tag>(1e-12));
      g[i] = round_to<Tag>(scale_by_reduction<Tag>(round_to<Tag>(x[i] - y[i]), x.size(), r) / denominator);
      continue;
    }
    g[i] = scale_by_reduction<Tag>(grad_term<Tag>(name, x[i], y[i], delta), x.size(), r);
  }
  return g;
}

// cross_entropy over rows of logits (N x C), with vecops' shifted log_softmax.
template <class Tag>
double cross_entropy(const Eigen::MatrixXd& logits, const std::vector<int>& target, Reduction r) {
  Eigen::VectorXd terms(logits.rows());
  for (Eigen::Index i = 0; i < logits.rows(); ++i) {
    const Eigen::VectorXd row = logits.row(i).transpose();
    terms[i] = -vecops::log_softmax<Tag>(row)[target[i]];
  }
  return reduce_terms<Tag>(terms, r);
}

template <class Tag>
Eigen::MatrixXd cross_entropy_grad(const Eigen::MatrixXd& logits, const std::vector<int>& target,
                                   Reduction r) {
  Eigen::MatrixXd g(logits.rows(), logits.cols());
  for (Eigen::Index i = 0; i < logits.rows(); ++i) {
    const Eigen::VectorXd row = logits.row(i).transpose();
    Eigen::VectorXd s = vecops::softmax<Tag>(row);
    s[target[i]] = round_to<Tag>(s[target[i]] - 1);
    for (Eigen::Index j = 0; j < s.size(); ++j) g(i, j) = scale_by_reduction<Tag>(s[j], logits.rows(), r);
  }
  return g;
}

template <class Tag>
double nll(const Eigen::MatrixXd& log_probs, const std::vector<int>& target, Reduction r) {
  Eigen::VectorXd terms(log_probs.rows());
  for (Eigen::Index i = 0; i < log_probs.rows(); ++i) terms[i] = -log_probs(i, target[i]);
  return reduce_terms<Tag>(terms, r);
}

template <class Tag>
Eigen::MatrixXd nll_grad(const Eigen::MatrixXd& log_probs, const std::vector<int>& target, Reduction r) {
  Eigen::MatrixXd g = Eigen::MatrixXd::Zero(log_probs.rows(), log_probs.cols());
  for (Eigen::Index i = 0; i < log_probs.rows(); ++i)
    g(i, target[i]) = scale_by_reduction<Tag>(-1.0, log_probs.rows(), r);
  return g;
}

}  // namespace numstab::losses
