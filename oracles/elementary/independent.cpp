// Independent fast tiers of the elementary ops, in long double
// (oracles/long_double_tier.hpp). Regions:
//   exp    x >= 89: overflows every narrow format; x <= -745: (0, 2^-1000);
//          |x| < 2^-5: 1 + expm1l(x); else expl
//   expm1  x >= 89: overflow; x <= -745: -1 + (0, 2^-1000); x <= -45: -1 + expl(x); else expm1l
//   log    x < 0: NaN; 0 and 1 to MPFR; |x - 1| < 1/2: log1pl(x - 1) (x - 1 exact); else logl
//   log1p  x < -1: NaN; -1 to MPFR; else log1pl
//   erf    |x| >= 26: +-1 -+ (0, 2^-979); |x| >= 1: +-1 -+ erfcl(|x|); else erfl
//   erfc   |x| < 1/2: 1 - erfl(x); x >= 27: (0, 2^-1000); x <= -26: 2 - (0, 2^-979);
//          x <= -1/2: 2 - erfcl(-x); else erfcl
// (erfc(26) < 2^-980, erfc(27) < 2^-1051; e^-745 < 2^-1074.)
#include "oracles/independent_tiers.hpp"
#include "oracles/long_double_tier.hpp"

namespace numstab::independent {

using ld::LD;

void exp(const double* x, size_t n, const Params&, Enclosure* out) {
  for (size_t i = 0; i < n; ++i) {
    const double v = x[i];
    if (v >= 89) out[i] = enclose_overflow(false);
    else if (v <= -745) out[i] = enclose_beyond(0, 0x1p-1000);
    else if (std::fabs(v) < 0x1p-5) out[i] = ld::anchored(1, expm1l(v));
    else {
      const LD e = expl(v);
      out[i] = ld::small_value(e, e);
    }
  }
}

void expm1(const double* x, size_t n, const Params&, Enclosure* out) {
  for (size_t i = 0; i < n; ++i) {
    const double v = x[i];
    if (v >= 89) out[i] = enclose_overflow(false);
    else if (v <= -745) out[i] = enclose_beyond(-1, 0x1p-1000);
    else if (v <= -45) {
      const LD e = expl(v);
      out[i] = ld::small_anchored(-1, e, e);
    }
    else out[i] = ld::value(expm1l(v));
  }
}

void log(const double* x, size_t n, const Params&, Enclosure* out) {
  for (size_t i = 0; i < n; ++i) {
    const double v = x[i];
    if (v < 0) out[i] = enclose_nan();
    else if (v == 0 || v == 1) out[i] = {};
    else if (std::fabs(v - 1) < 0.5) out[i] = ld::value(log1pl(static_cast<LD>(v) - 1));
    else out[i] = ld::value(logl(v));
  }
}

void log1p(const double* x, size_t n, const Params&, Enclosure* out) {
  for (size_t i = 0; i < n; ++i) {
    const double v = x[i];
    if (v < -1) out[i] = enclose_nan();
    else if (v == -1) out[i] = {};
    else out[i] = ld::value(log1pl(v));
  }
}

void erf(const double* x, size_t n, const Params&, Enclosure* out) {
  for (size_t i = 0; i < n; ++i) {
    const double v = x[i], a = std::fabs(v), one = std::copysign(1.0, v);
    if (a >= 26) out[i] = enclose_beyond(one, -one * 0x1p-979);
    else if (a >= 1) out[i] = ld::anchored(one, -one * erfcl(a));
    else out[i] = ld::value(erfl(v));
  }
}

void erfc(const double* x, size_t n, const Params&, Enclosure* out) {
  for (size_t i = 0; i < n; ++i) {
    const double v = x[i];
    if (std::fabs(v) < 0.5) out[i] = ld::anchored(1, -erfl(v));
    else if (v >= 27) out[i] = enclose_beyond(0, 0x1p-1000);
    else if (v <= -26) out[i] = enclose_beyond(2, -0x1p-979);
    else if (v <= -0.5) out[i] = ld::anchored(2, -erfcl(-v));
    else {
      const LD c = erfcl(v);
      out[i] = ld::small_value(c, c);
    }
  }
}

}  // namespace numstab::independent
