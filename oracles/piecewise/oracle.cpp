// The piecewise activations and their derivatives, from their definitions.
// Each piece is a polynomial or a constant, so MPFR's only rounding is that of
// the working precision (x(x + 3)/6 and alpha * x are one rounding each).
//
// Values that mathematics leaves open are PyTorch's (CPU kernels, stated in
// src/ops/piecewise.cpp): the derivative at a kink, and the sign of a zero
// result: -0 where the identity piece returns its input -0 (relu, relu6,
// hardtanh) or where a product has a negative factor (leaky_relu, hardswish
// for x <= -3), +0 where the function clamps to the constant 0. NaN in, NaN out.
#include "oracles/piecewise/oracle.hpp"

namespace numstab::oracles {

namespace {

// min(max(x, lo), hi), in PyTorch's clamp order (lo > hi gives hi).
void clamp(Real& y, const Real& x, const Real& lo, const Real& hi) {
  if (boost::multiprecision::isnan(x)) y = x;
  else if (x < lo) y = lo;
  else if (x > hi) y = hi;
  else y = x;
}

// 1 strictly between lo and hi, 0 elsewhere (the clamp's derivative, with 0 at lo and hi).
void inside(Real& y, const Real& x, const Real& lo, const Real& hi) {
  if (boost::multiprecision::isnan(x)) y = x;
  else y = (x > lo && x < hi) ? 1 : 0;
}

}  // namespace

// max(x, 0), with relu(-0) = -0.
void relu(Real& y, const Real& x, const Params&) {
  if (x < 0) y = 0;
  else y = x;
}

// 1 for x > 0 (+inf included), 0 for x <= 0.
void relu_grad(Real& y, const Real& x, const Params&) {
  if (boost::multiprecision::isnan(x)) y = x;
  else y = x > 0 ? 1 : 0;
}

void relu6(Real& y, const Real& x, const Params&) { clamp(y, x, Real(0), Real(6)); }
void relu6_grad(Real& y, const Real& x, const Params&) { inside(y, x, Real(0), Real(6)); }

// x for x > 0, alpha x for x <= 0 (a zero x keeps the product's sign rule).
// For alpha = 0 at x = -inf the value is the limit 0 (of the sign every
// negative x gives), not MPFR's 0 * inf = NaN.
void leaky_relu(Real& y, const Real& x, const Params& p) {
  const Real alpha = p.at(0);
  if (boost::multiprecision::isnan(x) || x > 0) y = x;
  else if (boost::multiprecision::isinf(x) && alpha == 0) y = alpha * -1;
  else y = alpha * x;
}

void leaky_relu_grad(Real& y, const Real& x, const Params& p) {
  if (boost::multiprecision::isnan(x)) y = x;
  else if (x > 0) y = 1;
  else y = p.at(0);
}

void hardtanh(Real& y, const Real& x, const Params& p) { clamp(y, x, Real(p.at(0)), Real(p.at(1))); }
void hardtanh_grad(Real& y, const Real& x, const Params& p) {
  inside(y, x, Real(p.at(0)), Real(p.at(1)));
}

// relu6(x + 3) / 6.
void hardsigmoid(Real& y, const Real& x, const Params&) {
  if (boost::multiprecision::isnan(x)) y = x;
  else if (x <= -3) y = 0;
  else if (x >= 3) y = 1;
  else y = (x + 3) / 6;
}

void hardsigmoid_grad(Real& y, const Real& x, const Params&) {
  inside(y, x, Real(-3), Real(3));
  if (y == 1) y /= 6;
}

// x relu6(x + 3) / 6: x * (+0) = -0 for every x <= -3 (the limit at -inf too).
void hardswish(Real& y, const Real& x, const Params&) {
  if (boost::multiprecision::isnan(x) || x >= 3) y = x;
  else if (x <= -3) y = -Real(0);
  else y = x * (x + 3) / 6;
}

// (2x + 3) / 6 on (-3, 3); 0 at -3 and below, 1 at 3 and above.
void hardswish_grad(Real& y, const Real& x, const Params&) {
  if (boost::multiprecision::isnan(x)) y = x;
  else if (x <= -3) y = 0;
  else if (x >= 3) y = 1;
  else y = (2 * x + 3) / 6;
}

}  // namespace numstab::oracles
