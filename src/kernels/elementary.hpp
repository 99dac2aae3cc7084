// Reference elementary functions in a wide type W (long double for f64, double
// for the narrower formats), rounded once into the format. The wide libm call
// (glibc's expl, logl, ... on x86-64 for f64) is accurate to a few ULP of W,
// i.e. 2^-11 ULP of f64 and 2^-29 ULP of f32, so the one rounding decides.
// W's exponent range covers every format's (erfc(26.5) and e^-740, subnormal in
// f64, are normal long doubles), so tails and subnormal results keep their
// relative accuracy until that last rounding.
#pragma once
#include <cmath>

#include "src/params.hpp"

namespace numstab::kernels {

struct Exp {
  template <class W>
  static W eval(W x, const Params&) { return std::exp(x); }
};

struct Log {
  template <class W>
  static W eval(W x, const Params&) { return std::log(x); }
};

struct Expm1 {
  template <class W>
  static W eval(W x, const Params&) { return std::expm1(x); }
};

struct Log1p {
  template <class W>
  static W eval(W x, const Params&) { return std::log1p(x); }
};

struct Erf {
  template <class W>
  static W eval(W x, const Params&) { return std::erf(x); }
};

struct Erfc {
  template <class W>
  static W eval(W x, const Params&) { return std::erfc(x); }
};

}  // namespace numstab::kernels
