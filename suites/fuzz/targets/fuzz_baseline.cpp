// libFuzzer target: the baseline reader of `report --check-baseline FILE`
// (reports/baseline.cpp) and the gate on what it accepts: a baseline that
// passes validation must be usable by the gate without any other exception.
// The report it is checked against is a real one (suites/fuzz/gate_report.json:
// `numstab report --op tanh --quick --no-plots --no-experiments`), the seed
// corpus's tanh_quick.json its baseline.
#include <cstdint>
#include <fstream>

#include "reports/baseline.hpp"
#include "reports/report.hpp"
#include "src/errors.hpp"
#include "targets/scratch.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const nlohmann::json report = [] {
    std::ifstream in(NUMSTAB_FUZZ_GATE_REPORT);
    return nlohmann::json::parse(in);
  }();
  const std::string path = numstab::fuzz::scratch_file("baseline.json", data, size);
  nlohmann::json baseline;
  try {
    baseline = numstab::read_baseline(path);
  } catch (const numstab::UsageError&) {
    return 0;
  }
  const numstab::GateTolerances tol{numstab::kBaselineToleranceUlp, numstab::kBaselineToleranceRelative};
  (void)numstab::check_baseline(report, baseline, tol, {});
  (void)numstab::check_baseline(report, baseline, tol, {"tanh"});
  return 0;
}
