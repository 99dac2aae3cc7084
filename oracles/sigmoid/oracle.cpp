// The logistic sigmoid and its derivative, exact to the working precision of Real.
#include "oracles/sigmoid/oracle.hpp"

namespace numstab::oracles {

// sigmoid(x) = 1 / (1 + e^-x). For x -> -inf, e^-x overflows MPFR's exponent
// range only past |x| ~ 7e8, where the true result is below every format's range.
void sigmoid(Real& y, const Real& x, const Params&) {
  y = boost::multiprecision::exp(-x);
  y = 1 / (1 + y);
}

// sigmoid'(x) = e^-|x| / (1 + e^-|x|)^2, an even function. Written with -|x| so
// that the exponential never overflows (s(1 - s) would cancel for large x).
void sigmoid_grad(Real& y, const Real& x, const Params&) {
  const Real e = boost::multiprecision::exp(-boost::multiprecision::abs(x));
  y = e / ((1 + e) * (1 + e));
}

}  // namespace numstab::oracles
