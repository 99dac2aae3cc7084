#include "src/tier/fast_judge.hpp"

#include <cmath>
#include <limits>

namespace numstab {

namespace {

// a + b = s + t exactly (Knuth's TwoSum; exact for any finite doubles).
void two_sum(double a, double b, double& s, double& t) {
  s = a + b;
  const double bb = s - a;
  t = (a - (s - bb)) + (b - bb);
}

double next_up(double v) { return std::nextafter(v, std::numeric_limits<double>::infinity()); }

// s + t >= r, decided conservatively: s + t = u + v exactly, and u + v is at
// least u (v >= 0) or the double below u (|v| is at most half the spacing there).
bool sum_at_least(double s, double t, double r) {
  double u, v;
  two_sum(s, t, u, v);
  return (v >= 0 ? u : std::nextafter(u, -HUGE_VAL)) >= r;
}

}  // namespace

bool fast_judge(Format f, double got, const Enclosure& e, FastJudgement& out) {
  const auto& s = spec(f);
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
    case Enclosure::Kind::value: break;
  }
  if (!std::isfinite(got) || !std::isfinite(e.hi) || !std::isfinite(e.lo) || !(e.rad > 0) ||
      !std::isfinite(e.rad))
    return false;
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
  const int k = std::ilogb(a);
  const bool below = a == std::ldexp(1.0, k) && sign_sl < 0;
  const int j = below ? k - 1 : k;
  const double floor_j = std::ldexp(1.0, j), ceil_j = std::ldexp(1.0, j + 1);
  // Subnormal results: only |exact| < 2^emin matters, not the binade.
  const bool subnormal_side = j < s.emin;
  if (subnormal_side) {
    // |m| + rad <= 2^emin.
    if (!sum_at_least(std::ldexp(1.0, s.emin) - a, -sign_sl, e.rad)) return false;
  } else {
    if (j >= s.emax) return false;  // near overflow: MPFR
    // |m| - rad >= 2^j and |m| + rad <= 2^(j+1); a - 2^j and 2^(j+1) - a are exact.
    if (!sum_at_least(a - floor_j, sign_sl, e.rad)) return false;
    if (!sum_at_least(ceil_j - a, -sign_sl, e.rad)) return false;
  }
  const int q = (subnormal_side ? s.emin : j) - s.precision + 1;  // ulp = 2^q
  // got - m = dh + dl - sl exactly = d + d_err + t_err.
  double dh, dl, t, t_err, d, d_err;
  two_sum(got, -sh, dh, dl);
  two_sum(dl, -sl, t, t_err);
  two_sum(dh, t, d, d_err);
  double r = e.rad;
  if (d_err != 0 || t_err != 0) r = next_up(next_up(r + std::fabs(d_err)) + std::fabs(t_err));
  // got - exact in (d - r, d + r); its magnitude, in ULPs (scaling by 2^-q is exact
  // unless it underflows, which only shrinks values far below any decision).
  // The interval is open: |d| - r = 0 still excludes an error of 0.
  const double lo_abs = std::fabs(d) - r;
  out.may_be_exact = lo_abs < 0;
  out.judgement.exact_subnormal = subnormal_side;
  out.judgement.ulp = std::ldexp(std::fabs(d), -q);
  out.ulp_lo = out.may_be_exact ? 0 : std::nextafter(std::ldexp(lo_abs, -q), 0.0);
  out.ulp_hi = next_up(std::ldexp(next_up(std::fabs(d) + r), -q));
  return true;
}

}  // namespace numstab
