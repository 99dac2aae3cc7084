// report: the whole catalog in every format, with the kernel sets, library
// records, experiments, plots and the baseline gate.
#include <unistd.h>

#include "reports/report.hpp"
#include "src/cli/common.hpp"

namespace numstab::cli {

namespace {

class ReportCommand : public Command {
 public:
  explicit ReportCommand(CLI::App& parser)
      : Command(parser.add_subcommand("report", "measure the whole catalog, every format")) {
    app->add_option("--out", o.out_dir, "output folder")->capture_default_str();
    app->add_flag("--quick", o.quick, "fewer samples for f32 and f64 (the CI gate's mode)");
    app->add_option("--seed", o.seed, "seed of the sampler")->capture_default_str()->check(kUnsigned);
    app->add_option("--threads", o.threads, "worker threads (0: all cores)")->check(CLI::Range(0, 4096));
    app->add_option("--op", o.ops, "only this op (repeatable; default: the whole catalog)");
    app->add_option("--kernel-set", o.kernel_sets,
                    "JSON file naming third-party kernels per op and format, measured beside the "
                    "reference (repeatable; reports/kernel_sets/glibc.json)");
    app->add_option("--library-records", o.library_records,
                    "folder of certify records (JSON) of third-party libraries, shown side by side "
                    "(written by the exhaustive tier's library suites)");
    app->add_flag("--no-plots", no_plots, "skip the plot samples and gnuplot");
    app->add_flag("--no-experiments", no_experiments,
                  "leave out the gradients and divergence sections (also left out with --op)");
    app->add_option("--plot-points", o.plot_points,
                    "inputs per op and format re-evaluated for the ULP-against-input plots")
        ->capture_default_str()
        ->check(kUnsigned)
        ->check(CLI::Range(uint64_t{0}, uint64_t{1000000}));
    app->add_option("--check-baseline", o.check_baseline,
                    "exit 1 when an entry regressed against this baseline (reports/baseline.json)");
    app->add_option("--update-baseline", o.update_baseline, "rewrite this baseline file from this run");
    app->add_option("--tolerance", o.tolerance_ulp, "ULP a max (or an error in u) may exceed its baseline by")
        ->capture_default_str()
        ->check(kFinite)
        ->check(CLI::NonNegativeNumber);
    app->add_option("--relative-tolerance", o.tolerance_relative,
                    "relative amount a gap to theory or a bound may move the wrong way")
        ->capture_default_str()
        ->check(kFinite)
        ->check(CLI::NonNegativeNumber);
  }
  int run() override {
    o.plots = !no_plots;
    o.experiments = !no_experiments;
    o.progress = isatty(STDERR_FILENO);
    std::string sets;
    for (const auto& k : o.kernel_sets) sets += (sets.empty() ? "of the kernel set " : ", ") + k;
    return run_foreign(sets, false, "", [&] { return run_report(o); });
  }

 private:
  ReportOptions o;
  bool no_plots = false, no_experiments = false;
};

}  // namespace

std::unique_ptr<Command> report_command(CLI::App& parser) { return std::make_unique<ReportCommand>(parser); }

}  // namespace numstab::cli
