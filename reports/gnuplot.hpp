// The report's figures, drawn by gnuplot (run as a subprocess, `set terminal
// svg`): per op, ULP error against input in each format, and the error
// histogram of each format. The script (data inline) and the SVG files stay in
// DIR/figures/ so that `gnuplot -d plots.gp` there redraws them.
#pragma once
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "reports/measure.hpp"

namespace numstab {

struct Figures {
  // Empty when the figures were drawn; otherwise one line saying why not
  // (gnuplot missing or failing), shown on the page and on stderr.
  std::string note;
  // "scatter-<op>", "hist-<op>" -> an <svg> element to inline in HTML (ids
  // prefixed so that many figures can share a page).
  std::map<std::string, std::string> svg;
};

// Per op the scatter and histogram of `measurements`, and the experiment
// figures that report.json's "divergence" section can fill.
Figures make_figures(const std::vector<Measurement>& measurements, const nlohmann::json& report,
                     const std::string& out_dir, const std::string& gnuplot);

// The plot sample's points that `position` places on a panel [x_lo, x_hi] x
// [0, y_top], as (position, ULP) in input order, keeping the first of those
// that share a cell of a 200 x 75 grid over it (about 2 px, a dot's size).
std::vector<std::pair<double, double>> panel_points(
    const Measurement& m, double y_top, const std::function<std::optional<double>(uint64_t)>& position,
    double x_lo, double x_hi);
// Where an input lies on the plots' x axis: sign(x) * (bits of |x|) / (bits of
// +inf), so that every binade of the format has the same width.
double axis_position(Format f, uint64_t bits);

}  // namespace numstab
