// Independent fast tiers of the exponential linear units, in long double
// (oracles/long_double_tier.hpp), from the definitions in oracle.cpp:
//   elu      x > 0: x exactly; x < -1: -alpha + alpha expl(x); else alpha expm1l(x)
//   selu     x > 0: scale x; x < 0: scale alpha expm1l(x) (scale alpha ~ 1.758 is no
//            power of two: no anchor needed)
//   celu     x > 0: x; z = x / alpha: z < -1: -alpha + alpha expl(z); else alpha expm1l(z)
//   elu'     x > 0: 1; -1 < x <= 0: alpha + alpha expm1l(x); else alpha expl(x)
//   selu'    x > 0: scale; else scale alpha expl(x)
//   celu'    x > 0: 1; |z| < 1: 1 + expm1l(z); else expl(z)
// x = +-0 of the functions (the sign of the zero) goes to MPFR; a parameter
// that is 0 or not finite, and celu with alpha < 0, leave every input to MPFR.
// Arguments past -11000 are left to MPFR (ld::outside_certified_range); the
// derivatives' values past -745 are within 2^-1000.
#include "oracles/independent_tiers.hpp"
#include "oracles/long_double_tier.hpp"

namespace numstab::independent {

using ld::LD;

namespace {
// PyTorch's decimal constants (as the oracle reads them), to long double.
constexpr LD kSeluAlpha = 1.6732632423543772848170429916717L;
constexpr LD kSeluScale = 1.0507009873554804934193349852946L;

bool usable_alpha(const Params& p) { return !p.empty() && std::isfinite(p[0]) && p[0] != 0; }

// alpha expm1(z) for z <= 0 (z rounded with the given factor).
Enclosure negative_piece(double alpha, LD z, LD factor) {
  if (ld::outside_certified_range(z)) return {};
  if (z < -1) {
    const LD r = alpha * expl(z);
    return ld::small_anchored(-alpha, r, std::fabs(r) * factor);
  }
  const LD v = alpha * expm1l(z);
  return ld::value(v, std::fabs(v) * factor);
}

// alpha e^z for z <= 0.
Enclosure negative_slope(double alpha, LD z, LD factor) {
  if (ld::outside_certified_range(z)) return {};
  if (z > -1) {
    const LD r = alpha * expm1l(z);
    return ld::anchored(alpha, r, std::fabs(r) * factor);
  }
  const LD v = alpha * expl(z);
  return ld::small_value(v, std::fabs(v) * factor);
}
}  // namespace

void elu(const double* x, size_t n, const Params& p, Enclosure* out) {
  if (!usable_alpha(p)) return std::fill(out, out + n, Enclosure{});
  for (size_t i = 0; i < n; ++i) {
    const double v = x[i];
    out[i] = v > 0 ? enclose_exact(v) : v == 0 ? Enclosure{} : negative_piece(p[0], v, 1);
  }
}

void elu_grad(const double* x, size_t n, const Params& p, Enclosure* out) {
  if (!usable_alpha(p)) return std::fill(out, out + n, Enclosure{});
  for (size_t i = 0; i < n; ++i) out[i] = x[i] > 0 ? enclose_exact(1) : negative_slope(p[0], x[i], 1);
}

void selu(const double* x, size_t n, const Params&, Enclosure* out) {
  for (size_t i = 0; i < n; ++i) {
    const double v = x[i];
    if (v > 0) out[i] = ld::value(kSeluScale * v);
    else if (v == 0) out[i] = {};
    else out[i] = ld::value(kSeluScale * kSeluAlpha * expm1l(v));
  }
}

void selu_grad(const double* x, size_t n, const Params&, Enclosure* out) {
  for (size_t i = 0; i < n; ++i) {
    const double v = x[i];
    if (v > 0) {
      out[i] = ld::value(kSeluScale);
    } else if (ld::outside_certified_range(v)) {
      out[i] = {};
    } else if (v <= -745) {
      out[i] = enclose_beyond(0, 0x1p-1000);
    } else {
      const LD s = kSeluScale * kSeluAlpha * expl(static_cast<LD>(v));
      out[i] = ld::small_value(s, s);
    }
  }
}

void celu(const double* x, size_t n, const Params& p, Enclosure* out) {
  if (!usable_alpha(p) || p[0] < 0) return std::fill(out, out + n, Enclosure{});
  for (size_t i = 0; i < n; ++i) {
    const double v = x[i];
    if (v > 0) {
      out[i] = enclose_exact(v);
    } else if (v == 0) {
      out[i] = {};
    } else {
      const LD z = static_cast<LD>(v) / p[0];
      out[i] = negative_piece(p[0], z, ld::arg_factor(z));
    }
  }
}

void celu_grad(const double* x, size_t n, const Params& p, Enclosure* out) {
  if (!usable_alpha(p) || p[0] < 0) return std::fill(out, out + n, Enclosure{});
  for (size_t i = 0; i < n; ++i) {
    if (x[i] > 0) {
      out[i] = enclose_exact(1);
    } else {
      const LD z = static_cast<LD>(x[i]) / p[0];
      out[i] = ld::outside_certified_range(z) ? Enclosure{}
               : z <= -745                     ? enclose_beyond(0, 0x1p-1000)
                                               : negative_slope(1, z, ld::arg_factor(z));
    }
  }
}

}  // namespace numstab::independent
