#include "oracles/oracle.hpp"

#include <cmath>

namespace numstab {

Judgement evaluate_and_judge(OracleFn f, const Params& p, Format fmt, const Real& x, double got,
                             Real& exact, bool* unresolved) {
  *unresolved = false;
  mpfr_clear_inexflag();  // MPFR's flags are per thread
  f(exact, x, p);
  const bool inexact = mpfr_inexflag_p();
  if (!inexact || !is_power_of_two(exact) || got == static_cast<double>(exact))
    return judge(fmt, got, exact);
  const unsigned base = real_precision_bits(exact);
  const unsigned saved_digits10 = Real::thread_default_precision();
  Judgement j;
  bool decided = false;
  for (unsigned bits : {4 * base, 16 * base}) {
    set_real_precision(bits);
    Real finer;
    f(finer, x, p);
    if (!is_power_of_two(finer)) {
      j = judge(fmt, got, finer);
      decided = true;
      break;
    }
  }
  Real::thread_default_precision(saved_digits10);
  if (decided) return j;
  *unresolved = true;
  return judge(fmt, got, exact, /*assume_below=*/true);
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
