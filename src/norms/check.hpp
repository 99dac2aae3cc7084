// Normalisation kernels against the exact oracle, componentwise, within
// bounds derived from the kernels' operations (first order in the error
// terms, each carried with its (1 + u) factors; the sum of them is finally
// enlarged by (1 + gamma_{d+8}), d = ceil(log2 n), for the products of two
// error terms that first order drops). Notation: u unit roundoff, eta one
// subnormal rounding, d_i = x_i - mean, r = 1/sqrt(var + eps).
//   mean    |mean^ - mean| <= delta = gamma_d sum|x| / n (1 + gamma_2) + gamma_2 |mean|
//   var     relative eps_v = (1 + two-pass bound of S)(1 + gamma_2) - 1
//           (src/reduce/bounds.hpp; rms: mean square (1 + gamma_{d+1})(1 + gamma_2) - 1)
//   r       rho = (1 - eps_t)^(-1/2) (1 + u) / (1 - u) - 1, eps_t = (eps_v v + u eps) / (v + eps) + u
//   xhat_i  E_i = r [(delta (1 + u) + u |d_i|)(1 + rho)(1 + u) + |d_i| ((1 + rho)(1 + u) - 1)]
//   y_i     (|w_i| E_i (1 + u) + u |xhat_i w_i|)(1 + u) + u |y_i|
//   dx_i    from g = dy w, the two pairwise means and the products (normalise.hpp's
//           order of operations); see backward_bound in check.cpp.
// Errors are reported in ULP (of the exact component) beside error / bound.
#pragma once
#include <string>
#include <string_view>

#include <Eigen/Core>

#include "oracles/norms/oracle.hpp"
#include "src/norms/normalise.hpp"

namespace numstab::norms {

struct NormCheck {
  double max_ulp = 0;
  double worst_ratio = 0;  // max_i |computed_i - exact_i| / bound_i
  int worst = -1;
  std::string detail{};
  bool within() const { return worst_ratio <= 1; }
};

struct NormBoundInputs {
  Format format = Format::f64;
  bool centred = true;
  double eps = 1e-5;
  std::string_view variance_algorithm = "two_pass";
};

// Per-component absolute bounds of the forward's y and the backward's dx.
Eigen::VectorXd forward_bound(const NormBoundInputs& in, const Eigen::VectorXd& x, const Eigen::VectorXd& w,
                              const Eigen::VectorXd& b, const oracles::norms::NormExact& exact);
Eigen::VectorXd backward_bound(const NormBoundInputs& in, const Eigen::VectorXd& x, const Eigen::VectorXd& w,
                               const Eigen::VectorXd& dy, const oracles::norms::NormExact& exact);

// Componentwise comparison; `label` names the component in the message.
NormCheck compare(Format f, const Eigen::VectorXd& computed, const oracles::norms::RealVector& exact,
                  const Eigen::VectorXd& bound, const Eigen::VectorXd& x);

// Sets the Real precision for x's exact statistics.
void set_norm_precision(const Eigen::VectorXd& x);

template <class Tag>
NormCheck check_forward(const Eigen::VectorXd& x, const Eigen::VectorXd& w, const Eigen::VectorXd& b, double eps,
                        bool centred, std::string_view variance_algorithm = "two_pass") {
  const Normalised fwd =
      centred ? normalise<Tag>(x, w, b, eps, variance_algorithm) : rmsnorm<Tag>(x, w, eps);
  set_norm_precision(x);
  const auto exact = oracles::norms::forward(x, w, b, eps, centred);
  const NormBoundInputs in{Tag::format, centred, eps, "two_pass"};
  return compare(Tag::format, fwd.y, exact.y, forward_bound(in, x, w, b, exact), x);
}

template <class Tag>
NormCheck check_backward(const Eigen::VectorXd& x, const Eigen::VectorXd& w, const Eigen::VectorXd& dy, double eps,
                         bool centred, Backward variant = Backward::complete) {
  const Eigen::VectorXd zero = Eigen::VectorXd::Zero(x.size());
  const Normalised fwd = centred ? normalise<Tag>(x, w, zero, eps) : rmsnorm<Tag>(x, w, eps);
  const Eigen::VectorXd dx = normalise_backward<Tag>(fwd, dy, w, centred, variant);
  set_norm_precision(x);
  const auto exact_fwd = oracles::norms::forward(x, w, zero, eps, centred);
  const auto exact = oracles::norms::backward(x, w, dy, eps, centred);
  const NormBoundInputs in{Tag::format, centred, eps, "two_pass"};
  return compare(Tag::format, dx, exact, backward_bound(in, x, w, dy, exact_fwd), x);
}

// Bounds of affine_grads' [dw..., db...]: a product dy_i xhat^_i is within
// |dy_i| E_i (1 + u) + u |dy_i xhat_i|; a channel's pairwise sum adds gamma_d of
// the sum of magnitudes; db per element is exact, summed within gamma_d sum|dy|.
Eigen::VectorXd affine_bound(const NormBoundInputs& in, const Eigen::VectorXd& x, const Eigen::VectorXd& dy,
                             const oracles::norms::NormExact& exact, bool per_channel);

template <class Tag>
NormCheck check_affine_grads(const Eigen::VectorXd& x, const Eigen::VectorXd& w, const Eigen::VectorXd& b,
                             const Eigen::VectorXd& dy, double eps, bool centred, bool per_channel) {
  const Normalised fwd = centred ? normalise<Tag>(x, w, b, eps) : rmsnorm<Tag>(x, w, eps);
  const Eigen::VectorXd computed = affine_grads<Tag>(fwd, dy, per_channel, centred);
  set_norm_precision(x);
  const auto exact_fwd = oracles::norms::forward(x, w, b, eps, centred);
  oracles::norms::RealVector exact;
  if (per_channel) {
    Real dw = 0, db = 0;
    for (Eigen::Index i = 0; i < x.size(); ++i) {
      dw += exact_fwd.xhat[size_t(i)] * dy[i];
      db += dy[i];
    }
    exact.push_back(dw);
    if (centred) exact.push_back(db);
  } else {
    for (Eigen::Index i = 0; i < x.size(); ++i) exact.push_back(exact_fwd.xhat[size_t(i)] * dy[i]);
    if (centred)
      for (Eigen::Index i = 0; i < x.size(); ++i) exact.emplace_back(dy[i]);
  }
  const NormBoundInputs in{Tag::format, centred, eps, "two_pass"};
  Eigen::VectorXd shown(computed.size());  // the input element each component comes from
  for (Eigen::Index i = 0; i < shown.size(); ++i) shown[i] = x[per_channel ? 0 : i % x.size()];
  return compare(Tag::format, computed, exact, affine_bound(in, x, dy, exact_fwd, per_channel), shown);
}

}  // namespace numstab::norms
