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

// softplus with beta = 1: max(t, 0) + log1p(e^-|t|). The exponential's
// argument is never positive (naive log(1 + e^t) overflows past t ~ 88.7 in
// f32), the terms never cancel, and for t -> -inf log1p(e^t) keeps relative
// accuracy down into the subnormals. softplus1(+-inf) = +inf, +0.
template <class W>
W softplus1(W t) {
  using std::exp, std::log1p;
  return t > 0 ? t + log1p(exp(-t)) : log1p(exp(t));
}

struct LogSigmoid {
  // log sigmoid(x) = -softplus(-x): x - log1p(e^x) for x < 0 (no cancellation:
  // both terms are negative), -log1p(e^-x) otherwise, which is -0 at +inf.
  template <class W>
  static W eval(W x, const Params&) {
    using std::exp, std::log1p;
    return x < 0 ? x - log1p(exp(x)) : -log1p(exp(-x));
  }
};

struct LogSigmoidGrad {
  // (log sigmoid)'(x) = 1 - sigmoid(x) = sigmoid(-x), without the cancellation.
  template <class W>
  static W eval(W x, const Params& p) { return Sigmoid::eval(-x, p); }
};

struct Softplus {
  // log(1 + e^(beta x)) / beta, the mathematical softplus: no threshold (see
  // the catalog entry).
  template <class W>
  static W eval(W x, const Params& p) {
    const W beta = static_cast<W>(p[0]);
    return softplus1(beta * x) / beta;
  }
};

struct SoftplusGrad {
  // softplus'(x) = sigmoid(beta x).
  template <class W>
  static W eval(W x, const Params& p) { return Sigmoid::eval(static_cast<W>(p[0]) * x, p); }
};

struct Silu {
  // x sigmoid(x) as x / (1 + e^-x) for x >= 0 and x e^x / (1 + e^x) for x < 0
  // (never overflows). Where e^x underflows W, x e^x is far below every
  // format's range: -0, also at x = -inf (not -inf * 0 = NaN).
  template <class W>
  static W eval(W x, const Params&) {
    using std::exp, std::fabs;
    const W e = exp(-fabs(x));
    if (x < 0) return e == 0 ? -W(0) : x * e / (1 + e);
    return x / (1 + e);
  }
};

struct SiluGrad {
  // silu'(x) = sigmoid(x) (1 + x sigmoid(-x)).
  // x >= 0: (1 + E + x E) / (1 + E)^2 with E = e^-x: all terms positive.
  // x < 0:  g(x) sigmoid'(x), g(x) = 1 + x + e^x, sigmoid'(x) = e^x / (1 + e^x)^2.
  //   g vanishes at r = -1 - W(1/e), where 1 + x and e^x cancel. Since
  //   1 + r + e^r = 0, g(x) = d + e^r expm1(d) with d = x - r: the two terms
  //   have the sign of d for every x, so nothing cancels, and d = (x - r_hi) -
  //   r_lo is exact to W's precision because r is kept to 128 bits. Computing
  //   1 + x + e^x directly in long double leaves ~2^-64 absolute error, 2^40
  //   f64 ULP at the f64 neighbour of r.
  static constexpr long double kRootHi = -0xa3a4b9e420905bf2p-63L;  // r to 64 bits
  static constexpr long double kRootLo = 0xa2d0d94faaebb5b0p-128L;  // r - kRootHi
  static constexpr long double kExpRoot = 0x8e92e79082416fc7p-65L;  // e^r = W(1/e)

  template <class W>
  static W eval(W x, const Params&) {
    using std::exp, std::expm1;
    if (!(x < 0)) {  // x >= 0 or NaN
      const W e = exp(-x);
      const W xe = e == 0 ? W(0) : x * e;  // x = +inf: the limit 0, not inf * 0
      return (1 + e + xe) / ((1 + e) * (1 + e));
    }
    const W e = exp(x);
    if (e == 0) return -W(0);  // (1 + x) e^x is far below every format's range
    const W r_hi = static_cast<W>(kRootHi);
    const W r_lo = static_cast<W>((kRootHi - r_hi) + kRootLo);
    const W d = (x - r_hi) - r_lo;
    const W g = d + static_cast<W>(kExpRoot) * expm1(d);
    return g * e / ((1 + e) * (1 + e));
  }
};

}  // namespace numstab::kernels
