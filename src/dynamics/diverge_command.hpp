// `numstab diverge`: the largest stable learning rate of an optimizer on a
// quadratic x^T A x / 2 (largest curvature L, smallest mu), measured by the
// divergence engine (src/dynamics/divergence.hpp) and compared with the
// design's theory where it has one (src/dynamics/sgd_theory.hpp).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "src/formats.hpp"
#include "src/params.hpp"

namespace numstab::dynamics {

struct DivergeRequest {
  std::string optimizer = "sgd";
  std::vector<std::string> params{};  // "momentum=0.9", ...: never lr (it is what is measured)
  double L = 10;                      // largest curvature
  double mu = 0;                      // smallest curvature (not the momentum); 0: L / 10
  Format format = Format::f64;
  uint64_t seed = 1;
  int dim = 8;
};

struct DivergeResult {
  std::string optimizer{};
  std::vector<std::pair<std::string, double>> params{};  // resolved, in catalog order, without lr
  double L = 0;
  double mu = 0;
  Format format = Format::f64;
  uint64_t seed = 0;
  int dim = 0;
  std::optional<double> theory_lr{};
  std::string theory_source{};
  double measured_lr = 0;  // midpoint of the final bracket
  double stable_lr = 0;    // the bracket: largest lr seen stable ...
  double diverged_lr = 0;  // ... and smallest seen diverging
  std::optional<double> relative_gap{};  // (measured - theory) / theory
  int steps = 0;           // steps per run (cap)
  int runs = 0;            // runs of the bisection
  bool bracketed = false;
  double L_rounded = 0;    // largest eigenvalue of A as rounded into the format: theory_lr's L
  // The criterion needs N >= 20 / gamma steps (divergence.hpp); steps_for caps
  // N at 2e5, so for large kappa the cap can fall short: flagged, not hidden.
  double contraction_gap = 0;    // gamma at theory_lr (1 - |z_2|); 0 without theory
  double steps_needed = 0;       // ceil(20 / gamma)
  bool steps_sufficient = true;  // steps >= steps_needed
};

// UsageError for an unknown optimizer or parameter, an optimizer without a
// divergence experiment (only sgd: the adaptive ones take steps bounded by lr
// and do not diverge on a quadratic), lr among the params, momentum >= 1 or
// dampening >= 1 (nothing converges), or a bad L / mu / dim.
// theory_lr and relative_gap use L_rounded, the largest curvature of the A the
// run actually descends (its entries rounded into the format), not the L asked.
// f16 / bf16: SGD rounds lr into the format (as a tensor op receives a Python
// float), so the measured threshold is a rounding boundary between two lrs of
// the format (bf16: steps of 2^-8 relative, up to 0.4% from the theory; f16:
// 2^-11), and A's rounding moves L by ~u (L_rounded says by how much).
DivergeResult run_diverge(const DivergeRequest& request);

nlohmann::json to_json(const DivergeResult& result);
// Human-readable, one "key: value" per line, with `theory_lr` and `measured_lr` lines.
std::string to_text(const DivergeResult& result);

}  // namespace numstab::dynamics
