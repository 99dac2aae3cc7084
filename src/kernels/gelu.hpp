// Reference gelu (erf form) and its derivative in a wide type W (long double
// for f64, double for the narrower formats); rounded once into the format.
#pragma once
#include <cmath>

#include "src/kernels/double_word.hpp"
#include "src/params.hpp"

namespace numstab::kernels {

// 2 Phi(x) = erfc(z), z = -x / sqrt 2. z rounded to W costs 2 z^2 ulps of W
// in relative error where erfc(z) ~ e^(-z^2) (~1500 ulps of long double where
// gelu leaves the f64 range near x = -38.6: most of an f64 ulp). So z is
// formed to twice W's precision, z = hi + lo, and erfc(hi) is corrected to
// first order: erfc(hi + lo) = erfc(hi) - (2 / sqrt pi) e^(-hi^2) lo.
// erfc(+large) underflows to +0: the sign of the true value.
template <class W>
W twice_normal_cdf(W x) {
  using std::erfc, std::exp;
  static constexpr double kMinusInvSqrt2[3] = {-0x1.6a09e667f3bcdp-1, 0x1.bdd3413b26456p-55,
                                               -0x1.57d3e3adec175p-109};
  static constexpr double k2OverSqrtPi[3] = {0x1.20dd750429b6dp+0, 0x1.1ae3a914fed80p-56,
                                             -0x1.3cbbebf65f145p-111};
  const auto z = mul(constant<W>(kMinusInvSqrt2), x);
  return erfc(z.hi) - constant<W>(k2OverSqrtPi).hi * exp(-z.hi * z.hi) * z.lo;
}

struct Gelu {
  // x Phi(x): no cancellation anywhere (erfc, not 1 + erf, which loses the
  // negative tail), the sign of x kept on zeros and underflows; -0 at -inf
  // (x * 0 would be NaN).
  template <class W>
  static W eval(W x, const Params&) {
    using std::isinf;
    if (isinf(x)) return x > 0 ? x : W(-0.0);
    return x * (twice_normal_cdf(x) / 2);
  }
};

struct GeluGrad {
  // The root of gelu' (the minimum of gelu) as three doubles, and the Taylor
  // coefficients of gelu' there: within 1/16 of it Phi(x) + x phi(x) cancels
  // (two terms near 0.23), the series keeps relative accuracy. Truncation
  // below 2^-72 relative on the whole window.
  static constexpr double kRoot[3] = {-0x1.80ead197f00b4p-1, 0x1.13e74c58cada8p-56,
                                      0x1.65d4b5b9cdd03p-111};
  static constexpr long double kSeries[14] = {
      0xDCECC7D2D190ABF0p-65L,  0xC6CD4A0EF1D62B5Dp-65L,  -0x95177CDDC32D6FDBp-69L,
      -0xE97D260BE3F4216Ep-67L, -0xF20441227C80E964p-70L, 0x9F1A36F7A102B452p-69L,
      0x94BDCEB7FD566ABFp-71L,  -0x92C536C2B19D79F6p-72L, -0xC3407BA735B5CE0Fp-74L,
      0xC36431DB3041DDC3p-76L,  0xB4B084926F5D4176p-77L,  -0xBC25656A5CA0F39Ap-80L,
      -0x81FF634DEEAA9F56p-80L, 0xE861C5BD08BE633Ap-85L};

  // gelu'(x) = Phi(x) + x phi(x), phi(x) = e^(-x^2/2) / sqrt(2 pi) with x^2
  // exact as hi + lo (same reason as in twice_normal_cdf). Both terms
  // underflow to zero in the far negative tail, where the value is negative:
  // -0 then (0 + -0 would be +0).
  template <class W>
  static W eval(W x, const Params&) {
    using std::copysign, std::fabs, std::isinf;
    static constexpr double kInvSqrt2Pi[3] = {0x1.9884533d43651p-2, -0x1.cbc0d30ebfd15p-56,
                                              -0x1.c7402c7d60cfbp-112};
    if (isinf(x)) return x > 0 ? W(1) : W(-0.0);
    if (fabs(x - static_cast<W>(kRoot[0])) < W(0.0625)) return series_about_root(x, kRoot, kSeries);
    const auto square = two_prod(x, x);
    const W pdf =
        constant<W>(kInvSqrt2Pi).hi * exp_of(DoubleWord<W>{-square.hi / 2, -square.lo / 2});
    const W g = twice_normal_cdf(x) / 2 + x * pdf;
    return g == 0 ? copysign(W(0), x) : g;
  }
};

}  // namespace numstab::kernels
