// The oracle's fast tier: double-precision enclosures of an op's exact value,
// each with a stated error bound, that decide most inputs of a narrow format
// without MPFR. Where an enclosure cannot decide (its bound straddles a power
// of two, the bound, the running maximum, a histogram edge), the sweep asks
// MPFR, so the record is the one an all-MPFR sweep gives (src/tier/).
#pragma once
#include <cstddef>

#include "src/params.hpp"

namespace numstab {

// The exact value f(x) lies in the OPEN interval (hi + lo - rad, hi + lo + rad)
// (real arithmetic on the three doubles; rad > 0). `hi` is often an exact
// anchor (1, x, 2) and `lo` the small remainder computed to relative accuracy,
// so values next to a power of two or to the output keep their side.
struct Enclosure {
  enum class Kind : unsigned char {
    undecided,   // no claim: ask MPFR
    value,       // the interval above
    nan,         // f is undefined at x: exact NaN
    overflow,    // |f(x)| >= (2 - 2^-p) 2^emax of every narrow format: rounds to +-inf
    exact,       // f(x) = hi + lo exactly (rad = 0); a zero keeps the sign of hi
  };
  Kind kind = Kind::undecided;
  double hi = 0, lo = 0, rad = 0;
  bool negative_overflow = false;  // overflow to -inf
};

// Encloses f(x[i]) for a block of inputs. Every fast tier states its relative
// error bound (kFastTierRelativeBound unless its file says otherwise).
using FastOracleFn = void (*)(const double* x, size_t n, const Params& p, Enclosure* out);

// The bound every fast tier of oracles/*/fast*.cpp claims for hi + lo (for
// anchored values: for lo): 2^-40. glibc's manual ("Known Maximum Errors in
// Math Functions", x86_64) lists at most 5 ULP for the double functions used;
// those figures are measured by glibc's test suite, not proven, and count from
// the correctly rounded result, so 5.5 ULP of the exact value, at most
// 5.5 * 2^-52 relative: 2^-40 is about 745 times that (and far above the
// truncated series' remainders, below 2^-50). The margin is therefore an
// assumption on glibc, not a theorem: the sweep audits the claim against MPFR
// on every input it escalates, on one input in 4096 and behind every
// counterexample, and checks the record against all of them (src/tier/witness.hpp);
// src/tier/certify.hpp proves each enclosure on given inputs with MPFI.
inline constexpr double kFastTierRelativeBound = 0x1p-40;

// Helpers for fast tiers: a value with the stated relative bound, and an
// anchored one.
inline Enclosure enclose(double v) {
  // The absolute floor covers double underflow: below 2^-1022 a double result
  // has only an absolute accuracy.
  const double a = v < 0 ? -v : v;
  return {Enclosure::Kind::value, v, 0, a * kFastTierRelativeBound + 0x1p-1060, false};
}
inline Enclosure enclose_anchored(double anchor, double remainder) {
  const double a = remainder < 0 ? -remainder : remainder;
  return {Enclosure::Kind::value, anchor, remainder, a * kFastTierRelativeBound + 0x1p-1060, false};
}
// f(x) = anchor + r with r strictly between 0 and `limit` (limit of either sign):
// for remainders that underflow double (tanh(x) - 1 for x > 400).
inline Enclosure enclose_beyond(double anchor, double limit) {
  return {Enclosure::Kind::value, anchor, limit / 2, (limit < 0 ? -limit : limit) / 2, false};
}
// f(x) = hi + lo exactly: for ops whose value is an input, a parameter or an
// exact product (the piecewise ops), judged exactly without MPFR.
inline Enclosure enclose_exact(double hi, double lo = 0) { return {Enclosure::Kind::exact, hi, lo, 0, false}; }
inline Enclosure enclose_nan() { return {Enclosure::Kind::nan, 0, 0, 0, false}; }
inline Enclosure enclose_overflow(bool negative) {
  return {Enclosure::Kind::overflow, 0, 0, 0, negative};
}

}  // namespace numstab
