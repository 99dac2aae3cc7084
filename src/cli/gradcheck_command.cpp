// gradcheck: a vector op's forward and VJP kernels against exact derivatives
// or finite differences.
#include <fmt/format.h>

#include "src/cli/common.hpp"
#include "src/errors.hpp"
#include "src/frameworks/framework.hpp"
#include "src/gradcheck/gradcheck.hpp"

namespace numstab::cli {

namespace {

// --kernel torch|onednn: the forward and the VJP are both the framework's
// (its VJP is its own backward of that forward).
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

class GradcheckCommand : public Command {
 public:
  explicit GradcheckCommand(CLI::App& parser)
      : Command(parser.add_subcommand(
            "gradcheck", "a forward and VJP kernel pair against exact derivatives or finite differences")) {
    app->add_option("--op", req.op, "vector op (softmax, log_softmax, logsumexp, ...)")->required();
    app->add_option("--format", format, "f64, f32, f16 or bf16")->required();
    app->add_option("--kernel", req.kernel,
                    "forward: 'reference', LIB:SYMBOL (void f(const T* x, T* y, size_t n)), or torch|onednn (forward and VJP)")
        ->capture_default_str();
    app->add_option("--grad-kernel", req.grad_kernel,
                    "VJP: 'reference' or LIB:SYMBOL, void f_vjp(const T* x, const T* dy, T* dx, size_t n)")
        ->capture_default_str();
    app->add_option("--n", req.n, "vector length")
        ->capture_default_str()
        ->check(kUnsigned)
        ->check(CLI::Range(size_t{1}, size_t{1} << 24));
    app->add_option("--cases", req.cases, "number of seeded vectors")
        ->capture_default_str()
        ->check(kUnsigned)
        ->check(CLI::Range(uint64_t{1}, uint64_t{1} << 32));
    app->add_option("--seed", req.seed, "seed of the vectors")->capture_default_str()->check(kUnsigned);
    app->add_option("--json", json_path, "write the JSON record to FILE ('-': stdout)");
    app->add_option("--isa", isa, "with --kernel torch|onednn: the framework's ISA path");
  }
  void check() const override {
    gradcheck::parse_gradcheck_format(format);
    check_gradcheck_kernels(req, isa);
  }
  int run() override {
    req.format = gradcheck::parse_gradcheck_format(format);
    check_gradcheck_kernels(req, isa);
    std::string kernels;
    for (const auto* k : {&req.kernel, &req.grad_kernel})
      if (*k != "reference" && kernels != *k) kernels += (kernels.empty() ? "" : " and ") + *k;
    return run_foreign(kernels, true, json_path, [&] {
      use_framework_vector_kernels(req, isa);
      return gradcheck::run_gradcheck_command(req, json_path);
    });
  }

 private:
  gradcheck::GradcheckRequest req;
  std::string format, json_path, isa;
};

}  // namespace

std::unique_ptr<Command> gradcheck_command(CLI::App& parser) { return std::make_unique<GradcheckCommand>(parser); }

}  // namespace numstab::cli
