// Drift of a T-step optimizer trajectory against the multiprecision one. Both
// minimise the same quadratic f(p) = sum h_i p_i^2 / 2 from the same start; the
// kernel computes its gradient h_i p_i in its format from its own parameters,
// the oracle (oracles/optim/) exactly from its own, and keeps its own exact
// state, so the drift is the kernel's accumulated rounding error.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "src/formats.hpp"
#include "src/params.hpp"

namespace numstab::optim {

struct TrajectoryDrift {
  std::string optimizer{};
  std::string format{};
  bool master = false;
  uint64_t seed = 0;
  std::vector<double> normwise{};  // ||p_t - p*_t|| / ||p*_t|| after each step t = 1..T
  std::vector<double> max_ulp{};   // max_i ULP error of p_t[i] against p*_t[i] (format of the parameters)
};

// `steps` steps of optimizer `name` (hyperparameters in catalog order) on a
// quadratic with curvatures h_i in [0.1, 1] and start p_i in +-[0.5, 2] drawn
// from `seed`, n parameters.
TrajectoryDrift trajectory_drift(std::string_view name, Format f, bool master, const Params& hyper, int steps,
                                 uint64_t seed, int n = 8);

}  // namespace numstab::optim
