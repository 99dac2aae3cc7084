// The checks every optimizer is held to, by name, whatever defines it (the
// built-in ones in suites/optimizer_test.cpp, one defined in a test in
// suites/optim/throwaway_optimizer_test.cpp): one step from a generated state
// within the derived running error bound in every format mode, the
// per-format records the report gets, and the drift along a trajectory.
#pragma once
#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <cmath>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "properties/optim_generators.hpp"
#include "src/optim/registry.hpp"
#include "src/optim/step_cases.hpp"
#include "src/optim/step_records.hpp"
#include "src/optim/trajectory.hpp"

namespace numstab::optim_checks {

// Every parameter after one step from a generated state is within the running
// error bound of its update's roundings (oracles/optim/oracle.hpp), in every
// format (and f16/bf16 with an f32 master). Elements without a finite bound
// (an intermediate may overflow, a divisor's or a square root's argument may
// reach 0 or below) are classified, not asserted: counted in the records.
inline void one_step_within_bound(std::string_view name) {
  set_real_precision(256);
  bool unbounded = false, hazard = false;
  for (const auto& mode : props::kOptimizerModes) {
    const optim::StepCase c = optim::make_step_case(name, mode.format, mode.master, props::rc_draw());
    const optim::StepCheck check = optim::check_step(c, mode.format, mode.master);
    for (size_t i = 0; i < check.elements.size(); ++i) {
      const auto& e = check.elements[i];
      if (!e.within())
        RC_FAIL(fmt::format("{}outside the derived bound: {}", mode.master ? "f32 master, " : "",
                            optim::describe_element(c, check, i, mode.format)));
      unbounded = unbounded || !(e.bound_ulp < INFINITY);
    }
    hazard = hazard || check.hazards.any();
  }
  // The distribution is printed; the hazards by name are in the records.
  RC_CLASSIFY(unbounded, "some element unbounded");
  RC_CLASSIFY(hazard, "some format reported a hazard");
}

// A record as the report gets it: no element outside its bound, most elements
// bounded, passed.
inline void expect_sound_record(const optim::StepSummary& s) {
  const auto& r = s.record;
  EXPECT_EQ(s.violations, 0u) << r.where;
  EXPECT_GT(s.bounded, r.elements / 2) << r.op << " " << r.format << ": most elements must be bounded";
  EXPECT_TRUE(r.passed) << r.op << " " << r.format << " " << r.kernel;
}

// T-step drift of optimizer `name` (its defaults) against the multiprecision
// trajectory (src/optim/trajectory.hpp) on an 8-parameter quadratic, every
// format mode. Asserted: the drift stays finite, and an f32 master copy makes
// the f16/bf16 trajectory at least 4x more accurate than f16/bf16 arithmetic
// (the master's own drift is in f32 units, 2^13 and 2^16 times smaller than
// f16's and bf16's). Returns the rows of the printed table (in units of the
// parameters' unit roundoff u).
inline std::string drift_rows(std::string_view name, int steps, uint64_t seed) {
  const Params hyper = optim::require_optimizer(name).resolve_params({});
  std::string table;
  double plain_final[4] = {};
  for (const auto& mode : props::kOptimizerModes) {
    const auto d = optim::trajectory_drift(name, mode.format, mode.master, hyper, steps, seed);
    const double u = unit_roundoff(mode.format);
    for (double x : d.normwise) EXPECT_TRUE(std::isfinite(x)) << name << " " << d.format;
    table += fmt::format("{:<10} {:<7} {:<7} {:>8.3g} {:>10.3g} {:>10.3g} {:>28.3g}\n", name, d.format,
                         mode.master ? "f32" : "no", d.normwise[9] / u, d.normwise[99] / u, d.normwise.back() / u,
                         d.max_ulp.back());
    const int k = static_cast<int>(mode.format);
    if (!mode.master) plain_final[k] = d.normwise.back();
    else EXPECT_LT(4 * d.normwise.back(), plain_final[k]) << name << " " << d.format << " with an f32 master";
  }
  return table;
}

}  // namespace numstab::optim_checks
