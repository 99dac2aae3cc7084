// Fast tiers of the elementary ops. The double functions are glibc's; the
// series are truncated where the remainder is below 2^-50 of the part they
// give. Exact points (exp(0) = 1, log(1) = 0, ...) are left to MPFR.
#include <cmath>

#include "oracles/fast_tiers.hpp"

namespace numstab::fast {

namespace {
// e^x - 1 for |x| < 2^-10: remainder x^6/720 < 2^-59 |x|.
double expm1_series(double v) { return v * (1 + v * (0.5 + v * (1.0 / 6 + v * (1.0 / 24 + v / 120)))); }
}  // namespace

// exp: |x| < 2^-10: 1 + expm1 series; x >= 89: overflows every narrow format
// (e^89 > 4.4e38); x <= -700: 0 < f < 2^-1000; else glibc exp.
void exp(const double* x, size_t n, const Params&, Enclosure* out) {
  for (size_t i = 0; i < n; ++i) {
    const double v = x[i];
    if (std::fabs(v) < 0x1p-10) out[i] = enclose_anchored(1, expm1_series(v));
    else if (v >= 89) out[i] = enclose_overflow(false);
    else if (v <= -700) out[i] = enclose_beyond(0, 0x1p-1000);
    else out[i] = enclose(std::exp(v));
  }
}

// expm1: |x| < 2^-10: x + (x^2/2 + ... + x^6/720), remainder x^7/5040 below
// 2^-61 of that part; x >= 89: overflow; x <= -20: -1 + e^x (e^x < 2^-1000
// past -700); else glibc expm1.
void expm1(const double* x, size_t n, const Params&, Enclosure* out) {
  for (size_t i = 0; i < n; ++i) {
    const double v = x[i];
    if (std::fabs(v) < 0x1p-10) {
      const double v2 = v * v;
      out[i] = enclose_anchored(v, v2 * (0.5 + v * (1.0 / 6 + v * (1.0 / 24 + v * (1.0 / 120 + v / 720)))));
    } else if (v >= 89) {
      out[i] = enclose_overflow(false);
    } else if (v <= -700) {
      out[i] = enclose_beyond(-1, 0x1p-1000);
    } else if (v <= -20) {
      out[i] = enclose_anchored(-1, std::exp(v));
    } else {
      out[i] = enclose(std::expm1(v));
    }
  }
}

// log: NaN below 0; 0 (-inf) and 1 (exactly 0) to MPFR; else glibc log
// (relative accuracy holds next to 1 too).
void log(const double* x, size_t n, const Params&, Enclosure* out) {
  for (size_t i = 0; i < n; ++i) {
    const double v = x[i];
    if (v < 0) out[i] = enclose_nan();
    else if (v == 0 || v == 1) out[i] = {};
    else out[i] = enclose(std::log(v));
  }
}

// log1p: NaN below -1; -1 to MPFR; |x| < 2^-10: x + (-x^2/2 + ... - x^6/6),
// remainder |x|^7/7 below 2^-51 of that part; else glibc log1p.
void log1p(const double* x, size_t n, const Params&, Enclosure* out) {
  for (size_t i = 0; i < n; ++i) {
    const double v = x[i];
    if (v < -1) {
      out[i] = enclose_nan();
    } else if (v == -1) {
      out[i] = {};
    } else if (std::fabs(v) < 0x1p-10) {
      const double v2 = v * v;
      out[i] = enclose_anchored(v, v2 * (-0.5 + v * (1.0 / 3 + v * (-0.25 + v * (0.2 - v / 6)))));
    } else {
      out[i] = enclose(std::log1p(v));
    }
  }
}

// erf: |x| > 3: +-1 -+ erfc(|x|) (rounds to +-1 in f32 past 3.92), with
// 0 < erfc(|x|) < 2^-979 past 26; else glibc erf; 0 to MPFR.
void erf(const double* x, size_t n, const Params&, Enclosure* out) {
  for (size_t i = 0; i < n; ++i) {
    const double v = x[i], a = std::fabs(v), s = std::copysign(1.0, v);
    if (v == 0) out[i] = {};
    else if (a >= 26) out[i] = enclose_beyond(s, -s * 0x1p-979);
    else if (a > 3) out[i] = enclose_anchored(s, -s * std::erfc(a));
    else out[i] = enclose(std::erf(v));
  }
}

// erfc: x >= 26: 0 < f < 2^-979 (erfc(26) = 5.7e-296); x < -3: 2 - erfc(-x)
// (2 - r past -26); |x| < 1/4: 1 - erf(x); else glibc erfc; 0 to MPFR.
void erfc(const double* x, size_t n, const Params&, Enclosure* out) {
  for (size_t i = 0; i < n; ++i) {
    const double v = x[i];
    if (v == 0) out[i] = {};
    else if (v >= 26) out[i] = enclose_beyond(0, 0x1p-979);
    else if (v <= -26) out[i] = enclose_beyond(2, -0x1p-979);
    else if (v < -3) out[i] = enclose_anchored(2, -std::erfc(-v));
    else if (std::fabs(v) < 0.25) out[i] = enclose_anchored(1, -std::erf(v));
    else out[i] = enclose(std::erfc(v));
  }
}

}  // namespace numstab::fast
