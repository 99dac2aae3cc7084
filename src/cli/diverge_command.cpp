// diverge: the largest stable learning rate on a quadratic, by bisection,
// against theory.
#include "src/cli/common.hpp"
#include "src/dynamics/diverge_command.hpp"
#include "src/io/output.hpp"

namespace numstab::cli {

namespace {

class DivergeCommand : public Command {
 public:
  explicit DivergeCommand(CLI::App& parser)
      : Command(parser.add_subcommand("diverge",
                                      "largest stable learning rate on a quadratic: measured by bisection vs theory")) {
    app->add_option("--optimizer", req.optimizer, "optimizer (sgd)")->capture_default_str();
    app->add_option("--param", req.params,
                    "optimizer parameter, name=value (repeatable): momentum, dampening, nesterov, ...");
    app->add_option("--L", req.L, "largest curvature (eigenvalue) of the quadratic")->capture_default_str();
    app->add_option("--mu", req.mu, "smallest curvature (0: L / 10)")->capture_default_str();
    app->add_option("--format", format, "working format of the optimizer")->capture_default_str();
    app->add_option("--seed", req.seed, "seed of the quadratic's eigenvectors and start")
        ->capture_default_str()
        ->check(kUnsigned);
    app->add_option("--dim", req.dim, "dimension of the quadratic")->capture_default_str()->check(CLI::Range(1, 512));
    app->add_option("--json", json_path, "write the JSON record to FILE ('-': stdout)");
  }
  void check() const override { require_format(format); }
  int run() override {
    req.format = require_format(format);
    const auto result = dynamics::run_diverge(req);
    write_json(json_path, dynamics::to_json(result));
    if (json_path != "-") write_stdout(dynamics::to_text(result));
    return 0;
  }

 private:
  dynamics::DivergeRequest req;
  std::string format = "f64", json_path;
};

}  // namespace

std::unique_ptr<Command> diverge_command(CLI::App& parser) { return std::make_unique<DivergeCommand>(parser); }

}  // namespace numstab::cli
