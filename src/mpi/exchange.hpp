// A sweep shared between processes (`mpirun -n N numstab ...`): what the sweep
// engine asks of the other ranks. The core has no MPI in it; the CLI installs
// the MPI implementation (src/mpi/session.cpp) when a launcher started it with
// more than one rank. Without one, chunk_exchange() is null and a sweep runs
// every chunk itself, exactly as before.
//
// Chunk c belongs to rank c mod N. Every rank ends a sweep with every chunk's
// accumulator (share), merges them in chunk order as one process does, and so
// builds the same record; only rank 0 writes (writes_output).
#pragma once
#include <cstdint>
#include <exception>
#include <limits>
#include <string>
#include <vector>

#include "src/accumulator.hpp"
#include "src/tier/witness.hpp"

namespace numstab {

inline constexpr uint64_t kNoFailure = std::numeric_limits<uint64_t>::max();

class ChunkExchange {
 public:
  virtual ~ChunkExchange() = default;
  virtual int rank() const = 0;
  virtual int ranks() const = 0;
  bool owns(uint64_t chunk) const { return chunk % static_cast<uint64_t>(ranks()) == static_cast<uint64_t>(rank()); }

  // Collective. Each rank passes its failure, if any (`key`: where it failed,
  // the chunk index; kNoFailure and null: none). Every rank gets back the same
  // failure: the one with the smallest key (the lowest rank on a tie), rebuilt
  // with its type (UsageError, KernelFailure, other) and its message prefixed
  // "rank K: "; null when no rank failed.
  virtual std::exception_ptr agree(uint64_t key, std::exception_ptr local) = 0;

  // Collective: every rank's own chunks (results[c], witnesses[c], c owned)
  // sent to every other rank, which stores them at the same indices.
  virtual void share(std::vector<Accumulator>& results, std::vector<tier::Witness>& witnesses) = 0;

  // Called as this rank starts one of its chunks: the test hook's fault
  // injection (src/mpi/session.cpp, NUMSTAB_TEST_MPI_FAULT).
  virtual void starting_chunk() = 0;
};

inline ChunkExchange*& chunk_exchange_slot() {
  static ChunkExchange* installed = nullptr;
  return installed;
}
inline ChunkExchange* chunk_exchange() { return chunk_exchange_slot(); }

// Whether this process writes records, reports and other files: rank 0, or
// the only process.
inline bool writes_output() {
  const ChunkExchange* e = chunk_exchange();
  return e == nullptr || e->rank() == 0;
}

// --checkpoint FILE under N > 1 ranks: rank k keeps its own chunks in FILE.rank<k>.
inline std::string rank_checkpoint_path(const std::string& path) {
  const ChunkExchange* e = chunk_exchange();
  return e == nullptr ? path : path + ".rank" + std::to_string(e->rank());
}

}  // namespace numstab
