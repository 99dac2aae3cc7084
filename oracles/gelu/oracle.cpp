// gelu (erf form) and its derivative, correct to the working precision of Real
// on the whole line, the far negative tail included (gelu(-40) ~ -1.5e-348,
// below every format's range, is still a value here: MPFR's exponent range
// reaches e^-(7e8)).
#include "oracles/gelu/oracle.hpp"

#include <cmath>

#include "oracles/guard_bits.hpp"

namespace numstab::oracles {
namespace {

using boost::multiprecision::isinf;

// Phi(x) = erfc(-x / sqrt 2) / 2, the standard normal distribution function.
Real normal_cdf(const Real& x) {
  return boost::multiprecision::erfc(-x / boost::multiprecision::sqrt(Real(2))) / 2;
}

// phi(x) = e^(-x^2/2) / sqrt(2 pi), the standard normal density.
Real normal_pdf(const Real& x) {
  Real pi;
  mpfr_const_pi(raw(pi), MPFR_RNDN);
  return boost::multiprecision::exp(-x * x / 2) / boost::multiprecision::sqrt(2 * pi);
}

}  // namespace

// gelu(x) = x Phi(x); the limits +inf and -0 (from below) at +-inf.
void gelu(Real& y, const Real& x, const Params&) {
  if (isinf(x)) return set_exact(y, x > 0 ? INFINITY : -0.0);
  evaluate_with_guard_bits(y, kExpGuardBits, [&](long&) { return Real(x * normal_cdf(x)); });
}

// gelu'(x) = Phi(x) + x phi(x). The two terms cancel next to the root
// x ~ -0.7518 (guard bits grow until the cancellation is covered). Where both
// underflow MPFR's range (x < -38000), the value is a negative number too small
// for any precision: -0. The limits at +-inf are 1 and -0.
void gelu_grad(Real& y, const Real& x, const Params&) {
  if (isinf(x)) return set_exact(y, x > 0 ? 1.0 : -0.0);
  evaluate_with_guard_bits(y, kExpGuardBits, [&](long& lost) {
    const Real cdf = normal_cdf(x), slope = x * normal_pdf(x);
    Real sum = cdf + slope;
    lost = cancelled_bits(cdf, slope, sum);
    if (mpfr_zero_p(raw(sum)) && mpfr_zero_p(raw(cdf))) mpfr_set_zero(raw(sum), x < 0 ? -1 : 1);
    return sum;
  });
}

}  // namespace numstab::oracles
