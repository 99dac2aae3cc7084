// Reference tanh and tanh' in a wide type W (long double for f64, double for
// the narrower formats); the result is rounded once into the target format.
#pragma once
#include <cmath>

#include "src/params.hpp"

namespace numstab::kernels {

struct Tanh {
  // tanh(x) = -expm1(-2|x|) / (2 + expm1(-2|x|)), sign of x restored: the
  // exponential's argument is never positive, so nothing overflows (the naive
  // (e^x - e^-x)/(e^x + e^-x) is inf/inf = NaN past |x| ~ 88.7 in f32), and
  // expm1 keeps full relative accuracy near 0. Zeros keep their sign.
  template <class W>
  static W eval(W x, const Params&) {
    using std::copysign, std::expm1, std::fabs;
    const W t = expm1(-2 * fabs(x));
    return copysign(-t / (2 + t), x);
  }
};

struct TanhGrad {
  // tanh'(x) = sech^2(x) = 4E / (1 + E)^2 with E = e^-2|x| in (0, 1]: no
  // cancellation (1 - tanh^2 loses everything once tanh rounds to 1).
  template <class W>
  static W eval(W x, const Params&) {
    using std::exp, std::fabs;
    const W e = exp(-2 * fabs(x));
    return 4 * e / ((1 + e) * (1 + e));
  }
};

}  // namespace numstab::kernels
