#include "src/dynamics/regression.hpp"

#include <cmath>
#include <vector>

#include "src/arith.hpp"
#include "src/dynamics/random.hpp"
#include "src/optim/sgd.hpp"

namespace numstab::dynamics {

namespace {

// Gradient of mean((w x + b - y)^2) over the rows `rows` (all when empty), in Tag.
template <class Tag>
Eigen::Vector2d mse_gradient(const Eigen::VectorXd& x, const Eigen::VectorXd& y, const Eigen::Vector2d& theta,
                             const std::vector<int>& rows) {
  const auto r = [](double v) { return round_to<Tag>(v); };
  const auto n = static_cast<int>(rows.empty() ? x.size() : static_cast<Eigen::Index>(rows.size()));
  double gw = 0, gb = 0;
  for (int k = 0; k < n; ++k) {
    const Eigen::Index i = rows.empty() ? k : rows[static_cast<size_t>(k)];
    const double residual = r(r(r(theta[0] * x[i]) + theta[1]) - y[i]);
    gw = r(gw + r(residual * x[i]));
    gb = r(gb + residual);
  }
  const double scale = r(2.0 / n);
  return {r(scale * gw), r(scale * gb)};
}

Eigen::VectorXd rounded(const Eigen::VectorXd& v, Format f) {
  return v.unaryExpr([f](double e) { return round_to(f, e); });
}

template <class Tag>
Eigen::Vector2d gd_in(const RegressionData& d, double lr, int steps, Eigen::Vector2d theta) {
  const Eigen::VectorXd x = rounded(d.x, Tag::format), y = rounded(d.y, Tag::format);
  theta = rounded(theta, Tag::format);
  optim::Sgd<Tag> opt(optim::SgdConfig{.lr = lr});
  Eigen::VectorXd p = theta, g(2);
  for (int t = 0; t < steps; ++t) {
    g = mse_gradient<Tag>(x, y, p, {});
    opt.step(p, g);
  }
  return p;
}

template <class Tag>
Eigen::Vector2d sgd_in(const RegressionData& d, double lr, int steps, int batch, uint64_t seed,
                       Eigen::Vector2d theta) {
  const Eigen::VectorXd x = rounded(d.x, Tag::format), y = rounded(d.y, Tag::format);
  Eigen::VectorXd p = rounded(theta, Tag::format), g(2);
  Rng rng(seed, 3);
  std::vector<int> rows(static_cast<size_t>(batch));
  const int phase = (steps + 2) / 3;
  for (int t = 0; t < steps; ++t) {
    // Plain SGD keeps no state, so a new optimizer per phase is exactly StepLR.
    optim::Sgd<Tag> opt(optim::SgdConfig{.lr = lr * std::pow(0.1, t / phase)});
    for (int& row : rows) row = static_cast<int>(rng.uniform01() * static_cast<double>(x.size()));
    g = mse_gradient<Tag>(x, y, p, rows);
    opt.step(p, g);
  }
  return p;
}

}  // namespace

RegressionData make_regression_data(int n, uint64_t seed, double noise_sd) {
  RegressionData d;
  d.noise_sd = noise_sd;
  d.x.resize(n);
  d.y.resize(n);
  Rng rng(seed, 4);
  for (int i = 0; i < n; ++i) {
    d.x[i] = rng.uniform01();
    d.y[i] = d.true_w * d.x[i] + d.true_b + noise_sd * rng.normal();
  }
  return d;
}

OlsFit ordinary_least_squares(const RegressionData& d) {
  const double n = static_cast<double>(d.x.size());
  const double xm = d.x.mean(), ym = d.y.mean();
  const double sxx = (d.x.array() - xm).square().sum();
  const double sxy = ((d.x.array() - xm) * (d.y.array() - ym)).sum();
  OlsFit f;
  f.w = sxy / sxx;
  f.b = ym - f.w * xm;
  const double rss = (d.y.array() - f.w * d.x.array() - f.b).square().sum();
  f.sigma = std::sqrt(rss / (n - 2));
  f.se_w = f.sigma / std::sqrt(sxx);
  f.se_b = f.sigma * std::sqrt(1 / n + xm * xm / sxx);
  f.hessian << 2 * d.x.squaredNorm() / n, 2 * d.x.sum() / n, 2 * d.x.sum() / n, 2.0;
  const Eigen::Vector2d eig = Eigen::SelfAdjointEigenSolver<Eigen::Matrix2d>(f.hessian).eigenvalues();
  f.mu = eig.minCoeff();
  f.L = eig.maxCoeff();
  return f;
}

DescentProblem regression_problem(const RegressionData& d, const OlsFit& ols, Format format,
                                  const Eigen::Vector2d& theta0) {
  DescentProblem p;
  const Eigen::VectorXd x = rounded(d.x, format), y = rounded(d.y, format);
  p.gradient = dispatch(format, [&](auto tag) -> GradientFn {
    return [x, y](const Vector& theta, Vector& g) { g = mse_gradient<decltype(tag)>(x, y, theta, {}); };
  });
  p.x0 = rounded(theta0, format);
  p.minimiser = Eigen::Vector2d(ols.w, ols.b);
  return p;
}

Eigen::Vector2d fit_full_batch_gd(const RegressionData& d, Format format, double lr, int steps,
                                  const Eigen::Vector2d& theta0) {
  return dispatch(format, [&](auto tag) { return gd_in<decltype(tag)>(d, lr, steps, theta0); });
}

Eigen::Vector2d fit_minibatch_sgd(const RegressionData& d, Format format, double lr, int steps, int batch,
                                  uint64_t seed, const Eigen::Vector2d& theta0) {
  return dispatch(format, [&](auto tag) { return sgd_in<decltype(tag)>(d, lr, steps, batch, seed, theta0); });
}

}  // namespace numstab::dynamics
