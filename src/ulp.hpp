// ULP error and mismatch classes of the design, computed in the oracle's precision.
#pragma once
#include <string>

#include <boost/multiprecision/mpfr.hpp>

#include "src/formats.hpp"

namespace numstab {

// The oracles' real type: MPFR through Boost.Multiprecision, precision per thread.
using Real = boost::multiprecision::mpfr_float;

// Sets this thread's default precision for new Reals to at least `bits` bits
// (Boost keeps the default per thread: every worker thread must call it).
void set_real_precision(unsigned bits);
unsigned real_precision_bits(const Real& x);

// The nearest value of the format to an exact real, rounded once straight from
// the high-precision value (ties to even, subnormals, overflow to +-inf).
double round_to_format(Format f, const Real& exact);

// ulp(y) = 2^(max(e, emin) - p + 1) with 2^e <= |y| < 2^(e+1); ulp(0) = 2^(emin - p + 1).
// Returned as the exponent of that power of two.
int ulp_exponent(Format f, const Real& exact);

// |got - exact| / ulp(exact), computed at the precision of `exact`.
double ulp_error(Format f, double got, const Real& exact);

// True when |x| is exactly a power of two. An oracle value that is one may
// stand for a true value just below it (sigmoid(1000) = 1 - e^-1000 is 1 at any
// practical precision), whose ULP is half as large.
bool is_power_of_two(const Real& x);

// True when x lies exactly halfway between two adjacent values of the format
// (the bound between the largest finite value and overflow included). An
// inexact oracle value that is one may stand for a true value just off it
// (silu(x) = x/2 + x^2/4 near the f64 subnormals needs over 1000 bits), and
// the side decides which neighbour is correctly rounded.
bool is_midpoint(Format f, const Real& x);

// The exact value as normalised hexfloat (0x1.xxxp+e) and as decimal.
std::string exact_hex_text(const Real& x);
std::string exact_dec_text(const Real& x);

enum class Mismatch { none, nan, overflow, nonfinite, signed_zero };
inline constexpr const char* kMismatchNames[] = {"none", "nan", "overflow", "nonfinite", "signed_zero"};

// The verdict on one output. `ulp` is meaningful when mismatch is none or
// signed_zero (then it is 0); `exact_subnormal` says which maximum it feeds.
struct Judgement {
  double ulp = 0;
  Mismatch mismatch = Mismatch::none;
  bool exact_subnormal = false;
};

// Classifies `got` against the exact result (NaN when the op is undefined there).
// Precedence when the design's classes overlap:
//   exact NaN, got not NaN                        -> nan
//   exact rounds to +-inf, got not that infinity  -> overflow
//   exact finite in range, got NaN or infinite    -> nonfinite (infinite error)
//   exact NaN and got NaN; exact overflows and got is that infinity -> exact, 0 ULP
//   exact is a zero of one sign, got the other    -> signed_zero (0 ULP)
//   exact rounds to a zero of one sign, got is the other zero
//                                                 -> signed_zero (its tiny ULP error)
// With `assume_below`, an exact power of two is taken as lying just below
// itself (its ULP is that of the binade below): the larger, never understated,
// error when the side cannot be decided.
Judgement judge(Format f, double got, const Real& exact, bool assume_below = false);

}  // namespace numstab
