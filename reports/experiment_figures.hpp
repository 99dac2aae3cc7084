// gnuplot scripts of the experiment figures, appended to the report's
// plots.gp: the largest stable learning rate against momentum (measured vs
// theory) and the depth curves of initialisation (gradient norm and forward
// variance against layer).
#pragma once
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace numstab {

// Writes the scripts of the figures report.json's "divergence" section can
// fill; returns their ids ("divergence-thresholds", "depth-gradient",
// "depth-variance"), whose SVG files are DIR/<id>.svg.
std::vector<std::string> experiment_figure_scripts(std::ostream& gp, const nlohmann::json& report,
                                                   const std::filesystem::path& dir);

// The label of a depth curve: its initialiser, or the weight scale.
std::string depth_curve_label(const nlohmann::json& entry);
// The parameters of an optimizer entry other than their defaults, "plain GD" if none.
std::string variant_label(const nlohmann::json& entry);

}  // namespace numstab
