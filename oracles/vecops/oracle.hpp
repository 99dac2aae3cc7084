// Exact softmax, log_softmax, logsumexp and their VJPs over MPFR reals, written
// from the definitions:
//   lse(x) = log sum_i e^(x_i),  softmax_i = e^(x_i) / sum_j e^(x_j),
//   log_softmax_i = x_i - lse(x),
//   VJPs (J^T dy): softmax y * (dy - <dy, y>), log_softmax dy - y sum_j dy_j,
//   logsumexp dy * y, each the gradient of <dy, f(x)>.
// The identity lse(x) = a + lse(x - a) (any real a; a = max x_i here) keeps the
// exponentials inside MPFR's exponent range; it is exact in the reals, and x_i - a
// is computed at the thread's precision (see set_real_precision; 384 bits or
// more is plenty: outputs depend on x_i - a only where |x_i - a| < 2^11).
// Non-finite inputs: PyTorch's conventions (src/vecops/softmax.hpp): softmax and
// log_softmax NaN everywhere for a row with NaN or +inf or all -inf; logsumexp
// NaN with a NaN, +inf with a +inf, -inf for an all -inf row.
#pragma once
#include <vector>

#include <Eigen/Dense>

#include "src/ulp.hpp"

namespace numstab::oracles {

using RealVector = std::vector<Real>;

Real logsumexp_exact(const Eigen::VectorXd& x);
RealVector softmax_exact(const Eigen::VectorXd& x);
RealVector log_softmax_exact(const Eigen::VectorXd& x);

RealVector softmax_vjp_exact(const Eigen::VectorXd& x, const Eigen::VectorXd& dy);
RealVector log_softmax_vjp_exact(const Eigen::VectorXd& x, const Eigen::VectorXd& dy);
RealVector logsumexp_vjp_exact(const Eigen::VectorXd& x, double dy);

}  // namespace numstab::oracles
