// Fast tier of the piecewise ops, from their definitions (oracles/piecewise/
// oracle.cpp), not from the reference kernels (src/kernels/piecewise.hpp).
// Each piece is the input, a parameter, a constant or one exact product:
// f(x) = hi + lo exactly (enclose_exact), judged without MPFR. The pieces
// divided by 6 are not dyadic: hi = s/6 rounded, and the remainder s - 6 hi is
// exact (by fma), so lo = remainder / 6 is known to a few roundings, far inside
// the stated bound. Signs of zero follow the oracle (PyTorch's): -0 in, -0 out
// for identity pieces; a product's zero takes the product's sign; clamped
// constants are +0.
#include <cmath>

#include "oracles/fast_tiers.hpp"
#include "src/kernels/double_word.hpp"

namespace numstab::fast {

namespace {

// (s + t) / 6 for doubles s and t, t at most half an ulp of s.
Enclosure sixth(double s, double t) {
  const double hi = s / 6, remainder = std::fma(-6.0, hi, s);  // exact
  const double rest = remainder + t;  // 0 only when remainder + t is exactly 0
  if (rest == 0) return enclose_exact(hi);
  return enclose_anchored(hi, rest / 6);
}

Enclosure exact_sum(double a, double b) {
  const auto w = kernels::two_sum(a, b);
  return sixth(w.hi, w.lo);
}

// alpha * x exactly as hi + lo (TwoProduct), or no claim where a product
// underflows (then the fma's residual would round).
Enclosure exact_product(double alpha, double x) {
  const double hi = alpha * x;
  if (!std::isfinite(hi)) return enclose_overflow(std::signbit(hi));  // |alpha x| beyond double: overflows
  if (hi == 0) return alpha == 0 || x == 0 ? enclose_exact(hi) : Enclosure{};
  if (std::fabs(hi) < 0x1p-968) return {};
  return enclose_exact(hi, std::fma(alpha, x, -hi));
}

template <class F>
void each(const double* x, size_t n, Enclosure* out, F f) {
  for (size_t i = 0; i < n; ++i) out[i] = std::isnan(x[i]) ? enclose_nan() : f(x[i]);
}

Enclosure clamp(double x, double lo, double hi) { return enclose_exact(x < lo ? lo : x > hi ? hi : x); }
Enclosure inside(double x, double lo, double hi) { return enclose_exact(x > lo && x < hi ? 1.0 : 0.0); }

}  // namespace

void relu(const double* x, size_t n, const Params&, Enclosure* out) {
  each(x, n, out, [](double v) { return enclose_exact(v < 0 ? 0.0 : v); });
}
void relu_grad(const double* x, size_t n, const Params&, Enclosure* out) {
  each(x, n, out, [](double v) { return enclose_exact(v > 0 ? 1.0 : 0.0); });
}
void relu6(const double* x, size_t n, const Params&, Enclosure* out) {
  each(x, n, out, [](double v) { return clamp(v, 0, 6); });
}
void relu6_grad(const double* x, size_t n, const Params&, Enclosure* out) {
  each(x, n, out, [](double v) { return inside(v, 0, 6); });
}
void leaky_relu(const double* x, size_t n, const Params& p, Enclosure* out) {
  const double alpha = p.at(0);
  each(x, n, out, [alpha](double v) {
    if (v > 0) return enclose_exact(v);
    if (std::isinf(v) && alpha == 0) return enclose_exact(alpha * -1);  // the limit 0, not 0 * inf
    return exact_product(alpha, v);
  });
}
void leaky_relu_grad(const double* x, size_t n, const Params& p, Enclosure* out) {
  const double alpha = p.at(0);
  each(x, n, out, [alpha](double v) { return enclose_exact(v > 0 ? 1.0 : alpha); });
}
void hardtanh(const double* x, size_t n, const Params& p, Enclosure* out) {
  const double lo = p.at(0), hi = p.at(1);
  each(x, n, out, [lo, hi](double v) { return clamp(v, lo, hi); });
}
void hardtanh_grad(const double* x, size_t n, const Params& p, Enclosure* out) {
  const double lo = p.at(0), hi = p.at(1);
  each(x, n, out, [lo, hi](double v) { return inside(v, lo, hi); });
}
// (x + 3) / 6 between -3 and 3.
void hardsigmoid(const double* x, size_t n, const Params&, Enclosure* out) {
  each(x, n, out, [](double v) {
    return v <= -3 ? enclose_exact(0.0) : v >= 3 ? enclose_exact(1.0) : exact_sum(v, 3);
  });
}
void hardsigmoid_grad(const double* x, size_t n, const Params&, Enclosure* out) {
  each(x, n, out, [](double v) { return v > -3 && v < 3 ? sixth(1, 0) : enclose_exact(0.0); });
}
// x (x + 3) / 6 = (x^2 + 3x) / 6 between -3 and 3 (both products exact for a
// narrow format's x); x * (+0) = -0 at -3 and below; x = +-0 keeps its sign.
void hardswish(const double* x, size_t n, const Params&, Enclosure* out) {
  each(x, n, out, [](double v) {
    if (v >= 3 || v == 0) return enclose_exact(v);
    if (v <= -3) return enclose_exact(-0.0);
    if (std::fma(v, v, -(v * v)) != 0 || std::fma(3, v, -(3 * v)) != 0) return Enclosure{};  // a wide x
    return exact_sum(v * v, 3 * v);
  });
}
// (2x + 3) / 6 between -3 and 3.
void hardswish_grad(const double* x, size_t n, const Params&, Enclosure* out) {
  each(x, n, out, [](double v) {
    return v <= -3 ? enclose_exact(0.0) : v >= 3 ? enclose_exact(1.0) : exact_sum(2 * v, 3);
  });
}

}  // namespace numstab::fast
