// The design's stability thresholds for PyTorch SGD on a quadratic whose
// largest curvature is L (design.md, "Theory the harness checks itself
// against"); derived from the per-eigenvalue recurrence (h = lr lambda):
//   GD:            x' = (1 - h) x                         -> lr < 2 / L
//   heavy ball:    z^2 - (1 + m - (1-d) h) z + m = 0      -> lr < 2 (1 + m) / ((1 - d) L)
//   Nesterov:      z^2 - (1 + m)(1 - h) z + m (1 - h) = 0 -> lr < (2 + 2m) / ((1 + 2m) L)
// (the binding root is z = -1 in each; m = momentum < 1, d = dampening < 1).
// Weight decay adds wd to every curvature: L becomes L + wd (exact on a
// quadratic; an extension of the design's table, named in `source`).
#pragma once
#include <optional>
#include <string>

#include "src/optim/sgd.hpp"

namespace numstab::dynamics {

struct SgdTheory {
  std::optional<double> threshold_lr{};  // none: no theory (momentum >= 1, dampening >= 1)
  std::string source{};
};

inline SgdTheory sgd_theory(const optim::SgdConfig& c, double L) {
  const double curvature = L + c.weight_decay;
  const std::string wd = c.weight_decay != 0 ? ", L + weight_decay" : "";
  if (c.momentum == 0) return {2 / curvature, "design: GD 2/L" + wd};
  if (c.momentum >= 1 || c.dampening >= 1) return {std::nullopt, "none: momentum or dampening >= 1"};
  const double m = c.momentum;
  if (c.nesterov) return {(2 + 2 * m) / ((1 + 2 * m) * curvature), "design: Nesterov (2+2mu)/((1+2mu)L)" + wd};
  return {2 * (1 + m) / ((1 - c.dampening) * curvature), "design: heavy ball 2(1+mu)/((1-d)L)" + wd};
}

}  // namespace numstab::dynamics
