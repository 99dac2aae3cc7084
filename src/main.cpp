#include "src/cli.hpp"

int main(int argc, char** argv) { return numstab::run_cli(argc, argv); }
