// Exact normalisation layers on one vector (see src/norms/normalise.hpp for
// the definitions), forward and input gradient, over MPFR reals at this
// thread's precision (the caller picks it: the mean and variance are computed
// exactly when it covers the input's span, oracles/reduce's exact_bits).
#pragma once
#include <vector>

#include <Eigen/Core>

#include "src/ulp.hpp"

namespace numstab::oracles::norms {

using RealVector = std::vector<Real>;

struct NormExact {
  RealVector y, xhat;
  Real r;  // 1 / sqrt(var + eps) (layer/batch) or 1 / sqrt(mean x^2 + eps) (rms)
};

// centred: layernorm / batchnorm (subtract the mean); otherwise rmsnorm.
NormExact forward(const Eigen::VectorXd& x, const Eigen::VectorXd& w, const Eigen::VectorXd& b, double eps,
                  bool centred);

// The gradient of <dy, y(x)> w.r.t. x, differentiated by hand from the forward:
// d xhat_i / d x_j = r (delta_ij - [centred] / n - xhat_i xhat_j / n).
RealVector backward(const Eigen::VectorXd& x, const Eigen::VectorXd& w, const Eigen::VectorXd& dy, double eps,
                    bool centred);

// The same with x as reals (for finite differences of the oracle itself).
RealVector forward_real(const RealVector& x, const Eigen::VectorXd& w, const Eigen::VectorXd& b, double eps,
                        bool centred);

}  // namespace numstab::oracles::norms
