// The CI regression gate: a committed baseline (reports/baseline.json) of
// every entry's maxima and mismatch counts, and the check of a report against it.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace numstab {

// The baseline of a report: per entry its identity (op, format, kernel), how
// it was measured (mode, inputs, seed) and what the gate holds it to.
nlohmann::json make_baseline(const nlohmann::json& report);
// Writes one entry per line (valid JSON that diffs line by line).
void write_baseline(const std::string& path, const nlohmann::json& baseline);
// UsageError when missing or malformed.
nlohmann::json read_baseline(const std::string& path);

struct GateResult {
  std::vector<std::string> regressions;  // one line each
  std::vector<std::string> notes;        // new entries, improvements, skipped entries
  size_t checked = 0;                    // baseline entries compared
};

// Regressions: a max ULP (overall, normal or subnormal results) above its
// baseline by more than `tolerance_ulp`; a mismatch count above its baseline;
// a baseline entry missing from the report; an entry measured differently
// (mode, inputs or seed) from its baseline. When `only_ops` is not empty,
// baseline entries of other ops are skipped (the report did not measure them).
GateResult check_baseline(const nlohmann::json& report, const nlohmann::json& baseline,
                          double tolerance_ulp, const std::vector<std::string>& only_ops);

}  // namespace numstab
