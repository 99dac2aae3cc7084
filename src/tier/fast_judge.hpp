// Judging a kernel's output against a fast-tier enclosure instead of an MPFR
// value: the ULP error as an open interval, or "undecided".
#pragma once
#include <cmath>
#include <limits>

#include "oracles/enclosure.hpp"
#include "src/kernels/double_word.hpp"
#include "src/tier/bits.hpp"
#include "src/formats.hpp"
#include "src/ulp.hpp"

namespace numstab {

// The judgement judge() would give, known to lie in an open interval:
// mismatch and exact_subnormal are certain; the ULP error is in
// (ulp_lo, ulp_hi) (or exactly ulp_lo == ulp_hi == 0 for an exact infinity).
struct FastJudgement {
  Judgement judgement;   // .ulp is the midpoint
  double ulp_lo = 0, ulp_hi = 0;
  bool may_be_exact = false;  // 0 is not excluded (then ulp_lo = 0)
  bool exact = false;         // judge()'s very judgement (an exact enclosure)
  // No interval: a class (NaN, overflow), an exact infinity, or an exact judgement.
  bool exactly_known() const { return exact || (ulp_lo == 0 && ulp_hi == 0 && !may_be_exact); }
};

// fast_judge (below): false when the enclosure cannot decide the class, the
// binade or the sign of the exact value (then MPFR must). `got` is the
// kernel's output as a double. Inline: it runs once per input of a sweep.


namespace fast_judge_detail {

// a + b = s + t exactly (Knuth's TwoSum, src/kernels/double_word.hpp).
inline void two_sum(double a, double b, double& s, double& t) {
  const auto w = kernels::two_sum(a, b);
  s = w.hi;
  t = w.lo;
}

using tier::binade_of;
using tier::next_down;
using tier::next_down_positive;
using tier::next_up;
using tier::next_up_nonnegative;
using tier::pow2;
using tier::pow2_normal;

// s + t >= r, decided conservatively: s + t = u + v exactly, and u + v is at
// least u (v >= 0) or the double below u (|v| is at most half the spacing there).
inline bool sum_at_least(double s, double t, double r) {
  double u, v;
  two_sum(s, t, u, v);
  return (v >= 0 ? u : next_down(u)) >= r;
}

}  // namespace fast_judge_detail
using namespace fast_judge_detail;

// The common case of anchored enclosures: the kernel returned the anchor
// (tanhf(x) = x for tiny x, 1 past saturation). Then got - exact is -lo within
// rad, and the binade is the anchor's (or the one below when the anchor is a
// power of two and lo points to zero). False when that does not decide.
[[gnu::always_inline]] inline bool fast_judge_anchored(const FormatSpec& s, double got, const Enclosure& e,
                                                       FastJudgement& out) {
  if (!(got == e.hi && e.lo != 0 && e.hi != 0 && e.rad > 0)) return false;
  const double a = std::fabs(e.hi), lo_abs = std::fabs(e.lo);
  if (!(a < HUGE_VAL && lo_abs + e.rad < HUGE_VAL)) return false;
  // a = |got| is a nonzero finite value of a narrow format: a normal double,
  // and every power of two below is in double's normal range.
  const uint64_t a_bits = std::bit_cast<uint64_t>(a);
  const int k = static_cast<int>(a_bits >> 52) - 1023;
  const bool toward_zero = (e.lo < 0) != (e.hi < 0);
  int j = k;
  bool ok;
  // hi = got is a value of the format: when it is not a power of two, both
  // binade edges are at least its spacing 2^(k-p+1) away (2^(emin-p+1) for a
  // subnormal, no less).
  if ((a_bits << 12) != 0) ok = lo_abs + e.rad <= pow2_normal(k - s.precision);
  else if (toward_zero) ok = lo_abs >= e.rad && lo_abs + e.rad <= pow2_normal(k - 2), j = k - 1;
  else ok = lo_abs >= e.rad && lo_abs + e.rad <= pow2_normal(k - 1);
  if (!ok || j >= s.emax) return false;
  const bool subnormal = j < s.emin;
  const int q = (subnormal ? s.emin : j) - s.precision + 1;
  const double scale = pow2_normal(-q);
  out.judgement = {lo_abs * scale, Mismatch::none, subnormal};
  out.may_be_exact = lo_abs < e.rad;
  const double gap = lo_abs - e.rad;  // 0 at the open end: no subnormal arithmetic (slow)
  const double lower = gap > 0x1p-1000 ? next_down_positive(gap) * scale : 0;
  out.ulp_lo = lower > 0 ? next_down_positive(lower) : 0;
  out.ulp_hi = next_up_nonnegative(next_up_nonnegative(lo_abs + e.rad) * scale);
  return true;
}

// A NaN or infinite output where the exact value is finite and does not round
// to +-inf: judge()'s "nonfinite" class (infinite error), exactly known once
// the enclosure settles that and the exact value's side of 2^emin. A kernel
// returning garbage on a whole range then costs no MPFR call per input.
inline bool fast_judge_nonfinite(const FormatSpec& s, const Enclosure& e, FastJudgement& out) {
  double sh, sl;
  two_sum(e.hi, e.lo, sh, sl);  // hi + lo exactly
  // |exact| in (a - t, a + t); the slack covers the roundings of t, a + t and a - t
  // (each within 2^-53 of (a + t)), with room to spare.
  const double a = std::fabs(sh), t = std::fabs(sl) + e.rad, slack = (a + t) * 0x1p-50;
  const double upper = a + t + slack, lower = a - t - slack;
  // judge(): the exact value rounds to infinity iff |exact| >= (2 - 2^-p) 2^emax.
  const double overflow_at = (2 - pow2(-s.precision)) * pow2(s.emax);
  if (!(upper < overflow_at)) return false;
  bool subnormal;  // exact_subnormal: 0 or below 2^emin
  if (upper < pow2(s.emin)) subnormal = true;
  else if (lower >= pow2(s.emin)) subnormal = false;
  else return false;
  out.judgement = {HUGE_VAL, Mismatch::nonfinite, subnormal};
  return true;
}

// An output that dwarfs the exact value on its side of zero: 0 < |f| <= F
// with F at most a quarter of the spacing d of doubles below |got|. Then
// |got - f| = |got| - |f| lies in [|got| - d/4, |got|), and rounded up it is
// |got| itself. So is judge()'s: its difference, |got| minus an MPFR value of f
// (of f's sign, within 2^-250 of it, or 0 where MPFR underflows) rounded to 64
// bits more than that value, stays above |got| - d/2. The judgement is exact
// (2^q is f's ULP, settled by the caller, and |got| 2^-q is exact). A clamping
// kernel (Eigen's exp and logistic return 2.9e-39 for every x below -88.4)
// then costs no MPFR call per input of its plateau. An output on the other
// side (|got| + |f|) is left to the interval: MPFR's difference can round |f|
// away there, so no exact claim holds.
inline bool fast_judge_dominant(double got, double f_max, bool f_negative, int q, FastJudgement& out) {
  if (got == 0 || std::signbit(got) != f_negative) return false;
  const double g = std::fabs(got);
  if (!(f_max <= (g - next_down_positive(g)) * 0.25)) return false;
  out.exact = true;
  out.may_be_exact = false;
  out.judgement.mismatch = Mismatch::none;
  out.judgement.ulp = out.ulp_lo = out.ulp_hi = g * pow2(-q);
  return true;
}

// An exact enclosure f(x) = hi + lo: judge()'s judgement itself, its ULP error
// rounded up as ulp_error() rounds it. False for the rare cases MPFR decides:
// a pair that is not normalised, an error whose rounding the residuals leave
// open or whose scaling to ULPs would underflow.
inline bool fast_judge_exact(const FormatSpec& s, double got, const Enclosure& e, FastJudgement& out) {
  const double hi = e.hi, lo = e.lo;
  if (!std::isfinite(hi) || !std::isfinite(lo)) return false;
  double sh, sl;
  two_sum(hi, lo, sh, sl);
  if (sh != hi) return false;  // |lo| must be at most half an ulp of hi
  out.exact = true;
  const double a = std::fabs(hi), top = pow2(s.emax);
  if (a >= top) {  // judge(): rounds to infinity iff |f| >= T = (2 - 2^-p) 2^emax
    // T is a double and |lo| at most half an ulp of hi: |hi + lo| >= T iff
    // |hi| > T, or |hi| = T and lo does not point to zero.
    const double t = (2 - pow2(-s.precision)) * top;
    if (a > t || (a == t && (lo == 0 || (lo < 0) == (hi < 0)))) {
      if (got != (hi < 0 ? -HUGE_VAL : HUGE_VAL)) out.judgement.mismatch = Mismatch::overflow;
      return true;
    }
  }
  const bool zero = hi == 0;
  int j = zero ? s.emin : binade_of(a);
  if (!zero && lo != 0 && a == pow2(j) && (lo < 0) != (hi < 0)) --j;  // just below a power of two
  const bool subnormal = zero || j < s.emin;
  out.judgement.exact_subnormal = subnormal;
  if (!std::isfinite(got)) {
    out.judgement.mismatch = Mismatch::nonfinite;
    out.judgement.ulp = HUGE_VAL;
    return true;
  }
  if (zero && got == 0) {
    if (std::signbit(got) != std::signbit(hi)) out.judgement.mismatch = Mismatch::signed_zero;
    out.may_be_exact = true;
    return true;
  }
  // got - f = d + d_err + t_err exactly; rest = d_err + t_err has the exact sign.
  double dh, dl, t, t_err, d, d_err;
  two_sum(got, -hi, dh, dl);
  two_sum(dl, -lo, t, t_err);
  two_sum(dh, t, d, d_err);
  double mag = std::fabs(d);
  const double rest = d_err + t_err;  // rounded; 2^-50 covers that
  if (rest != 0) {
    // |got - f| = |d| + r with 0 < |r| less than the spacing of doubles on
    // r's side of |d|: rounded up, it is the double above |d| (r beyond |d|)
    // or |d| itself (r towards 0).
    if (mag == 0) return false;
    const bool beyond = (rest < 0) == (d < 0);
    const double spacing = beyond ? next_up(mag) - mag : mag - next_down_positive(mag);
    if (!(std::fabs(rest) < spacing * (1 - 0x1p-50))) return false;
    if (beyond) mag = next_up(mag);
  }
  const int q = (subnormal ? s.emin : j) - s.precision + 1;  // ulp = 2^q
  const double ulp = mag * pow2(-q);
  if (ulp != 0 && ulp < 0x1p-1022) return false;  // the scaling would round
  out.judgement.ulp = out.ulp_lo = out.ulp_hi = ulp;
  out.may_be_exact = ulp == 0;
  // judge(): a nonzero value that rounds to a zero of its sign, returned as
  // the other zero. It rounds to zero iff |f| <= h = 2^(emin - p) (the tie
  // goes to the even 0), decided on hi and lo's side as for overflow.
  if (!zero && got == 0 && std::signbit(got) != std::signbit(hi)) {
    const double h = pow2(s.emin - s.precision);
    if (a < h || (a == h && (lo == 0 || (lo < 0) != (hi < 0)))) out.judgement.mismatch = Mismatch::signed_zero;
  }
  return true;
}

// An error whose rounding the enclosure settles: got - f = d + rest + e with
// |e| < rad, d and rest doubles (rest within 2^-52 |rest| of its exact value;
// d nonzero). When |rest| exceeds everything uncertain (rad, that rounding,
// and MPFR's own deviation, `ulp_slack` ULPs) and its neighbour on rest's side
// is farther still, |got - f| lies strictly between |d| and that neighbour, by
// more than 2^-120 |d| on each side. judge() rounds |got - f_mpfr| 2^-q to
// oracle_bits + 64 >= 128 bits, which cannot cross either end, then up to a
// double: the double above |d| 2^-q (rest beyond |d|) or |d| 2^-q itself (rest
// towards 0). So the judgement is exact, and a plateau of errors equal in
// double (SLEEF's log1pf returns x - ulp for tiny x: 1.0000000000000002 ULP
// on millions of inputs) costs no MPFR call per input.
inline bool fast_judge_rounding(double d, double rest, double rad, int q, double ulp_slack, FastJudgement& out) {
  const double mag = std::fabs(d), a = std::fabs(rest);
  if (mag == 0 || a == 0 || !(mag < HUGE_VAL)) return false;
  const bool beyond = (rest < 0) == (d < 0);
  const double next = beyond ? next_up(mag) : next_down(mag);
  const double spacing = std::fabs(next - mag);
  // Everything uncertain, rounded up (2^-50 covers this sum's own roundings).
  const double u = (rad + a * 0x1p-52 + ulp_slack * pow2(q) + mag * 0x1p-120) * (1 + 0x1p-50);
  if (!(a > u && a + u < spacing)) return false;
  const double ulp = (beyond ? next : mag) * pow2(-q);
  if (!(ulp >= 0x1p-1022 && ulp < HUGE_VAL)) return false;  // the scaling must be exact
  out.exact = true;
  out.may_be_exact = false;
  out.judgement.mismatch = Mismatch::none;
  out.judgement.ulp = out.ulp_lo = out.ulp_hi = ulp;
  return true;
}

// ulp_slack: MPFR's own uncertainty in ULPs (tier::mpfr_ulp_slack), which an
// exact claim must leave room for (0 where the exact value is the reference).
inline bool fast_judge(const FormatSpec& s, double got, const Enclosure& e, FastJudgement& out, double ulp_slack) {
  out = {};
  switch (e.kind) {
    case Enclosure::Kind::undecided: return false;
    case Enclosure::Kind::nan:
      // judge(): exact NaN, got NaN -> exact; anything else -> nan mismatch.
      if (!std::isnan(got)) out.judgement.mismatch = Mismatch::nan;
      return true;
    case Enclosure::Kind::overflow: {
      const double inf = e.negative_overflow ? -HUGE_VAL : HUGE_VAL;
      if (got != inf) out.judgement.mismatch = Mismatch::overflow;
      return true;
    }
    case Enclosure::Kind::exact: return fast_judge_exact(s, got, e, out);
    case Enclosure::Kind::value: break;
  }
  if (!std::isfinite(e.hi) || !std::isfinite(e.lo) || !(e.rad > 0) || !std::isfinite(e.rad)) return false;
  if (!std::isfinite(got)) return fast_judge_nonfinite(s, e, out);
  if (fast_judge_anchored(s, got, e, out)) return true;
  // m = hi + lo exactly, as sh + sl; the exact value is in (m - rad, m + rad).
  double sh, sl;
  two_sum(e.hi, e.lo, sh, sl);
  const double a = std::fabs(sh);
  if (a == 0) return false;
  const double sign_sl = sh < 0 ? -sl : sl;  // sl measured along |m|
  // |exact| in (|m| - rad, |m| + rad) with |m| = a + sign_sl: the sign first.
  if (!sum_at_least(a, sign_sl, e.rad)) return false;  // the interval may hold 0
  // The binade j with 2^j < |exact| < 2^(j+1): that of a, or the one below
  // when a is a power of two and m lies under it.
  const int k = binade_of(a);
  const bool below = a == pow2(k) && sign_sl < 0;
  const int j = below ? k - 1 : k;
  const double floor_j = pow2(j), ceil_j = pow2(j + 1);
  // Subnormal results: only |exact| < 2^emin matters, not the binade.
  const bool subnormal_side = j < s.emin;
  if (subnormal_side) {
    // |m| + rad <= 2^emin.
    if (!sum_at_least(pow2(s.emin) - a, -sign_sl, e.rad)) return false;
  } else {
    if (j >= s.emax) return false;  // near overflow: MPFR
    // |m| - rad >= 2^j and |m| + rad <= 2^(j+1); a - 2^j and 2^(j+1) - a are exact.
    if (!sum_at_least(a - floor_j, sign_sl, e.rad)) return false;
    if (!sum_at_least(ceil_j - a, -sign_sl, e.rad)) return false;
  }
  // A zero output of the wrong sign is a signed-zero mismatch if the exact
  // value rounds to zero, which only a subnormal-side value can: MPFR decides
  // that rare case.
  if (got == 0 && std::signbit(got) != (sh < 0) && subnormal_side) return false;
  const int q = (subnormal_side ? s.emin : j) - s.precision + 1;  // ulp = 2^q
  out.judgement.exact_subnormal = subnormal_side;
  // |exact| < |m| + rad <= a + |sl| + rad, rounded up.
  if (fast_judge_dominant(got, next_up(next_up(a + std::fabs(sl)) + e.rad), sh < 0, q, out)) return true;
  // got - m = dh + dl - sl exactly = d + d_err + t_err.
  double dh, dl, t, t_err, d, d_err;
  two_sum(got, -sh, dh, dl);
  two_sum(dl, -sl, t, t_err);
  two_sum(dh, t, d, d_err);
  if (fast_judge_rounding(d, d_err + t_err, e.rad, q, ulp_slack, out)) return true;
  double r = e.rad;
  if (d_err != 0 || t_err != 0) r = next_up(next_up(r + std::fabs(d_err)) + std::fabs(t_err));
  // got - exact in (d - r, d + r); its magnitude, in ULPs (scaling by 2^-q is exact
  // unless it underflows, which only shrinks values far below any decision).
  // The interval is open: |d| - r = 0 still excludes an error of 0.
  const double lo_abs = std::fabs(d) - r;
  out.may_be_exact = lo_abs < 0;
  out.judgement.exact_subnormal = subnormal_side;
  const double scale = pow2(-q);  // exact scaling unless the product underflows
  out.judgement.ulp = std::fabs(d) * scale;
  const double lo_scaled = lo_abs * scale;
  out.ulp_lo = out.may_be_exact || lo_scaled == 0 ? 0 : next_down(lo_scaled);
  out.ulp_hi = next_up(next_up(std::fabs(d) + r) * scale);
  return true;
}

}  // namespace numstab
