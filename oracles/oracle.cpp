#include "oracles/oracle.hpp"

#include <cmath>
#include <limits>

namespace numstab {

namespace {
// An output equal to the oracle's value is exact only when MPFR evaluated
// exactly; otherwise it is off by less than the oracle's resolution (tanh(100)
// rounds to 1 at any practical precision): counted as the smallest positive
// error, in the histogram's (0, 0.5] bin rather than among exact results.
Judgement positive_if_inexact(Judgement j, bool inexact, const Real& exact) {
  if (inexact && mpfr_regular_p(exact.backend().data()) && j.mismatch == Mismatch::none && j.ulp == 0 &&
      std::isfinite(static_cast<double>(exact)))
    j.ulp = std::numeric_limits<double>::denorm_min();
  return j;
}
}  // namespace

Judgement evaluate_and_judge(OracleFn f, const Params& p, Format fmt, const Real& x, double got,
                             Real& exact, bool* unresolved) {
  *unresolved = false;
  mpfr_clear_inexflag();  // MPFR's flags are per thread
  f(exact, x, p);
  const bool inexact = mpfr_inexflag_p();
  if (inexact && mpfr_zero_p(exact.backend().data())) {
    // Underflow past MPFR's exponent range: the true value is a nonzero of
    // that sign, far below the format's smallest subnormal. A zero output is
    // off by a positive amount (not exact), and a zero of the other sign is a
    // signed-zero mismatch.
    if (got == 0) {
      const bool wrong_sign = std::signbit(got) != static_cast<bool>(mpfr_signbit(exact.backend().data()));
      return {std::numeric_limits<double>::denorm_min(), wrong_sign ? Mismatch::signed_zero : Mismatch::none, true};
    }
    return judge(fmt, got, exact);
  }
  // Where rounding at this precision may have moved the value onto a power of
  // two (the binade, so the ULP, is in doubt) or onto a rounding midpoint (the
  // correctly rounded neighbour is in doubt), f is re-evaluated finer.
  const auto ambiguous = [&](const Real& y) {
    return (is_power_of_two(y) && got != static_cast<double>(y)) || is_midpoint(fmt, y);
  };
  if (!inexact || !ambiguous(exact))
    return positive_if_inexact(judge(fmt, got, exact), inexact && std::isfinite(got), exact);
  const unsigned base = real_precision_bits(exact);
  const unsigned saved_digits10 = Real::thread_default_precision();
  Judgement j;
  bool decided = false;
  for (unsigned bits : {4 * base, 16 * base}) {
    set_real_precision(bits);
    Real finer;
    f(finer, x, p);
    if (!ambiguous(finer)) {
      j = judge(fmt, got, finer);
      decided = true;
      break;
    }
  }
  Real::thread_default_precision(saved_digits10);
  if (decided) return j;
  *unresolved = true;
  j = judge(fmt, got, exact, /*assume_below=*/is_power_of_two(exact));
  // A neighbour of an undecided midpoint may be the wrong side: its error is
  // taken as just above half an ULP, so a bound of 0.5 is never passed on it.
  if (is_midpoint(fmt, exact) && j.mismatch == Mismatch::none && j.ulp == 0.5)
    j.ulp = std::nextafter(0.5, 1.0);
  return j;
}

Real central_difference(OracleFn f, const Params& p, const Real& x) {
  using boost::multiprecision::abs;
  using boost::multiprecision::ldexp;
  const long third = static_cast<long>(real_precision_bits(x) / 3);
  Real h = ldexp(Real(1), static_cast<int>(-third));
  if (abs(x) > 1) h *= abs(x);
  Real up, down;
  f(up, x + h, p);
  f(down, x - h, p);
  return (up - down) / (2 * h);
}

double condition_number(OracleFn f, const Params& p, double x) {
  const Real xr = x;
  Real fx;
  f(fx, xr, p);
  const Real dfx = central_difference(f, p, xr);
  if (boost::multiprecision::isnan(fx) || boost::multiprecision::isnan(dfx)) return NAN;
  const Real num = abs(xr * dfx);
  if (fx == 0) return num == 0 ? 0.0 : INFINITY;
  return static_cast<double>(num / abs(fx));
}

}  // namespace numstab
