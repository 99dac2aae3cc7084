// Kernel sets: third-party kernels that `numstab report --kernel-set FILE`
// measures beside the reference kernels, each as its own rows (like the
// columns of a published accuracy table). A set is a JSON file:
//   {"name": "glibc", "abi": "scalar",
//    "kernels": {"tanh": {"f64": "libm.so.6:tanh", "f32": "libm.so.6:tanhf"}, ...}}
// "abi" is the design's scalar or batch ABI (default scalar).
#pragma once
#include <string>
#include <vector>

#include "src/loader.hpp"

namespace numstab {

struct KernelSetEntry {
  std::string op;
  Format format;
  std::string spec;  // LIB:SYMBOL
};

struct KernelSet {
  std::string name;
  std::string path;
  Abi abi = Abi::scalar;
  std::vector<KernelSetEntry> entries;  // in catalog order, then format order
};

// UsageError (one line, naming the file) for unreadable or malformed files,
// unknown ops or formats, and specs that are not LIB:SYMBOL.
KernelSet read_kernel_set(const std::string& path);

}  // namespace numstab
