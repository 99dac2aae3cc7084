// Arbitrary-precision definitions of the ops, written from the mathematics.
#pragma once
#include <vector>

#include "src/params.hpp"
#include "src/ulp.hpp"

namespace numstab {

// y = f(x) at the precision of this thread's Reals (see set_real_precision).
// NaN where f is undefined.
using OracleFn = void (*)(Real& y, const Real& x, const Params& p);

namespace oracles {
void tanh(Real& y, const Real& x, const Params& p);
void tanh_grad(Real& y, const Real& x, const Params& p);
void sigmoid(Real& y, const Real& x, const Params& p);
void sigmoid_grad(Real& y, const Real& x, const Params& p);
}  // namespace oracles

// f'(x) by a central difference of the oracle with step h = 2^-(precision/3)
// * max(|x|, 1): truncation and rounding errors both near 2^-(2 precision/3).
Real central_difference(OracleFn f, const Params& p, const Real& x);

// Relative condition number kappa(x) = |x f'(x) / f(x)| (f' by central_difference);
// +inf where f(x) = 0 and x f'(x) != 0, NaN where undefined.
double condition_number(OracleFn f, const Params& p, double x);

}  // namespace numstab
