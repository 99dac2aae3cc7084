// What the sweep adds up per chunk of inputs, merged in chunk order (so every
// number is the same for any thread count). Shared by the all-MPFR and the
// tiered chunk loops.
#pragma once
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <optional>
#include <vector>

#include "src/sweep.hpp"

namespace numstab {

struct Accumulator {
  uint64_t count = 0;
  double max_ulp = -1, max_normal = 0, max_subnormal = 0;
  uint64_t argmax_bits = 0, argmax_second_bits = 0;
  double argmax_got = 0;
  double sum_ulp = 0;
  uint64_t compared = 0;
  std::array<uint64_t, 5> mismatches{};
  std::array<uint64_t, kHistogramBins> histogram{};
  uint64_t violations = 0;
  uint64_t binade_unresolved = 0;
  std::vector<Counterexample> counterexamples;
  Record::Stability stability;
  Record::OracleTiers tiers;

  // One input's judgement into the statistics. `sum_ulp` feeds the mean and
  // the histogram (the tiered loop may pass a fast value of the same bin, see
  // tiered_chunk.hpp); j.ulp feeds the maxima unless the input is known to lie
  // below them (`max_candidate` false). Returns true when j violates the bound.
  bool add(const SweepConfig& cfg, const Judgement& j, double sum_ulp, uint64_t x_bits,
           uint64_t a_bits, double got, bool max_candidate = true) {
    ++count;
    const bool numeric = counts_as_number(j, got);
    if (j.mismatch != Mismatch::none) ++mismatches[static_cast<int>(j.mismatch)];
    if (numeric) {
      this->sum_ulp += sum_ulp;
      ++compared;
      ++histogram[histogram_bin(sum_ulp)];
      if (!max_candidate) return is_violation(cfg, j);
      if (j.ulp > max_ulp) {  // strict: the earliest input keeps a tie
        max_ulp = j.ulp;
        argmax_bits = x_bits;
        argmax_second_bits = a_bits;
        argmax_got = got;
      }
      double& region_max = j.exact_subnormal ? max_subnormal : max_normal;
      region_max = std::max(region_max, j.ulp);
    }
    return is_violation(cfg, j);
  }

  // A numeric judgement with no mismatch, known to lie below the maxima and
  // within the bound, in histogram bin `bin` (the tiered loop's common case).
  void add_below_max(double ulp, int bin) {
    ++count;
    sum_ulp += ulp;
    ++compared;
    ++histogram[bin];
  }

  static bool is_violation(const SweepConfig& cfg, const Judgement& j) {
    switch (j.mismatch) {
      case Mismatch::none:
        return cfg.bound && j.ulp > *cfg.bound && (cfg.judge_subnormal || !j.exact_subnormal);
      case Mismatch::signed_zero: return cfg.strict_zero;
      default: return true;
    }
  }

  void merge(const Accumulator& o, size_t max_cex) {
    if (o.stability.max_ratio > stability.max_ratio) stability = o.stability;
    count += o.count;
    if (o.max_ulp > max_ulp) {  // strict: the earliest input keeps a tie
      max_ulp = o.max_ulp;
      argmax_bits = o.argmax_bits;
      argmax_second_bits = o.argmax_second_bits;
      argmax_got = o.argmax_got;
    }
    max_normal = std::max(max_normal, o.max_normal);
    max_subnormal = std::max(max_subnormal, o.max_subnormal);
    sum_ulp += o.sum_ulp;
    compared += o.compared;
    for (size_t i = 0; i < mismatches.size(); ++i) mismatches[i] += o.mismatches[i];
    for (size_t i = 0; i < histogram.size(); ++i) histogram[i] += o.histogram[i];
    violations += o.violations;
    binade_unresolved += o.binade_unresolved;
    tiers.fast += o.tiers.fast;
    tiers.mpfr += o.tiers.mpfr;
    tiers.max_halfwidth = std::max(tiers.max_halfwidth, o.tiers.max_halfwidth);
    for (const auto& c : o.counterexamples)
      if (counterexamples.size() < max_cex) counterexamples.push_back(c);
  }
};

}  // namespace numstab
