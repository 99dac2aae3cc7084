// Normalisation layers in the arithmetic of a format, on one vector: the row
// of a layernorm / rmsnorm input (normalized_shape = its last dimension) or
// the column of one batchnorm channel over the batch (training statistics).
// PyTorch's definitions:
//   layernorm, batchnorm  y = (x - mean) / sqrt(var + eps) * w + b, var biased
//                         (divided by n), eps 1e-5; batchnorm's w, b are one
//                         scalar per channel, layernorm's one per element.
//   rmsnorm               y = x / sqrt(mean(x^2) + eps) * w; eps default None =
//                         torch.finfo(dtype).eps (2^(1-p): 2^-52, 2^-23, 2^-10, 2^-7).
// Backward (input gradient for upstream dy), with g = dy * w, xhat the normalised x,
// r = 1 / sqrt(var + eps):
//   layer/batch  dx = r (g - mean(g) - xhat mean(g xhat))
//   rmsnorm      dx = r (g - xhat mean(g xhat))
// and dw = dy xhat (summed over the batch by the caller), db = dy.
// The statistics: mean from a pairwise sum; variance by a named algorithm of
// src/reduce/variance.hpp (two_pass by default; textbook kept to show a
// one-pass variance failing at large offsets).
#pragma once
#include <cmath>
#include <string_view>

#include <Eigen/Core>

#include "src/reduce/variance.hpp"

namespace numstab::norms {

struct Normalised {
  Eigen::VectorXd y;
  Eigen::VectorXd xhat;  // (x - mean) r, rounded: the backward pass reuses it
  double mean = 0;
  double r = 0;          // 1 / sqrt(var + eps)
};

template <class Tag>
double inverse_sqrt(double v) {  // fl(1 / fl(sqrt(v))): two roundings
  return round_to<Tag>(1 / round_to<Tag>(std::sqrt(v)));
}

template <class Tag>
Normalised normalise(const Eigen::VectorXd& x, const Eigen::VectorXd& w, const Eigen::VectorXd& b, double eps,
                     std::string_view variance_algorithm = "two_pass") {
  const Eigen::Index n = x.size();
  Normalised out;
  out.mean = reduce::mean_two_pass<Tag>(x);
  const double var =
      round_to<Tag>(reduce::squared_deviations<Tag>(variance_algorithm, x) / reduce::count_in_format<Tag>(n));
  out.r = inverse_sqrt<Tag>(round_to<Tag>(var + round_to<Tag>(eps)));
  out.xhat.resize(n);
  out.y.resize(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    out.xhat[i] = round_to<Tag>(round_to<Tag>(x[i] - out.mean) * out.r);
    out.y[i] = round_to<Tag>(round_to<Tag>(out.xhat[i] * w[i]) + b[i]);
  }
  return out;
}

template <class Tag>
Normalised rmsnorm(const Eigen::VectorXd& x, const Eigen::VectorXd& w, double eps) {
  const Eigen::Index n = x.size();
  Eigen::VectorXd squares(n);
  for (Eigen::Index i = 0; i < n; ++i) squares[i] = round_to<Tag>(x[i] * x[i]);
  const double mean_square = round_to<Tag>(reduce::sum_pairwise<Tag>(squares) / reduce::count_in_format<Tag>(n));
  Normalised out;
  out.r = inverse_sqrt<Tag>(round_to<Tag>(mean_square + round_to<Tag>(eps)));
  out.xhat.resize(n);
  out.y.resize(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    out.xhat[i] = round_to<Tag>(x[i] * out.r);
    out.y[i] = round_to<Tag>(out.xhat[i] * w[i]);
  }
  return out;
}

// torch.finfo(dtype).eps: rmsnorm's default eps.
inline double machine_epsilon(Format f) { return 2 * unit_roundoff(f); }

enum class Backward { complete, missing_mean_term };

// dx for the forward `fwd` (normalise or rmsnorm) of x; `centred` says which
// (the mean(g) term exists only for layer/batch norm). missing_mean_term drops
// it: the classic bug, kept so the suite can show its check catches it.
template <class Tag>
Eigen::VectorXd normalise_backward(const Normalised& fwd, const Eigen::VectorXd& dy, const Eigen::VectorXd& w,
                                   bool centred, Backward variant = Backward::complete) {
  const Eigen::Index n = dy.size();
  Eigen::VectorXd g(n), gx(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    g[i] = round_to<Tag>(dy[i] * w[i]);
    gx[i] = round_to<Tag>(g[i] * fwd.xhat[i]);
  }
  const double count = reduce::count_in_format<Tag>(n);
  const double mean_g =
      centred && variant == Backward::complete ? round_to<Tag>(reduce::sum_pairwise<Tag>(g) / count) : 0.0;
  const double mean_gx = round_to<Tag>(reduce::sum_pairwise<Tag>(gx) / count);
  Eigen::VectorXd dx(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const double inner = round_to<Tag>(round_to<Tag>(g[i] - mean_g) - round_to<Tag>(fwd.xhat[i] * mean_gx));
    dx[i] = round_to<Tag>(fwd.r * inner);
  }
  return dx;
}

// Weight and bias gradients from one vector: per element for layernorm and
// rmsnorm (dw_i = dy_i xhat_i, db_i = dy_i: one row's share of the batch sum),
// summed (pairwise) for one batchnorm channel (dw = sum dy_i xhat_i, db = sum dy_i).
// Returned as [dw..., db...] (rmsnorm has no bias: [dw...]).
template <class Tag>
Eigen::VectorXd affine_grads(const Normalised& fwd, const Eigen::VectorXd& dy, bool per_channel, bool has_bias) {
  const Eigen::Index n = dy.size();
  Eigen::VectorXd products(n);
  for (Eigen::Index i = 0; i < n; ++i) products[i] = round_to<Tag>(dy[i] * fwd.xhat[i]);
  if (per_channel) {
    Eigen::VectorXd out(has_bias ? 2 : 1);
    out[0] = reduce::sum_pairwise<Tag>(products);
    if (has_bias) out[1] = reduce::sum_pairwise<Tag>(dy);
    return out;
  }
  Eigen::VectorXd out(has_bias ? 2 * n : n);
  out.head(n) = products;
  if (has_bias) out.tail(n) = dy;
  return out;
}

}  // namespace numstab::norms
