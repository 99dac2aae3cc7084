// The command line: the subcommands (src/cli/) on one CLI11 parser, and the
// contract that every error of the invocation is one line and exit 2.
#include "src/cli.hpp"

#include <iostream>
#include <memory>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "src/cli/common.hpp"
#include "src/errors.hpp"

namespace numstab {

namespace {

// CLI11 says "A subcommand is required" for a misspelt one; name it instead.
// `test` is the ./numstab script's, not the binary's.
void require_known_command(const CLI::App& app, int argc, char** argv) {
  const std::string first = argc > 1 ? argv[1] : "-";
  if (first.front() == '-') return;
  std::string known;
  for (const CLI::App* c : app.get_subcommands([](const CLI::App*) { return true; })) {
    if (c->get_name() == first) return;
    known += c->get_name() + ", ";
  }
  throw UsageError(fmt::format("unknown command '{}' (known: {}test)", first, known));
}

// dry_run: parse and validate, then stop before anything runs (no kernel
// loaded, no file read or written), and let an exception other than a usage
// error escape (the fuzz target of the parser counts it as a finding).
int parse_and_run(int argc, char** argv, bool dry_run) {
  CLI::App app{"numstab: accuracy and stability of deep-learning numerical kernels"};
  app.require_subcommand(1);
  app.set_version_flag("--version", NUMSTAB_VERSION);
  std::vector<std::unique_ptr<cli::Command>> commands;
  commands.push_back(cli::list_command(app));
  commands.push_back(cli::sweep_command(app, false));
  commands.push_back(cli::sweep_command(app, true));
  commands.push_back(cli::report_command(app));
  commands.push_back(cli::diverge_command(app));
  commands.push_back(cli::gradcheck_command(app));
  try {
    require_known_command(app, argc, argv);
    app.parse(argc, argv);
    for (const auto& c : commands) {
      if (!c->chosen()) continue;
      if (!dry_run) return c->run();
      c->check();
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
