// PReLU as PyTorch defines it: x for x > 0, a x otherwise (the seed survey's
// formula is wrong). a x of two format values is exact at the oracle's precision.
#include "oracles/prelu/oracle.hpp"

#include <limits>

namespace numstab::oracles {

void prelu(Real& y, const Real& x, const Params& p) {
  if (x > 0) y = x;
  else y = Real(p.back()) * x;  // NaN x (comparisons false) gives NaN
}

// d/dx: 1 for x > 0, a for x <= 0 (PyTorch gives a at the kink x = 0).
void prelu_grad_x(Real& y, const Real& x, const Params& p) {
  if (boost::multiprecision::isnan(x)) y = std::numeric_limits<double>::quiet_NaN();
  else if (x > 0) y = 1;
  else y = p.back();
}

// d/da: 0 for x > 0, x for x <= 0 (at x = 0 both sides give 0).
void prelu_grad_a(Real& y, const Real& x, const Params&) {
  if (x > 0) y = 0;
  else y = x;
}

}  // namespace numstab::oracles
