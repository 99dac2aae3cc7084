// Arbitrary-precision definitions of the ops, written from the mathematics.
#pragma once
#include <vector>

#include "src/params.hpp"
#include "src/ulp.hpp"

namespace numstab {

// y = f(x) at the precision of this thread's Reals (see set_real_precision).
// NaN where f is undefined.
using OracleFn = void (*)(Real& y, const Real& x, const Params& p);

// Evaluates exact = f(x) at this thread's precision and judges a kernel's
// output `got` against it. MPFR flagged the evaluation inexact and the value is
// ambiguous in two cases, where f is re-evaluated at 4x and 16x the precision:
// - a power of two that `got` differs from: the true value may lie just below
//   it, in the binade whose ULP is half as large (sigmoid(1000) = 1 - e^-1000 is
//   1 at 256 bits). Still undecided: the smaller ULP is used;
// - a rounding midpoint of `fmt`: the true value lies just off it, on the side
//   of the correctly rounded neighbour (silu(-0x1.fffffffffffffp-1022) in f64).
//   Still undecided: a neighbour's error is taken as just above 0.5.
// Either way the error is never understated, and `*unresolved` is set.
Judgement evaluate_and_judge(OracleFn f, const Params& p, Format fmt, const Real& x, double got,
                             Real& exact, bool* unresolved);

// f'(x) by a central difference of the oracle with step h = 2^-(precision/3)
// * max(|x|, 1): truncation and rounding errors both near 2^-(2 precision/3).
Real central_difference(OracleFn f, const Params& p, const Real& x);

// Relative condition number kappa(x) = |x f'(x) / f(x)| (f' by central_difference);
// +inf where f(x) = 0 and x f'(x) != 0, NaN where undefined.
double condition_number(OracleFn f, const Params& p, double x);

}  // namespace numstab
