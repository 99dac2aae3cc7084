#include "reports/divergence_tables.hpp"

#include <cmath>

#include <fmt/format.h>

#include "reports/experiment_figures.hpp"

namespace numstab {

namespace {

using nlohmann::json;

std::string num(const json& v, const char* f = "{:.6g}") {
  return v.is_number() ? fmt::format(fmt::runtime(f), v.get<double>()) : std::string("-");
}
std::string percent(const json& v) {
  return v.is_number() ? fmt::format("{:+.3f}%", 100 * v.get<double>()) : std::string("-");
}

// Steps per run, flagged when below 20 / gamma (the criterion's need).
std::string steps_cell(const json& e) {
  if (!e.contains("steps")) return "-";
  std::string cell = num(e.at("steps"), "{:g}");
  if (!e.value("steps_sufficient", true)) cell += fmt::format(" (short: 20/gamma = {})", num(e.at("steps_needed"), "{:.3g}"));
  return cell;
}

}  // namespace

Table threshold_table(const json& report) {
  Table t;
  t.header = {"experiment", "optimizer", "variant", "format", "L", "mu", "theory lr", "measured lr",
              "gap", "stable / diverged", "steps per run"};
  t.text_columns = 4;
  for (const auto& e : report.at("divergence")) {
    const std::string kind = e.at("experiment");
    if (kind != "threshold" && kind != "regression") continue;
    t.rows.push_back({kind, e.value("optimizer", "-"), variant_label(e), e.value("format", "-"), num(e.at("L")),
                      num(e.at("mu")), num(e.at("theory_lr"), "{:.8g}"), num(e.at("measured_lr"), "{:.8g}"),
                      percent(e.value("relative_gap", json())),
                      e.contains("stable_lr") ? fmt::format("{} / {}", num(e.at("stable_lr"), "{:.8g}"),
                                                            num(e.at("diverged_lr"), "{:.8g}"))
                                              : "-",
                      steps_cell(e)});
    t.row_op.push_back(kind);
  }
  return t;
}

Table drift_table(const json& report) {
  Table t;
  t.header = {"format", "lr", "weight decay", "T", "rho", "||e_T||", "max_t ||e_t||", "max ||d_t|| / (1 - rho)",
              "a priori bound", "verdict"};
  t.text_columns = 1;
  for (const auto& e : report.at("divergence")) {
    if (e.at("experiment") != "drift") continue;
    const bool pass = e.at("pass").get<bool>() && e.at("pass_a_priori").get<bool>();
    t.rows.push_back({e.value("format", "-"), num(e.at("params").at("lr")), num(e.at("params").at("weight_decay")),
                      num(e.at("T"), "{:g}"), num(e.at("rho"), "{:.6f}"), num(e.at("error"), "{:.4g}"),
                      num(e.at("max_error"), "{:.4g}"), num(e.at("bound"), "{:.4g}"),
                      num(e.at("a_priori_bound"), "{:.4g}"), pass ? "PASS" : "FAIL"});
    t.row_op.push_back("drift");
  }
  return t;
}

Table rate_table(const json& report) {
  Table t;
  t.header = {"format", "L", "mu", "kappa", "lr = 2/(L+mu)", "theory (kappa-1)/(kappa+1)", "measured rate",
              "gap", "steps"};
  t.text_columns = 1;
  for (const auto& e : report.at("divergence")) {
    if (e.at("experiment") != "rate") continue;
    const double L = e.at("L"), mu = e.at("mu");
    t.rows.push_back({e.value("format", "-"), num(e.at("L")), num(e.at("mu")), fmt::format("{:g}", L / mu),
                      num(e.at("lr"), "{:.8g}"), num(e.at("theory_rate"), "{:.8g}"),
                      num(e.at("measured_rate"), "{:.8g}"), percent(e.at("relative_gap")),
                      num(e.at("steps"), "{:g}")});
    t.row_op.push_back("rate");
  }
  return t;
}

Table critical_table(const json& report) {
  Table t;
  t.header = {"nonlinearity", "criterion", "theory", "measured", "gap", "how", "network (width x depth x batch)"};
  t.text_columns = 2;
  for (const auto& e : report.at("divergence")) {
    if (e.at("experiment") != "critical_variance") continue;
    const std::string net = fmt::format("{} x {} x {}", e.value("width", 0), e.value("depth", 0),
                                        e.contains("batch") ? fmt::format("{}", e.at("batch").get<int>()) : "-");
    if (e.at("theory").is_object()) {  // SELU's fixed point: mean and variance
      t.rows.push_back({e.at("nonlinearity"), fmt::format("{} ({})", e.value("criterion", ""), e.value("initialiser", "")),
                        fmt::format("mean {:g}, variance {:g}", e.at("theory").at("mean").get<double>(),
                                    e.at("theory").at("variance").get<double>()),
                        fmt::format("mean {:.4f}, variance {:.4f}", e.at("measured").at("mean").get<double>(),
                                    e.at("measured").at("variance").get<double>()),
                        "-", "fixed point over the last quarter of the layers", net});
    } else {
      const json& tr = e.value("finite_depth_transition", json::array());
      const std::string how =
          tr.size() == 2 ? fmt::format("{}; growth changes sign in [{:.4g}, {:.4g}]", e.value("method", "fit"),
                                       tr[0].get<double>(), tr[1].get<double>())
                         : e.value("method", "fit");
      t.rows.push_back({e.at("nonlinearity"), e.value("criterion", ""),
                        fmt::format("Var(w) fan_in = {:g}", e.at("theory").get<double>()),
                        num(e.at("measured"), "{:.5g}"), percent(e.at("relative_gap")), how, net});
    }
    t.row_op.push_back("critical");
  }
  return t;
}

Table depth_table(const json& report) {
  Table t;
  t.header = {"weights", "layers", "forward second moment, last layer", "gradient rms, layer 1 / top",
              "gradient passes the factor at layer"};
  t.text_columns = 1;
  for (const auto& e : report.at("divergence")) {
    if (e.at("experiment") != "depth") continue;
    const json& fv = e.at("forward_variance");
    const json& g = e.at("gradient_norm");
    t.rows.push_back({depth_curve_label(e), fmt::format("{}", e.value("depth", 0)),
                      fv.empty() ? "-" : num(fv.back(), "{:.4g}"), g.size() > 1 ? num(g[1], "{:.4g}") : "-",
                      e.at("blowup_depth").is_null()
                          ? fmt::format("never (factor {:g})", e.value("blowup_factor", 0.0))
                          : fmt::format("{} (factor {:g})", e.at("blowup_depth").get<int>(),
                                        e.value("blowup_factor", 0.0))});
    t.row_op.push_back("depth");
  }
  return t;
}

std::vector<std::string> regression_sentences(const json& report) {
  std::vector<std::string> s;
  for (const auto& e : report.at("divergence")) {
    if (e.at("experiment") != "regression") continue;
    const json& d = e.at("data");
    const json& ols = e.at("ols");
    s.push_back(fmt::format(
        "Linear regression y = {:g} x + {:g} + noise (sd {:g}), n = {}, x ~ {}, seed {}: least squares "
        "w = {:.4f} +- {:.4f}, b = {:.4f} +- {:.4f} (standard errors); full-batch GD (lr {:.4g}, {} "
        "steps) w = {:.4f}, b = {:.4f}; mini-batch SGD (batch {}, lr {}) w = {:.4f}, b = {:.4f}.",
        d.at("true_w").get<double>(), d.at("true_b").get<double>(), d.at("noise_sd").get<double>(),
        d.at("n").get<int>(), d.at("x").get<std::string>(), d.at("seed").get<uint64_t>(),
        ols.at("w").get<double>(), ols.at("se_w").get<double>(), ols.at("b").get<double>(),
        ols.at("se_b").get<double>(), e.at("gd").at("lr").get<double>(), e.at("gd").at("steps").get<int>(),
        e.at("gd").at("w").get<double>(), e.at("gd").at("b").get<double>(), e.at("sgd").at("batch").get<int>(),
        e.at("sgd").at("lr").dump(), e.at("sgd").at("w").get<double>(), e.at("sgd").at("b").get<double>()));
    s.push_back(fmt::format("Its loss Hessian has L = {:.6g}: GD is stable below 2/L = {:.6g}; the bisection "
                            "measured {:.6g} ({}).",
                            e.at("L").get<double>(), e.at("theory_lr").get<double>(),
                            e.at("measured_lr").get<double>(), percent(e.at("relative_gap"))));
  }
  return s;
}

std::string divergence_sentence() {
  return "Thresholds: the largest learning rate at which the optimizer, run on x^T A x / 2 (A with a "
         "seeded random eigenbasis, largest eigenvalue L, smallest mu), does not diverge, found by "
         "bisection on the observed iterates (not by formula), against the design's theory: GD 2/L, "
         "heavy ball 2(1+m)/((1-d)L), Nesterov (2+2m)/((1+2m)L), with L the largest eigenvalue of A as "
         "rounded into the format; a run length below 20/gamma (gamma the contraction gap of the slow "
         "modes) is flagged \"short\". Drift: T steps of contractive SGD against the exact trajectory, "
         "held to max ||d_t|| / (1 - rho). Depth: deep MLPs of width 256 with "
         "each initialiser, and Gaussian weights at 0.5x and 2x the critical variance.";
}

}  // namespace numstab
