// Reference exponential linear units (elu, selu, celu) and their derivatives
// in a wide type W (long double for f64, double for the narrower formats),
// rounded once into the format. The negative piece uses expm1: e^x - 1
// cancels near 0 (elu(-1e-10) would keep 6 digits of 16 in double) while
// expm1 keeps full relative accuracy; as x -> -inf it tends to -1, never
// overflowing. The derivatives' e^x underflows in W only far below every
// format's smallest subnormal. elu(-0) = -0, as PyTorch's CPU kernel (x < 0 ?
// negative piece : x * scale); derivatives at 0 take the negative piece's
// value, as PyTorch's elu_backward (x <= 0 ? ...). NaN in, NaN out.
#pragma once
#include <cmath>
#include <type_traits>

#include "src/params.hpp"

namespace numstab::kernels {

// selu's constants (PyTorch's decimal strings), each rounded once into W.
template <class W>
struct SeluConstants {
  static constexpr bool wide = std::is_same_v<W, long double>;
  static constexpr W scale = wide ? W(1.0507009873554804934193349852946L)
                                  : W(1.0507009873554804934193349852946);
  // scale * alpha = 1.6732632423543772848170429916717 * 1.0507009873554804934193349852946,
  // multiplied out in decimal so that W holds it with one rounding.
  static constexpr W scale_alpha = wide ? W(1.7580993408473768599402175208123193L)
                                        : W(1.7580993408473768599402175208123193);
};

struct Elu {
  // p = {alpha}: x for x >= 0, alpha expm1(x) for x < 0.
  template <class W>
  static W eval(W x, const Params& p) {
    if (!(x < 0)) return x;
    return W(p.at(0)) * std::expm1(x);
  }
};

struct EluGrad {
  // 1 for x > 0, alpha e^x for x <= 0 (alpha at 0).
  template <class W>
  static W eval(W x, const Params& p) {
    if (std::isnan(x)) return x;
    return x > 0 ? W(1) : W(p.at(0)) * std::exp(x);
  }
};

struct Selu {
  template <class W>
  static W eval(W x, const Params&) {
    if (!(x < 0)) return SeluConstants<W>::scale * x;
    return SeluConstants<W>::scale_alpha * std::expm1(x);
  }
};

struct SeluGrad {
  // scale for x > 0, scale alpha e^x for x <= 0 (scale alpha ~ 1.7581 at 0).
  template <class W>
  static W eval(W x, const Params&) {
    if (std::isnan(x)) return x;
    return x > 0 ? SeluConstants<W>::scale : SeluConstants<W>::scale_alpha * std::exp(x);
  }
};

// x / alpha as q + r: q rounded, r the rest (the division's remainder, exact
// by fma, divided by alpha). e^(q + r) = e^q (1 + r) to W's precision, so the
// argument's rounding (|x/alpha| ulp/2 of W: up to 0.2 ULP of f64 near e^-745) is
// not passed on to the result.
template <class W>
void divide_in_two(W x, W alpha, W& q, W& r) {
  q = x / alpha;
  r = std::fma(-q, alpha, x) / alpha;
}

struct Celu {
  // p = {alpha}: x for x >= 0, alpha expm1(x / alpha) for x < 0.
  template <class W>
  static W eval(W x, const Params& p) {
    if (!(x < 0)) return x;
    const W alpha = p.at(0);
    W q, r;
    divide_in_two(x, alpha, q, r);
    if (!std::isfinite(q) || r == 0) return alpha * std::expm1(q);
    const W e = std::exp(q);
    if (!std::isfinite(e)) return alpha * std::expm1(q);  // overflow (alpha < 0)
    return alpha * (std::expm1(q) + e * r);
  }
};

struct CeluGrad {
  // 1 for x > 0, e^(x / alpha) for x <= 0 (1 at 0: celu is C^1 there).
  template <class W>
  static W eval(W x, const Params& p) {
    if (std::isnan(x)) return x;
    if (x > 0) return 1;
    W q, r;
    divide_in_two(x, W(p.at(0)), q, r);
    const W e = std::exp(q);
    if (!std::isfinite(q) || !std::isfinite(e) || r == 0) return e;
    return e + e * r;
  }
};

}  // namespace numstab::kernels
