// The measurements behind a report: for each op and format, the sweep's
// record, the thresholds, and a thinned sample of (input, ULP error) points
// re-evaluated for the plots (the sweep keeps no per-input data).
#pragma once
#include <cstdint>
#include <iosfwd>
#include <vector>

#include "reports/kernel_set.hpp"
#include "reports/report.hpp"
#include "src/sweep.hpp"
#include "src/thresholds.hpp"

namespace numstab {

struct PlotPoint {
  uint64_t x_bits;  // the input x (a binary op's first operand), as the format's bits
  double ulp;
};

// Every (drawn / count)-th input of the sweep's own input source, in order.
struct PlotSample {
  std::vector<PlotPoint> points;  // inputs judged numerically
  uint64_t drawn = 0;             // inputs evaluated
  uint64_t excluded = 0;          // no number to plot: mismatches, NaN where undefined
};

struct Measurement {
  Record record;
  std::string kernel_set = "reference";  // or the name of the --kernel-set it came from
  Thresholds thresholds;
  PlotSample sample;
  double sweep_seconds = 0, threshold_seconds = 0, sample_seconds = 0;
};

// Inputs of an f32 or f64 entry in this mode (16-bit formats are exhaustive).
uint64_t samples_per_entry(bool quick);

// The catalog (or options.ops) x every format, reference kernels and the
// kernels of options.kernel_sets, in catalog order. One line per entry goes to
// `table` as it completes.
std::vector<Measurement> measure_catalog(const ReportOptions& options,
                                         const std::vector<KernelSet>& kernel_sets, std::ostream& table);

}  // namespace numstab
