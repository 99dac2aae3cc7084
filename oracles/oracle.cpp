#include "oracles/oracle.hpp"

#include <cmath>

namespace numstab {

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
