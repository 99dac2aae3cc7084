#include "src/tier/interval.hpp"

#include <cstdio>

namespace numstab::tier {

std::string to_string(mpfi_srcptr v) {
  char buf[160];
  mpfr_snprintf(buf, sizeof buf, "[%.20Rg, %.20Rg]", &v->left, &v->right);
  return buf;
}

WideExponents::WideExponents() : emin_(mpfr_get_emin()), emax_(mpfr_get_emax()) {
  mpfr_set_emin(mpfr_get_emin_min());
  mpfr_set_emax(mpfr_get_emax_max());
}
WideExponents::~WideExponents() {
  mpfr_set_emin(emin_);
  mpfr_set_emax(emax_);
}

namespace iv {

void erf(mpfi_ptr y, mpfi_srcptr t) {
  Iv r(mpfi_get_prec(y));
  mpfr_erf(r.left(), &t->left, MPFR_RNDD);
  mpfr_erf(r.right(), &t->right, MPFR_RNDU);
  mpfi_set(y, r);
}

void erfc(mpfi_ptr y, mpfi_srcptr t) {
  Iv r(mpfi_get_prec(y));
  mpfr_erfc(r.left(), &t->right, MPFR_RNDD);
  mpfr_erfc(r.right(), &t->left, MPFR_RNDU);
  mpfi_set(y, r);
}

void log_erfc(mpfi_ptr y, double t) {
  const mpfr_prec_t p = mpfi_get_prec(y);
  if (t < 26) {
    const Iv tv(p, t);
    Iv e(p);
    mpfr_erfc(e.left(), tv.left(), MPFR_RNDD);
    mpfr_erfc(e.right(), tv.left(), MPFR_RNDU);
    mpfi_log(y, e);
    return;
  }
  // K in [1 / (t + sqrt(t^2 + 2)), 1 / (t + sqrt(t^2 + 4/pi))].
  Iv t2(p, t), lo(p), hi(p), k(p), c(p);
  mpfi_sqr(t2, t2);
  mpfi_add_ui(lo, t2, 2);
  mpfi_sqrt(lo, lo);
  mpfi_add_d(lo, lo, t);
  mpfi_ui_div(lo, 1, lo);
  mpfi_const_pi(c);
  mpfi_ui_div(hi, 4, c);
  mpfi_add(hi, hi, t2);
  mpfi_sqrt(hi, hi);
  mpfi_add_d(hi, hi, t);
  mpfi_ui_div(hi, 1, hi);
  mpfi_union(k, lo, hi);
  mpfi_log(k, k);
  // log 2 - log(pi) / 2 - t^2 + log K
  mpfi_log(c, c);
  mpfi_div_ui(c, c, 2);
  mpfi_const_log2(y);
  mpfi_sub(y, y, c);
  mpfi_sub(y, y, t2);
  mpfi_add(y, y, k);
}

void sigmoid(mpfi_ptr y, mpfi_srcptr t) {
  Iv e(mpfi_get_prec(y));
  mpfi_neg(e, t);
  mpfi_exp(e, e);
  mpfi_add_ui(e, e, 1);
  mpfi_ui_div(y, 1, e);
}

void softplus(mpfi_ptr y, mpfi_srcptr t) {
  Iv e(mpfi_get_prec(y));
  if (mpfi_is_strictly_pos(t)) {
    mpfi_neg(e, t);
    mpfi_exp(e, e);
    mpfi_log1p(e, e);
    mpfi_add(y, t, e);
  } else {
    mpfi_exp(e, t);
    mpfi_log1p(y, e);
  }
}

void min0(mpfi_ptr y) {
  if (mpfr_sgn(&y->left) >= 0) mpfi_set_ui(y, 0);
  else if (mpfr_sgn(&y->right) > 0) mpfr_set_ui(&y->right, 0, MPFR_RNDU);
}

void max0(mpfi_ptr y) {
  if (mpfr_sgn(&y->right) <= 0) mpfi_set_ui(y, 0);
  else if (mpfr_sgn(&y->left) < 0) mpfr_set_ui(&y->left, 0, MPFR_RNDD);
}

void sqrt_2_over_pi(mpfi_ptr y) {
  mpfi_const_pi(y);
  mpfi_ui_div(y, 2, y);
  mpfi_sqrt(y, y);
}

}  // namespace iv
}  // namespace numstab::tier
