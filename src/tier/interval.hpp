// Rigorous interval arithmetic for the certificates of the fast tiers
// (src/tier/certify.hpp): MPFI intervals (outward rounding, so the exact
// value of every expression lies inside its interval), and the few functions
// MPFI lacks (erf, erfc) from MPFR's directed roundings of a monotone function
// at the interval's endpoints.
#pragma once
#include <mpfi.h>
#include <mpfr.h>

#include <string>

namespace numstab::tier {

// An MPFI interval that frees itself.
class Iv {
 public:
  explicit Iv(mpfr_prec_t prec) { mpfi_init2(v_, prec); }
  Iv(mpfr_prec_t prec, double x) : Iv(prec) { mpfi_set_d(v_, x); }
  ~Iv() { mpfi_clear(v_); }
  Iv(const Iv&) = delete;
  Iv& operator=(const Iv&) = delete;
  operator mpfi_ptr() { return v_; }
  operator mpfi_srcptr() const { return v_; }
  mpfr_ptr left() { return &v_->left; }
  mpfr_ptr right() { return &v_->right; }
  mpfr_srcptr left() const { return &v_->left; }
  mpfr_srcptr right() const { return &v_->right; }
  mpfr_prec_t prec() const { return mpfi_get_prec(v_); }

 private:
  mpfi_t v_;
};

// "[a, b]" with 20 significant digits.
std::string to_string(mpfi_srcptr v);

// MPFR's widest exponent range for the lifetime of the guard (e^-700 and
// e^(3.4e38) without spurious underflow or overflow of the intervals),
// restored after: the rest of numstab runs with the default range.
class WideExponents {
 public:
  WideExponents();
  ~WideExponents();
  WideExponents(const WideExponents&) = delete;
  WideExponents& operator=(const WideExponents&) = delete;

 private:
  mpfr_exp_t emin_, emax_;
};

namespace iv {

// erf is increasing: [erf(a) rounded down, erf(b) rounded up] encloses erf([a, b]).
void erf(mpfi_ptr y, mpfi_srcptr t);
// erfc is decreasing: [erfc(b) down, erfc(a) up].
void erfc(mpfi_ptr y, mpfi_srcptr t);
// log erfc(t) for a point t > 0: MPFR's erfc below 26; from 26 on, the bounds
// of Abramowitz & Stegun 7.1.13 (erfc(t) = 2/sqrt(pi) e^(-t^2) K with
// 1/(t + sqrt(t^2 + 2)) < K <= 1/(t + sqrt(t^2 + 4/pi))), valid for every t
// however large, where erfc itself underflows even MPFR.
void log_erfc(mpfi_ptr y, double t);
// 1 / (1 + e^-t), without cancellation or overflow for any t.
void sigmoid(mpfi_ptr y, mpfi_srcptr t);
// log(1 + e^t): t + log1p(e^-t) for t > 0 (no overflow), log1p(e^t) otherwise.
void softplus(mpfi_ptr y, mpfi_srcptr t);
// min(y, 0) and max(y, 0), in place.
void min0(mpfi_ptr y);
void max0(mpfi_ptr y);
// sqrt(2 / pi) and sqrt(2).
void sqrt_2_over_pi(mpfi_ptr y);

}  // namespace iv
}  // namespace numstab::tier
