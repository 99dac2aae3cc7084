// Euclidean norm in the arithmetic of a format.
//   naive:  sqrt(sum x_i^2), recursive sum: x_i^2 overflows for |x_i| > sqrt(max)
//           (f16: 256) and underflows for |x_i| < sqrt(min subnormal).
//   scaled: divide by a power of two s near max|x_i| (exact, no rounding unless
//           a quotient is subnormal), sum the squares of values in [0, 1],
//           multiply back: s sqrt(sum (x_i/s)^2). Overflows only where the
//           rounded result does, and never underflows to 0 for a normal result.
// Relative error of both (no over/underflow): sqrt(1 + gamma_n)(1 + u)^2 - 1,
// the scaled one plus the absolute error of subnormal quotients and squares.
#pragma once
#include <cmath>
#include <string_view>

#include <Eigen/Core>

#include "src/arith.hpp"
#include "src/errors.hpp"

namespace numstab::reduce {

template <class Tag>
double l2norm_naive(const Eigen::VectorXd& x) {
  double s = 0;
  for (Eigen::Index i = 0; i < x.size(); ++i) s = round_to<Tag>(s + round_to<Tag>(x[i] * x[i]));
  return round_to<Tag>(std::sqrt(s));
}

template <class Tag>
double l2norm_scaled(const Eigen::VectorXd& x) {
  double largest = 0;
  for (Eigen::Index i = 0; i < x.size(); ++i) largest = std::fmax(largest, std::fabs(x[i]));
  if (largest == 0 || !std::isfinite(largest)) return largest;
  int e = 0;
  std::frexp(largest, &e);  // largest in [2^(e-1), 2^e): scaled values in [0, 1)
  double s = 0;
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    const double q = round_to<Tag>(std::ldexp(x[i], -e));
    s = round_to<Tag>(s + round_to<Tag>(q * q));
  }
  // sqrt(s) in [2^-1 * ..., sqrt(n)); the power of two is applied as one
  // rounding (it is a multiplication by 2^e, exact unless the result overflows).
  return round_to<Tag>(std::ldexp(round_to<Tag>(std::sqrt(s)), e));
}

inline constexpr const char* kL2normAlgorithms[] = {"naive", "scaled"};

template <class Tag>
double l2norm(std::string_view algorithm, const Eigen::VectorXd& x) {
  if (algorithm == "naive") return l2norm_naive<Tag>(x);
  if (algorithm == "scaled") return l2norm_scaled<Tag>(x);
  throw unknown_name("l2norm algorithm", algorithm, {"naive", "scaled"});
}

}  // namespace numstab::reduce
