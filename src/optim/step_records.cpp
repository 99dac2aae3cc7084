#include "src/optim/step_records.hpp"

#include <random>
#include <set>

#include <fmt/format.h>

#include "src/optim/registry.hpp"

namespace numstab::optim {

StepSummary measure_optimizer_steps(std::string_view name, Format f, bool master, uint64_t seed, uint64_t cases) {
  set_real_precision(256);
  StepSummary s;
  GradientRecord& r = s.record;
  r.op = std::string(name);
  r.format = spec(f).name;
  r.kernel = master ? "reference_f32_master" : "reference";
  r.part = "step";
  r.reference = "oracle";
  r.seed = seed;
  r.bound_unit = "ulp";
  r.bound_source =
      "running error bound (Wilkinson) of the update's roundings: each rounded operation adds "
      "u|z| + 2^(emin-p), propagated exactly to first order through the later operations "
      "(oracles/optim/oracle.hpp); ~0.5 + (k-1) ULP for k roundings when nothing cancels";
  // Independent streams per optimizer and format, reproducible from `seed`.
  std::seed_seq seq{seed, static_cast<uint64_t>(std::hash<std::string_view>{}(name)),
                    static_cast<uint64_t>(f), static_cast<uint64_t>(master)};
  std::mt19937_64 engine(seq);
  const Draw draw = [&engine] { return engine(); };
  double worst_ratio = -1, sum_ulp = 0;
  std::set<std::string> hazard_names;
  for (uint64_t k = 0; k < cases; ++k) {
    const StepCase c = make_step_case(name, f, master, draw);
    const StepCheck check = check_step(c, f, master);
    ++r.cases;
    if (check.hazards.any()) {
      ++s.hazard_steps;
      for (const auto& h : check.hazards.names()) hazard_names.insert(h);
    }
    r.max_normwise = std::max(r.max_normwise, check.normwise);
    for (size_t i = 0; i < check.elements.size(); ++i) {
      const ElementCheck& e = check.elements[i];
      ++r.elements;
      if (!(e.bound_ulp < INFINITY)) {
        ++s.unbounded;
        continue;
      }
      ++s.bounded;
      const bool ok = e.within();
      if (!ok) ++s.violations;
      const double ulp = e.judgement.mismatch == Mismatch::none || e.judgement.mismatch == Mismatch::signed_zero
                             ? e.judgement.ulp : INFINITY;
      sum_ulp += ulp;
      r.max_ulp = std::max(r.max_ulp, ulp);
      const double ratio = e.bound_ulp > 0 ? ulp / e.bound_ulp : (ulp > 0 ? INFINITY : 0);
      if (ratio > worst_ratio) {
        worst_ratio = ratio;
        r.error = ulp;
        r.bound = e.bound_ulp;
        r.where = describe_element(c, check, i, f);
      }
    }
  }
  s.mean_ulp = s.bounded ? sum_ulp / static_cast<double>(s.bounded) : 0;
  for (const auto& h : hazard_names) s.hazard_names += (s.hazard_names.empty() ? "" : ",") + h;
  r.passed = s.violations == 0;
  return s;
}

std::vector<StepSummary> optimizer_step_summaries(uint64_t seed, bool quick) {
  const uint64_t cases = quick ? 300 : 3000;
  std::vector<StepSummary> out;
  for (const std::string& name : optimizer_names()) {
    for (Format f : kAllFormats) out.push_back(measure_optimizer_steps(name, f, false, seed, cases));
    for (Format f : {Format::f16, Format::bf16}) out.push_back(measure_optimizer_steps(name, f, true, seed, cases));
  }
  return out;
}

std::vector<GradientRecord> optimizer_step_records(uint64_t seed, bool quick) {
  std::vector<GradientRecord> out;
  for (const auto& s : optimizer_step_summaries(seed, quick)) out.push_back(s.record);
  return out;
}

}  // namespace numstab::optim
