// report.json "gradients" entries of the vector ops: one per op x format x part
// (forward, vjp) of the shifted reference kernels against the exact values, with
// the error measured as the largest |error_i| / bound_i over all components
// (bounds: src/vecops/bounds.hpp), so bound = 1 and bound_unit = "bound".
#pragma once
#include <cstdint>
#include <random>
#include <vector>

#include <Eigen/Dense>

#include "src/formats.hpp"
#include "src/gradient_record.hpp"

namespace numstab::vecops {

// quick: 24 vectors per record (n <= 64, one of 1000) and about 1 s in total;
// otherwise 200 per record (n <= 512, some of 10^4).
std::vector<GradientRecord> vector_op_records(uint64_t seed, bool quick);

// A seeded vector of values of the format: length log-uniform in [1, max_n],
// spread log-uniform from 2^-20 to 2^(log2 of max_spread), centre 0 or
// log-uniform within the same range; clamped to the finite range.
Eigen::VectorXd sample_vector(Format f, std::mt19937_64& rng, Eigen::Index max_n, double max_spread);
Eigen::VectorXd sample_vector_of_length(Format f, std::mt19937_64& rng, Eigen::Index n, double max_spread);
// A seeded cotangent of length m (values in +-2^[-8, 8], log-uniform scale).
Eigen::VectorXd sample_cotangent(Format f, std::mt19937_64& rng, Eigen::Index m);

}  // namespace numstab::vecops
