#include "src/ulp.hpp"

#include <cmath>
#include <limits>

namespace numstab {

namespace {
mpfr_ptr raw(Real& x) { return x.backend().data(); }
mpfr_srcptr raw(const Real& x) { return x.backend().data(); }

// Exponent e with 2^e <= |x| < 2^(e+1) (MPFR's convention is one larger).
long binade(const Real& x) { return mpfr_get_exp(raw(x)) - 1; }
}  // namespace

void set_real_precision(unsigned bits) {
  // Boost counts decimal digits; pick the smallest count that gives >= bits.
  unsigned d10 = boost::multiprecision::detail::digits2_2_10(bits);
  while (boost::multiprecision::detail::digits10_2_2(d10) < bits) ++d10;
  Real::thread_default_precision(d10);
}

unsigned real_precision_bits(const Real& x) { return static_cast<unsigned>(mpfr_get_prec(raw(x))); }

int ulp_exponent(Format f, const Real& exact) {
  const auto& s = spec(f);
  if (mpfr_zero_p(raw(exact)) || !mpfr_number_p(raw(exact))) return s.emin - s.precision + 1;
  const long e = binade(exact);
  return static_cast<int>(std::max<long>(e, s.emin)) - s.precision + 1;
}

double round_to_format(Format f, const Real& exact) {
  const auto& s = spec(f);
  const mpfr_srcptr y = raw(exact);
  if (mpfr_nan_p(y)) return std::numeric_limits<double>::quiet_NaN();
  if (mpfr_inf_p(y) || mpfr_zero_p(y)) return mpfr_get_d(y, MPFR_RNDN);
  const long e = binade(exact);
  if (e > s.emax + 1) return mpfr_signbit(y) ? -HUGE_VAL : HUGE_VAL;
  // Count quanta of the target binade, round that count to an integer with
  // ties to even, scale back: one rounding, straight from the exact value.
  const int q = ulp_exponent(f, exact);
  thread_local Real scaled;
  mpfr_set_prec(raw(scaled), mpfr_get_prec(y));
  mpfr_mul_2si(raw(scaled), y, -q, MPFR_RNDN);  // exact: power of two
  mpfr_rint(raw(scaled), raw(scaled), MPFR_RNDN);  // RNDN is ties-to-even here
  const double r = std::ldexp(mpfr_get_d(raw(scaled), MPFR_RNDN), q);  // integer < 2^p: exact
  const double max_finite = std::ldexp(2.0 - std::ldexp(1.0, 1 - s.precision), s.emax);
  if (std::fabs(r) > max_finite) return std::copysign(HUGE_VAL, r);
  return r;
}

bool is_power_of_two(const Real& x) {
  const mpfr_srcptr y = raw(x);
  if (!mpfr_regular_p(y)) return false;
  return mpfr_cmp_si_2exp(y, mpfr_signbit(y) ? -1 : 1, mpfr_get_exp(y) - 1) == 0;
}

bool is_midpoint(Format f, const Real& x) {
  const mpfr_srcptr y = raw(x);
  if (!mpfr_regular_p(y)) return false;
  // Twice the count of quanta is an odd integer exactly at a midpoint.
  thread_local Real twice;
  mpfr_set_prec(raw(twice), mpfr_get_prec(y));
  mpfr_mul_2si(raw(twice), y, 1 - ulp_exponent(f, x), MPFR_RNDN);  // exact: power of two
  if (!mpfr_integer_p(raw(twice))) return false;
  mpfr_div_2ui(raw(twice), raw(twice), 1, MPFR_RNDN);
  return !mpfr_integer_p(raw(twice));
}

std::string exact_hex_text(const Real& x) {
  const mpfr_srcptr y = raw(x);
  char buf[160];
  if (!mpfr_regular_p(y)) {
    mpfr_snprintf(buf, sizeof buf, "%Ra", y);
    return buf;
  }
  // MPFR picks the leading hex digit freely; scale into [1, 2) for 0x1.xxx form.
  thread_local Real scaled;
  mpfr_set_prec(raw(scaled), mpfr_get_prec(y));
  mpfr_mul_2si(raw(scaled), y, 1 - mpfr_get_exp(y), MPFR_RNDN);
  mpfr_snprintf(buf, sizeof buf, "%.17Ra", raw(scaled));
  std::string text = buf;
  text.erase(text.find('p'));
  const long e = mpfr_get_exp(y) - 1;
  return text + (e < 0 ? "p-" : "p+") + std::to_string(e < 0 ? -e : e);
}

std::string exact_dec_text(const Real& x) {
  char buf[160];
  mpfr_snprintf(buf, sizeof buf, "%.25Rg", raw(x));
  return buf;
}

double ulp_error(Format f, double got, const Real& exact) {
  thread_local Real diff;
  mpfr_set_prec(raw(diff), mpfr_get_prec(raw(exact)) + 64);
  mpfr_set_d(raw(diff), got, MPFR_RNDN);  // exact: 53 bits fit
  mpfr_sub(raw(diff), raw(diff), raw(exact), MPFR_RNDN);
  mpfr_abs(raw(diff), raw(diff), MPFR_RNDN);
  mpfr_mul_2si(raw(diff), raw(diff), -ulp_exponent(f, exact), MPFR_RNDN);
  return mpfr_get_d(raw(diff), MPFR_RNDU);  // never understate an error
}

Judgement judge(Format f, double got, const Real& exact, bool assume_below) {
  const auto& s = spec(f);
  const mpfr_srcptr y = raw(exact);
  Judgement j;
  const double inf = std::numeric_limits<double>::infinity();
  if (mpfr_nan_p(y)) {
    if (!std::isnan(got)) j.mismatch = Mismatch::nan;
    return j;
  }
  // The exact result rounds to infinity iff |y| >= (2 - 2^-p) 2^emax.
  const double rounded = round_to_format(f, exact);
  if (std::isinf(rounded)) {
    if (got != rounded) j.mismatch = Mismatch::overflow;
    return j;
  }
  j.exact_subnormal = mpfr_zero_p(y) || binade(exact) < s.emin;
  if (!std::isfinite(got)) {
    j.mismatch = Mismatch::nonfinite;
    j.ulp = inf;
    return j;
  }
  if (mpfr_zero_p(y) && got == 0) {
    if (std::signbit(got) != static_cast<bool>(mpfr_signbit(y))) j.mismatch = Mismatch::signed_zero;
    return j;
  }
  j.ulp = ulp_error(f, got, exact);
  // A nonzero exact value that rounds to a zero of its sign, returned as the
  // other zero: numerically tiny, but the sign is wrong.
  if (got == 0 && rounded == 0 && std::signbit(got) != static_cast<bool>(mpfr_signbit(y)))
    j.mismatch = Mismatch::signed_zero;
  if (assume_below && is_power_of_two(exact) && binade(exact) > s.emin) j.ulp *= 2;
  return j;
}

}  // namespace numstab
