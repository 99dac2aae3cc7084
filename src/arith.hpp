// Arithmetic of a format, emulated in double: each operation is done in double
// and rounded once into the format. For +, -, *, / and sqrt this is exactly the
// format's correctly rounded operation (double has p' = 53 >= 2p + 2 bits for
// p <= 24: Figueroa, "When is double rounding innocuous?", 1995), so f32, f16 and
// bf16 kernels that round after every step behave like kernels run in that
// format. Composite kernels (reductions, softmax, losses, normalisation,
// optimizers) are written once over double values and this rounding.
#pragma once
#include <cmath>

#include "src/formats.hpp"

namespace numstab {

// The value of the format nearest to v (RNE, subnormals, overflow to inf).
template <class Tag>
inline double round_to(double v) {
  if constexpr (Tag::format == Format::f64) return v;
  else if constexpr (Tag::format == Format::f32) return static_cast<double>(static_cast<float>(v));
  else return round_double_to(spec(Tag::format), v);
}

// Runtime-format version for code that is not templated (not for hot loops).
inline double round_to(Format f, double v) {
  return dispatch(f, [&](auto tag) { return round_to<decltype(tag)>(v); });
}

// Unit roundoff u = 2^-p of a format.
inline double unit_roundoff(Format f) { return std::ldexp(1.0, -spec(f).precision); }

}  // namespace numstab
