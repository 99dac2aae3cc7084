// Exact intervals of the piecewise unary ops and the exponential linear
// units, from the catalog's definitions. The pieces are chosen on the exact
// double x; kinks take the catalog's (PyTorch's) convention. Signed zeros are
// not part of an enclosure's claim (an interval around 0 holds both).
#include "src/tier/exact_defs.hpp"

namespace numstab::tier {

namespace {

using P = const Params&;
mpfr_prec_t prec(mpfi_srcptr y) { return mpfi_get_prec(y); }
bool set(mpfi_ptr y, double v) { return mpfi_set_d(y, v), true; }

bool relu_v(mpfi_ptr y, double x, P) { return set(y, x < 0 ? 0 : x); }
bool relu_grad_v(mpfi_ptr y, double x, P) { return set(y, x > 0); }
bool relu6_v(mpfi_ptr y, double x, P) { return set(y, x < 0 ? 0 : x > 6 ? 6 : x); }
bool relu6_grad_v(mpfi_ptr y, double x, P) { return set(y, x > 0 && x < 6); }
bool leaky_relu_v(mpfi_ptr y, double x, P p) {
  mpfi_set_d(y, x);
  if (x <= 0) mpfi_mul_d(y, y, p.at(0));
  return true;
}
bool leaky_relu_grad_v(mpfi_ptr y, double x, P p) { return set(y, x > 0 ? 1 : p.at(0)); }
// min(max(x, min_val), max_val).
bool hardtanh_v(mpfi_ptr y, double x, P p) {
  const double v = x < p.at(0) ? p[0] : x;
  return set(y, v > p.at(1) ? p[1] : v);
}
bool hardtanh_grad_v(mpfi_ptr y, double x, P p) { return set(y, x > p.at(0) && x < p.at(1)); }
bool hardsigmoid_v(mpfi_ptr y, double x, P) {
  if (x <= -3 || x >= 3) return set(y, x >= 3);
  mpfi_set_d(y, x);
  mpfi_add_ui(y, y, 3);
  mpfi_div_ui(y, y, 6);
  return true;
}
bool hardsigmoid_grad_v(mpfi_ptr y, double x, P) {
  mpfi_set_ui(y, x > -3 && x < 3);
  mpfi_div_ui(y, y, 6);
  return true;
}
bool hardswish_v(mpfi_ptr y, double x, P) {
  if (x <= -3 || x >= 3) return set(y, x >= 3 ? x : 0);
  Iv t(prec(y), x);
  mpfi_add_ui(t, t, 3);
  mpfi_mul_d(t, t, x);
  mpfi_div_ui(y, t, 6);
  return true;
}
bool hardswish_grad_v(mpfi_ptr y, double x, P) {
  if (x <= -3 || x >= 3) return set(y, x >= 3);
  mpfi_set_d(y, x);
  mpfi_mul_2ui(y, y, 1);
  mpfi_add_ui(y, y, 3);
  mpfi_div_ui(y, y, 6);
  return true;
}

// scale x for x >= 0, scale alpha expm1(x) for x < 0; the derivative scale for
// x > 0, scale alpha e^x for x <= 0. alpha and scale as intervals (selu's
// decimal constants are not doubles).
void exp_linear(mpfi_ptr y, double x, mpfi_srcptr alpha, mpfi_srcptr scale, bool derivative) {
  if (derivative ? x > 0 : x >= 0) {
    mpfi_set_d(y, derivative ? 1 : x);
  } else {
    mpfi_set_d(y, x);
    if (derivative) mpfi_exp(y, y);
    else mpfi_expm1(y, y);
    mpfi_mul(y, y, alpha);
  }
  mpfi_mul(y, y, scale);
}
bool elu_family(mpfi_ptr y, double x, P p, bool selu, bool derivative) {
  Iv alpha(prec(y)), scale(prec(y));
  if (selu) {
    mpfi_set_str(alpha, "1.6732632423543772848170429916717", 10);
    mpfi_set_str(scale, "1.0507009873554804934193349852946", 10);
  } else {
    mpfi_set_d(alpha, p.at(0));
    mpfi_set_ui(scale, 1);
  }
  exp_linear(y, x, alpha, scale, derivative);
  return true;
}
bool elu_v(mpfi_ptr y, double x, P p) { return elu_family(y, x, p, false, false); }
bool elu_grad_v(mpfi_ptr y, double x, P p) { return elu_family(y, x, p, false, true); }
bool selu_v(mpfi_ptr y, double x, P p) { return elu_family(y, x, p, true, false); }
bool selu_grad_v(mpfi_ptr y, double x, P p) { return elu_family(y, x, p, true, true); }
// celu = max(0, x) + min(0, alpha expm1(x / alpha)); celu' = 1 for x > 0,
// e^(x / alpha) for x <= 0.
bool celu_v(mpfi_ptr y, double x, P p) {
  const double alpha = p.at(0);
  if (alpha == 0) return false;  // x / 0: not a claim a fast tier can make
  Iv t(prec(y), x);
  mpfi_div_d(t, t, alpha);
  mpfi_expm1(t, t);
  mpfi_mul_d(t, t, alpha);
  iv::min0(t);
  mpfi_add_d(y, t, x > 0 ? x : 0);
  return true;
}
bool celu_grad_v(mpfi_ptr y, double x, P p) {
  if (p.at(0) == 0) return false;
  if (x > 0) return set(y, 1);
  mpfi_set_d(y, x);
  mpfi_div_d(y, y, p[0]);
  mpfi_exp(y, y);
  return true;
}

}  // namespace

std::vector<std::pair<std::string, ExactDef>> piecewise_defs() {
  return {
      {"relu", {relu_v}},
      {"relu_grad", {relu_grad_v}},
      {"relu6", {relu6_v}},
      {"relu6_grad", {relu6_grad_v}},
      {"leaky_relu", {leaky_relu_v}},
      {"leaky_relu_grad", {leaky_relu_grad_v}},
      {"hardtanh", {hardtanh_v}},
      {"hardtanh_grad", {hardtanh_grad_v}},
      {"hardsigmoid", {hardsigmoid_v}},
      {"hardsigmoid_grad", {hardsigmoid_grad_v}},
      {"hardswish", {hardswish_v}},
      {"hardswish_grad", {hardswish_grad_v}},
      {"elu", {elu_v}},
      {"elu_grad", {elu_grad_v}},
      {"selu", {selu_v}},
      {"selu_grad", {selu_grad_v}},
      {"celu", {celu_v}},
      {"celu_grad", {celu_grad_v}},
  };
}

}  // namespace numstab::tier
