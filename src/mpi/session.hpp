// MPI for the lifetime of the CLI, when a launcher (mpirun, mpiexec, srun)
// started this process; otherwise nothing at all: a plain `numstab ...` never
// initialises MPI, so it runs exactly as it did without it.
//
// With N > 1 ranks: the sweeps share their chunks (src/mpi/exchange.hpp),
// ranks other than 0 write nothing (their stdout goes to /dev/null, their
// stderr is kept for the exit), and a rank that fails is agreed on by all:
// rank 0 prints one line naming it and every rank exits with status 2.
#pragma once
#include <memory>

namespace numstab::mpi {

class MpiExchange;

class Session {
 public:
  Session(int& argc, char**& argv);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // The status to exit with, agreed between the ranks (collective): a rank
  // that failed on its own (status 2 that no other rank knows of yet) makes it
  // 2 on every rank, and rank 0 prints that rank's error line.
  int finish(int status);

 private:
  bool active_ = false;
  std::unique_ptr<MpiExchange> exchange_;
};

}  // namespace numstab::mpi
