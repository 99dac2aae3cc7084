// The exponential linear units and their derivatives, from their definitions:
//   elu(x)  = x for x >= 0, alpha (e^x - 1) for x < 0
//   selu(x) = scale elu(x) with selu's alpha and scale (decimal constants of
//             Klambauer et al. as PyTorch writes them, read at full precision)
//   celu(x) = max(0, x) + min(0, alpha (e^(x/alpha) - 1))
// e^x - 1 is MPFR's expm1, correctly rounded at the working precision: no
// cancellation near 0, and -1 (not an overflow) as x -> -inf. elu(-0) = -0
// (x itself, as in PyTorch's CPU kernel). Derivatives at 0 take PyTorch's
// value, that of the negative piece (elu_backward: x <= 0 ? negative piece :
// positive piece). NaN in, NaN out.
#include "oracles/elu/oracle.hpp"

namespace numstab::oracles {

namespace {

const char kSeluAlpha[] = "1.6732632423543772848170429916717";
const char kSeluScale[] = "1.0507009873554804934193349852946";

// scale x for x >= 0, scale alpha expm1(x / d) for x < 0 (d = alpha for celu).
// celu's x / alpha: x / 0 is -inf for x < 0 and expm1(-inf) = -1, the limit.
void exponential_linear(Real& y, const Real& x, const Real& alpha, const Real& scale,
                        const Real& input_divisor) {
  if (boost::multiprecision::isnan(x)) y = x;
  else if (x >= 0) y = scale * x;
  else y = scale * alpha * boost::multiprecision::expm1(x / input_divisor);
}

// Its derivative: scale for x > 0, scale alpha e^(x/d) / d for x <= 0 (the
// negative piece's value at 0, as PyTorch).
void exponential_linear_slope(Real& y, const Real& x, const Real& alpha, const Real& scale,
                              const Real& input_divisor) {
  if (boost::multiprecision::isnan(x)) y = x;
  else if (x > 0) y = scale;
  else y = scale * alpha * boost::multiprecision::exp(x / input_divisor) / input_divisor;
}

}  // namespace

void elu(Real& y, const Real& x, const Params& p) {
  exponential_linear(y, x, Real(p.at(0)), Real(1), Real(1));
}
void elu_grad(Real& y, const Real& x, const Params& p) {
  exponential_linear_slope(y, x, Real(p.at(0)), Real(1), Real(1));
}

void selu(Real& y, const Real& x, const Params&) {
  exponential_linear(y, x, Real(kSeluAlpha), Real(kSeluScale), Real(1));
}
void selu_grad(Real& y, const Real& x, const Params&) {
  exponential_linear_slope(y, x, Real(kSeluAlpha), Real(kSeluScale), Real(1));
}

void celu(Real& y, const Real& x, const Params& p) {
  const Real alpha = p.at(0);
  exponential_linear(y, x, alpha, Real(1), alpha);
}
// e^(x/alpha) for x <= 0: alpha e^(x/alpha) / alpha, without the two roundings.
void celu_grad(Real& y, const Real& x, const Params& p) {
  if (boost::multiprecision::isnan(x)) y = x;
  else if (x > 0) y = 1;
  else y = boost::multiprecision::exp(x / Real(p.at(0)));
}

}  // namespace numstab::oracles
