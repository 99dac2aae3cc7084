// Seeded inputs in each loss's domain, values of the format: shared by the
// suite (RapidCheck draws the description) and the gradients records.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <string_view>
#include <utility>
#include <vector>

#include <Eigen/Core>

#include "src/arith.hpp"
#include "src/errors.hpp"

namespace numstab::losses {

struct LossCase {
  uint64_t seed = 0;
  int n = 1;
  double scale = 1;    // input magnitude (logits, differences)
  bool edges = false;  // exact 0 / 1 probabilities, zero targets, +-1e4 logits
  bool mean = true;
};

// Input x and target y. The terms' sum stays below an eighth of the largest
// finite value (f16: 65504), so that neither reduction overflows.
template <class Tag>
std::pair<Eigen::VectorXd, Eigen::VectorXd> loss_inputs(std::string_view loss, const LossCase& c) {
  std::mt19937_64 rng(c.seed);
  std::uniform_real_distribution<double> unit(0, 1);
  const double room = std::ldexp(2.0, spec(Tag::format).emax) / (8 * c.n);
  const double big = std::min({c.scale, 1e4, loss == "mse" ? std::sqrt(room) / 2 : room});
  const double edge_logit = std::fmin(1e4, room);
  Eigen::VectorXd x(c.n), y(c.n);
  for (int i = 0; i < c.n; ++i) {
    const bool edge = c.edges && unit(rng) < 0.3;
    double a = 0, b = 0;
    if (loss == "bce") {
      a = edge ? std::round(unit(rng)) : unit(rng);
      b = unit(rng) < 0.5 ? std::round(unit(rng)) : unit(rng);
    } else if (loss == "bce_with_logits") {
      a = (edge ? edge_logit : big * unit(rng)) * (unit(rng) < 0.5 ? -1 : 1);
      b = unit(rng) < 0.5 ? std::round(unit(rng)) : unit(rng);
    } else if (loss == "kl_div") {
      a = std::log(unit(rng) + 1e-30);  // log-probabilities
      b = edge ? 0.0 : unit(rng);
    } else if (loss == "mse" || loss == "l1" || loss == "huber") {
      a = big * (2 * unit(rng) - 1);
      b = big * (2 * unit(rng) - 1);
    } else {
      throw unknown_name("loss", loss, {"mse", "l1", "huber", "bce", "bce_with_logits", "kl_div"});
    }
    x[i] = round_to<Tag>(a);
    y[i] = round_to<Tag>(b);
  }
  return {x, y};
}

// N x C logits (N = max(1, n / 10), C in [1, 50]) with spread up to 1e4; with
// edges one row in three holds a logit of +-1e4. Class targets. A row's loss
// is at most twice its largest |logit| (+ log C): logits are capped so that
// the sum over rows stays below an eighth of the largest finite value (f16).
template <class Tag>
std::pair<Eigen::MatrixXd, std::vector<int>> logits_case(const LossCase& c) {
  std::mt19937_64 rng(c.seed);
  std::uniform_real_distribution<double> unit(0, 1);
  const int classes = 1 + static_cast<int>(rng() % 50);
  const int rows = std::max(1, c.n / 10);
  const double cap = std::max(1.0, std::min(1e4, std::ldexp(1.0, spec(Tag::format).emax) / (16.0 * rows) - 8));
  Eigen::MatrixXd logits(rows, classes);
  std::vector<int> target(static_cast<size_t>(rows));
  for (int i = 0; i < rows; ++i) {
    for (int j = 0; j < classes; ++j) logits(i, j) = round_to<Tag>(std::fmin(c.scale, cap) * (2 * unit(rng) - 1));
    if (c.edges && i % 3 == 0) logits(i, static_cast<int>(rng() % classes)) = round_to<Tag>(rng() % 2 ? cap : -cap);
    target[static_cast<size_t>(i)] = static_cast<int>(rng() % classes);
  }
  return {logits, target};
}

}  // namespace numstab::losses
