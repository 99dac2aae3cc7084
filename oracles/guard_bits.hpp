// Oracle formulas evaluated with guard bits: a formula runs with this thread's
// Reals wider than asked for, and its value is rounded once into the result.
// Used where a formula cancels (a derivative next to its root) or amplifies
// the rounding of an argument (e^(-x^2/2) for large |x|).
#pragma once
#include <algorithm>

#include "oracles/oracle.hpp"

namespace numstab::oracles {

inline mpfr_ptr raw(Real& x) { return x.backend().data(); }
inline mpfr_srcptr raw(const Real& x) { return x.backend().data(); }

// The binary exponent e of x (2^(e-1) <= |x| < 2^e), 0 for zero, inf or NaN.
inline long exponent_of(const Real& x) { return mpfr_regular_p(raw(x)) ? mpfr_get_exp(raw(x)) : 0; }

// y = v exactly, keeping y's precision (v may be a signed zero, inf or NaN).
inline void set_exact(Real& y, double v) { mpfr_set_d(raw(y), v, MPFR_RNDN); }

// Runs `formula(lost)`, which returns a Real and sets `lost` to the bits it
// lost to cancellation, with this thread's Reals `guard` bits wider than the
// thread's precision; while fewer than 32 guard bits survive, it runs again
// wider (up to 2^16 guard bits: only an exact root, which no binary input
// hits, cancels more). The value is then rounded once into y at the thread's
// precision.
template <class Formula>
void evaluate_with_guard_bits(Real& y, long guard, Formula formula) {
  constexpr long kMaxGuard = 1L << 16;
  const unsigned saved_digits10 = Real::thread_default_precision();
  const long bits = static_cast<long>(real_precision_bits(Real()));
  Real w;
  for (;;) {
    set_real_precision(static_cast<unsigned>(bits + guard));
    long lost = 0;
    Real v = formula(lost);
    w.swap(v);  // keeps the wide precision
    if (lost + 32 <= guard || guard >= kMaxGuard) break;
    guard = std::min(kMaxGuard, 2 * (lost + 32));
  }
  Real::thread_default_precision(saved_digits10);
  mpfr_set_prec(raw(y), bits);
  mpfr_set(raw(y), raw(w), MPFR_RNDN);
}

// Guard bits that cover an exponential's argument: e^a is a value in MPFR
// only while |a| < 2^30 (its exponent range ends near 2^-(2^30)), so rounding
// a costs at most 30 bits of e^a's relative accuracy (gelu's e^(-x^2/2),
// gelu_tanh's e^(c x^3) in the far negative tail); 64 cover that.
inline constexpr long kExpGuardBits = 64;

// Bits lost when a + b (of opposite signs) cancels to `sum`.
inline long cancelled_bits(const Real& a, const Real& b, const Real& sum) {
  if (mpfr_zero_p(raw(sum))) return mpfr_zero_p(raw(a)) && mpfr_zero_p(raw(b)) ? 0 : 1L << 20;
  return std::max(exponent_of(a), exponent_of(b)) - exponent_of(sum);
}

}  // namespace numstab::oracles
