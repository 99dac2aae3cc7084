#include "oracles/norms/oracle.hpp"

namespace numstab::oracles::norms {

namespace {
NormExact forward_impl(const RealVector& x, const Eigen::VectorXd& w, const Eigen::VectorXd& b, double eps,
                       bool centred) {
  const size_t n = x.size();
  Real mean = 0;
  if (centred) {
    for (const Real& v : x) mean += v;
    mean /= static_cast<double>(n);
  }
  Real second = 0;  // variance (centred) or mean square
  for (const Real& v : x) second += (v - mean) * (v - mean);
  second /= static_cast<double>(n);
  NormExact out;
  out.r = 1 / sqrt(second + Real(eps));
  for (size_t i = 0; i < n; ++i) {
    out.xhat.push_back((x[i] - mean) * out.r);
    out.y.push_back(out.xhat.back() * w[static_cast<Eigen::Index>(i)] + (centred ? b[static_cast<Eigen::Index>(i)] : 0.0));
  }
  return out;
}

RealVector to_real(const Eigen::VectorXd& x) {
  RealVector v;
  for (double e : x) v.emplace_back(e);
  return v;
}
}  // namespace

NormExact forward(const Eigen::VectorXd& x, const Eigen::VectorXd& w, const Eigen::VectorXd& b, double eps,
                  bool centred) {
  return forward_impl(to_real(x), w, b, eps, centred);
}

RealVector forward_real(const RealVector& x, const Eigen::VectorXd& w, const Eigen::VectorXd& b, double eps,
                        bool centred) {
  return forward_impl(x, w, b, eps, centred).y;
}

// dL/dx_j = sum_i g_i d xhat_i / d x_j with g = dy w:
//   = r (g_j - [centred] mean(g) - xhat_j mean(g xhat)).
RealVector backward(const Eigen::VectorXd& x, const Eigen::VectorXd& w, const Eigen::VectorXd& dy, double eps,
                    bool centred) {
  const NormExact f = forward(x, w, Eigen::VectorXd::Zero(x.size()), eps, centred);
  const double n = static_cast<double>(x.size());
  RealVector g;
  Real mean_g = 0, mean_gx = 0;
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    g.push_back(Real(dy[i]) * w[i]);
    mean_g += g.back();
    mean_gx += g.back() * f.xhat[static_cast<size_t>(i)];
  }
  mean_g /= n;
  mean_gx /= n;
  RealVector dx;
  for (size_t j = 0; j < g.size(); ++j)
    dx.push_back(f.r * (g[j] - (centred ? mean_g : Real(0)) - f.xhat[j] * mean_gx));
  return dx;
}

}  // namespace numstab::oracles::norms
