// RapidCheck draws for the vector ops: vectors of values of a format, with the
// length (1 to 10^4, long ones rare), the spread (2^-20 up to the overflow
// range) and the centre drawn log-uniformly, and optional -inf / +inf / NaN
// components. Call inside a property (they use operator* on generators).
#pragma once
#include <algorithm>
#include <cmath>

#include <Eigen/Dense>
#include <rapidcheck.h>

#include "src/arith.hpp"

namespace numstab::props {

inline double largest_finite_of(Format f) {
  const auto& s = spec(f);
  return std::ldexp(2.0 - std::ldexp(1.0, 1 - s.precision), s.emax);
}

// A random format (the vector properties draw it, so one property covers all four).
inline Format any_format() {
  return *rc::gen::elementOf(std::vector<Format>{Format::f64, Format::f32, Format::f16, Format::bf16});
}

// Length 1..16 mostly, up to 512 often, up to 10^4 in about 2% of the draws.
inline Eigen::Index vector_length(Eigen::Index max_n = 10000) {
  const int band = *rc::gen::resize(100, rc::gen::inRange(0, 100));
  const Eigen::Index hi = band < 60 ? 16 : band < 98 ? 512 : max_n;
  return *rc::gen::resize(100, rc::gen::inRange<Eigen::Index>(1, std::min(hi, max_n) + 1));
}

// 2^e with e uniform in [lo, hi] (real exponent): log-uniform magnitudes.
inline double log_uniform(double lo_exp2, double hi_exp2) {
  const uint64_t k = *rc::gen::resize(100, rc::gen::inRange<uint64_t>(0, uint64_t{1} << 40));
  return std::exp2(lo_exp2 + (hi_exp2 - lo_exp2) * static_cast<double>(k) * 0x1p-40);
}

// Uniform in [-1, 1].
inline double unit_uniform() {
  const uint64_t k = *rc::gen::resize(100, rc::gen::inRange<uint64_t>(0, (uint64_t{1} << 53) + 1));
  return 2 * static_cast<double>(k) * 0x1p-53 - 1;
}

struct VectorShape {
  Eigen::Index n = 1;
  double centre = 0;
  double spread = 1;  // components in centre +- spread (before rounding and clamping)
};

// Centre and spread up to `max_magnitude` (default: the format's largest finite).
inline VectorShape vector_shape(Format f, Eigen::Index max_n = 10000, double max_magnitude = 0) {
  const double top = max_magnitude > 0 ? max_magnitude : largest_finite_of(f);
  const double top_exp2 = std::log2(top);
  VectorShape s;
  s.n = vector_length(max_n);
  // Half the draws spread up to 2^12, where the first-order bounds say something
  // in every format; the other half up to the overflow range.
  const bool wide = *rc::gen::arbitrary<bool>();
  s.spread = log_uniform(-20, wide ? top_exp2 : std::min(12.0, top_exp2));
  s.centre = *rc::gen::arbitrary<bool>() ? 0.0 : unit_uniform() * log_uniform(-10, wide ? top_exp2 : std::min(12.0, top_exp2));
  return s;
}

// Components centre + spread * U(-1, 1), rounded into the format and clamped to
// its finite range.
inline Eigen::VectorXd draw_vector(Format f, const VectorShape& s) {
  const double big = largest_finite_of(f);
  Eigen::VectorXd x(s.n);
  for (Eigen::Index i = 0; i < s.n; ++i)
    x[i] = round_to(f, std::clamp(s.centre + s.spread * unit_uniform(), -big, big));
  return x;
}

// Replace a random subset of the components by v (at least one when `at_least_one`).
inline void sprinkle(Eigen::VectorXd& x, double v, bool at_least_one) {
  const Eigen::Index count = *rc::gen::resize(100, rc::gen::inRange<Eigen::Index>(at_least_one ? 1 : 0, x.size() + 1));
  for (Eigen::Index k = 0; k < count; ++k)
    x[*rc::gen::resize(100, rc::gen::inRange<Eigen::Index>(0, x.size()))] = v;
}

// A cotangent of length m, values of the format in +-scale (log-uniform scale).
inline Eigen::VectorXd draw_cotangent(Format f, Eigen::Index m) {
  const double scale = log_uniform(-8, 8);
  Eigen::VectorXd dy(m);
  for (Eigen::Index i = 0; i < m; ++i) dy[i] = round_to(f, scale * unit_uniform());
  return dy;
}

}  // namespace numstab::props
