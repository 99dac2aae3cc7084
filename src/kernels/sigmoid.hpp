// Reference logistic sigmoid and its derivative in a wide type W.
#pragma once
#include <cmath>

#include "src/params.hpp"

namespace numstab::kernels {

struct Sigmoid {
  // 1/(1 + e^-x) for x >= 0 and e^x/(1 + e^x) for x < 0: the exponential's
  // argument is never positive, so it never overflows, and for x < 0 the
  // result keeps full relative accuracy down into the subnormals.
  template <class W>
  static W eval(W x, const Params&) {
    using std::exp, std::fabs;
    const W e = exp(-fabs(x));
    return x >= 0 ? 1 / (1 + e) : e / (1 + e);
  }
};

struct SigmoidGrad {
  // sigmoid'(x) = E / (1 + E)^2 with E = e^-|x|: even, never overflows, and
  // keeps relative accuracy in both tails where s(1 - s) cancels.
  template <class W>
  static W eval(W x, const Params&) {
    using std::exp, std::fabs;
    const W e = exp(-fabs(x));
    return e / ((1 + e) * (1 + e));
  }
};

}  // namespace numstab::kernels
