// The logistic sigmoid and its derivative, exact to the working precision of Real.
#include "oracles/sigmoid/oracle.hpp"

namespace numstab::oracles {

// sigmoid(x) = 1 / (1 + e^-x). For x -> -inf, e^-x overflows MPFR's exponent
// range only past |x| ~ 7e8, where the true result is below every format's range.
void sigmoid(Real& y, const Real& x, const Params&) {
  y = boost::multiprecision::exp(-x);
  y = 1 / (1 + y);
}

// sigmoid'(x) = e^-|x| / (1 + e^-|x|)^2, an even function. Written with -|x| so
// that the exponential never overflows (s(1 - s) would cancel for large x).
void sigmoid_grad(Real& y, const Real& x, const Params&) {
  const Real e = boost::multiprecision::exp(-boost::multiprecision::abs(x));
  y = e / ((1 + e) * (1 + e));
}

}  // namespace numstab::oracles

namespace numstab::oracles {

namespace {
// softplus with beta = 1: log(1 + e^t) = max(t, 0) + log1p(e^-|t|). The
// exponential's argument is never positive (no overflow at t = 1e308) and the
// two terms never cancel.
Real softplus1(const Real& t) {
  using boost::multiprecision::exp, boost::multiprecision::log1p;
  if (t > 0) return t + log1p(exp(-t));
  return log1p(exp(t));
}
}  // namespace

// log sigmoid(x) = -softplus(-x); at x = +inf (and past MPFR's range) it is -0,
// the sign of the values it approaches.
void log_sigmoid(Real& y, const Real& x, const Params&) { y = -softplus1(-x); }

// (log sigmoid)'(x) = 1 - sigmoid(x) = 1 / (1 + e^x): no cancellation.
void log_sigmoid_grad(Real& y, const Real& x, const Params&) {
  y = boost::multiprecision::exp(x);
  y = 1 / (1 + y);
}

// softplus(x; beta) = log(1 + e^(beta x)) / beta, the mathematical function
// (PyTorch's threshold shortcut is not part of it).
void softplus(Real& y, const Real& x, const Params& p) {
  const Real beta = p[0];
  y = softplus1(beta * x) / beta;
}

// softplus'(x; beta) = sigmoid(beta x).
void softplus_grad(Real& y, const Real& x, const Params& p) {
  const Real beta = p[0];
  sigmoid(y, beta * x, {});
}

// silu(x) = x sigmoid(x) = x / (1 + e^-x); at x = -inf the limit -0 (x e^x),
// not -inf / inf.
void silu(Real& y, const Real& x, const Params&) {
  if (boost::multiprecision::isinf(x) && x < 0) {
    y = -Real(0);
    return;
  }
  y = boost::multiprecision::exp(-x);
  y = x / (1 + y);
}

namespace {
mpfr_ptr raw(Real& v) { return v.backend().data(); }
mpfr_srcptr raw(const Real& v) { return v.backend().data(); }
}  // namespace

// silu'(x) = sigmoid(x) (1 + x sigmoid(-x)).
//   x >= 0: (1 + E + x E) / (1 + E)^2 with E = e^-x, all terms positive.
//   x < 0:  g(x) sigmoid'(x) with g(x) = 1 + x + e^x and sigmoid'(x) =
//           e^x / (1 + e^x)^2. g has a root at r = -1 - W(1/e) ~ -1.2785, where
//           1 + x and e^x cancel: g is computed with extra bits until its
//           value is known to 64 bits beyond the working precision (r is
//           transcendental, so no representable x makes g vanish).
void silu_grad(Real& y, const Real& x, const Params&) {
  const unsigned bits = real_precision_bits(Real());
  if (boost::multiprecision::isinf(x)) {  // limits: 1 at +inf, (1 + x) e^x -> -0 at -inf
    y = x > 0 ? Real(1) : -Real(0);
    return;
  }
  if (!(x < 0)) {  // x >= 0 or NaN
    const Real e = boost::multiprecision::exp(-x);
    // x e^-x = 0 once e^-x underflows MPFR's range (x > ~7e8).
    y = (1 + e + x * e) / ((1 + e) * (1 + e));
    return;
  }
  mpfr_t g, e;
  unsigned extra = 64;
  mpfr_init2(g, bits + extra);
  mpfr_init2(e, bits + extra);
  for (int attempt = 0; attempt < 16; ++attempt) {
    mpfr_set_prec(g, bits + extra);
    mpfr_set_prec(e, bits + extra);
    mpfr_exp(e, raw(x), MPFR_RNDN);
    mpfr_add_ui(g, raw(x), 1, MPFR_RNDN);  // exact near the root: x has at most `bits` bits
    mpfr_add(g, g, e, MPFR_RNDN);
    // Absolute error <= 2^-(bits + extra - 1) (terms below 2 near the root):
    // relative 2^-(bits + 64) needs g's exponent >= 65 - extra.
    if (!mpfr_zero_p(g) && mpfr_get_exp(g) >= 65 - static_cast<long>(extra)) break;
    extra = mpfr_zero_p(g) ? 2 * extra : static_cast<unsigned>(extra + 64 - mpfr_get_exp(g));
  }
  // sigmoid'(x) = e^x / (1 + e^x)^2, then y = g sigmoid'(x) at the working precision.
  mpfr_t den;
  mpfr_init2(den, bits + extra);
  mpfr_add_ui(den, e, 1, MPFR_RNDN);
  mpfr_sqr(den, den, MPFR_RNDN);
  mpfr_div(e, e, den, MPFR_RNDN);
  mpfr_set_prec(raw(y), bits);
  mpfr_mul(raw(y), g, e, MPFR_RNDN);
  mpfr_clears(g, e, den, static_cast<mpfr_ptr>(nullptr));
}

}  // namespace numstab::oracles
