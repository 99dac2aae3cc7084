// The elementary functions the activations are built from: MPFR's own, which
// are correctly rounded at the Real's precision on the whole line, with IEEE
// special values (log(+-0) = -inf, log(x < 0) = NaN, log1p(-1) = -inf,
// log1p(x < -1) = NaN, exp(-inf) = +0, erfc(-inf) = 2). Past MPFR's exponent
// range (e^x for |x| > ~7.4e8, erfc(x) for x > ~3.2e4) they overflow to +inf or
// underflow to +0, which is where every format's rounding sends them too.
#include "oracles/elementary/oracle.hpp"

namespace numstab::oracles {

void exp(Real& y, const Real& x, const Params&) { y = boost::multiprecision::exp(x); }
void log(Real& y, const Real& x, const Params&) { y = boost::multiprecision::log(x); }
void expm1(Real& y, const Real& x, const Params&) { y = boost::multiprecision::expm1(x); }
void log1p(Real& y, const Real& x, const Params&) { y = boost::multiprecision::log1p(x); }
void erf(Real& y, const Real& x, const Params&) { y = boost::multiprecision::erf(x); }
void erfc(Real& y, const Real& x, const Params&) { y = boost::multiprecision::erfc(x); }

}  // namespace numstab::oracles
