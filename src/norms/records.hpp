// report.json "gradients" entries of the reductions, losses and
// normalisation layers: one per op x format x part (forward, gradient,
// backward; per algorithm for reductions), each with its worst case and the
// bound (and its source) it was held to. Quick: a few small cases (~1 s).
#pragma once
#include <cstdint>
#include <vector>

#include "src/gradient_record.hpp"

namespace numstab {

std::vector<GradientRecord> layer_records(uint64_t seed, bool quick);

}  // namespace numstab
