#include "reports/experiments.hpp"

#include <chrono>

#include "reports/stopwatch.hpp"
#include "src/dynamics/divergence_section.hpp"
#include "src/norms/records.hpp"
#include "src/optim/clip_records.hpp"
#include "src/optim/step_records.hpp"
#include "src/vecops/records.hpp"

namespace numstab {

ExperimentSections run_experiments(const ReportOptions& o) {
  ExperimentSections s;
  if (!o.ops.empty() || !o.experiments) return s;
  auto t0 = std::chrono::steady_clock::now();
  const auto add = [&](const std::vector<GradientRecord>& records) {
    for (const auto& r : records) s.gradients.push_back(to_json(r));
  };
  add(vecops::vector_op_records(o.seed, o.quick));
  add(layer_records(o.seed, o.quick));
  add(optim::optimizer_step_records(o.seed, o.quick));
  add(optim::clipping_records(o.seed, o.quick));
  s.gradient_seconds = seconds_since(t0);
  t0 = std::chrono::steady_clock::now();
  s.divergence = dynamics::divergence_section(o.seed, o.quick);
  s.divergence_seconds = seconds_since(t0);
  return s;
}

}  // namespace numstab
