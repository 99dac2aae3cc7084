// Componentwise bounds of the shifted kernels: see bounds.hpp for the analysis.
#include "src/vecops/bounds.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "src/reduce/bounds.hpp"

namespace numstab::vecops {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kExpLogSlack = 1.0 + 1.0 / 512;

double to_d(const Real& v) { return static_cast<double>(v); }

// count subnormal roundings, rounded up (reduce::underflow_allowance).
double underflow_slack(Format f, double count) { return reduce::underflow_allowance(f, count); }

// (1 + 2^-9) / (1 - k u), or +inf where the first-order bound says nothing.
double gamma_factor(double k, double u) {
  return k * u >= 0.5 ? kInf : kExpLogSlack / (1.0 - k * u);
}

struct Finite {
  double n = 0, x_min = kInf, x_max = -kInf;
};
Finite finite_stats(const Eigen::VectorXd& x) {
  Finite s;
  s.n = static_cast<double>(x.size());
  for (double v : x)
    if (std::isfinite(v)) {
      s.x_min = std::min(s.x_min, v);
      s.x_max = std::max(s.x_max, v);
    }
  return s;
}

double spread_of(const Finite& s) { return s.x_max >= s.x_min ? s.x_max - s.x_min : 0.0; }

}  // namespace

double finite_spread(const Eigen::VectorXd& x) { return spread_of(finite_stats(x)); }

ComponentBounds forward_bound(VectorOp op, Format f, const Eigen::VectorXd& x,
                              const oracles::RealVector& exact) {
  const double u = unit_roundoff(f);
  const Finite s = finite_stats(x);
  const double D = spread_of(s), n = s.n;
  ComponentBounds b;
  switch (op) {
    case VectorOp::softmax: {
      b.k = n + 2 + 2 * D;
      const double g = gamma_factor(b.k, u);
      for (const Real& y : exact) b.absolute.push_back(b.k * u * g * std::fabs(to_d(y)) + underflow_slack(f, n + 4));
      break;
    }
    case VectorOp::log_softmax: {
      b.k = n + 2 + D;
      const double g = gamma_factor(b.k, u);
      for (const Real& z : exact)
        b.absolute.push_back((2 * std::fabs(to_d(z)) + n + D) * u * g + underflow_slack(f, n + 4));
      break;
    }
    case VectorOp::logsumexp: {
      const double y = to_d(exact[0]);
      b.k = n + 2 + D;
      const double g = gamma_factor(b.k, u);
      b.absolute.push_back((std::fabs(y) + std::fabs(y + n - s.x_min)) * u * g + underflow_slack(f, n + 4));
      break;
    }
  }
  return b;
}

ComponentBounds vjp_bound(VectorOp op, Format f, const Eigen::VectorXd& x, const Eigen::VectorXd& dy,
                          const oracles::RealVector& exact_dx) {
  const double u = unit_roundoff(f);
  const Finite s = finite_stats(x);
  const double D = spread_of(s), n = s.n;
  const oracles::RealVector y_exact = oracles::softmax_exact(x);
  std::vector<double> y;
  for (const Real& v : y_exact) y.push_back(std::fabs(to_d(v)));
  double max_dy = 0;
  for (double v : dy) max_dy = std::max(max_dy, std::fabs(v));
  const double underflow = underflow_slack(f, (n + 4) * (1 + max_dy));
  ComponentBounds b;
  switch (op) {
    case VectorOp::softmax: {
      b.k = 3 * n + 6 + 4 * D;
      const double g = gamma_factor(b.k, u);
      double weighted = 0;  // sum_j |dy_j y_j|
      for (size_t j = 0; j < y.size(); ++j) weighted += std::fabs(dy[static_cast<Eigen::Index>(j)]) * y[j];
      for (size_t i = 0; i < y.size(); ++i)
        b.absolute.push_back(b.k * u * g * y[i] * (std::fabs(dy[static_cast<Eigen::Index>(i)]) + weighted) +
                             underflow);
      break;
    }
    case VectorOp::log_softmax: {
      b.k = 2 * n + 2 + 2 * D;
      const double g = gamma_factor(b.k, u);
      double total = 0;  // sum_j |dy_j|
      for (double v : dy) total += std::fabs(v);
      for (size_t i = 0; i < y.size(); ++i)
        b.absolute.push_back((std::fabs(to_d(exact_dx[i])) + b.k * y[i] * total) * u * g + underflow);
      break;
    }
    case VectorOp::logsumexp: {
      b.k = n + 3 + 2 * D;
      const double g = gamma_factor(b.k, u);
      for (size_t i = 0; i < y.size(); ++i) b.absolute.push_back(b.k * u * g * std::fabs(dy[0]) * y[i] + underflow);
      break;
    }
  }
  return b;
}

}  // namespace numstab::vecops
