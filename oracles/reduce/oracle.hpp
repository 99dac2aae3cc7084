// Exact reductions over doubles (values of any format), written from the
// definitions: every sum is exact because the precision is chosen to hold the
// full span of the summands' bits (exponent range + 53 + log2 n). These set
// this thread's Real precision (set_real_precision) and leave it set.
#pragma once
#include <Eigen/Core>

#include "src/ulp.hpp"

namespace numstab::oracles::reduce {

// Bits that make every partial sum of the products of `degree` factors of x exact.
unsigned exact_bits(const Eigen::VectorXd& x, int degree);

Real sum(const Eigen::VectorXd& x);
Real sum_abs(const Eigen::VectorXd& x);
Real dot(const Eigen::VectorXd& x, const Eigen::VectorXd& y);
Real sum_abs_products(const Eigen::VectorXd& x, const Eigen::VectorXd& y);
Real sum_squares(const Eigen::VectorXd& x);
Real l2norm(const Eigen::VectorXd& x);  // sqrt(sum squares), rounded once at >= 2x exact bits

// The mean and S = sum (x_i - mean)^2 = (n sum x^2 - (sum x)^2) / n, exact but
// for the final division (relative 2^-bits).
struct Moments {
  Real mean;
  Real squared_deviations;
  Real sum_squares;  // T = S + n mean^2
  // Chan, Golub & LeVeque's condition number sqrt(1 + n mean^2 / S) = sqrt(T / S); inf for S = 0.
  double kappa() const;
};
Moments moments(const Eigen::VectorXd& x);
// torch.var(correction = c): S / (n - c); NaN for n <= c.
Real variance(const Eigen::VectorXd& x, double correction);

}  // namespace numstab::oracles::reduce
