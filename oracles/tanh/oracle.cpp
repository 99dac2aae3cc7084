// tanh, softsign, mish, gelu_tanh and their derivatives, exact to the working
// precision of Real.
#include "oracles/tanh/oracle.hpp"

#include <cmath>

#include "oracles/guard_bits.hpp"

namespace numstab::oracles {

// MPFR's tanh is correctly rounded at the Real's precision on the whole line.
void tanh(Real& y, const Real& x, const Params&) { y = boost::multiprecision::tanh(x); }

// tanh'(x) = sech^2(x) = 1 / cosh^2(x). Not 1 - tanh^2: that cancels to 0 for
// |x| > precision/2.9, while the true value (~4e^-2|x|) is still far above every
// format's smallest subnormal. cosh overflows MPFR's range (|x| > ~7e8) only
// where the result is below every format's range, and 1/inf = 0 then.
void tanh_grad(Real& y, const Real& x, const Params&) {
  y = boost::multiprecision::cosh(x);
  y = 1 / (y * y);
}

}  // namespace numstab::oracles

// ---- softsign, mish and gelu_tanh ------------------------------------------
// Each runs with guard bits (oracles/guard_bits.hpp) and rounds once, so
// the value is correct to the thread's precision, not merely to a few
// roundings of it.

namespace numstab::oracles {
namespace {

using boost::multiprecision::abs;
using boost::multiprecision::exp;
using boost::multiprecision::isinf;

// The argument of tanh in gelu_tanh times two: 2 sqrt(2/pi) (x + 0.044715 x^3),
// with 0.044715 the exact decimal of PyTorch's definition.
Real gelu_tanh_twice_u(const Real& x) {
  Real pi;
  mpfr_const_pi(raw(pi), MPFR_RNDN);
  return 2 * boost::multiprecision::sqrt(2 / pi) * (x + Real("0.044715") * x * x * x);
}

}  // namespace

// softsign(x) = x / (1 + |x|); the limits +-1 at +-inf (where it reads inf/inf).
void softsign(Real& y, const Real& x, const Params&) {
  if (isinf(x)) return set_exact(y, x > 0 ? 1.0 : -1.0);
  evaluate_with_guard_bits(y, 32, [&](long&) { return Real(x / (1 + abs(x))); });
}

// softsign'(x) = 1 / (1 + |x|)^2, 0 at +-inf.
void softsign_grad(Real& y, const Real& x, const Params&) {
  evaluate_with_guard_bits(y, 32, [&](long&) {
    const Real d = 1 + abs(x);
    return Real(1 / (d * d));
  });
}

// mish(x) = x tanh(log(1 + e^x)). tanh(log(1 + e)) = n / (n + 2) with
// n = e (e + 2), written with e = e^x for x <= 0 and E = e^-x for x > 0 so the
// exponential never overflows: (1 + 2E) / (1 + 2E + 2E^2). At -inf the limit
// of x e^x is -0 (from below).
void mish(Real& y, const Real& x, const Params&) {
  if (isinf(x)) return set_exact(y, x > 0 ? INFINITY : -0.0);
  evaluate_with_guard_bits(y, 32, [&](long&) {
    if (x <= 0) {
      const Real e = exp(x);
      const Real n = e * (e + 2);
      return Real(x * n / (n + 2));
    }
    const Real e = exp(-x);
    return Real(x * (1 + 2 * e) / (1 + 2 * e + 2 * e * e));
  });
}

// mish'(x) = tanh(sp) + x sigmoid(x) sech^2(sp) with sp = log(1 + e^x). With
// e = e^x this is e w / d^2, w = 4(x+1)(1+e) + e(e^2 + 4e + 2),
// d = e^2 + 2e + 2, used for x <= 0, where w cancels next to the root
// x ~ -1.1924 (guard bits grow until the cancellation is covered). For x > 0,
// with E = e^-x: (1 + 4E + (6 + 4x)E^2 + 4(x+1)E^3) / (1 + 2E + 2E^2)^2.
void mish_grad(Real& y, const Real& x, const Params&) {
  if (isinf(x)) return set_exact(y, x > 0 ? 1.0 : -0.0);
  evaluate_with_guard_bits(y, 32, [&](long& lost) {
    if (x > 0) {
      const Real e = exp(-x);
      const Real d = 1 + 2 * e + 2 * e * e;
      return Real((1 + 4 * e + (6 + 4 * x) * e * e + 4 * (x + 1) * e * e * e) / (d * d));
    }
    const Real e = exp(x);
    const Real a = 4 * (x + 1) * (1 + e), b = e * (e * e + 4 * e + 2);
    const Real w = a + b;
    lost = cancelled_bits(a, b, w);
    const Real d = e * e + 2 * e + 2;
    return Real(e * w / (d * d));
  });
}

// gelu_tanh(x) = 0.5 x (1 + tanh(u)) = x sigmoid(2u), u = sqrt(2/pi)(x + 0.044715 x^3):
// x / (1 + e^-2u) for x >= 0, x e^2u / (1 + e^2u) for x < 0 (1 + tanh(u)
// cancels there). At -inf the limit is -0.
void gelu_tanh(Real& y, const Real& x, const Params&) {
  if (isinf(x)) return set_exact(y, x > 0 ? INFINITY : -0.0);
  evaluate_with_guard_bits(y, kExpGuardBits, [&](long&) {
    const Real v = gelu_tanh_twice_u(x);
    if (x >= 0) return Real(x / (1 + exp(-v)));
    const Real e = exp(v);
    return Real(x * e / (1 + e));
  });
}

// gelu_tanh'(x) = sigmoid(2u) + x sigmoid'(2u) 2u'. With q = x 2u' and
// E = e^-|2u|: (1 + E + qE) / (1 + E)^2 for x >= 0, E (1 + E + q) / (1 + E)^2
// for x < 0, where 1 + E + q cancels next to the root x ~ -0.7525.
void gelu_tanh_grad(Real& y, const Real& x, const Params&) {
  if (isinf(x)) return set_exact(y, x > 0 ? 1.0 : -0.0);
  evaluate_with_guard_bits(y, kExpGuardBits, [&](long& lost) {
    Real pi;
    mpfr_const_pi(raw(pi), MPFR_RNDN);
    const Real q = 2 * boost::multiprecision::sqrt(2 / pi) * x * (1 + 3 * Real("0.044715") * x * x);
    const Real v = gelu_tanh_twice_u(x);
    if (x >= 0) {
      const Real e = exp(-v);
      return Real((1 + e + q * e) / ((1 + e) * (1 + e)));
    }
    const Real e = exp(v);
    const Real one_plus_e = 1 + e;
    const Real bracket = one_plus_e + q;
    lost = cancelled_bits(one_plus_e, q, bracket);
    return Real(e * bracket / (one_plus_e * one_plus_e));
  });
}

}  // namespace numstab::oracles
