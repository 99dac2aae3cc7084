#include "reports/experiment_figures.hpp"

#include <cmath>
#include <map>

#include <fmt/format.h>

namespace numstab {

namespace {

using nlohmann::json;

constexpr const char* kTerminal =
    "set terminal svg size 960,{} font 'sans,10' background '#ffffff' rounded noenhanced\n";
constexpr const char* kColors[] = {"#1f77b4", "#d95f02", "#1b9e77", "#7570b3", "#e7298a",
                                   "#66a61e", "#e6ab02", "#a6761d", "#666666"};

std::string quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

double param(const json& e, const char* name) {
  return e.contains("params") && e.at("params").contains(name) ? e.at("params").at(name).get<double>() : 0.0;
}

bool is_number(const json& v) { return v.is_number() && std::isfinite(v.get<double>()); }

// Measured and theoretical lr x L of the f64 threshold entries, per variant,
// by momentum: heavy ball, heavy ball with dampening 0.5, Nesterov. Plain GD
// (momentum 0) starts the heavy-ball and Nesterov curves.
std::vector<std::string> divergence_script(std::ostream& gp, const json& report, const std::filesystem::path& dir) {
  struct Point { double m, theory, measured; };
  std::map<std::string, std::vector<Point>> series;
  for (const auto& e : report.at("divergence")) {
    if (e.at("experiment") != "threshold" || e.value("format", "") != "f64" || e.value("optimizer", "") != "sgd")
      continue;
    if (!is_number(e.at("theory_lr")) || !is_number(e.at("measured_lr")) || param(e, "weight_decay") != 0) continue;
    const double m = param(e, "momentum"), L = e.at("L");
    const Point p{m, e.at("theory_lr").get<double>() * L, e.at("measured_lr").get<double>() * L};
    if (m == 0) {
      series["heavy ball: 2(1+m)/L"].push_back(p);
      series["Nesterov: (2+2m)/((1+2m)L)"].push_back(p);
    } else if (param(e, "nesterov") != 0) {
      series["Nesterov: (2+2m)/((1+2m)L)"].push_back(p);
    } else if (param(e, "dampening") != 0) {
      series[fmt::format("heavy ball, dampening {:g}: 2(1+m)/((1-d)L)", param(e, "dampening"))].push_back(p);
    } else {
      series["heavy ball: 2(1+m)/L"].push_back(p);
    }
  }
  if (series.empty()) return {};
  const std::string id = "divergence-thresholds";
  gp << "reset\n" << fmt::format(kTerminal, 420) << fmt::format("set output {}\n", quoted((dir / (id + ".svg")).string()));
  gp << "set title 'SGD on x^T A x / 2, f64: largest stable learning rate times L against momentum' font ',11'\n"
        "set xlabel 'momentum m'\nset ylabel 'lr L'\nset logscale y\nset key top left font ',9'\n"
        "set xrange [-0.03:1.02]\nset grid xtics ytics lc rgb '#dddddd'\n";
  std::string plot;
  size_t i = 0;
  for (const auto& [name, points] : series) {
    gp << fmt::format("$d{} << EOD\n", i);
    for (const auto& p : points) gp << fmt::format("{:.17g} {:.17g} {:.17g}\n", p.m, p.theory, p.measured);
    gp << "EOD\n";
    const char* c = kColors[i % std::size(kColors)];
    plot += fmt::format("{}$d{} using 1:2 with lines lw 2 lc rgb '{}' title {}, $d{} using 1:3 with points pt 7 "
                        "ps 0.9 lc rgb '{}' title 'measured'",
                        plot.empty() ? "plot " : ", ", i, c, quoted("theory, " + name), i, c);
    ++i;
  }
  gp << plot << "\n";
  return {id};
}

// One line per depth entry: `key` (gradient_norm or forward_variance) per layer, log scale.
std::string depth_script(std::ostream& gp, const json& report, const std::filesystem::path& dir,
                         const char* key, const std::string& id, const std::string& title) {
  std::vector<const json*> entries;
  for (const auto& e : report.at("divergence"))
    if (e.at("experiment") == "depth" && e.contains(key)) entries.push_back(&e);
  if (entries.empty()) return "";
  gp << "reset\n" << fmt::format(kTerminal, 460) << fmt::format("set output {}\n", quoted((dir / (id + ".svg")).string()));
  gp << fmt::format("set title {} font ',11'\nset xlabel 'layer'\nset ylabel {}\nset logscale y\n"
                    "set format y '1e%L'\nset key outside right font ',9'\nset grid xtics ytics lc rgb '#dddddd'\n",
                    quoted(title), quoted(key));
  std::string plot;
  for (size_t i = 0; i < entries.size(); ++i) {
    gp << fmt::format("$c{} << EOD\n", i);
    const json& curve = entries[i]->at(key);
    for (size_t l = 0; l < curve.size(); ++l)
      if (is_number(curve[l]) && curve[l].get<double>() > 0) gp << fmt::format("{} {:.9g}\n", l, curve[l].get<double>());
    gp << "EOD\n";
    plot += fmt::format("{}$c{} using 1:2 with lines lw 2 lc rgb '{}' title {}", plot.empty() ? "plot " : ", ", i,
                        kColors[i % std::size(kColors)], quoted(depth_curve_label(*entries[i])));
  }
  gp << plot << "\n";
  return id;
}

}  // namespace

std::string depth_curve_label(const json& e) {
  const std::string n = e.value("nonlinearity", "");
  if (e.contains("initialiser")) return fmt::format("{}, {}", e.at("initialiser").get<std::string>(), n);
  return fmt::format("{}, normal, Var(w) fan_in = {:g}", n, e.value("variance_scale", 0.0));
}

std::string variant_label(const json& e) {
  std::string out;
  if (e.contains("params"))
    for (const auto& [name, value] : e.at("params").items())
      if (value.is_number() && value.get<double>() != 0)
        out += fmt::format("{}{}={:g}", out.empty() ? "" : ", ", name, value.get<double>());
  return out.empty() ? "plain GD" : out;
}

std::vector<std::string> experiment_figure_scripts(std::ostream& gp, const json& report,
                                                   const std::filesystem::path& dir) {
  std::vector<std::string> ids = divergence_script(gp, report, dir);
  for (const auto& [key, id, title] :
       {std::tuple{"gradient_norm", "depth-gradient",
                   "Deep MLP (width 256): gradient rms at each layer relative to the top, by initialisation"},
        std::tuple{"forward_variance", "depth-variance",
                   "Deep MLP (width 256): second moment of the pre-activations at each layer"}}) {
    const std::string made = depth_script(gp, report, dir, key, id, title);
    if (!made.empty()) ids.push_back(made);
  }
  return ids;
}

}  // namespace numstab
