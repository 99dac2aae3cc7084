// Tables of report.json's "divergence" section (src/dynamics/divergence_section.hpp).
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "reports/tables.hpp"

namespace numstab {

// Learning-rate thresholds (and the regression example's): theory vs measured.
Table threshold_table(const nlohmann::json& report);
// Convergence rate at the optimal step vs (kappa - 1) / (kappa + 1).
Table rate_table(const nlohmann::json& report);
// Multi-step drift of contractive SGD against its derived bound.
Table drift_table(const nlohmann::json& report);
// Critical weight variances and SELU's fixed point, measured vs theory.
Table critical_table(const nlohmann::json& report);
// Per depth curve: the last layer's forward variance, the bottom layer's
// gradient relative to the top, and where the gradient passes its blow-up factor.
Table depth_table(const nlohmann::json& report);
// The linear-regression example in sentences (empty when absent).
std::vector<std::string> regression_sentences(const nlohmann::json& report);
// What the section measures and how.
std::string divergence_sentence();

}  // namespace numstab
