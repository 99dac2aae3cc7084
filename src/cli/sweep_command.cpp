// measure and certify: one elementwise sweep of a kernel against the oracle;
// certify holds it to a bound.
#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <optional>

#include <fmt/format.h>

#include "src/catalog.hpp"
#include "src/cli/common.hpp"
#include "src/data/data_file.hpp"
#include "src/errors.hpp"
#include "src/frameworks/framework.hpp"
#include "src/io/fingerprint.hpp"
#include "src/io/output.hpp"
#include "src/isolate/guard.hpp"
#include "src/isolate/isolate.hpp"
#include "src/isolate/supervisor.hpp"
#include "src/loader.hpp"
#include "src/record.hpp"
#include "src/thresholds.hpp"

namespace numstab::cli {

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
  std::string oracle = "tiered", data_path, checkpoint;
  bool isolate = false;
  double block_timeout = 10;
};

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

class SweepCommand : public Command {
 public:
  SweepCommand(CLI::App& parser, bool certify)
      : Command(certify ? parser.add_subcommand("certify", "measure and hold the kernel to --max-ulp")
                        : parser.add_subcommand("measure", "measure a kernel's error against the oracle")),
        certify(certify) {
    add_run_options(app, o);
    if (!certify) return;
    app->add_option("--max-ulp", o.max_ulp, "the bound, in ULP")->required();
    app->add_option("--subnormal", o.subnormal, "judge: hold subnormal results to the bound too; ignore: report only")
        ->capture_default_str();
    app->add_flag("--strict-zero", o.strict_zero, "a zero of the wrong sign fails");
    app->add_option("--counterexamples", o.counterexamples, "how many counterexamples to keep")
        ->capture_default_str()
        ->check(kUnsigned)
        ->check(CLI::Range(size_t{0}, size_t{1000000}));
  }
  void check() const override { plan_sweep(o, certify); }
  int run() override {
    return run_foreign(o.kernel == "reference" ? "" : o.kernel, certify, o.json_path,
                       [&] { return run_sweep_command(o, certify); });
  }

 private:
  RunOptions o;
  bool certify;
};

}  // namespace

std::unique_ptr<Command> sweep_command(CLI::App& parser, bool certify) {
  return std::make_unique<SweepCommand>(parser, certify);
}

}  // namespace numstab::cli
