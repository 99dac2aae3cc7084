// Reference tanh, softsign, mish, gelu_tanh and their derivatives in a wide
// type W (long double for f64, double for the narrower formats); the result
// is rounded once into the target format.
#pragma once
#include <cmath>

#include "src/kernels/double_word.hpp"
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

// ---- softsign, mish and gelu_tanh: activations of the tanh family ---------

struct Softsign {
  // x / (1 + |x|); at +-inf that is inf/inf, so the limit +-1 is returned there.
  template <class W>
  static W eval(W x, const Params&) {
    using std::copysign, std::fabs, std::isinf;
    if (isinf(x)) return copysign(W(1), x);
    return x / (1 + fabs(x));
  }
};

struct SoftsignGrad {
  // 1 / (1 + |x|)^2: the square cannot overflow W for any input of the format.
  template <class W>
  static W eval(W x, const Params&) {
    using std::fabs;
    const W d = 1 + fabs(x);
    return 1 / (d * d);
  }
};

struct Mish {
  // x tanh(softplus(x)) with tanh(log(1 + e^x)) written as a rational function
  // of an exponential whose argument is never positive: n / (n + 2) with
  // n = e^x (e^x + 2) for x <= 0, (1 + 2E) / (1 + 2E + 2E^2) with E = e^-x for
  // x > 0. No overflow, no cancellation, relative accuracy in both tails.
  template <class W>
  static W eval(W x, const Params&) {
    using std::exp, std::isinf;
    if (isinf(x)) return x > 0 ? x : W(-0.0);  // x e^x -> -0 from below
    if (x <= 0) {
      const W e = exp(x);
      const W n = e * (e + 2);
      return x * (n / (n + 2));
    }
    const W e = exp(-x);
    return x * ((1 + 2 * e) / (1 + 2 * e + 2 * e * e));
  }
};

struct MishGrad {
  // Roots of mish' (the minimum of mish) as three doubles, and the Taylor
  // coefficients of mish' there: within 1/16 of the root the closed form below
  // cancels (two terms near 1 in magnitude), and the series keeps relative
  // accuracy. Truncation below 2^-72 relative on the whole window.
  static constexpr double kRoot[3] = {-0x1.31432c0d12d84p+0, -0x1.bf319154da210p-55,
                                      -0x1.3b82ea8c1efc4p-109};
  static constexpr long double kSeries[14] = {
      0x88AD65A12805DA36p-65L,  0xD1A5128EC56BD91Ap-66L,  0xABA7890D4346DAEFp-68L,
      -0xA61117F326A7DA81p-69L, -0x819B4EA56487D285p-69L, -0xDC3EEFDA8DBA2A43p-72L,
      0x8F2F0C2507F002C4p-73L,  0x81BCC8C1590BF943p-73L,  0x853CAA74343380ADp-75L,
      -0xAFFFD03391055B99p-78L, -0xEA29D77CC09E7F94p-78L, -0x911DE6B4388BA85Fp-79L,
      0xFD1055701B262A4Dp-84L,  0xC335255F847696ABp-82L};

  // mish'(x) = tanh(sp) + x sigmoid(x) sech^2(sp), sp = softplus(x). With
  // e = e^x: e w / d^2, w = 4(x+1)(1+e) + e(e^2 + 4e + 2), d = e^2 + 2e + 2
  // for x <= 0 (a negative w times an underflowed e gives -0: the sign of the
  // true value); with E = e^-x for x > 0:
  // (1 + 4E + (6 + 4x)E^2 + 4(x+1)E^3) / (1 + 2E + 2E^2)^2, all terms positive.
  template <class W>
  static W eval(W x, const Params&) {
    using std::exp, std::fabs, std::isinf;
    if (isinf(x)) return x > 0 ? W(1) : W(-0.0);
    if (x > 0) {
      const W e = exp(-x);
      const W d = 1 + 2 * e + 2 * e * e;
      return (1 + 4 * e + e * e * ((6 + 4 * x) + 4 * (x + 1) * e)) / (d * d);
    }
    if (fabs(x - static_cast<W>(kRoot[0])) < W(0.0625)) return series_about_root(x, kRoot, kSeries);
    const W e = exp(x);
    const W w = 4 * (x + 1) * (1 + e) + e * (e * e + 4 * e + 2);
    const W d = e * e + 2 * e + 2;
    return e * w / (d * d);
  }
};

// 2 u(x) = 2 sqrt(2/pi) (x + 0.044715 x^3) to twice W's precision: e^(2u) in
// the negative tail is then accurate to W's rounding, where 2u itself rounded
// to W would cost |2u| ulps of relative error (|2u| ~ 745 where gelu_tanh
// leaves the f64 range). The cube cannot overflow W for any input of the format.
// 2 sqrt(2/pi), 2 sqrt(2/pi) 0.044715 and 6 sqrt(2/pi) 0.044715 as three doubles.
inline constexpr double k2S[3] = {0x1.9884533d43651p+0, -0x1.cbc0d30ebfd15p-54,
                                  -0x1.c7402c7d60cfbp-110};
inline constexpr double k2SKappa[3] = {0x1.2444f2a4d8b4bp-4, -0x1.6c843a29d1c70p-61,
                                       -0x1.e59a5ef3f43e4p-115};
inline constexpr double k6SKappa[3] = {0x1.b6676bf7450f0p-3, 0x1.bba7351828aabp-57,
                                       -0x1.6c33c736f72ebp-113};

template <class W>
DoubleWord<W> gelu_tanh_twice_u(W x) {
  const auto cube = mul(two_prod(x, x), x);
  return add(mul(constant<W>(k2S), x), mul(constant<W>(k2SKappa), cube));
}

struct GeluTanh {
  // 0.5 x (1 + tanh(u)) = x sigmoid(2u) = x / (1 + e^-2u) for x >= 0 and
  // x e^2u / (1 + e^2u) for x < 0 (u has the sign of x): the exponential's
  // argument is never positive, and the far negative tail keeps its relative
  // accuracy down to the smallest subnormal (then -0, the sign of the value).
  template <class W>
  static W eval(W x, const Params&) {
    using std::isinf;
    if (isinf(x)) return x > 0 ? x : W(-0.0);
    const auto v = gelu_tanh_twice_u(x);
    if (x >= 0) return x / (1 + exp_of(DoubleWord<W>{-v.hi, -v.lo}));
    const W e = exp_of(v);
    return x * (e / (1 + e));
  }
};

struct GeluTanhGrad {
  // The root of gelu_tanh' and its Taylor coefficients there (as for MishGrad).
  static constexpr double kRoot[3] = {-0x1.81429f9e97e4dp-1, 0x1.4f523ed77dbdcp-55,
                                      -0x1.a649fca8ac0e5p-109};
  static constexpr long double kSeries[14] = {
      0xDC5D66964B5C8AECp-65L,  0xC668D1597FF9944Fp-65L,  -0x814B0AF6D83BCD41p-69L,
      -0xE95BB9A323855716p-67L, -0x882541F6E06EE35Bp-69L, 0xA13CCB6E124E6EC2p-69L,
      0xAC64F6B89A435F91p-71L,  -0x9EC6B20B85DB8DE6p-72L, -0xF31F94A198C4286Fp-74L,
      0x8A5FC4AD34A8B791p-75L,  0x8249B7877B9ED845p-76L,  -0x929DE74F65724171p-78L,
      -0x85CE4A4ABAEDC802p-79L, 0xC6987CCAF773E013p-81L};

  // d/dx x sigmoid(2u) = sigmoid(2u) + x sigmoid'(2u) 2u', with q = x 2u' =
  // 2 sqrt(2/pi) x (1 + 3 0.044715 x^2) and E = e^-|2u|:
  // (1 + E + q E) / (1 + E)^2 for x >= 0, E (1 + E + q) / (1 + E)^2 for x < 0.
  // PyTorch's 0.5(1 + t) + 0.5 x (1 - t^2) u' with t = tanh(u) is the same
  // function; 1 - t^2 cancels for large |u| and is not used.
  template <class W>
  static W eval(W x, const Params&) {
    using std::fabs, std::isinf;
    if (isinf(x)) return x > 0 ? W(1) : W(-0.0);
    if (fabs(x - static_cast<W>(kRoot[0])) < W(0.0625)) return series_about_root(x, kRoot, kSeries);
    const auto v = gelu_tanh_twice_u(x);
    const W q = x * (constant<W>(k2S).hi + constant<W>(k6SKappa).hi * x * x);
    if (x >= 0) {
      const W e = exp_of(DoubleWord<W>{-v.hi, -v.lo});
      return (1 + e + q * e) / ((1 + e) * (1 + e));
    }
    const W e = exp_of(v);
    return e * ((1 + e + q) / ((1 + e) * (1 + e)));
  }
};

}  // namespace numstab::kernels
