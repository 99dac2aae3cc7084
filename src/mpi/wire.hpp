// A rank's finished chunks as bytes for MPI: every field of the accumulator
// and of the tiered sweep's witness, doubles as their bit patterns, so that
// the receiver holds exactly what the sender computed (CBOR, nlohmann's).
#pragma once
#include <cstdint>
#include <vector>

#include "src/accumulator.hpp"
#include "src/tier/witness.hpp"

namespace numstab::mpi {

// The chunks c < results.size() for which owned(c) holds.
template <class Owned>
std::vector<uint8_t> encode_chunks(const std::vector<Accumulator>& results,
                                   const std::vector<tier::Witness>& witnesses, Owned owned);
std::vector<uint8_t> encode_chunk_list(const std::vector<uint64_t>& chunks, const std::vector<Accumulator>& results,
                                       const std::vector<tier::Witness>& witnesses);
// Stores each chunk of `bytes` at its index; std::runtime_error on anything
// that encode_chunk_list did not write.
void decode_chunks(const uint8_t* bytes, size_t size, std::vector<Accumulator>& results,
                   std::vector<tier::Witness>& witnesses);

template <class Owned>
std::vector<uint8_t> encode_chunks(const std::vector<Accumulator>& results,
                                   const std::vector<tier::Witness>& witnesses, Owned owned) {
  std::vector<uint64_t> mine;
  for (uint64_t c = 0; c < results.size(); ++c)
    if (owned(c)) mine.push_back(c);
  return encode_chunk_list(mine, results, witnesses);
}

}  // namespace numstab::mpi
