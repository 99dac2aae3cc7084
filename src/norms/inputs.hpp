// Seeded inputs of the normalisation layers, values of the format: shared
// by the suite (RapidCheck draws the description) and the gradients records.
#pragma once
#include <cmath>
#include <cstdint>
#include <random>

#include <Eigen/Core>

#include "src/arith.hpp"

namespace numstab::norms {

struct NormCase {
  uint64_t seed = 0;
  int n = 1;
  double offset = 0;
  double spread = 1;
  bool batchnorm = false;  // scalar w, b (one channel) instead of per-element
};

// Offsets 10^k with k up to the largest where unit-ish spread is still
// representable around it: f64 1e8, f32 1e5, f16 1e2, bf16 1e1.
inline int max_offset_exponent(Format f) {
  switch (f) {
    case Format::f64: return 8;
    case Format::f32: return 5;
    case Format::f16: return 2;
    case Format::bf16: break;
  }
  return 1;
}

// Offset and spread scaled down by powers of ten until n (|offset| + spread)^2
// stays below half the largest finite value: the sums of the statistics never
// overflow (f16 accumulating in f16; PyTorch accumulates half in float).
template <class Tag>
NormCase fitted(NormCase c) {
  const double limit = std::ldexp(1.0, spec(Tag::format).emax);
  while (c.n * std::pow(std::fabs(c.offset) + c.spread, 2) > limit) {
    c.offset /= 10;
    c.spread /= 10;
  }
  return c;
}

struct NormData {
  Eigen::VectorXd x, w, b, dy;
};

template <class Tag>
NormData norm_data(NormCase c) {
  c = fitted<Tag>(c);
  std::mt19937_64 rng(c.seed);
  std::uniform_real_distribution<double> unit(-1, 1);
  NormData d{Eigen::VectorXd(c.n), Eigen::VectorXd(c.n), Eigen::VectorXd(c.n), Eigen::VectorXd(c.n)};
  const double w0 = round_to<Tag>(1 + 0.5 * unit(rng)), b0 = round_to<Tag>(unit(rng));
  for (int i = 0; i < c.n; ++i) {
    d.x[i] = round_to<Tag>(c.offset + c.spread * unit(rng));
    d.w[i] = c.batchnorm ? w0 : round_to<Tag>(1 + 0.5 * unit(rng));
    d.b[i] = c.batchnorm ? b0 : round_to<Tag>(unit(rng));
    d.dy[i] = round_to<Tag>(unit(rng));
  }
  return d;
}

// layernorm / batchnorm 1e-5; rmsnorm torch.finfo(dtype).eps.
inline double default_eps(Format f, bool centred) { return centred ? 1e-5 : 2 * unit_roundoff(f); }

}  // namespace numstab::norms
