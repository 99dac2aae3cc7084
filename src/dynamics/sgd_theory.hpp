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
#include <algorithm>
#include <cmath>
#include <complex>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Core>

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

// Contraction gap gamma at lr: 1 - |z_2|, where |z_2| is the largest root
// modulus of the per-eigenvalue recurrences above (h = lr (lambda + wd), every
// lambda of `curvatures`) once the largest one (the binding root, |z| ~ 1 at
// the threshold) is set aside. The slow modes that can hide the top one decay
// like (1 - gamma)^t; 1 when there is no other root.
inline double contraction_gap(const optim::SgdConfig& c, const Eigen::VectorXd& curvatures, double lr) {
  std::vector<double> moduli;
  const double m = c.momentum, d = c.dampening;
  for (double lambda : curvatures) {
    const double h = lr * (lambda + c.weight_decay);
    if (m == 0) {
      moduli.push_back(std::abs(1 - h));
      continue;
    }
    // z^2 - b z + k = 0
    const double b = c.nesterov ? (1 + m) * (1 - h) : 1 + m - (1 - d) * h;
    const double k = c.nesterov ? m * (1 - h) : m;
    const std::complex<double> root = std::sqrt(std::complex<double>(b * b - 4 * k, 0));
    moduli.push_back(std::abs((b + root) / 2.0));
    moduli.push_back(std::abs((b - root) / 2.0));
  }
  if (moduli.size() < 2) return 1;
  std::sort(moduli.begin(), moduli.end(), std::greater<>());
  return 1 - moduli[1];
}

// Steps the divergence criterion needs (divergence.hpp): N >= 20 / gamma.
inline double steps_needed(double gap) { return gap > 0 ? std::ceil(20 / gap) : INFINITY; }

}  // namespace numstab::dynamics
