// Multi-step drift of contractive SGD (no momentum) held to a derived bound.
// On f(p) = sum h_i (p_i - c_i)^2 / 2 the exact step is p -> M p + lr H c with
// M = I - lr (H + wd I) (lr and wd the Python doubles). The minimiser c != 0
// keeps the iterates away from 0, so the rounding errors persist at T (with
// c = 0 the iterates and their errors decay together and e_T says nothing). Let p^_t be the kernel's iterates, p_t the
// exact trajectory from the same start, e_t = p^_t - p_t and
// d_t = p^_{t+1} - M p^_t the local error of step t (the kernel's step against
// the exact step from the kernel's own state). Then exactly
//   e_{t+1} = M e_t + d_t,  e_0 = 0  (the affine part cancels),
// and with rho = ||M||_2 = max_i |1 - lr (h_i + wd)| < 1 (M is diagonal):
//   ||e_T|| <= sum_k rho^k max_t ||d_t|| <= max_t ||d_t|| / (1 - rho).
// Two forms of the right-hand side are held:
//   observed: max_t ||d_t|| measured (MPFR) along the trajectory. Given the
//     measured d_t this is a theorem, so a failure means the harness is wrong:
//     the exact trajectory is not M-driven, or rho is understated;
//   a priori: max_t of the norm of the one-step running error bound (the
//     oracle's Wilkinson bound of one kernel step, gradient rounding included).
//     This one fails for a kernel whose steps exceed their rounding budget.
#pragma once
#include <cstdint>
#include <functional>
#include <string>

#include <Eigen/Core>
#include <nlohmann/json.hpp>

#include "src/formats.hpp"
#include "src/params.hpp"

namespace numstab::optim {

struct DriftBound {
  std::string format{};
  double lr = 0, weight_decay = 0;
  int steps = 0;             // T
  uint64_t seed = 0;
  double rho = 0;            // max_i |1 - lr (h_i + wd)|, rounded up
  double error = 0;          // ||e_T||
  double max_error = 0;      // max_t ||e_t|| (held to the same bound)
  double delta_local = 0;    // max_t ||d_t||, observed
  double bound = 0;          // delta_local / (1 - rho), rounded up
  double delta_a_priori = 0; // max_t ||one-step running error bound||
  double a_priori_bound = 0; // delta_a_priori / (1 - rho), rounded up
  bool within() const { return max_error <= bound; }
  bool within_a_priori() const { return max_error <= a_priori_bound; }
};

// Called on the kernel's parameters after each step (t = 0..T-1): tests use it
// to break a step on purpose.
using StepPerturbation = std::function<void(Eigen::VectorXd& p, int t)>;

// `steps` steps of SGD with momentum 0 (hyper in the catalog's order; throws
// UsageError for momentum != 0 or rho >= 1) in format f, on n curvatures h_i in
// [0.1, 1], starts p_i and minimisers c_i in +-[0.5, 2] drawn from `seed`.
DriftBound sgd_drift_bound(Format f, const Params& hyper, int steps, uint64_t seed, int n = 8,
                           const StepPerturbation& perturb = {});

nlohmann::json to_json(const DriftBound& d);

}  // namespace numstab::optim
