#include "reports/report.hpp"

#include <omp.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>

#include <fmt/format.h>

#include "reports/stopwatch.hpp"
#include "src/io/output.hpp"
#include <nlohmann/json.hpp>

#include "reports/baseline.hpp"
#include "reports/experiments.hpp"
#include "reports/gnuplot.hpp"
#include "reports/html.hpp"
#include "reports/kernel_set.hpp"
#include "reports/libraries.hpp"
#include "reports/markdown.hpp"
#include "reports/measure.hpp"
#include "src/catalog.hpp"
#include "src/errors.hpp"
#include "src/mpi/exchange.hpp"
#include "src/record.hpp"

namespace numstab {

namespace {

using nlohmann::json;

// Everything measured and nothing timed: the same seed gives the same bytes
// for any thread count.
json report_json(const std::vector<Measurement>& ms, const ReportOptions& o,
                 const std::vector<KernelSet>& kernel_sets, const ExperimentSections& experiments) {
  json entries = json::array(), thresholds = json::array();
  for (const auto& m : ms) {
    json e = to_json(m.record);
    e.erase("seconds");  // timing.json
    e.erase("oracle_tiers");  // depends on scheduling, like the time
    json t = to_json(m.thresholds);
    if (m.kernel_set != "reference") e["kernel_set"] = t["kernel_set"] = m.kernel_set;
    if (o.plots) e["plot_sample"] = {{"inputs", m.sample.drawn}, {"excluded", m.sample.excluded}};
    entries.push_back(e);
    thresholds.push_back(t);
  }
  const unsigned oracle_bits = ms.empty() ? SweepConfig{}.oracle_bits : ms.front().record.oracle_bits;
  json sets = json::array();
  for (const auto& k : kernel_sets)
    sets.push_back({{"name", k.name}, {"file", std::filesystem::path(k.path).filename().string()}});
  return {{"numstab_version", NUMSTAB_VERSION},
          {"run", {{"kernel", "reference"}, {"kernel_sets", sets}, {"seed", o.seed}, {"quick", o.quick},
                   {"samples", samples_per_entry(o.quick)}, {"exhaustive_formats", {"f16", "bf16"}},
                   {"oracle_bits", oracle_bits}, {"plot_points", o.plots ? o.plot_points : 0}}},
          {"entries", entries},
          {"gradients", experiments.gradients},
          {"divergence", experiments.divergence},
          {"thresholds", thresholds}};
}

json timing_json(const std::vector<Measurement>& ms, const ExperimentSections& experiments, int threads,
                 double total, double figures) {
  json entries = json::array();
  double sweeps = 0, thresholds = 0, samples = 0;
  for (const auto& m : ms) {
    entries.push_back({{"op", m.record.op}, {"format", m.record.format}, {"kernel", m.record.kernel},
                       {"sweep_seconds", m.sweep_seconds}, {"threshold_seconds", m.threshold_seconds},
                       {"plot_sample_seconds", m.sample_seconds}});
    sweeps += m.sweep_seconds;
    thresholds += m.threshold_seconds;
    samples += m.sample_seconds;
  }
  return {{"numstab_version", NUMSTAB_VERSION}, {"threads", threads}, {"total_seconds", total},
          {"sweep_seconds", sweeps}, {"threshold_seconds", thresholds},
          {"plot_sample_seconds", samples}, {"figure_seconds", figures},
          {"gradient_seconds", experiments.gradient_seconds},
          {"divergence_seconds", experiments.divergence_seconds}, {"entries", entries}};
}

// Replaced whole or not at all: a full disk never leaves a report.json that looks valid.
void write_file(const std::filesystem::path& path, const std::string& text) {
  write_file_atomically(path.string(), text);
}

}  // namespace

int run_report(const ReportOptions& o, std::ostream& out, std::ostream& err) {
  if (!(o.tolerance_ulp >= 0) || !std::isfinite(o.tolerance_ulp))
    throw UsageError("--tolerance must be a non-negative number of ULP");
  if (!(o.tolerance_relative >= 0) || !std::isfinite(o.tolerance_relative))
    throw UsageError("--relative-tolerance must be a non-negative number");
  if (o.plot_points > 1000000) throw UsageError("--plot-points must be at most 1000000");
  for (const auto& op : o.ops) require_op(op);  // before any output
  std::vector<KernelSet> kernel_sets;
  for (const auto& path : o.kernel_sets) kernel_sets.push_back(read_kernel_set(path));
  // Read the baseline first: a wrong path fails before minutes of measuring.
  const json baseline = o.check_baseline.empty() ? json() : read_baseline(o.check_baseline);
  // Third-party records too: a missing one fails before the measuring.
  std::optional<LibraryTable> libraries;
  if (!o.library_records.empty()) libraries = read_library_table(o.library_records);
  const std::filesystem::path dir = o.out_dir;
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw UsageError(fmt::format("cannot create '{}': {}", o.out_dir, ec.message()));

  const auto start = std::chrono::steady_clock::now();
  const std::vector<Measurement> ms = measure_catalog(o, kernel_sets, out);
  const ExperimentSections experiments = run_experiments(o);
  const json report = report_json(ms, o, kernel_sets, experiments);
  // Under MPI the ranks measured together; rank 0 alone writes (the gate's
  // status is the same on every rank).
  if (!writes_output())
    return o.check_baseline.empty() || check_baseline(report, baseline, {o.tolerance_ulp, o.tolerance_relative}, o.ops)
                                           .regressions.empty() ? 0 : 1;
  write_file(dir / "report.json", report.dump(2) + "\n");

  const auto figures_start = std::chrono::steady_clock::now();
  Figures figs;
  std::vector<Measurement> reference_only;
  for (const auto& m : ms)
    if (m.kernel_set == "reference") reference_only.push_back(m);
  if (o.plots) figs = make_figures(reference_only, report, o.out_dir, o.gnuplot);
  else figs.note = "plots were not drawn (--no-plots)";
  if (o.plots && !figs.note.empty()) err << "numstab: " << figs.note << "\n";
  const double figure_seconds = o.plots ? seconds_since(figures_start) : 0;
  const json timing = timing_json(ms, experiments, o.threads > 0 ? o.threads : omp_get_max_threads(),
                                  seconds_since(start), figure_seconds);
  write_file(dir / "timing.json", timing.dump(2) + "\n");
  write_file(dir / "report.md",
             markdown_report(report, timing) + (libraries ? library_markdown(*libraries) : ""));
  const std::string page = html_page(report, timing, figs);
  write_file(dir / "index.html", libraries ? with_library_html(page, *libraries) : page);
  out << fmt::format("wrote {0}/report.json, {0}/report.md, {0}/index.html, {0}/timing.json "
                     "({1} entries, {2:.1f} s, {3} threads)\n",
                     o.out_dir, ms.size(), timing.at("total_seconds").get<double>(),
                     timing.at("threads").get<int>());

  int status = 0;
  if (!o.check_baseline.empty()) {
    const GateResult g = check_baseline(report, baseline, {o.tolerance_ulp, o.tolerance_relative}, o.ops);
    for (const auto& line : g.regressions) out << "regression: " << line << "\n";
    for (const auto& line : g.notes) out << "note: " << line << "\n";
    out << fmt::format("baseline {}: {} records checked, {} regression{} (tolerance {} ULP, relative {}): {}\n",
                       o.check_baseline, g.checked, g.regressions.size(),
                       g.regressions.size() == 1 ? "" : "s", o.tolerance_ulp, o.tolerance_relative,
                       g.regressions.empty() ? "PASS" : "FAIL");
    status = g.regressions.empty() ? 0 : 1;
  }
  if (!o.update_baseline.empty()) {
    const json b = make_baseline(report);
    write_baseline(o.update_baseline, b);
    size_t records = 0;
    for (const SectionSpec& s : gate_sections()) records += b.at(s.name).size();
    out << fmt::format("wrote baseline {} ({} records)\n", o.update_baseline, records);
  }
  // The gate's verdict is on stdout: a lost line is an error, never a silent 0.
  errno = 0;
  out.flush();
  if (!out) throw UsageError(fmt::format("cannot write to standard output: {}", std::strerror(errno ? errno : EIO)));
  return status;
}

int run_report(const ReportOptions& o) { return run_report(o, std::cout, std::cerr); }

}  // namespace numstab
