// `numstab report`: the whole catalog, every format, the reference kernels.
// Writes report.json (deterministic: the same seed gives the same bytes for
// any thread count), timing.json (wall-clock times, kept apart for that
// reason), report.md and index.html (one self-contained page, gnuplot SVG
// plots inline), and optionally checks or rewrites the CI baseline.
#pragma once
#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

namespace numstab {

// How far a max ULP figure may exceed its baseline before the gate fails.
// Runs are deterministic (same seed, same inputs, 256-bit oracle), so on one
// toolchain the figures repeat bit for bit; the tolerance only absorbs a host
// whose libm or CPU dispatch changes the last bit of a reference kernel's wide
// intermediate (about 2^-11 ULP for f64 via long double, 2^-29 ULP for the
// others), with margin. It is far below any change worth knowing about.
inline constexpr double kBaselineToleranceUlp = 1.0 / 256;
// How far a figure that is not in ULP may move the wrong way, relative: the
// relative gap of a measured learning-rate threshold, rate or critical
// variance to its theory, a fixed point's distance from its theory, a
// gradient record's bound. Deterministic runs repeat these bit for bit too;
// a host's libm moves the inputs they are made from by ~1e-16 relative, and
// 2^-30 (~9.3e-10) is far above that and far below the resolution of the
// bisected thresholds (~6e-5) and the f32 rates' gaps (~1e-8).
inline constexpr double kBaselineToleranceRelative = 0x1p-30;

// f32 and f64 inputs per entry (seeded samples); f16 and bf16 are exhaustive.
inline constexpr uint64_t kQuickSamples = 20000;
inline constexpr uint64_t kFullSamples = 100000;
// Inputs per op and format re-evaluated for the "ULP error against input" plots.
inline constexpr uint64_t kPlotPoints = 2000;

struct ReportOptions {
  std::string out_dir = "numstab-report";
  bool quick = false;
  uint64_t seed = 1;
  int threads = 0;                // 0: all cores
  std::vector<std::string> ops;   // empty: the whole catalog
  std::vector<std::string> kernel_sets;  // JSON files (reports/kernel_set.hpp), measured beside the reference
  std::string library_records;  // folder of third-party certify records (reports/libraries.hpp)
  bool plots = true;              // false: no plot samples, no gnuplot
  bool experiments = true;        // false: empty gradients and divergence sections
  uint64_t plot_points = kPlotPoints;
  std::string gnuplot = "gnuplot";  // program run for the figures (looked up on PATH)
  std::string check_baseline;     // baseline to gate on (empty: no gate)
  std::string update_baseline;    // baseline file to rewrite (empty: none)
  double tolerance_ulp = kBaselineToleranceUlp;
  double tolerance_relative = kBaselineToleranceRelative;
  bool progress = false;          // progress lines on stderr
};

// Returns the exit status: 0, or 1 when the baseline gate finds a regression.
// The table and the gate's lines go to `out`, notes (no gnuplot) to `err`.
// Throws UsageError for bad options or unwritable files.
int run_report(const ReportOptions& options, std::ostream& out, std::ostream& err);
int run_report(const ReportOptions& options);

}  // namespace numstab
