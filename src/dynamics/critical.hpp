// Critical weight variances found by measurement on deep MLPs (depth.hpp).
// The scale s is Var(w) fan_in. The measured growth per layer is
//   relu: forward second moment of the pre-activations, layers 1..depth
//         ("deep ReLU nets keep forward variance iff Var(w) = 2/fan_in");
//   tanh (zero bias): second moment of the back-propagated gradient over the
//         deepest half of the forward pass (edge of chaos: the per-layer
//         gradient factor chi = 1, Poole et al. 2016);
// as log of the pooled mean per-layer ratio (mean_ratio_growth: unbiased at
// finite width, where the log-slope of one network is not).
// The search: (1) bracket the sign change of the growth by doubling / halving
// s from 1; (2) fit growth = a log s + b through three scales on the side where
// the signal vanishes, s_lo x {0.5, 0.65, 0.8}, and solve for zero growth,
// s_c = exp(-b / a). Why not bisect the sign: on the chaotic side of the
// zero-bias tanh transition the gradient growth is only second order in
// (s - 1) (about (s - 1)^2 / 3 per layer) and, at finite depth, the forward
// signal has not yet settled, so the sign flips above 1 (bisected: [1.114, 1.127]
// at depth 60, width 256, batch 32, 2 networks, seed 20261126) instead of 1; on the vanishing side the growth is log s to within 0.2% once the
// forward signal has decayed. The fit's residual is reported as a check of
// the linear model.
// WHAT THE TANH FIGURE IS. Where the forward signal has decayed (q -> 0),
// tanh'(0) = 1 makes the gradient factor exactly s, so the fit through
// s_lo x {0.5, 0.65, 0.8} finds growth = log s and returns s_c ~ 1 by
// construction: theory-assisted (it confirms the q -> 0 limit, slope 1 and
// intercept 0), not a measurement of the transition. The finite-depth
// transition itself is measured apart: the sign change of the growth,
// bisected inside the bracket to a relative width of 2^-6 (`transition_*`).
// For relu the fitted side is the transition's own (forward variance
// s / 2 per layer): the fit is a measurement there.
#pragma once
#include <cstdint>
#include <utility>
#include <vector>

#include "src/dynamics/depth.hpp"

namespace numstab::dynamics {

struct CriticalConfig {
  Nonlinearity nonlinearity = Nonlinearity::relu;
  int width = 256;
  int depth = 60;
  int batch = 32;
  int networks = 4;  // independent networks pooled per scale
  uint64_t seed = 1;
};

struct CriticalSearch {
  double bracket_lo = 0, bracket_hi = 0;                // growth < 0 at lo, >= 0 at hi
  std::vector<std::pair<double, double>> evaluated{};   // (scale, growth), in order of evaluation
  std::vector<std::pair<double, double>> fit_points{};  // the three used in the fit
  double slope = 0, intercept = 0, max_residual = 0;
  double critical_scale = 0;                            // fitted Var(w) fan_in (see above for tanh)
  double transition_lo = 0, transition_hi = 0;          // sign change of the growth, bisected
  const char* method = "";                              // "fit" or "theory-assisted fit (q -> 0 limit)"
  const char* criterion = "";                           // "forward_variance" or "gradient_norm"
};

// Growth per layer at scale s (the criterion above), pooled over the networks.
double measured_growth(const CriticalConfig& config, double scale);
CriticalSearch find_critical_scale(const CriticalConfig& config);

// SELU with lecun_normal weights: mean and variance of the activations,
// averaged over the last quarter of the layers, from a given input distribution.
struct SeluFixedPoint {
  double input_mean = 0, input_variance = 1;
  double mean = 0, variance = 0;
};
SeluFixedPoint selu_fixed_point(int width, int depth, int batch, double input_mean, double input_variance,
                                uint64_t seed);

}  // namespace numstab::dynamics
