#include "src/cli.hpp"

#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "src/catalog.hpp"
#include "src/data/data_file.hpp"
#include "src/isolate/guard.hpp"
#include "src/isolate/isolate.hpp"
#include "src/isolate/supervisor.hpp"
#include "src/dynamics/diverge_command.hpp"
#include "src/gradcheck/gradcheck.hpp"
#include "src/errors.hpp"
#include "src/frameworks/framework.hpp"
#include "src/io/fingerprint.hpp"
#include "src/io/output.hpp"
#include "src/loader.hpp"
#include "src/mpi/exchange.hpp"
#include "reports/report.hpp"
#include "src/record.hpp"
#include "src/thresholds.hpp"

namespace numstab {

namespace {

struct RunOptions {
  std::string op, format, kernel = "reference", abi = "scalar", json_path;
  std::string isa, position = "body";  // --kernel torch | onednn
  bool no_position_check = false;
  std::optional<std::string> range;
  bool exhaustive = false, thresholds = false, stability = false;
  uint64_t samples = 100000, seed = 1;
  int threads = 0;
  unsigned oracle_bits = 256;
  std::vector<std::string> params;
  // certify
  double max_ulp = 0;
  std::string subnormal = "judge";
  bool strict_zero = false;
  size_t counterexamples = 10;
  // #6: exhaustive f32 at speed
  std::string oracle = "tiered", data_path, checkpoint;
  bool isolate = false;
  double block_timeout = 10;
};

// CLI11 converts "-5" into an unsigned as 2^64 - 5 and saturates a decimal
// beyond 2^64 - 1 to it: refuse the text instead.
const CLI::Validator kUnsigned(
    [](std::string& text) {
      if (!text.empty() && text.front() == '-') return std::string("must not be negative");
      if (!text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        uint64_t v = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (ec != std::errc() || end != text.data() + text.size()) return std::string("does not fit in 64 bits");
      }
      return std::string();
    },
    "UINT");

// CLI11's Range lets NaN through (every comparison with it is false): a
// --block-timeout nan would never time out.
const CLI::Validator kFinite(
    [](std::string& text) {
      return std::isfinite(std::strtod(text.c_str(), nullptr)) ? std::string() : std::string("must be a finite number");
    },
    "FINITE");

void add_run_options(CLI::App* cmd, RunOptions& o) {
  cmd->add_option("--op", o.op, "op name (see 'numstab list')")->required();
  cmd->add_option("--format", o.format, "f64, f32, f16 or bf16")->required();
  cmd->add_option("--kernel", o.kernel,
                  "'reference', LIB:SYMBOL, or a framework's kernel: 'torch' (ATen) or 'onednn' "
                  "(see 'numstab list --kernels')")
      ->capture_default_str();
  cmd->add_option("--isa", o.isa,
                  "--kernel torch|onednn: the instruction set the framework runs (torch: default, avx2, "
                  "avx512; onednn: its maximum, sse41, avx, avx2, avx512_core); absent: the framework's choice");
  cmd->add_option("--position", o.position,
                  "--kernel torch|onednn: body: inputs in the vector body of the framework's loop; tail: "
                  "every input in its scalar or masked tail")
      ->capture_default_str();
  cmd->add_option("--abi", o.abi, "scalar: T f(T); batch: void f(const T*, T*, size_t)")
      ->capture_default_str();
  cmd->add_flag("--no-position-check", o.no_position_check,
                "--kernel torch|onednn: skip computing every input in both positions (the record says so); "
                "oneDNN's tail is calls of 7 inputs, slow over all 2^32 f32 inputs");
  auto* ex = cmd->add_flag("--exhaustive", o.exhaustive, "every input of the format (or of --range)");
  auto* samples = cmd->add_option("--samples", o.samples, "number of seeded sampled inputs (at most 2^48)")
      ->capture_default_str()
      ->check(kUnsigned)
      ->check(CLI::Range(uint64_t{1}, uint64_t{1} << 48))
      ->excludes(ex);
  cmd->add_option("--range", o.range, "LO:HI, inclusive; decimal or hexfloat");
  auto* seed = cmd->add_option("--seed", o.seed, "seed of the sampler")->capture_default_str()->check(kUnsigned);
  cmd->add_option("--threads", o.threads, "worker threads (0: all cores)")
      ->capture_default_str()
      ->check(CLI::Range(0, 4096));
  cmd->add_option("--param", o.params, "op parameter, name=value (repeatable)");
  cmd->add_option("--oracle-bits", o.oracle_bits, "precision of the MPFR oracle")
      ->capture_default_str()
      ->check(CLI::Range(64u, 100000u));
  cmd->add_option("--json", o.json_path, "write the JSON record to FILE ('-': stdout)");
  cmd->add_flag("--stability", o.stability,
                "also report the error divided by (kappa + 1) u, kappa = |x f'(x)/f(x)|: an "
                "ill-conditioned input is told apart from an unstable kernel (3x the oracle work)");
  cmd->add_option("--oracle", o.oracle,
                  "tiered: the op's fast tier decides where its enclosure settles the judgement, MPFR "
                  "elsewhere, and the record is checked against every MPFR judgement (same result); "
                  "mpfr: MPFR at every input")
      ->capture_default_str();
  auto* data = cmd->add_option("--data", o.data_path,
                               "certify outputs computed elsewhere: a .npy array of (input, output) "
                               "pairs ((x, a, output) for a binary op); f16/bf16 as uint16 bit patterns");
  data->excludes(ex);
  data->excludes(samples);  // the file's inputs are the inputs: nothing is drawn
  data->excludes(seed);
  cmd->add_flag("--isolate", o.isolate,
                "run the kernel in a child process: a crash or hang is reported with its inputs");
  cmd->add_option("--block-timeout", o.block_timeout,
                  "with --isolate: seconds one block of inputs may take before the kernel counts as hung")
      ->capture_default_str()
      ->check(kFinite)
      ->check(CLI::Range(0.001, 86400.0));
  cmd->add_option("--checkpoint", o.checkpoint,
                  "resume file: finished chunks are appended; a rerun of the same command skips them");
  cmd->add_flag("--thresholds", o.thresholds,
                "also find where the exact result overflows or underflows and where the kernel "
                "first gives inf/NaN (the record's \"thresholds\")");
}

// '-' is stdout; a file is replaced whole or not at all (src/io/output.hpp).
void write_json(const std::string& path, const nlohmann::json& j) {
  if (path.empty() || !writes_output()) return;  // under MPI, rank 0 writes
  if (path == "-") write_stdout(j.dump(2) + "\n");
  else write_file_atomically(path, j.dump(2) + "\n");
}

Format require_format(const std::string& name) {
  if (auto f = parse_format(name)) return *f;
  throw UsageError(fmt::format("unknown format '{}' (known: f64, f32, f16, bf16)", name));
}

// Everything about a measure or certify invocation that can be checked
// without loading a kernel or reading a file.
struct SweepPlan {
  const OpInfo* op = nullptr;
  Format format = Format::f32;
  std::optional<Range> range;
  SweepConfig cfg;
};

SweepPlan plan_sweep(const RunOptions& o, bool certify) {
  SweepPlan plan;
  const OpInfo& op = require_op(o.op);
  const Format f = require_format(o.format);
  plan.op = &op;
  plan.format = f;
  std::optional<Range>& range = plan.range;
  if (o.range) range = parse_range(*o.range);
  if (certify && !(o.max_ulp >= 0)) throw UsageError("--max-ulp must be a non-negative number");
  if (o.subnormal != "judge" && o.subnormal != "ignore")
    throw UsageError(fmt::format("--subnormal '{}' (expected judge or ignore)", o.subnormal));
  if (!o.exhaustive && o.samples == 0) throw UsageError("--samples must be at least 1");
  if (o.exhaustive && f == Format::f64 && !range)
    throw UsageError("--exhaustive over all of f64 (2^64 inputs) never ends: give a --range");

  SweepConfig& cfg = plan.cfg;
  cfg.op = &op;
  cfg.params = op.resolve_params(o.params);
  cfg.format = f;
  cfg.oracle_bits = o.oracle_bits;
  cfg.threads = o.threads;
  cfg.seed = o.seed;
  cfg.progress = isatty(STDERR_FILENO);
  cfg.stability = o.stability;
  if (certify) {
    cfg.bound = o.max_ulp;
    cfg.judge_subnormal = o.subnormal == "judge";
    cfg.strict_zero = o.strict_zero;
    cfg.max_counterexamples = o.counterexamples;
  }
  if (o.oracle != "tiered" && o.oracle != "mpfr")
    throw UsageError(fmt::format("--oracle '{}' (expected tiered or mpfr)", o.oracle));
  cfg.tiered = o.oracle == "tiered";
  cfg.checkpoint = o.checkpoint;
  if (!o.data_path.empty() && (o.kernel != "reference" || range || o.isolate || o.thresholds))
    throw UsageError("--data certifies recorded outputs: no --kernel, --range, --isolate or --thresholds with it");
  parse_abi(o.abi);
  const bool framework = frameworks::is_framework(o.kernel);
  if (!framework && (!o.isa.empty() || o.position != "body" || o.no_position_check))
    throw UsageError("--isa, --position and --no-position-check are for --kernel torch or onednn");
  frameworks::parse_position(o.position);
  return plan;
}

// What a framework kernel's record adds: the framework, its version, the call
// and the ISA path that ran, and which inputs give another output in the tail
// of a call than in its vector body (with both values).
void add_framework(nlohmann::json& record, std::string& text, const Kernel& kernel, const InputSource& source,
                   Format f, bool check_position) {
  nlohmann::json fw = kernel.describe();
  if (!check_position) {
    fw["position_dependence"] = "not checked (--no-position-check)";
    text += fmt::format("framework: {} {}, {}, isa {}, position {}; position dependence not checked\n",
                        fw["framework"].get<std::string>(), fw["version"].get<std::string>(),
                        fw["call"].get<std::string>(), fw["isa"].get<std::string>(), fw["position"].get<std::string>());
    record["framework"] = fw;
    return;
  }
  fw["position_dependence"] = frameworks::position_check(kernel, source, f);
  const auto& pos = fw["position_dependence"];
  text += fmt::format("framework: {} {}, {}, isa {}{}, position {}\n", fw["framework"].get<std::string>(),
                      fw["version"].get<std::string>(), fw["call"].get<std::string>(), fw["isa"].get<std::string>(),
                      fw.contains("implementation") ? " (" + fw["implementation"].get<std::string>() + ")" : "",
                      fw["position"].get<std::string>());
  text += fmt::format(
      "position dependence: {} of {} inputs give another output in the tail than in the vector body "
      "({} only in the sign of a zero)\n",
      pos["differ"].get<uint64_t>(), pos["inputs"].get<uint64_t>(), pos["zero_sign_only"].get<uint64_t>());
  for (const auto& e : pos["examples"])
    text += fmt::format("  x = {} ({}): body {} ({}), tail {} ({})\n", e["x"]["hex"].get<std::string>(),
                        e["x"]["dec"].get<std::string>(), e["body"]["hex"].get<std::string>(),
                        e["body"]["dec"].get<std::string>(), e["tail"]["hex"].get<std::string>(),
                        e["tail"]["dec"].get<std::string>());
  record["framework"] = fw;
}

// measure and certify share everything but the bound and the exit status.
int run_sweep_command(const RunOptions& o, bool certify) {
  const SweepPlan plan = plan_sweep(o, certify);
  const OpInfo& op = *plan.op;
  const Format f = plan.format;
  const std::optional<Range>& range = plan.range;
  SweepConfig cfg = plan.cfg;
  const bool second_fixed =
      op.is_binary() && std::any_of(o.params.begin(), o.params.end(), [&](const std::string& a) {
        return a.rfind(op.second_operand_name() + "=", 0) == 0;
      });
  std::optional<DataSet> data;
  if (!o.data_path.empty()) data = load_data_file(o.data_path, op, f, second_fixed);
  const bool framework = frameworks::is_framework(o.kernel);
  Kernel kernel = data ? data->kernel
                : framework ? frameworks::framework_kernel(o.kernel, op, f, cfg.params,
                                                           {o.isa, frameworks::parse_position(o.position)})
                            : make_kernel(o.kernel, parse_abi(o.abi), op, f, cfg.params);
  if (!cfg.checkpoint.empty())
    cfg.origin = data ? "data " + file_fingerprint(o.data_path) : kernel_library_fingerprint(o.kernel);
  // The frameworks' kernels run the libraries' own code on tensors over these
  // buffers; guard pages are for arbitrary LIB:SYMBOL code.
  if (!framework) kernel = guard_kernel(kernel, f);
  if (o.isolate) kernel = isolate_kernel(kernel, f, o.block_timeout);
  const InputSource source =
      data ? data->source
           : InputSource::for_op(op, f, o.exhaustive ? Mode::exhaustive : Mode::samples, o.samples,
                                 o.seed, range, second_fixed);
  Record rec;
  nlohmann::json record;
  std::string text;
  try {
    rec = sweep(cfg, source, kernel);
    record = to_json(rec);
    text = to_text(rec);
    if (o.thresholds) {
      const Thresholds t = find_thresholds(op, f, cfg.params, kernel, o.oracle_bits);
      record["thresholds"] = to_json(t);
      text += to_text(t);
    }
    if (kernel.describe) add_framework(record, text, kernel, source, f, !o.no_position_check);
  } catch (const KernelFailure& e) {
    // A crash or hang is the kernel's failure: certify fails (1); measure has no record (2).
    discard_stale_record(o.json_path);
    std::cerr << "numstab: " << (certify ? "FAIL: " : "error: ") << e.what() << "\n";
    return certify ? 1 : 2;
  }
  write_json(o.json_path, record);
  if (o.json_path != "-") write_stdout(text);
  return certify && !rec.passed() ? 1 : 0;
}

nlohmann::json catalog_json() {
  nlohmann::json ops = nlohmann::json::array();
  for (const auto& op : catalog()) {
    nlohmann::json params = nlohmann::json::array();
    for (const auto& p : op.params)
      params.push_back({{"name", p.name}, {"default", p.default_value}, {"meaning", p.meaning}});
    nlohmann::json kinks = nlohmann::json::array();
    for (const auto& k : op.kinks) kinks.push_back({{"x", k.x}, {"convention", k.convention}});
    nlohmann::json e = {{"name", op.name}, {"summary", op.summary}, {"params", params},
                        {"domain", op.domain}, {"kinks", kinks},
                        {"formats", {"f64", "f32", "f16", "bf16"}}};
    if (!op.derivative_of.empty()) e["derivative_of"] = op.derivative_of;
    ops.push_back(e);
  }
  nlohmann::json composites = nlohmann::json::array();
  for (const auto& op : composite_catalog()) {
    nlohmann::json params = nlohmann::json::array();
    for (const auto& p : op.params)
      params.push_back({{"name", p.name}, {"default", p.default_value}, {"meaning", p.meaning}});
    composites.push_back({{"name", op.name}, {"kind", kind_name(op.kind)}, {"summary", op.summary},
                          {"params", params}, {"algorithms", op.algorithms}, {"notes", op.notes}});
  }
  return {{"numstab_version", NUMSTAB_VERSION}, {"ops", ops}, {"composite_ops", composites}};
}

int run_list(bool json, bool elementwise) {
  if (json) {
    write_stdout(catalog_json().dump(2) + "\n");
    return 0;
  }
  std::string text;
  // Names only, one a line: what measure and certify take (scripts loop over them).
  if (elementwise) {
    for (const auto& op : catalog()) text += op.name + "\n";
    write_stdout(text);
    return 0;
  }
  for (const auto& op : catalog()) text += fmt::format("{:<16} {} (domain: {})\n", op.name, op.summary, op.domain);
  for (const auto& op : composite_catalog()) {
    std::string variants;
    for (const auto& a : op.algorithms) variants += (variants.empty() ? " [" : ", ") + a;
    text += fmt::format("{:<16} {}: {}{}\n", op.name, kind_name(op.kind), op.summary,
                        variants.empty() ? "" : variants + "]");
  }
  write_stdout(text);
  return 0;
}

// One line on stderr and exit 2 for an error of the invocation or of its input.
int with_error_line(const std::function<int()>& body) {
  try {
    return body();
  } catch (const UsageError& e) {
    std::cerr << "numstab: error: " << e.what() << "\n";
  } catch (const std::exception& e) {
    std::cerr << "numstab: internal error: " << e.what() << "\n";
  }
  return 2;
}

// Foreign code (a kernel library) runs in a supervised worker process: no way
// it ends the process can pass for the run's exit status (src/isolate/supervisor.hpp).
int run_foreign(const std::string& kernels, bool certify, const std::string& json_path,
                const std::function<int()>& body) {
  // Under mpirun the ranks are the processes the launcher watches (a fork
  // after MPI_Init is not an MPI process): a rank that ends early fails the
  // run there (mpirun: "exited without calling finalize", nonzero status).
  if (kernels.empty() || chunk_exchange() != nullptr) return body();
  return run_supervised({kernels, certify, json_path}, [&] { return with_error_line(body); });
}

// gradcheck --kernel torch|onednn: the forward and the VJP are both the
// framework's (its VJP is its own backward of that forward).
void check_gradcheck_kernels(const gradcheck::GradcheckRequest& r, const std::string& isa) {
  const bool framework = frameworks::is_framework(r.kernel);
  if (frameworks::is_framework(r.grad_kernel) && r.grad_kernel != r.kernel)
    throw UsageError(fmt::format("--grad-kernel {} comes with --kernel {}: the framework's backward of its own forward",
                                 r.grad_kernel, r.grad_kernel));
  if (framework && r.grad_kernel != "reference" && r.grad_kernel != r.kernel)
    throw UsageError(fmt::format("--kernel {} checks the framework's own VJP: no --grad-kernel {} with it", r.kernel,
                                 r.grad_kernel));
  if (!framework && !isa.empty()) throw UsageError("--isa is for --kernel torch or onednn");
}

// Made in the process that runs them (the supervised worker), as the
// elementwise framework kernels are.
void use_framework_vector_kernels(gradcheck::GradcheckRequest& r, const std::string& isa) {
  if (!frameworks::is_framework(r.kernel)) return;
  frameworks::VectorKernels k = frameworks::framework_vector_kernels(r.kernel, r.op, r.format, isa);
  r.grad_kernel = r.kernel;
  r.forward_callable = std::move(k.forward);
  r.vjp_callable = std::move(k.vjp);
  r.framework = std::move(k.describe);
}

int run_sweep_supervised(const RunOptions& o, bool certify) {
  return run_foreign(o.kernel == "reference" ? "" : o.kernel, certify, o.json_path,
                     [&] { return run_sweep_command(o, certify); });
}

}  // namespace

namespace {

// dry_run: parse and validate, then stop before anything runs (no kernel
// loaded, no file read or written), and let an exception other than a usage
// error escape (the fuzz target of the parser counts it as a finding).
int parse_and_run(int argc, char** argv, bool dry_run) {
  CLI::App app{"numstab: accuracy and stability of deep-learning numerical kernels"};
  app.require_subcommand(1);
  app.set_version_flag("--version", NUMSTAB_VERSION);

  bool list_json = false, list_elementwise = false, list_kernels = false;
  auto* list = app.add_subcommand("list", "the op catalog");
  auto* json_flag = list->add_flag("--json", list_json, "as JSON");
  list->add_flag("--elementwise", list_elementwise,
                 "only the names of the elementwise ops (those measure and certify take), one a line")
      ->excludes(json_flag);
  list->add_flag("--kernels", list_kernels,
                 "the ops each framework kernel (--kernel torch, onednn) provides, and the call made");

  RunOptions measure_opts, certify_opts;
  auto* measure = app.add_subcommand("measure", "measure a kernel's error against the oracle");
  add_run_options(measure, measure_opts);
  auto* certify = app.add_subcommand("certify", "measure and hold the kernel to --max-ulp");
  add_run_options(certify, certify_opts);
  certify->add_option("--max-ulp", certify_opts.max_ulp, "the bound, in ULP")->required();
  certify->add_option("--subnormal", certify_opts.subnormal,
                      "judge: hold subnormal results to the bound too; ignore: report only")
      ->capture_default_str();
  certify->add_flag("--strict-zero", certify_opts.strict_zero, "a zero of the wrong sign fails");
  certify->add_option("--counterexamples", certify_opts.counterexamples,
                      "how many counterexamples to keep")
      ->capture_default_str()
      ->check(kUnsigned)
      ->check(CLI::Range(size_t{0}, size_t{1000000}));

  ReportOptions report_opts;
  auto* report = app.add_subcommand("report", "measure the whole catalog, every format");
  report->add_option("--out", report_opts.out_dir, "output folder")->capture_default_str();
  report->add_flag("--quick", report_opts.quick, "fewer samples for f32 and f64 (the CI gate's mode)");
  report->add_option("--seed", report_opts.seed, "seed of the sampler")
      ->capture_default_str()
      ->check(kUnsigned);
  report->add_option("--threads", report_opts.threads, "worker threads (0: all cores)")
      ->check(CLI::Range(0, 4096));
  report->add_option("--op", report_opts.ops, "only this op (repeatable; default: the whole catalog)");
  report->add_option("--kernel-set", report_opts.kernel_sets,
                     "JSON file naming third-party kernels per op and format, measured beside the "
                     "reference (repeatable; reports/kernel_sets/glibc.json)");
  report->add_option("--library-records", report_opts.library_records,
                     "folder of certify records (JSON) of third-party libraries, shown side by side "
                     "(written by the exhaustive tier's library suites)");
  bool no_plots = false, no_experiments = false;
  report->add_flag("--no-plots", no_plots, "skip the plot samples and gnuplot");
  report->add_flag("--no-experiments", no_experiments,
                   "leave out the gradients and divergence sections (also left out with --op)");
  report->add_option("--plot-points", report_opts.plot_points,
                     "inputs per op and format re-evaluated for the ULP-against-input plots")
      ->capture_default_str()
      ->check(kUnsigned)
      ->check(CLI::Range(uint64_t{0}, uint64_t{1000000}));
  report->add_option("--check-baseline", report_opts.check_baseline,
                     "exit 1 when an entry regressed against this baseline (reports/baseline.json)");
  report->add_option("--update-baseline", report_opts.update_baseline,
                     "rewrite this baseline file from this run");
  report->add_option("--tolerance", report_opts.tolerance_ulp,
                     "ULP a max (or an error in u) may exceed its baseline by")
      ->capture_default_str()
      ->check(kFinite)
      ->check(CLI::NonNegativeNumber);
  report->add_option("--relative-tolerance", report_opts.tolerance_relative,
                     "relative amount a gap to theory or a bound may move the wrong way")
      ->capture_default_str()
      ->check(kFinite)
      ->check(CLI::NonNegativeNumber);
  report->callback([&] {
    report_opts.plots = !no_plots;
    report_opts.experiments = !no_experiments;
    report_opts.progress = isatty(STDERR_FILENO);
  });

  dynamics::DivergeRequest diverge_req;
  std::string diverge_format = "f64", diverge_json;
  auto* diverge = app.add_subcommand(
      "diverge", "largest stable learning rate on a quadratic: measured by bisection vs theory");
  diverge->add_option("--optimizer", diverge_req.optimizer, "optimizer (sgd)")->capture_default_str();
  diverge->add_option("--param", diverge_req.params,
                      "optimizer parameter, name=value (repeatable): momentum, dampening, nesterov, ...");
  diverge->add_option("--L", diverge_req.L, "largest curvature (eigenvalue) of the quadratic")
      ->capture_default_str();
  diverge->add_option("--mu", diverge_req.mu, "smallest curvature (0: L / 10)")->capture_default_str();
  diverge->add_option("--format", diverge_format, "working format of the optimizer")->capture_default_str();
  diverge->add_option("--seed", diverge_req.seed, "seed of the quadratic's eigenvectors and start")
      ->capture_default_str()
      ->check(kUnsigned);
  diverge->add_option("--dim", diverge_req.dim, "dimension of the quadratic")
      ->capture_default_str()
      ->check(CLI::Range(1, 512));
  diverge->add_option("--json", diverge_json, "write the JSON record to FILE ('-': stdout)");

  gradcheck::GradcheckRequest grad_req;
  std::string grad_format, grad_json;
  auto* gradcheck = app.add_subcommand(
      "gradcheck", "a forward and VJP kernel pair against exact derivatives or finite differences");
  gradcheck->add_option("--op", grad_req.op, "vector op (softmax, log_softmax, logsumexp, ...)")->required();
  gradcheck->add_option("--format", grad_format, "f64, f32, f16 or bf16")->required();
  gradcheck->add_option("--kernel", grad_req.kernel,
                        "forward: 'reference', LIB:SYMBOL (void f(const T* x, T* y, size_t n)), or torch|onednn (forward and VJP)")
      ->capture_default_str();
  gradcheck->add_option("--grad-kernel", grad_req.grad_kernel,
                        "VJP: 'reference' or LIB:SYMBOL, void f_vjp(const T* x, const T* dy, T* dx, size_t n)")
      ->capture_default_str();
  gradcheck->add_option("--n", grad_req.n, "vector length")
      ->capture_default_str()
      ->check(kUnsigned)
      ->check(CLI::Range(size_t{1}, size_t{1} << 24));
  gradcheck->add_option("--cases", grad_req.cases, "number of seeded vectors")
      ->capture_default_str()
      ->check(kUnsigned)
      ->check(CLI::Range(uint64_t{1}, uint64_t{1} << 32));
  gradcheck->add_option("--seed", grad_req.seed, "seed of the vectors")->capture_default_str()->check(kUnsigned);
  gradcheck->add_option("--json", grad_json, "write the JSON record to FILE ('-': stdout)");
  std::string grad_isa;
  gradcheck->add_option("--isa", grad_isa, "with --kernel torch|onednn: the framework's ISA path");

  try {
    // CLI11 says "A subcommand is required" for a misspelt one; name it instead.
    const std::string first = argc > 1 ? argv[1] : "-";
    const auto known = app.get_subcommands([&](const CLI::App* c) { return c->get_name() == first; });
    if (first.front() != '-' && known.empty())
      throw UsageError(fmt::format("unknown command '{}' (known: list, measure, certify, report, diverge, gradcheck, test)", first));
    app.parse(argc, argv);
    if (dry_run) {
      if (*measure) plan_sweep(measure_opts, false);
      if (*certify) plan_sweep(certify_opts, true);
      if (*gradcheck) {
        gradcheck::parse_gradcheck_format(grad_format);
        check_gradcheck_kernels(grad_req, grad_isa);
      }
      if (*diverge) require_format(diverge_format);
      return 0;
    }
    if (*list && list_kernels) {
      if (list_elementwise) throw UsageError("--kernels and --elementwise are two lists: give one");
      write_stdout(list_json ? frameworks::kernels_json().dump(2) + "\n" : frameworks::kernels_text());
      return 0;
    }
    if (*list) return run_list(list_json, list_elementwise);
    if (*measure) return run_sweep_supervised(measure_opts, false);
    if (*certify) return run_sweep_supervised(certify_opts, true);
    if (*report) {
      std::string sets;
      for (const auto& k : report_opts.kernel_sets) sets += (sets.empty() ? "of the kernel set " : ", ") + k;
      return run_foreign(sets, false, "", [&] { return run_report(report_opts); });
    }
    if (*gradcheck) {
      grad_req.format = gradcheck::parse_gradcheck_format(grad_format);
      check_gradcheck_kernels(grad_req, grad_isa);
      std::string kernels;
      for (const auto* k : {&grad_req.kernel, &grad_req.grad_kernel})
        if (*k != "reference" && kernels != *k) kernels += (kernels.empty() ? "" : " and ") + *k;
      return run_foreign(kernels, true, grad_json, [&] {
        use_framework_vector_kernels(grad_req, grad_isa);
        return gradcheck::run_gradcheck_command(grad_req, grad_json);
      });
    }
    if (*diverge) {
      diverge_req.format = require_format(diverge_format);
      const auto result = dynamics::run_diverge(diverge_req);
      write_json(diverge_json, dynamics::to_json(result));
      if (diverge_json != "-") write_stdout(dynamics::to_text(result));
      return 0;
    }
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::Error& e) {
    // CLI11's message can span lines; the contract is one line.
    std::string msg = e.what();
    for (char& c : msg)
      if (c == '\n') c = ' ';
    std::cerr << "numstab: error: " << msg << "\n";
    return 2;
  } catch (const UsageError& e) {
    std::cerr << "numstab: error: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    if (dry_run) throw;
    std::cerr << "numstab: internal error: " << e.what() << "\n";
    return 2;
  }
  return 2;
}

}  // namespace

int run_cli(int argc, char** argv) { return parse_and_run(argc, argv, false); }

int check_cli(int argc, char** argv) { return parse_and_run(argc, argv, true); }

}  // namespace numstab
