// The report's experiment sections: "gradients" (forward and derivative
// kernels of the vector ops, losses, normalisation layers, reductions, and one
// optimizer step, against exact answers) and "divergence" (learning-rate
// thresholds, convergence rates, depth curves, critical variances, the
// linear-regression example). Both are deterministic for a seed.
#pragma once
#include <nlohmann/json.hpp>

#include "reports/report.hpp"

namespace numstab {

struct ExperimentSections {
  nlohmann::json gradients = nlohmann::json::array();
  nlohmann::json divergence = nlohmann::json::array();
  double gradient_seconds = 0, divergence_seconds = 0;
};

// Empty sections when options.ops names ops (a report on chosen elementwise
// ops) or options.experiments is off.
ExperimentSections run_experiments(const ReportOptions& options);

}  // namespace numstab
