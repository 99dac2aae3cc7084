// Exact intervals of the smooth unary ops, from the catalog's definitions,
// each written in a form free of cancellation and overflow where one exists
// (1 + tanh(u) = 2 sigmoid(2u), 1 - tanh(x)^2 = sech(x)^2, ...), so that a
// modest precision gives a narrow interval. Where a cancellation is inherent
// (a root of mish_grad, silu_grad), the certifier raises the precision.
#include <cmath>

#include "src/tier/exact_defs.hpp"

namespace numstab::tier {

namespace {

using P = const Params&;
mpfr_prec_t prec(mpfi_srcptr y) { return mpfi_get_prec(y); }
int sign_of(double x) { return (x > 0) - (x < 0); }

bool exp_v(mpfi_ptr y, double x, P) { return mpfi_set_d(y, x), mpfi_exp(y, y), true; }
bool expm1_v(mpfi_ptr y, double x, P) { return mpfi_set_d(y, x), mpfi_expm1(y, y), true; }
bool log_v(mpfi_ptr y, double x, P) { return x >= 0 && (mpfi_set_d(y, x), mpfi_log(y, y), true); }
bool log1p_v(mpfi_ptr y, double x, P) { return x >= -1 && (mpfi_set_d(y, x), mpfi_log1p(y, y), true); }
bool erf_v(mpfi_ptr y, double x, P) { return iv::erf(y, Iv(prec(y), x)), true; }
bool erfc_v(mpfi_ptr y, double x, P) { return iv::erfc(y, Iv(prec(y), x)), true; }
bool tanh_v(mpfi_ptr y, double x, P) { return mpfi_set_d(y, x), mpfi_tanh(y, y), true; }
bool sigmoid_v(mpfi_ptr y, double x, P) { return iv::sigmoid(y, Iv(prec(y), x)), true; }

// Remainders: e^x = 1 + expm1(x) = 0 + e^x; expm1(x) = -1 + e^x.
bool exp_r(mpfi_ptr l, int& s, double x, double anchor, P) {
  if (anchor == 0) return s = 1, mpfi_set_d(l, x), true;
  if (anchor != 1) return false;
  s = sign_of(x);
  mpfi_set_d(l, x);
  mpfi_expm1(l, l);
  mpfi_abs(l, l);
  mpfi_log(l, l);
  return true;
}
bool expm1_r(mpfi_ptr l, int& s, double x, double anchor, P) {
  return anchor == -1 && (s = 1, mpfi_set_d(l, x), true);
}
// erf(x) = sign(x) (1 - erfc(|x|)).
bool erf_r(mpfi_ptr l, int& s, double x, double anchor, P) {
  if (x == 0 || anchor != sign_of(x)) return false;
  s = -sign_of(x);
  iv::log_erfc(l, std::fabs(x));
  return true;
}
// erfc(x) = 2 - erfc(-x) = 1 - erf(x) = 0 + erfc(x).
bool erfc_r(mpfi_ptr l, int& s, double x, double anchor, P) {
  if (anchor == 2 && x < 0) return s = -1, iv::log_erfc(l, -x), true;
  if (anchor == 0 && x > 0) return s = 1, iv::log_erfc(l, x), true;
  if (anchor != 1) return false;
  s = -sign_of(x);
  iv::erf(l, Iv(prec(l), x));
  mpfi_abs(l, l);
  mpfi_log(l, l);
  return true;
}
// tanh(x) = sign(x) (1 - 2 / (1 + e^(2|x|))): log r = log 2 - 2|x| - log1p(e^(-2|x|)).
bool tanh_r(mpfi_ptr l, int& s, double x, double anchor, P) {
  if (x == 0 || anchor != sign_of(x)) return false;
  s = -sign_of(x);
  Iv t(prec(l), -2 * std::fabs(x));  // exact: a double times 2
  mpfi_exp(l, t);
  mpfi_log1p(l, l);
  mpfi_sub(l, t, l);
  Iv c(prec(l));
  mpfi_const_log2(c);
  mpfi_add(l, l, c);
  return true;
}
// sigmoid(x) = 1/2 + tanh(x/2)/2 = 1 - 1/(1 + e^x) = 0 + 1/(1 + e^-x);
// log(1/(1 + e^t)) = -softplus(t).
bool sigmoid_r(mpfi_ptr l, int& s, double x, double anchor, P) {
  if (anchor == 0 || anchor == 1) {
    s = anchor == 0 ? 1 : -1;
    iv::softplus(l, Iv(prec(l), anchor == 0 ? -x : x));
    mpfi_neg(l, l);
    return true;
  }
  if (anchor != 0.5) return false;
  s = sign_of(x);
  Iv c(prec(l));
  mpfi_set_d(l, std::fabs(x) / 2);  // exact
  mpfi_tanh(l, l);
  mpfi_log(l, l);
  mpfi_const_log2(c);
  mpfi_sub(l, l, c);
  return true;
}

bool tanh_grad_v(mpfi_ptr y, double x, P) { return mpfi_set_d(y, x), mpfi_sech(y, y), mpfi_sqr(y, y), true; }
bool softsign_v(mpfi_ptr y, double x, P) {
  Iv d(prec(y), std::fabs(x));
  mpfi_add_ui(d, d, 1);
  mpfi_set_d(y, x);
  mpfi_div(y, y, d);
  return true;
}
bool softsign_grad_v(mpfi_ptr y, double x, P) {
  mpfi_set_d(y, std::fabs(x));
  mpfi_add_ui(y, y, 1);
  mpfi_sqr(y, y);
  mpfi_ui_div(y, 1, y);
  return true;
}
// mish = x tanh(sp), mish' = tanh(sp) + x sigmoid(x) sech(sp)^2, sp = softplus(x).
bool mish_v(mpfi_ptr y, double x, P) {
  iv::softplus(y, Iv(prec(y), x));
  mpfi_tanh(y, y);
  mpfi_mul_d(y, y, x);
  return true;
}
bool mish_grad_v(mpfi_ptr y, double x, P) {
  Iv sp(prec(y)), sech2(prec(y)), s(prec(y));
  iv::softplus(sp, Iv(prec(y), x));
  mpfi_sech(sech2, sp);
  mpfi_sqr(sech2, sech2);
  iv::sigmoid(s, Iv(prec(y), x));
  mpfi_mul(s, s, sech2);
  mpfi_mul_d(s, s, x);
  mpfi_tanh(y, sp);
  mpfi_add(y, y, s);
  return true;
}
// gelu_tanh: u = sqrt(2/pi) (x + 0.044715 x^3) (0.044715 the exact decimal);
// 0.5 x (1 + tanh u) = x sigmoid(2u); its derivative
// sigmoid(2u) + 0.5 x sech(u)^2 sqrt(2/pi) (1 + 3 0.044715 x^2).
void gelu_tanh_u(mpfi_ptr u, double x) {
  Iv c(prec(u)), x2(prec(u), x);
  mpfi_set_str(c, "0.044715", 10);
  mpfi_sqr(x2, x2);
  mpfi_mul(u, c, x2);
  mpfi_add_ui(u, u, 1);
  mpfi_mul_d(u, u, x);
  iv::sqrt_2_over_pi(c);
  mpfi_mul(u, u, c);
}
bool gelu_tanh_v(mpfi_ptr y, double x, P) {
  gelu_tanh_u(y, x);
  mpfi_mul_2ui(y, y, 1);
  iv::sigmoid(y, y);
  mpfi_mul_d(y, y, x);
  return true;
}
bool gelu_tanh_grad_v(mpfi_ptr y, double x, P) {
  Iv u(prec(y)), c(prec(y)), d(prec(y), x);
  gelu_tanh_u(u, x);
  mpfi_set_str(c, "0.134145", 10);  // 3 * 0.044715, exactly
  mpfi_sqr(d, d);
  mpfi_mul(d, d, c);
  mpfi_add_ui(d, d, 1);
  iv::sqrt_2_over_pi(c);
  mpfi_mul(d, d, c);
  mpfi_mul_d(d, d, x);
  mpfi_div_2ui(d, d, 1);
  mpfi_sech(c, u);
  mpfi_sqr(c, c);
  mpfi_mul(d, d, c);
  mpfi_mul_2ui(u, u, 1);
  iv::sigmoid(y, u);
  mpfi_add(y, y, d);
  return true;
}
bool sigmoid_grad_v(mpfi_ptr y, double x, P) {
  Iv t(prec(y));
  iv::sigmoid(y, Iv(prec(y), x));
  iv::sigmoid(t, Iv(prec(y), -x));
  mpfi_mul(y, y, t);
  return true;
}
// softplus(x) = log(1 + e^(beta x)) / beta; its derivative sigmoid(beta x).
bool softplus_v(mpfi_ptr y, double x, P p) {
  if (p.at(0) == 0) return false;  // not a claim the fast tier can make (+inf)
  Iv t(prec(y), x);
  mpfi_mul_d(t, t, p[0]);
  iv::softplus(y, t);
  mpfi_div_d(y, y, p[0]);
  return true;
}
bool softplus_grad_v(mpfi_ptr y, double x, P p) {
  Iv t(prec(y), x);
  mpfi_mul_d(t, t, p.at(0));
  iv::sigmoid(y, t);
  return true;
}
bool log_sigmoid_v(mpfi_ptr y, double x, P) {
  iv::softplus(y, Iv(prec(y), -x));
  mpfi_neg(y, y);
  return true;
}
bool log_sigmoid_grad_v(mpfi_ptr y, double x, P) { return iv::sigmoid(y, Iv(prec(y), -x)), true; }
bool silu_v(mpfi_ptr y, double x, P) { return iv::sigmoid(y, Iv(prec(y), x)), mpfi_mul_d(y, y, x), true; }
// silu' = sigmoid(x) (1 + x sigmoid(-x)).
bool silu_grad_v(mpfi_ptr y, double x, P) {
  Iv t(prec(y));
  iv::sigmoid(t, Iv(prec(y), -x));
  mpfi_mul_d(t, t, x);
  mpfi_add_ui(t, t, 1);
  iv::sigmoid(y, Iv(prec(y), x));
  mpfi_mul(y, y, t);
  return true;
}
// Phi(x) = erfc(-x / sqrt 2) / 2; gelu = x Phi(x), gelu' = Phi(x) + x e^(-x^2/2) / sqrt(2 pi).
void phi_cdf(mpfi_ptr y, double x) {
  Iv z(prec(y));
  mpfi_set_ui(z, 2);
  mpfi_sqrt(z, z);
  mpfi_d_div(z, -x, z);
  iv::erfc(y, z);
  mpfi_div_2ui(y, y, 1);
}
bool gelu_v(mpfi_ptr y, double x, P) { return phi_cdf(y, x), mpfi_mul_d(y, y, x), true; }
bool gelu_grad_v(mpfi_ptr y, double x, P) {
  Iv d(prec(y), x), c(prec(y));
  mpfi_sqr(d, d);
  mpfi_div_2ui(d, d, 1);
  mpfi_neg(d, d);
  mpfi_exp(d, d);
  mpfi_const_pi(c);
  mpfi_mul_2ui(c, c, 1);
  mpfi_sqrt(c, c);
  mpfi_div(d, d, c);
  mpfi_mul_d(d, d, x);
  phi_cdf(y, x);
  mpfi_add(y, y, d);
  return true;
}

}  // namespace

std::vector<std::pair<std::string, ExactDef>> smooth_defs() {
  return {
      {"exp", {exp_v, exp_r}},
      {"expm1", {expm1_v, expm1_r}},
      {"log", {log_v}},
      {"log1p", {log1p_v}},
      {"erf", {erf_v, erf_r}},
      {"erfc", {erfc_v, erfc_r}},
      {"tanh", {tanh_v, tanh_r}},
      {"sigmoid", {sigmoid_v, sigmoid_r}},
      {"tanh_grad", {tanh_grad_v}},
      {"softsign", {softsign_v}},
      {"softsign_grad", {softsign_grad_v}},
      {"mish", {mish_v}},
      {"mish_grad", {mish_grad_v}},
      {"gelu_tanh", {gelu_tanh_v}},
      {"gelu_tanh_grad", {gelu_tanh_grad_v}},
      {"sigmoid_grad", {sigmoid_grad_v}},
      {"softplus", {softplus_v}},
      {"softplus_grad", {softplus_grad_v}},
      {"log_sigmoid", {log_sigmoid_v}},
      {"log_sigmoid_grad", {log_sigmoid_grad_v}},
      {"silu", {silu_v}},
      {"silu_grad", {silu_grad_v}},
      {"gelu", {gelu_v}},
      {"gelu_grad", {gelu_grad_v}},
  };
}

}  // namespace numstab::tier
