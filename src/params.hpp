#pragma once
#include <vector>

namespace numstab {
// Parameter values of an op (alpha, beta, ...), in the order of its catalog entry.
using Params = std::vector<double>;
}  // namespace numstab
