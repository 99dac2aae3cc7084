// --data FILE.npy: outputs computed elsewhere (a GPU, a framework), certified
// against the oracle like any kernel.
#pragma once
#include <string>

#include "src/catalog.hpp"
#include "src/inputs.hpp"
#include "src/sweep.hpp"

namespace numstab {

struct DataSet {
  InputSource source;  // Mode::data
  Kernel kernel;       // `recorded` gives the file's outputs
};

// Reads an (N, 2) array of (input, output) pairs, (N, 3) of (x, a, output) for
// a binary op, or (N, 2) of (x, output) for a binary op whose second operand is
// fixed (`second_fixed`: --param names it). UsageError, one line, for anything
// malformed.
DataSet load_data_file(const std::string& path, const OpInfo& op, Format f, bool second_fixed = false);

}  // namespace numstab
