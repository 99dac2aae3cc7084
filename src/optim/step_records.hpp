// Per optimizer and format, the one-step accuracy record for report.json's
// "gradients" section: part "step", reference "oracle", max ULP of the
// parameters after one step from generated states, where, and the derived
// bound (see oracles/optim/oracle.hpp).
#pragma once
#include <cstdint>
#include <string_view>
#include <vector>

#include "src/gradient_record.hpp"
#include "src/optim/step_cases.hpp"

namespace numstab::optim {

struct StepSummary {
  GradientRecord record{};        // error/bound: the element closest to its bound (largest error/bound)
  double mean_ulp = 0;            // over the bounded elements
  uint64_t bounded = 0;           // elements with a finite derived bound
  uint64_t unbounded = 0;         // elements whose update is undefined or may overflow (hazards)
  uint64_t violations = 0;        // bounded elements outside their bound
  uint64_t hazard_steps = 0;      // steps that reported a hazard
  std::string hazard_names{};     // the hazards seen, comma-separated
};

// `cases` generated steps of optimizer `name` in format f (kernel
// "reference_f32_master" with `master`, f16/bf16 only), seeded.
StepSummary measure_optimizer_steps(std::string_view name, Format f, bool master, uint64_t seed, uint64_t cases);

// Every optimizer x {f64, f32, f16, bf16, f16 + f32 master, bf16 + f32 master}:
// 300 cases each when quick, 3000 otherwise.
std::vector<StepSummary> optimizer_step_summaries(uint64_t seed, bool quick);
std::vector<GradientRecord> optimizer_step_records(uint64_t seed, bool quick);

}  // namespace numstab::optim
