#include <filesystem>
#include <system_error>

#include "src/catalog.hpp"
#include "src/cli.hpp"
#include "src/mpi/session.hpp"

int main(int argc, char** argv) {
  // MPI only when a launcher (mpirun, srun) started this process.
  numstab::mpi::Session mpi(argc, argv);
  // An installed numstab (bin/numstab) reads the oracles' data files from its
  // prefix (share/numstab/oracles); the build tree's binary has none there.
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  const auto installed = exe.parent_path().parent_path() / "share/numstab/oracles";
  if (!ec && std::filesystem::is_directory(installed, ec)) numstab::set_oracles_dir(installed.string());
  return mpi.finish(numstab::run_cli(argc, argv));
}
