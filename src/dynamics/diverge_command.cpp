#include "src/dynamics/diverge_command.hpp"

#include <cmath>
#include <memory>

#include <fmt/format.h>

#include "src/arith.hpp"
#include "src/catalog.hpp"
#include "src/dynamics/quadratic.hpp"
#include "src/dynamics/sgd_factory.hpp"
#include "src/dynamics/sgd_theory.hpp"
#include "src/errors.hpp"

namespace numstab::dynamics {

DivergeResult run_diverge(const DivergeRequest& req) {
  const CompositeOpInfo& op = require_composite(req.optimizer, OpKind::optimizer);
  if (op.name != "sgd")
    throw UsageError(fmt::format("diverge: no divergence experiment for '{}' (only sgd: adaptive optimizers "
                                 "take steps bounded by lr and do not diverge on a quadratic)", op.name));
  for (const auto& a : req.params)
    if (a.rfind("lr=", 0) == 0) throw UsageError("diverge: lr is what diverge measures; do not set it");
  const Params values = op.resolve_params(req.params);
  const double mu = req.mu == 0 ? req.L / 10 : req.mu;
  if (!(req.L > 0) || !std::isfinite(req.L) || !(mu > 0) || mu > req.L)
    throw UsageError("diverge: need 0 < mu <= L (mu is the smallest curvature, L the largest)");
  if (!std::isfinite(req.L / mu))
    throw UsageError(fmt::format("diverge: L / mu = {} / {} overflows: no number of steps resolves that condition",
                                 req.L, mu));
  if (req.dim < 1 || req.dim > 512) throw UsageError("diverge: dim must be in 1..512");
  for (size_t i = 0; i < values.size(); ++i)
    if (!std::isfinite(values[i]))
      throw UsageError(fmt::format("diverge: {} must be a finite number", op.params[i].name));
  // The quadratic is built in the working format: its curvatures must be normal
  // numbers there, or every lr diverges (L -> inf) or none does (mu -> 0).
  const double L_in_format = round_to(req.format, req.L), mu_in_format = round_to(req.format, mu);
  if (!std::isfinite(L_in_format) || !(std::fabs(mu_in_format) >= std::ldexp(1.0, spec(req.format).emin)))
    throw UsageError(fmt::format("diverge: L = {} and mu = {} must be normal numbers of {}", req.L, mu,
                                 spec(req.format).name));
  const optim::SgdConfig config = optim::SgdConfig::from_params(values);
  config.validate();
  // With momentum >= 1 the modes sit on or outside the unit circle for every
  // lr, and with dampening >= 1 the buffer never takes a new gradient: no lr
  // converges, so there is no threshold to measure.
  if (config.momentum >= 1) throw UsageError("diverge: momentum must be < 1 (no learning rate converges otherwise)");
  if (config.dampening >= 1 && config.momentum != 0)
    throw UsageError("diverge: dampening must be < 1 (the buffer would never take a new gradient)");

  DivergeResult out;
  out.optimizer = op.name;
  for (size_t i = 1; i < op.params.size(); ++i) out.params.emplace_back(op.params[i].name, values[i]);
  out.L = req.L;
  out.mu = mu;
  out.format = req.format;
  out.seed = req.seed;
  out.dim = req.dim;
  const Quadratic q = make_quadratic(req.L, mu, req.dim, req.seed, req.format);
  out.L_rounded = q.L_rounded;
  const SgdTheory theory = sgd_theory(config, q.L_rounded);
  out.theory_lr = theory.threshold_lr;
  out.theory_source = theory.source;
  const ThresholdSearch s = find_threshold(descent_problem(q), sgd_step_factory(config, req.format), 1 / req.L,
                                           steps_for(req.L / mu, config.momentum));
  out.measured_lr = s.measured_lr;
  out.stable_lr = s.stable_lr;
  out.diverged_lr = s.diverged_lr;
  out.steps = s.steps;
  out.runs = s.runs;
  out.bracketed = s.bracketed;
  if (out.theory_lr && s.bracketed) out.relative_gap = (s.measured_lr - *out.theory_lr) / *out.theory_lr;
  if (out.theory_lr) {
    out.contraction_gap = contraction_gap(config, q.eigenvalues, *out.theory_lr);
    out.steps_needed = steps_needed(out.contraction_gap);
    out.steps_sufficient = out.steps >= out.steps_needed;
  }
  return out;
}

nlohmann::json to_json(const DivergeResult& r) {
  nlohmann::json params = nlohmann::json::object();
  for (const auto& [name, value] : r.params) params[name] = value;
  const auto number_or_null = [](double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(); };
  nlohmann::json j = {{"experiment", "threshold"},
                      {"optimizer", r.optimizer},
                      {"params", params},
                      {"L", r.L},
                      {"mu", r.mu},
                      {"format", spec(r.format).name},
                      {"dim", r.dim},
                      {"seed", r.seed},
                      {"theory_lr", r.theory_lr ? nlohmann::json(*r.theory_lr) : nlohmann::json()},
                      {"theory_source", r.theory_source},
                      // Not bracketed: no threshold was measured, so none is recorded (never a 0).
                      {"measured_lr", r.bracketed ? number_or_null(r.measured_lr) : nlohmann::json()},
                      {"stable_lr", number_or_null(r.stable_lr)},
                      {"diverged_lr", number_or_null(r.diverged_lr)},
                      {"relative_gap", r.relative_gap ? nlohmann::json(*r.relative_gap) : nlohmann::json()},
                      {"steps", r.steps},
                      {"runs", r.runs},
                      {"bracketed", r.bracketed},
                      {"L_rounded", r.L_rounded},
                      {"contraction_gap", r.contraction_gap},
                      {"steps_needed", number_or_null(r.steps_needed)},
                      {"steps_sufficient", r.steps_sufficient}};
  return j;
}

std::string to_text(const DivergeResult& r) {
  std::string params;
  for (const auto& [name, value] : r.params) params += fmt::format(" {}={}", name, value);
  std::string s = fmt::format("optimizer: {} (lr bisected;{})\n", r.optimizer, params);
  s += fmt::format("L: {} (as rounded into the format: {:.17g})  mu: {}  format: {}  dim: {}  seed: {}\n", r.L,
                   r.L_rounded, r.mu, spec(r.format).name, r.dim, r.seed);
  s += r.theory_lr ? fmt::format("theory_lr: {:.9g}  ({})\n", *r.theory_lr, r.theory_source)
                   : fmt::format("theory_lr: none ({})\n", r.theory_source);
  if (!r.bracketed)
    s += std::isinf(r.measured_lr) ? fmt::format("measured_lr: inf (stable up to lr = {:.9g})\n", r.stable_lr)
                                   : fmt::format("measured_lr: not found (diverges at every lr tried, down to lr = {:.9g})\n",
                                                 r.diverged_lr);
  else
    s += fmt::format("measured_lr: {:.9g}  (stable at {:.9g}, diverges at {:.9g})\n", r.measured_lr, r.stable_lr,
                     r.diverged_lr);
  if (r.relative_gap) s += fmt::format("relative_gap: {:+.3e}\n", *r.relative_gap);
  s += fmt::format("steps per run: {}  runs: {}\n", r.steps, r.runs);
  if (!r.steps_sufficient)
    s += fmt::format("WARNING: {} steps per run < 20/gamma = {:.6g} (contraction gap {:.3g}): slow modes may "
                     "still hide the top one, the threshold is not resolved to 1/N\n", r.steps, r.steps_needed,
                     r.contraction_gap);
  return s;
}

}  // namespace numstab::dynamics
