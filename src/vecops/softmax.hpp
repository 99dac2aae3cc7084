// Reference kernels of the vector ops softmax, log_softmax and logsumexp, in the
// arithmetic of a format (src/arith.hpp: every operation done in double and
// rounded once with round_to<Tag>), forward and VJP, shifted and unshifted.
//
// Usage (x holds values exactly representable in the format, e.g. from
// round_to<F16>; results are values of the format):
//
//   #include "src/vecops/softmax.hpp"
//   Eigen::VectorXd x = ...;
//   double lse          = vecops::logsumexp<F32>(x);            // shifted (default)
//   Eigen::VectorXd y   = vecops::softmax<F16>(x);
//   Eigen::VectorXd z   = vecops::log_softmax<BF16>(x);
//   Eigen::VectorXd dx  = vecops::softmax_vjp<F32>(x, dy);      // (J^T dy)
//   double overflowed   = vecops::logsumexp<F16>(x, vecops::Shift::unshifted);
//
// Algorithms (Blanchard, Higham & Higham, "Accurately computing the log-sum-exp
// and softmax functions", IMA J. Numer. Anal. 41 (2021)):
//   shifted    a = max_i x_i; s = sum_i e^(x_i - a) (recursive, left to right);
//              lse = a + log s; softmax_i = e^(x_i - a) / s;
//              log_softmax_i = (x_i - a) - log s.
//   unshifted  s = sum_i e^(x_i); lse = log s; softmax_i = e^(x_i) / s;
//              log_softmax_i = x_i - log s. Overflows once e^(x_max) exceeds the
//              largest finite value of the format (kept to show it does).
// exp and log are evaluated one precision wider (long double for f64, double
// for the others) and rounded once: a correctly rounded result but for a double
// rounding, relative error <= u (1 + 2^-10).
//
// Non-finite inputs follow PyTorch (torch.softmax / torch.log_softmax subtract
// the row maximum, so a row with +inf or an all -inf row gives inf - inf = NaN
// in every component; torch.logsumexp replaces an infinite maximum by 0 before
// shifting (aten/src/ATen/native/ReduceOps.cpp, logsumexp), so an all -inf row
// gives -inf and a row with +inf gives +inf). NaN anywhere gives NaN.
//
// VJPs (the gradcheck ABI's f_vjp: x and dy in, dx = J(x)^T dy out), PyTorch's formulas:
//   softmax      dx = y * (dy - <dy, y>)            y = softmax(x)
//   log_softmax  dx = dy - y * sum_j dy_j           y = softmax(x)
//   logsumexp    dx = dy * y                        y = softmax(x), dy a scalar
#pragma once
#include <cmath>
#include <limits>

#include <Eigen/Dense>

#include "src/arith.hpp"

namespace numstab::vecops {

enum class Shift { shifted, unshifted };

// exp and log of a value of the format, rounded once into the format.
template <class Tag>
double exp_rounded(double v) {
  if constexpr (Tag::format == Format::f64)
    return static_cast<double>(std::exp(static_cast<long double>(v)));
  else
    return round_to<Tag>(std::exp(v));
}
template <class Tag>
double log_rounded(double v) {
  if constexpr (Tag::format == Format::f64)
    return static_cast<double>(std::log(static_cast<long double>(v)));
  else
    return round_to<Tag>(std::log(v));
}

// max_i x_i, NaN when any component is NaN (std::max would skip some NaNs).
inline double max_or_nan(const Eigen::VectorXd& x) {
  double m = -std::numeric_limits<double>::infinity();
  for (double v : x) {
    if (std::isnan(v)) return v;
    if (v > m) m = v;
  }
  return m;
}

// The shift a of the shifted algorithms. For softmax and log_softmax the row
// maximum itself (so +-inf makes NaN, as in PyTorch); for logsumexp an
// infinite maximum is replaced by 0 (PyTorch's logsumexp).
inline double lse_shift(double max) { return std::isinf(max) ? 0.0 : max; }

// s = sum_i e^(x_i - a), recursive summation in the format (a = 0: unshifted).
template <class Tag>
double sum_exp(const Eigen::VectorXd& x, double a) {
  double s = 0;
  for (double v : x) s = round_to<Tag>(s + exp_rounded<Tag>(round_to<Tag>(v - a)));
  return s;
}

template <class Tag>
double logsumexp(const Eigen::VectorXd& x, Shift shift = Shift::shifted) {
  if (shift == Shift::unshifted) return log_rounded<Tag>(sum_exp<Tag>(x, 0.0));
  const double max = max_or_nan(x);
  if (std::isnan(max)) return max;
  const double a = lse_shift(max);
  return round_to<Tag>(a + log_rounded<Tag>(sum_exp<Tag>(x, a)));
}

template <class Tag>
Eigen::VectorXd softmax(const Eigen::VectorXd& x, Shift shift = Shift::shifted) {
  const double a = shift == Shift::shifted ? max_or_nan(x) : 0.0;
  const double s = sum_exp<Tag>(x, a);
  Eigen::VectorXd y(x.size());
  for (Eigen::Index i = 0; i < x.size(); ++i)
    y[i] = round_to<Tag>(exp_rounded<Tag>(round_to<Tag>(x[i] - a)) / s);
  return y;
}

template <class Tag>
Eigen::VectorXd log_softmax(const Eigen::VectorXd& x, Shift shift = Shift::shifted) {
  const double a = shift == Shift::shifted ? max_or_nan(x) : 0.0;
  const double log_s = log_rounded<Tag>(sum_exp<Tag>(x, a));
  Eigen::VectorXd z(x.size());
  for (Eigen::Index i = 0; i < x.size(); ++i) z[i] = round_to<Tag>(round_to<Tag>(x[i] - a) - log_s);
  return z;
}

// dx = y * (dy - <dy, y>), y = softmax(x) (shifted), <dy, y> summed left to right.
template <class Tag>
Eigen::VectorXd softmax_vjp(const Eigen::VectorXd& x, const Eigen::VectorXd& dy) {
  const Eigen::VectorXd y = softmax<Tag>(x);
  double dot = 0;
  for (Eigen::Index j = 0; j < x.size(); ++j) dot = round_to<Tag>(dot + round_to<Tag>(dy[j] * y[j]));
  Eigen::VectorXd dx(x.size());
  for (Eigen::Index i = 0; i < x.size(); ++i) dx[i] = round_to<Tag>(y[i] * round_to<Tag>(dy[i] - dot));
  return dx;
}

// dx = dy - y * sum_j dy_j, y = softmax(x) (shifted).
template <class Tag>
Eigen::VectorXd log_softmax_vjp(const Eigen::VectorXd& x, const Eigen::VectorXd& dy) {
  const Eigen::VectorXd y = softmax<Tag>(x);
  double total = 0;
  for (double v : dy) total = round_to<Tag>(total + v);
  Eigen::VectorXd dx(x.size());
  for (Eigen::Index i = 0; i < x.size(); ++i) dx[i] = round_to<Tag>(dy[i] - round_to<Tag>(y[i] * total));
  return dx;
}

// dx = dy * softmax(x) (shifted); dy is the scalar cotangent of lse.
template <class Tag>
Eigen::VectorXd logsumexp_vjp(const Eigen::VectorXd& x, double dy) {
  const Eigen::VectorXd y = softmax<Tag>(x);
  Eigen::VectorXd dx(x.size());
  for (Eigen::Index i = 0; i < x.size(); ++i) dx[i] = round_to<Tag>(dy * y[i]);
  return dx;
}

}  // namespace numstab::vecops
