// Per format, report.json "gradients" records of the training utilities:
// clip_grad_norm's total norm (the scaled algorithm) against the exact 2-norm,
// held to ((n + 1)/2 + 2)(1 + (n + 4)u) ULP + 1e-3 (suites/training_utils_test.cpp
// derives it: n + 1 roundings of terms <= 1 halve under the square root, plus
// the scaling's two), as the largest error / bound ratio over the cases; and
// clip_grad_value, which is exact (bound 0 ULP).
#pragma once
#include <cstdint>
#include <vector>

#include "src/gradient_record.hpp"

namespace numstab::optim {

// quick: 100 vectors per format; otherwise 1000. Lengths log-uniform in
// [1, 256]; magnitudes log-uniform over the format's range (subnormals to the
// largest values whose norm stays finite), seeded.
std::vector<GradientRecord> clipping_records(uint64_t seed, bool quick);

}  // namespace numstab::optim
