// Exact loss terms and their derivatives w.r.t. the input, from the
// definitions (PyTorch's, src/losses/losses.hpp), at this thread's Real
// precision (256 bits is ample: no cancellation is resolved here that needs more).
#pragma once
#include <string_view>

#include <Eigen/Core>

#include "src/ulp.hpp"

namespace numstab::oracles::losses {

Real loss_term(std::string_view loss, double x, double y, double delta);
// d term / d x (bce: PyTorch's backward (x - y) / max((1 - x) x, eps), eps the
// format's nearest value to 1e-12, passed in).
Real grad_term(std::string_view loss, double x, double y, double delta, double bce_eps);

// cross_entropy: logsumexp(row) - row[t]; gradient softmax(row)_j - [j = t].
Real cross_entropy_term(const Eigen::VectorXd& row, int target);
Real cross_entropy_grad(const Eigen::VectorXd& row, int target, int j);

}  // namespace numstab::oracles::losses
