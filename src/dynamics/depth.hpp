// Deep MLPs at initialisation: how the forward signal and the backward gradient
// grow or shrink with depth, for an initialiser or a chosen weight variance.
// Mean-field setting (Poole et al. 2016, Schoenholz et al. 2017): zero biases,
// h_1 = W_1 x, h_l = W_l phi(h_{l-1}), square layers (fan_in = fan_out = width),
// inputs x ~ N(input_mean, input_variance) per component, f64 arithmetic (this
// is about the dynamics of the initialisation, not about rounding).
// The gradient is that of a random linear read-out: dL/dh_depth ~ N(0, 1),
// back-propagated with dL/dh_{l-1} = phi'(h_{l-1}) * (W_l^T dL/dh_l).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "src/params.hpp"

namespace numstab::dynamics {

enum class Nonlinearity { linear, relu, tanh, selu };
Nonlinearity parse_nonlinearity(const std::string& name);  // UsageError when unknown
const char* nonlinearity_name(Nonlinearity n);

struct DepthConfig {
  Nonlinearity nonlinearity = Nonlinearity::relu;
  // Weights from this catalog initialiser (with its params) ...
  std::string initialiser{};
  Params initialiser_params{};
  // ... or, when `initialiser` is empty, N(0, variance_scale / fan_in).
  double variance_scale = 1;
  int width = 256;
  int depth = 100;
  int batch = 128;
  double input_mean = 0;
  double input_variance = 1;
  bool backward = true;  // also back-propagate (doubles the cost)
  uint64_t seed = 1;
};

// Index l = 1 .. depth (entry 0 is the input x for the forward curves and
// unused, 0, for the gradient).
struct DepthCurves {
  std::vector<double> pre_second_moment{};  // mean of h_l^2 over units and batch (x^2 at 0)
  std::vector<double> post_mean{};          // mean of phi(h_l) (x at 0)
  std::vector<double> post_variance{};      // variance of phi(h_l) over units and batch
  std::vector<double> gradient_rms{};       // rms of dL/dh_l divided by its rms at l = depth
};

DepthCurves run_depth(const DepthConfig& config);

// Least-squares slope of log(values[l]) against l over first <= l <= last:
// the TYPICAL growth per layer of one network. At finite width it lies below
// the mean-field growth: log of a product of noisy factors drifts by -Var/2 per
// layer (ReLU, width 256: about -0.02 per layer, measured).
double log_growth_per_layer(const std::vector<double>& values, int first, int last);

// log of the arithmetic mean of the per-layer ratios values[l+1] / values[l]
// (first <= l < last), pooled over several networks: an unbiased estimate of
// the mean-field growth (for ReLU E[q_{l+1} / q_l] = Var(w) fan_in / 2 exactly,
// W_{l+1} being independent of layer l). `power` 2 turns rms into second moments.
double mean_ratio_growth(const std::vector<std::vector<double>>& curves, int first, int last, int power = 1);

// The distance from the output, in layers, at which the gradient has grown or
// shrunk past `factor` (1e6): the smallest k with gradient_rms[depth - k] > factor
// or < 1 / factor; nullopt when it never does within the network.
std::optional<int> gradient_blowup_depth(const DepthCurves& curves, double factor);

}  // namespace numstab::dynamics
