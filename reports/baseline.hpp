// The CI regression gate: a committed baseline (reports/baseline.json) of
// every section of report.json that holds measurements (entries, gradients,
// divergence, thresholds: reports/baseline_sections.hpp says what each holds),
// and the check of a report against it.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "reports/baseline_sections.hpp"

namespace numstab {

// The baseline of a report: per record of each section its identity, how it
// was measured and what the gate holds it to.
nlohmann::json make_baseline(const nlohmann::json& report);
// Writes one record per line (valid JSON that diffs line by line).
void write_baseline(const std::string& path, const nlohmann::json& baseline);
// UsageError naming the file when it is missing, not JSON, or not a baseline:
// a section missing, a field unknown, missing or of the wrong type, a
// negative count, two records of one name, a record that holds no figure.
nlohmann::json read_baseline(const std::string& path);
// The same checks on a parsed baseline; `path` names it in the error.
void validate_baseline(const nlohmann::json& baseline, const std::string& path);

struct GateResult {
  std::vector<std::string> regressions;  // one line each
  std::vector<std::string> notes;        // new records, improvements, skipped records
  size_t checked = 0;                    // baseline records compared
};

// Regressions: a figure worse than its baseline beyond the tolerance (per
// section: reports/baseline_sections.cpp), a baseline record missing from the
// report, a record measured differently from its baseline. When `only_ops` is
// not empty (`--op`), baseline records of other ops are skipped, and so are
// the gradients and divergence sections (such a report has none).
GateResult check_baseline(const nlohmann::json& report, const nlohmann::json& baseline, const GateTolerances& tol,
                          const std::vector<std::string>& only_ops);

}  // namespace numstab
