#pragma once
namespace numstab {
// The numstab command line; returns the exit status (0 ok/pass, 1 violated, 2 bad invocation).
int run_cli(int argc, char** argv);
// The same parsing and validation, stopping before anything runs (no kernel
// loaded, no file read or written): 0 when the invocation would run, else the
// status run_cli gives (2, with its one line on stderr; 0 after --help). An
// exception other than a usage error escapes: that is a bug of the parser.
int check_cli(int argc, char** argv);
}  // namespace numstab
