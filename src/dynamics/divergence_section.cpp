#include "src/dynamics/divergence_section.hpp"

#include <cmath>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "src/dynamics/critical.hpp"
#include "src/dynamics/depth.hpp"
#include "src/dynamics/diverge_command.hpp"
#include "src/dynamics/quadratic.hpp"
#include "src/dynamics/regression.hpp"
#include "src/dynamics/sgd_factory.hpp"
#include "src/dynamics/sgd_theory.hpp"
#include "src/optim/drift_bound.hpp"

namespace numstab::dynamics {

namespace {

using nlohmann::json;

json null_or(const std::optional<int>& v) { return v ? json(*v) : json(); }

void add_thresholds(json& out, uint64_t seed) {
  const std::vector<double> momenta = {0.1, 0.3, 0.5, 0.7, 0.9, 0.95, 0.99};
  for (Format f : {Format::f64, Format::f32}) {
    std::vector<std::vector<std::string>> variants = {{}};
    for (double m : momenta) {
      variants.push_back({fmt::format("momentum={}", m)});
      variants.push_back({fmt::format("momentum={}", m), "dampening=0.5"});
      variants.push_back({fmt::format("momentum={}", m), "nesterov=1"});
    }
    variants.push_back({"weight_decay=1"});
    for (const auto& params : variants) {
      DivergeRequest r;
      r.params = params;
      r.L = 10;
      r.mu = 0.1;
      r.format = f;
      r.seed = seed;
      out.push_back(to_json(run_diverge(r)));
    }
  }
}

void add_rates(json& out, uint64_t seed) {
  for (Format f : {Format::f64, Format::f32})
    for (double kappa : {10.0, 100.0}) {
      const double L = 10, mu = L / kappa, lr = 2 / (L + mu);
      const Quadratic q = make_quadratic(L, mu, 8, seed, f);
      const RateMeasurement m = measure_rate(descent_problem(q), sgd_step_factory(optim::SgdConfig{}, f)(lr), 200000);
      const double theory = (kappa - 1) / (kappa + 1);
      out.push_back({{"experiment", "rate"}, {"optimizer", "sgd"},
                     {"params", {{"momentum", 0}, {"dampening", 0}, {"weight_decay", 0}, {"nesterov", 0}}},
                     {"L", L}, {"mu", mu}, {"lr", lr}, {"format", spec(f).name}, {"dim", 8}, {"seed", seed},
                     {"theory_rate", theory}, {"measured_rate", m.rate}, {"relative_gap", (m.rate - theory) / theory},
                     {"steps", m.steps}});
    }
}

json depth_entry(const DepthConfig& c, const DepthCurves& curves) {
  json e = {{"experiment", "depth"}, {"nonlinearity", nonlinearity_name(c.nonlinearity)},
            {"width", c.width}, {"depth", c.depth}, {"batch", c.batch}, {"seed", c.seed}};
  if (!c.initialiser.empty()) {
    e["initialiser"] = c.initialiser;
  } else {
    e["weights"] = "normal";
    e["variance_scale"] = c.variance_scale;  // Var(w) fan_in
  }
  // Layer l = 0 .. depth: forward second moment of h_l (x at 0); gradient rms
  // of dL/dh_l relative to the top (l >= 1; null at 0).
  e["forward_variance"] = curves.pre_second_moment;
  json grad = json::array({nullptr});
  for (size_t l = 1; l < curves.gradient_rms.size(); ++l) grad.push_back(curves.gradient_rms[l]);
  e["gradient_norm"] = grad;
  e["blowup_factor"] = 1e6;
  e["blowup_depth"] = null_or(gradient_blowup_depth(curves, 1e6));
  return e;
}

void add_depth(json& out, uint64_t seed, bool quick) {
  DepthConfig base;
  base.depth = quick ? 50 : 100;  // 50: past the ~40 layers where 0.5x / 2x ReLU pass 1e6
  base.batch = quick ? 8 : 32;
  base.seed = seed;
  struct Init { const char* name; Nonlinearity n; };
  for (const Init& i : {Init{"xavier_uniform", Nonlinearity::tanh}, Init{"xavier_normal", Nonlinearity::tanh},
                        Init{"he_uniform", Nonlinearity::relu}, Init{"he_normal", Nonlinearity::relu},
                        Init{"lecun_normal", Nonlinearity::selu}}) {
    DepthConfig c = base;
    c.initialiser = i.name;
    c.nonlinearity = i.n;
    out.push_back(depth_entry(c, run_depth(c)));
  }
  struct Scale { Nonlinearity n; double scale; };  // 0.5x and 2x the critical Var(w) fan_in
  for (const Scale& s : {Scale{Nonlinearity::relu, 1.0}, Scale{Nonlinearity::relu, 4.0},
                         Scale{Nonlinearity::tanh, 0.5}, Scale{Nonlinearity::tanh, 2.0}}) {
    DepthConfig c = base;
    c.nonlinearity = s.n;
    c.variance_scale = s.scale;
    out.push_back(depth_entry(c, run_depth(c)));
  }
}

void add_critical(json& out, uint64_t seed, bool quick) {
  for (const auto& [n, theory] : {std::pair{Nonlinearity::relu, 2.0}, {Nonlinearity::tanh, 1.0}}) {
    CriticalConfig c;
    c.nonlinearity = n;
    c.seed = seed;
    c.depth = quick ? 40 : 60;
    c.batch = quick ? 16 : 32;
    c.networks = quick ? 1 : (n == Nonlinearity::relu ? 4 : 2);
    const CriticalSearch r = find_critical_scale(c);
    json evaluated = json::array(), fit = json::array();
    for (const auto& [s, g] : r.evaluated) evaluated.push_back({s, g});
    for (const auto& [s, g] : r.fit_points) fit.push_back({s, g});
    out.push_back({{"experiment", "critical_variance"}, {"nonlinearity", nonlinearity_name(n)},
                   {"criterion", r.criterion}, {"unit", "Var(w) fan_in"}, {"theory", theory},
                   {"measured", r.critical_scale}, {"relative_gap", (r.critical_scale - theory) / theory},
                   {"method", r.method}, {"finite_depth_transition", {r.transition_lo, r.transition_hi}},
                   {"bracket", {r.bracket_lo, r.bracket_hi}}, {"growth_per_layer", evaluated},
                   {"fit", {{"points", fit}, {"slope", r.slope}, {"intercept", r.intercept},
                            {"max_residual", r.max_residual}}},
                   {"width", c.width}, {"depth", c.depth}, {"batch", c.batch}, {"networks", c.networks},
                   {"seed", seed}});
  }
  const int depth = quick ? 50 : 100;
  const SeluFixedPoint f = selu_fixed_point(256, depth, quick ? 16 : 32, 1.0, 4.0, seed);
  out.push_back({{"experiment", "critical_variance"}, {"nonlinearity", "selu"}, {"initialiser", "lecun_normal"},
                 {"criterion", "fixed_point"}, {"theory", {{"mean", 0}, {"variance", 1}}},
                 {"measured", {{"mean", f.mean}, {"variance", f.variance}}},
                 {"input", {{"mean", f.input_mean}, {"variance", f.input_variance}}},
                 {"width", 256}, {"depth", depth}, {"seed", seed}});
}

void add_regression(json& out, uint64_t seed) {
  const RegressionData d = make_regression_data(100, seed);
  const OlsFit ols = ordinary_least_squares(d);
  const Eigen::Vector2d start(0.5, 0.5);
  const Eigen::Vector2d gd = fit_full_batch_gd(d, Format::f64, 1 / ols.L, 2000, start);
  const Eigen::Vector2d sgd = fit_minibatch_sgd(d, Format::f64, 0.1, 9000, 10, seed, start);
  const ThresholdSearch s = find_threshold(regression_problem(d, ols, Format::f64, start),
                                           sgd_step_factory(optim::SgdConfig{}, Format::f64), 1 / ols.L,
                                           steps_for(ols.L / ols.mu, 0));
  const double gap = contraction_gap(optim::SgdConfig{}, Eigen::Vector2d(ols.mu, ols.L), 2 / ols.L);
  out.push_back({{"experiment", "regression"}, {"optimizer", "sgd"},
                 {"params", {{"momentum", 0}, {"dampening", 0}, {"weight_decay", 0}, {"nesterov", 0}}},
                 {"data", {{"n", 100}, {"true_w", d.true_w}, {"true_b", d.true_b}, {"noise_sd", d.noise_sd},
                           {"x", "U[0, 1)"}, {"seed", seed}}},
                 {"L", ols.L}, {"mu", ols.mu}, {"format", "f64"},
                 {"theory_lr", 2 / ols.L}, {"measured_lr", s.measured_lr},
                 {"relative_gap", (s.measured_lr - 2 / ols.L) / (2 / ols.L)},
                 {"steps", s.steps}, {"contraction_gap", gap}, {"steps_needed", steps_needed(gap)},
                 {"steps_sufficient", s.steps >= steps_needed(gap)},
                 {"ols", {{"w", ols.w}, {"b", ols.b}, {"se_w", ols.se_w}, {"se_b", ols.se_b}}},
                 {"gd", {{"lr", 1 / ols.L}, {"steps", 2000}, {"w", gd[0]}, {"b", gd[1]}}},
                 {"sgd", {{"lr", "0.1, 0.01, 0.001 (3000 steps each)"}, {"batch", 10}, {"w", sgd[0]}, {"b", sgd[1]}}}});
}

// T-step drift of contractive SGD against the exact trajectory, held to
// max ||d_t|| / (1 - rho) (src/optim/drift_bound.hpp): lr 0.25 on curvatures
// in [0.1, 1] (rho <= 0.975), every format.
void add_drift(json& out, uint64_t seed) {
  for (Format f : {Format::f64, Format::f32, Format::f16, Format::bf16})
    out.push_back(optim::to_json(optim::sgd_drift_bound(f, {0.25, 0, 0, 0, 0}, 500, seed)));
}

}  // namespace

nlohmann::json divergence_section(uint64_t seed, bool quick) {
  json out = json::array();
  add_thresholds(out, seed);
  add_rates(out, seed);
  add_depth(out, seed, quick);
  add_critical(out, seed, quick);
  add_regression(out, seed);
  add_drift(out, seed);
  return out;
}

}  // namespace numstab::dynamics
