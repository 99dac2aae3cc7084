// The test objective of the divergence experiments: f(x) = x^T A x / 2 with
// A = Q diag(spectrum) Q^T, Q a seeded Haar-random orthogonal matrix, the
// spectrum geometric from mu_min (smallest curvature) to L (largest), and
// A's entries rounded into the working format; the gradient A x is computed in
// that format, one rounding per multiply and per add.
#pragma once
#include <cstdint>

#include "src/dynamics/divergence.hpp"
#include "src/formats.hpp"

namespace numstab::dynamics {

struct Quadratic {
  Format format = Format::f64;
  double L = 0;         // largest eigenvalue asked for
  double mu_min = 0;    // smallest eigenvalue asked for
  Eigen::MatrixXd A{};  // entries representable in `format`
  Vector spectrum{};
  double L_rounded = 0;  // largest eigenvalue of the rounded A (in double, Eigen)
  Vector eigenvalues{};  // all of them, ascending: the curvatures the run actually sees
  Vector x0{};           // Q (1, ..., 1) / sqrt(n), rounded: every mode excited equally
};

// dim >= 1 (dim 1: the spectrum is {L}); 0 < mu_min <= L.
Quadratic make_quadratic(double L, double mu_min, int dim, uint64_t seed, Format format);

// The problem the engine runs: gradient in the quadratic's format, minimiser 0.
DescentProblem descent_problem(const Quadratic& q);

}  // namespace numstab::dynamics
