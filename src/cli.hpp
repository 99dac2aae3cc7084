#pragma once
namespace numstab {
// The numstab command line; returns the exit status (0 ok/pass, 1 violated, 2 bad invocation).
int run_cli(int argc, char** argv);
}  // namespace numstab
