// Exact vector ops: see oracle.hpp.
#include "oracles/vecops/oracle.hpp"

#include <cmath>
#include <limits>

namespace numstab::oracles {

namespace {

struct RowShape {
  bool has_nan = false, has_pos_inf = false, all_neg_inf = true;
  double max_finite = -std::numeric_limits<double>::infinity();
};

RowShape shape_of(const Eigen::VectorXd& x) {
  RowShape r;
  for (double v : x) {
    if (std::isnan(v)) r.has_nan = true;
    else if (v == INFINITY) r.has_pos_inf = true;
    if (v != -INFINITY) r.all_neg_inf = false;
    if (std::isfinite(v) && v > r.max_finite) r.max_finite = v;
  }
  return r;
}

Real nan_real() { return Real(std::numeric_limits<double>::quiet_NaN()); }

// Terms e^(x_i - a) (0 for x_i = -inf) and their sum, for a row of finite values
// and -infs with at least one finite value; a = the largest finite value.
struct ShiftedTerms {
  Real a;
  RealVector diff;   // x_i - a (unused where x_i = -inf)
  RealVector terms;  // e^(x_i - a)
  Real sum;
};

ShiftedTerms shifted_terms(const Eigen::VectorXd& x, double max_finite) {
  ShiftedTerms t;
  t.a = max_finite;
  t.sum = 0;
  for (double v : x) {
    Real d = v == -INFINITY ? Real(0) : Real(v) - t.a;
    Real e = v == -INFINITY ? Real(0) : Real(exp(d));
    t.sum += e;
    t.diff.push_back(std::move(d));
    t.terms.push_back(std::move(e));
  }
  return t;
}

bool softmax_undefined(const RowShape& r) { return r.has_nan || r.has_pos_inf || r.all_neg_inf; }

}  // namespace

Real logsumexp_exact(const Eigen::VectorXd& x) {
  const RowShape r = shape_of(x);
  if (r.has_nan || x.size() == 0) return nan_real();
  if (r.has_pos_inf) return Real(INFINITY);
  if (r.all_neg_inf) return Real(-INFINITY);
  const ShiftedTerms t = shifted_terms(x, r.max_finite);
  return t.a + log(t.sum);
}

RealVector softmax_exact(const Eigen::VectorXd& x) {
  const RowShape r = shape_of(x);
  if (softmax_undefined(r)) return RealVector(static_cast<size_t>(x.size()), nan_real());
  ShiftedTerms t = shifted_terms(x, r.max_finite);
  for (Real& e : t.terms) e /= t.sum;
  return t.terms;
}

RealVector log_softmax_exact(const Eigen::VectorXd& x) {
  const RowShape r = shape_of(x);
  if (softmax_undefined(r)) return RealVector(static_cast<size_t>(x.size()), nan_real());
  const ShiftedTerms t = shifted_terms(x, r.max_finite);
  const Real log_sum = log(t.sum);
  RealVector z;
  for (Eigen::Index i = 0; i < x.size(); ++i)
    z.push_back(x[i] == -INFINITY ? Real(-INFINITY) : Real(t.diff[static_cast<size_t>(i)] - log_sum));
  return z;
}

RealVector softmax_vjp_exact(const Eigen::VectorXd& x, const Eigen::VectorXd& dy) {
  RealVector y = softmax_exact(x);
  Real dot = 0;
  for (size_t j = 0; j < y.size(); ++j) dot += Real(dy[static_cast<Eigen::Index>(j)]) * y[j];
  for (size_t i = 0; i < y.size(); ++i) y[i] = y[i] * (Real(dy[static_cast<Eigen::Index>(i)]) - dot);
  return y;
}

RealVector log_softmax_vjp_exact(const Eigen::VectorXd& x, const Eigen::VectorXd& dy) {
  RealVector y = softmax_exact(x);
  Real total = 0;
  for (double v : dy) total += v;
  for (size_t i = 0; i < y.size(); ++i) y[i] = Real(dy[static_cast<Eigen::Index>(i)]) - y[i] * total;
  return y;
}

RealVector logsumexp_vjp_exact(const Eigen::VectorXd& x, double dy) {
  RealVector y = softmax_exact(x);
  for (Real& v : y) v *= dy;
  return y;
}

}  // namespace numstab::oracles
