// report.json's "divergence" section (design: each entry names the optimizer,
// its parameters, L, theory_lr and measured_lr): one entry per divergence
// experiment, each with "experiment" set to
//   "threshold"          SGD variants over momentum (for the plot measured vs
//                        theory against momentum), f64 and f32: the fields of
//                        `numstab diverge --json` (dynamics::to_json)
//   "rate"               GD at lr = 2/(L + mu): measured contraction per step
//                        against (kappa-1)/(kappa+1)
//   "depth"              per initialiser (with its nonlinearity) and for
//                        off-critical Gaussian scales: curves per layer
//                        ("forward_variance", "gradient_norm") and where the
//                        gradient passes 1e6 ("blowup_depth", null if never)
//   "critical_variance"  relu, tanh: measured Var(w) fan_in vs theory (2, 1);
//                        selu: the fixed point (mean, variance) vs (0, 1)
//   "regression"         the seed's y = 2x + 1 example: OLS with standard
//                        errors, the GD and SGD fits, L, theory_lr = 2/L and
//                        the measured threshold.
//   "drift"              contractive SGD over T steps per format: ||e_T||
//                        against max ||d_t|| / (1 - rho), observed and a priori.
// Deterministic for a seed (one thread; same bytes on every run). quick: a
// few seconds (depth curves 50 layers x batch 8, critical search depth 40 x
// batch 16 x one network per scale); full: well under a minute (depth 100,
// batch 32, the suites' settings). Width 256 throughout.
#pragma once
#include <cstdint>

#include <nlohmann/json.hpp>

namespace numstab::dynamics {

nlohmann::json divergence_section(uint64_t seed, bool quick);

}  // namespace numstab::dynamics
