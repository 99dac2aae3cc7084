// What MPFR itself saw during a tiered sweep (the seeds of the floors, the
// audits, the escalations and the exact values behind counterexamples), kept
// apart from the Accumulator so that the final record can be checked against
// it: no exact error above the reported maxima, no mismatch or violation that
// the record does not count, every input counted once. A wrong fast tier that
// slipped past the audits (it claimed a small error where MPFR saw a large
// one) then fails the sweep instead of passing it.
#pragma once
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>

#include <fmt/format.h>

#include "src/accumulator.hpp"

namespace numstab::tier {

struct Witness {
  double max_normal = -1, max_subnormal = -1;  // exact errors of numeric judgements
  double max_normal_x = 0, max_subnormal_x = 0;
  std::array<uint64_t, 5> mismatches{};
  uint64_t violations = 0;

  void see(const SweepConfig& cfg, double x, const Judgement& j, double got) {
    if (j.mismatch != Mismatch::none) ++mismatches[static_cast<int>(j.mismatch)];
    if (counts_as_number(j, got)) {
      double& m = j.exact_subnormal ? max_subnormal : max_normal;
      if (j.ulp > m) {
        m = j.ulp;
        (j.exact_subnormal ? max_subnormal_x : max_normal_x) = x;
      }
    }
    violations += Accumulator::is_violation(cfg, j);
  }
  void merge(const Witness& o) {
    if (o.max_normal > max_normal) max_normal = o.max_normal, max_normal_x = o.max_normal_x;
    if (o.max_subnormal > max_subnormal) max_subnormal = o.max_subnormal, max_subnormal_x = o.max_subnormal_x;
    for (size_t i = 0; i < mismatches.size(); ++i) mismatches[i] += o.mismatches[i];
    violations += o.violations;
  }
};

// The seeds are inputs k * (total / n), k < n: judged by MPFR before the
// chunks run. A chunk that judges one again leaves it out of its witness, so
// that no input is witnessed twice.
struct SeedIndices {
  uint64_t stride = 1, count = 0;
  bool contains(uint64_t index) const { return index % stride == 0 && index / stride < count; }
};

// Throws (an internal error: exit 2) where the merged record contradicts what
// MPFR saw. `resolution_slack` is the ULP error below which the fast tier's
// value is the better one (MPFR's own uncertainty), so a maximum there may
// differ from MPFR's by that much.
inline void check_against_witness(const std::string& what, const Accumulator& all, const Witness& w,
                                  uint64_t total, double resolution_slack) {
  std::string why;
  const auto below = [&](double exact, double reported) {
    return exact <= reported * (1 + 0x1p-45) + resolution_slack;
  };
  uint64_t histogram_total = 0;
  for (const uint64_t h : all.histogram) histogram_total += h;
  if (all.count != total)
    why = fmt::format("it counted {} inputs of {}", all.count, total);
  else if (histogram_total != all.compared)
    why = fmt::format("its histogram holds {} inputs, {} were compared", histogram_total, all.compared);
  else if (!below(w.max_normal, all.max_normal))
    why = fmt::format("MPFR saw {} ULP at x = {:a} (normal result), the record's maximum is {}",
                      w.max_normal, w.max_normal_x, all.max_normal);
  else if (!below(w.max_subnormal, all.max_subnormal))
    why = fmt::format("MPFR saw {} ULP at x = {:a} (subnormal result), the record's maximum is {}",
                      w.max_subnormal, w.max_subnormal_x, all.max_subnormal);
  else if (w.violations > all.violations)
    why = fmt::format("MPFR saw {} violations, the record counts {}", w.violations, all.violations);
  for (size_t c = 1; why.empty() && c < w.mismatches.size(); ++c) {
    if (w.mismatches[c] > all.mismatches[c])
      why = fmt::format("MPFR saw {} {} mismatches, the record counts {}", w.mismatches[c],
                        kMismatchNames[c], all.mismatches[c]);
  }
  if (why.empty() && all.compared > all.count)
    why = fmt::format("it compared {} inputs of {} counted", all.compared, all.count);
  if (!why.empty())
    throw std::runtime_error(fmt::format(
        "internal error: the tiered sweep of {} contradicts its own MPFR judgements: {}; rerun "
        "with --oracle mpfr",
        what, why));
}

}  // namespace numstab::tier
