// tanh and its derivative, exact to the working precision of Real.
#include "oracles/tanh/oracle.hpp"

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
