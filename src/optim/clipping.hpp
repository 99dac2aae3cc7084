// torch.nn.utils.clip_grad_value_ and clip_grad_norm_ (norm_type 2) in a chosen
// format, over all gradients concatenated in one vector.
// The norm: PyTorch's total_norm = ||g||_2. `scaled` (the default) computes it
// as m * sqrt(sum (g_i / m)^2) with m = max |g_i|, every operation rounded into
// the gradients' format: the terms are <= 1 and their sum <= n, so no
// intermediate overflows and the result is finite whenever the true norm is
// (up to the last rounding). `naive` sums g_i^2 in the format: in f16 any
// |g_i| > 255.9 already overflows, so gradients near 65504 whose norm is
// finite give inf, and the clip coefficient max_norm / inf zeroes them.
// (PyTorch itself accumulates f16 norms in f32; numstab keeps the format's
// own arithmetic and rescales instead, so the same code holds in every format.)
#pragma once
#include <algorithm>
#include <cmath>

#include "src/optim/optimizer.hpp"

namespace numstab::optim {

enum class NormAlgorithm { scaled, naive };

// g_i = min(max(g_i, -c), c) with c rounded into the format: exact.
template <class Tag>
void clip_grad_value(Vector& grad, double clip_value) {
  const double c = round_to<Tag>(clip_value);
  for (Eigen::Index i = 0; i < grad.size(); ++i)
    if (!std::isnan(grad[i])) grad[i] = std::min(std::max(grad[i], -c), c);
}

// ||g||_2 in the format's arithmetic (see the file comment).
template <class Tag>
double grad_norm(const Vector& grad, NormAlgorithm algorithm = NormAlgorithm::scaled) {
  const auto r = [](double v) { return round_to<Tag>(v); };
  if (algorithm == NormAlgorithm::naive) {
    double sum = 0;
    for (Eigen::Index i = 0; i < grad.size(); ++i) sum = r(sum + r(grad[i] * grad[i]));
    return r(std::sqrt(sum));
  }
  double m = 0;
  for (Eigen::Index i = 0; i < grad.size(); ++i) {
    if (std::isnan(grad[i])) return grad[i];
    m = std::max(m, std::abs(grad[i]));
  }
  if (m == 0 || std::isinf(m)) return m;
  double sum = 0;
  for (Eigen::Index i = 0; i < grad.size(); ++i) {
    const double t = r(grad[i] / m);
    sum = r(sum + r(t * t));
  }
  return r(m * r(std::sqrt(sum)));
}

struct ClipResult {
  double total_norm = 0;  // as computed, in the format
  double clip_coef = 1;   // min(max_norm / (total_norm + 1e-6), 1), in the format
};

// PyTorch clip_grad_norm_: g *= min(max_norm / (total_norm + 1e-6), 1).
template <class Tag>
ClipResult clip_grad_norm(Vector& grad, double max_norm, NormAlgorithm algorithm = NormAlgorithm::scaled) {
  const auto r = [](double v) { return round_to<Tag>(v); };
  ClipResult out;
  out.total_norm = grad_norm<Tag>(grad, algorithm);
  out.clip_coef = std::min(r(r(max_norm) / r(out.total_norm + r(1e-6))), 1.0);
  for (Eigen::Index i = 0; i < grad.size(); ++i) grad[i] = r(grad[i] * out.clip_coef);
  return out;
}

}  // namespace numstab::optim
