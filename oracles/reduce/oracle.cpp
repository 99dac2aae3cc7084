#include "oracles/reduce/oracle.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace numstab::oracles::reduce {

unsigned exact_bits(const Eigen::VectorXd& x, int degree) {
  int hi = std::numeric_limits<int>::min(), lo = std::numeric_limits<int>::max();
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    if (x[i] == 0 || !std::isfinite(x[i])) continue;
    int e = 0;
    std::frexp(x[i], &e);  // |x| in [2^(e-1), 2^e), lowest bit >= 2^(e-53)
    hi = std::max(hi, e);
    lo = std::min(lo, e - 53);
  }
  if (hi < lo) return 256;
  const unsigned span = static_cast<unsigned>(degree * (hi - lo) + 2 * degree);
  const unsigned carry = static_cast<unsigned>(std::ceil(std::log2(double(x.size()) + 1))) + 4;
  return std::max(256u, span + carry);
}

namespace {
// A product's bits: sums of products of two vectors need the span of both.
unsigned pair_bits(const Eigen::VectorXd& x, const Eigen::VectorXd& y) {
  Eigen::VectorXd both(x.size() + y.size());
  both << x, y;
  return exact_bits(both, 2);
}
}  // namespace

Real sum(const Eigen::VectorXd& x) {
  set_real_precision(exact_bits(x, 1));
  Real s = 0;
  for (Eigen::Index i = 0; i < x.size(); ++i) s += x[i];
  return s;
}

Real sum_abs(const Eigen::VectorXd& x) {
  set_real_precision(exact_bits(x, 1));
  Real s = 0;
  for (Eigen::Index i = 0; i < x.size(); ++i) s += std::fabs(x[i]);
  return s;
}

Real dot(const Eigen::VectorXd& x, const Eigen::VectorXd& y) {
  set_real_precision(pair_bits(x, y));
  Real s = 0;
  for (Eigen::Index i = 0; i < x.size(); ++i) s += Real(x[i]) * y[i];
  return s;
}

Real sum_abs_products(const Eigen::VectorXd& x, const Eigen::VectorXd& y) {
  set_real_precision(pair_bits(x, y));
  Real s = 0;
  for (Eigen::Index i = 0; i < x.size(); ++i) s += abs(Real(x[i]) * y[i]);
  return s;
}

Real sum_squares(const Eigen::VectorXd& x) {
  set_real_precision(exact_bits(x, 2));
  Real s = 0;
  for (Eigen::Index i = 0; i < x.size(); ++i) s += Real(x[i]) * x[i];
  return s;
}

Real l2norm(const Eigen::VectorXd& x) {
  const Real t = sum_squares(x);
  set_real_precision(2 * real_precision_bits(t));
  return sqrt(t);
}

double Moments::kappa() const {
  if (squared_deviations == 0) return std::numeric_limits<double>::infinity();
  return static_cast<double>(sqrt(sum_squares / squared_deviations));
}

Moments moments(const Eigen::VectorXd& x) {
  const unsigned bits = exact_bits(x, 2);
  set_real_precision(bits);
  Real total = 0, squares = 0;
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    total += x[i];
    squares += Real(x[i]) * x[i];
  }
  const double n = static_cast<double>(x.size());
  set_real_precision(2 * bits);  // holds total^2, n * squares and their difference exactly
  const Real scaled = squares * n - total * total;  // n S
  Moments m;
  m.mean = total / n;
  m.squared_deviations = scaled / n;
  m.sum_squares = squares;
  return m;
}

Real variance(const Eigen::VectorXd& x, double correction) {
  const Moments m = moments(x);
  const double divisor = static_cast<double>(x.size()) - correction;
  if (divisor <= 0) return Real(std::numeric_limits<double>::quiet_NaN());
  return m.squared_deviations / divisor;
}

}  // namespace numstab::oracles::reduce
