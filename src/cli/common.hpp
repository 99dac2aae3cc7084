// What every subcommand of the command line shares: one subcommand's shape,
// argument checks CLI11 lacks, the JSON writer, the one-line error and the
// supervised run of foreign code.
#pragma once
#include <functional>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "src/formats.hpp"

namespace numstab::cli {

// A subcommand: its options are registered on the parser when it is made;
// after parsing, `check` validates what can be validated without running
// (no kernel loaded, no file read or written) and `run` runs it.
class Command {
 public:
  explicit Command(CLI::App* app) : app(app) {}
  virtual ~Command() = default;
  virtual void check() const {}
  virtual int run() = 0;
  bool chosen() const { return static_cast<bool>(*app); }

 protected:
  CLI::App* app;
};

// The subcommands, in the order `numstab --help` lists them.
std::unique_ptr<Command> list_command(CLI::App& parser);
std::unique_ptr<Command> sweep_command(CLI::App& parser, bool certify);  // measure, certify
std::unique_ptr<Command> report_command(CLI::App& parser);
std::unique_ptr<Command> diverge_command(CLI::App& parser);
std::unique_ptr<Command> gradcheck_command(CLI::App& parser);

// CLI11 converts "-5" into an unsigned as 2^64 - 5 and saturates a decimal
// beyond 2^64 - 1 to it: refuse the text instead.
extern const CLI::Validator kUnsigned;
// CLI11's Range lets NaN through (every comparison with it is false).
extern const CLI::Validator kFinite;

Format require_format(const std::string& name);

// '-' is stdout; a file is replaced whole or not at all (src/io/output.hpp);
// nothing for an empty path or on an MPI rank other than 0.
void write_json(const std::string& path, const nlohmann::json& j);

// One line on stderr and exit 2 for an error of the invocation or of its input.
int with_error_line(const std::function<int()>& body);

// Runs `body` in a supervised worker process when `kernels` names foreign
// code (a kernel library), so that no way it ends the process can pass for the
// run's exit status (src/isolate/supervisor.hpp).
int run_foreign(const std::string& kernels, bool certify, const std::string& json_path,
                const std::function<int()>& body);

}  // namespace numstab::cli
