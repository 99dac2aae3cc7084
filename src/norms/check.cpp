#include "src/norms/check.hpp"

#include <cmath>

#include <fmt/format.h>

#include "oracles/reduce/oracle.hpp"
#include "src/reduce/bounds.hpp"

namespace numstab::norms {

namespace {

struct Statistics {
  double u = 0, eta = 0, n = 0, depth = 0;
  double delta = 0;  // bound on |mean^ - mean| (0 for rms)
  double rho = 0;    // relative error bound of r^
  double r = 0;
  double slack = 0;  // (1 + gamma_{d+8}) for second-order terms
};

Statistics statistics(const NormBoundInputs& in, const Eigen::VectorXd& x, const oracles::norms::NormExact& exact) {
  Statistics s;
  s.u = unit_roundoff(in.format);
  s.eta = reduce::underflow_unit(in.format);
  s.n = static_cast<double>(x.size());
  s.depth = s.n <= 1 ? 0 : std::ceil(std::log2(s.n));
  s.r = static_cast<double>(exact.r);
  const double g2 = reduce::gamma(2, s.u);
  double eps_second = 0, second = 0;  // relative error of var (mean square) and its value
  if (in.centred) {
    const oracles::reduce::Moments m = oracles::reduce::moments(x);
    reduce::VarianceData d;
    d.n = s.n;
    d.u = s.u;
    d.kappa = m.kappa();
    d.sum_abs = static_cast<double>(oracles::reduce::sum_abs(x));
    d.mean = static_cast<double>(m.mean);
    d.S = static_cast<double>(m.squared_deviations);
    d.eta = s.eta;
    s.delta = reduce::gamma(s.depth, s.u) * d.sum_abs / s.n * (1 + g2) + g2 * std::fabs(d.mean);
    second = d.S / s.n;
    // variance_relative_bound already holds the subnormal allowance; S = 0 is handled below.
    eps_second = d.S == 0 ? 0 : (1 + reduce::variance_relative_bound(in.variance_algorithm, d)) * (1 + g2) - 1;
  } else {
    second = x.squaredNorm() / s.n;
    eps_second = (1 + reduce::gamma(s.depth + 1, s.u)) * (1 + g2) - 1;
  }
  // Absolute error of the variance (mean square); a constant input (S = 0)
  // still gets sum (x_i - mean^)^2 / n <= delta^2 from the mean's error, and
  // subnormal squares cost eta each.
  double abs_second = eps_second * second + reduce::underflow_allowance(in.format, 3 * (s.n + 2) / s.n);
  if (in.centred && second == 0) abs_second = s.delta * s.delta * (1 + reduce::gamma(s.n + 4, s.u)) + abs_second;
  const double eps_t = (abs_second + s.u * in.eps) / (second + in.eps) + s.u;
  s.rho = eps_t >= 1 ? INFINITY : std::pow(1 - eps_t, -0.5) * (1 + s.u) / (1 - s.u) - 1;
  s.slack = 1 + reduce::gamma(s.depth + 8, s.u);
  return s;
}

// Bound on |xhat^_i - xhat_i| (E_i of the header).
double xhat_error(const Statistics& s, double deviation) {
  if (!std::isfinite(s.rho)) return INFINITY;  // the variance's error may exceed var + eps: no bound
  const double grow = (1 + s.rho) * (1 + s.u);
  return s.r * ((s.delta * (1 + s.u) + s.u * std::fabs(deviation)) * grow + std::fabs(deviation) * (grow - 1));
}

}  // namespace

void set_norm_precision(const Eigen::VectorXd& x) { set_real_precision(2 * oracles::reduce::exact_bits(x, 2)); }

Eigen::VectorXd forward_bound(const NormBoundInputs& in, const Eigen::VectorXd& x, const Eigen::VectorXd& w,
                              const Eigen::VectorXd& b, const oracles::norms::NormExact& exact) {
  const Statistics s = statistics(in, x, exact);
  Eigen::VectorXd bound(x.size());
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    const double xhat = static_cast<double>(exact.xhat[size_t(i)]);
    const double deviation = s.r > 0 ? xhat / s.r : 0;
    const double e = xhat_error(s, deviation);
    const double p = std::fabs(xhat * w[i]);
    const double y = std::fabs(static_cast<double>(exact.y[size_t(i)]));
    const double bias_rounding = in.centred ? s.u * y : 0;
    bound[i] = ((std::fabs(w[i]) * e * (1 + s.u) + s.u * p) * (in.centred ? 1 + s.u : 1) + bias_rounding) * s.slack +
               4 * s.eta;
    (void)b;
  }
  return bound;
}

Eigen::VectorXd backward_bound(const NormBoundInputs& in, const Eigen::VectorXd& x, const Eigen::VectorXd& w,
                               const Eigen::VectorXd& dy, const oracles::norms::NormExact& exact) {
  const Statistics s = statistics(in, x, exact);
  const double u = s.u, g2 = reduce::gamma(2, u), gd = reduce::gamma(s.depth, u);
  const Eigen::Index n = x.size();
  Eigen::VectorXd g(n), xhat(n), e(n);
  double sum_g = 0, sum_abs_g = 0, sum_gx = 0, sum_abs_gx = 0, sum_gx_err = 0;
  for (Eigen::Index i = 0; i < n; ++i) {
    g[i] = dy[i] * w[i];
    xhat[i] = static_cast<double>(exact.xhat[size_t(i)]);
    e[i] = xhat_error(s, s.r > 0 ? xhat[i] / s.r : 0);
    sum_g += g[i];
    sum_abs_g += std::fabs(g[i]);
    sum_gx += g[i] * xhat[i];
    sum_abs_gx += std::fabs(g[i] * xhat[i]);
    // g^ = g (1 + u), gx^ = g^ xhat^ (1 + u)
    sum_gx_err += std::fabs(g[i]) * e[i] * (1 + u) * (1 + u) + reduce::gamma(2, u) * std::fabs(g[i] * xhat[i]);
  }
  const double mean_g = sum_g / s.n, mean_gx = sum_gx / s.n;
  // pairwise sums then division by fl(n)
  const double err_mean_g =
      in.centred ? ((u * sum_abs_g + gd * sum_abs_g * (1 + u)) * (1 + g2) / s.n + g2 * std::fabs(mean_g)) : 0;
  const double err_mean_gx =
      (sum_gx_err * (1 + gd) + gd * sum_abs_gx) * (1 + g2) / s.n + g2 * std::fabs(mean_gx);
  Eigen::VectorXd bound(n);
  const double grow = (1 + s.rho) * (1 + u);
  if (!std::isfinite(s.rho)) return Eigen::VectorXd::Constant(n, INFINITY);
  for (Eigen::Index i = 0; i < n; ++i) {
    const double a_mag = std::fabs(g[i]) + (in.centred ? std::fabs(mean_g) : 0);
    const double err_a = u * std::fabs(g[i]) + err_mean_g + u * (a_mag + err_mean_g + u * std::fabs(g[i]));
    const double p_mag = std::fabs(xhat[i] * mean_gx);
    const double err_p = e[i] * std::fabs(mean_gx) + std::fabs(xhat[i]) * err_mean_gx + e[i] * err_mean_gx +
                         u * (p_mag + e[i] * std::fabs(mean_gx) + std::fabs(xhat[i]) * err_mean_gx);
    const double inner_mag = a_mag + p_mag;
    const double err_inner = err_a + err_p + u * (inner_mag + err_a + err_p);
    bound[i] = (s.r * grow * err_inner + inner_mag * s.r * (grow - 1)) * s.slack + 4 * s.eta;
  }
  return bound;
}

Eigen::VectorXd affine_bound(const NormBoundInputs& in, const Eigen::VectorXd& x, const Eigen::VectorXd& dy,
                             const oracles::norms::NormExact& exact, bool per_channel) {
  const Statistics s = statistics(in, x, exact);
  const Eigen::Index n = x.size();
  const double gd = reduce::gamma(s.depth, s.u);
  Eigen::VectorXd products(n), magnitudes(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const double xhat = static_cast<double>(exact.xhat[size_t(i)]);
    magnitudes[i] = std::fabs(dy[i] * xhat);
    products[i] = std::fabs(dy[i]) * xhat_error(s, s.r > 0 ? xhat / s.r : 0) * (1 + s.u) + s.u * magnitudes[i];
  }
  const int bias = in.centred ? 1 : 0;
  if (per_channel) {
    Eigen::VectorXd bound(1 + bias);
    bound[0] = (products.sum() * (1 + gd) + gd * magnitudes.sum()) * s.slack + 2 * n * s.eta;
    if (bias) bound[1] = gd * dy.cwiseAbs().sum() * s.slack;
    return bound;
  }
  Eigen::VectorXd bound((1 + bias) * n);
  bound.head(n) = products * s.slack + Eigen::VectorXd::Constant(n, 2 * s.eta);
  if (bias) bound.tail(n).setZero();  // db_i = dy_i exactly
  return bound;
}

NormCheck compare(Format f, const Eigen::VectorXd& computed, const oracles::norms::RealVector& exact,
                  const Eigen::VectorXd& bound, const Eigen::VectorXd& x) {
  NormCheck out;
  for (Eigen::Index i = 0; i < computed.size(); ++i) {
    const Real& y = exact[size_t(i)];
    const double diff = std::isfinite(computed[i]) ? static_cast<double>(abs(Real(computed[i]) - y)) : INFINITY;
    // A zero bound (exact component) makes any error inf; a non-finite output
    // fails even where the bound is infinite (inf / inf would be NaN, never a max).
    double ratio = diff == 0 ? 0 : diff / bound[i];
    if (std::isnan(ratio)) ratio = INFINITY;
    out.max_ulp = std::max(out.max_ulp, judge(f, computed[i], y).ulp);
    if (out.worst < 0 || ratio > out.worst_ratio) {
      out.worst_ratio = ratio;
      out.worst = static_cast<int>(i);
      out.detail = fmt::format("element {} of {}: x {} ({}), computed {} ({:.17g}), exact {} ({}), error {:.6g} "
                               "bound {:.6g} (ratio {:.4g}), {:.4g} ULP",
                               i, computed.size(), hex_text(x[i]), x[i], hex_text(computed[i]), computed[i],
                               exact_hex_text(y), exact_dec_text(y), diff, bound[i], ratio,
                               judge(f, computed[i], y).ulp);
    }
  }
  return out;
}

}  // namespace numstab::norms
