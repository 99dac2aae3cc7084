// Independent fast tiers of the sigmoid family, in long double
// (oracles/long_double_tier.hpp), with s = sigmoid and c = 1 - s from
// ld::logistic (no cancellation). Regions of sigmoid(t):
//   |t| < 1: 1/2 + tanhl(t/2)/2; t >= 1: 1 - c; t <= -1: s;
//   |t| >= 745: 1 - (0, 2^-1000) or (0, 2^-1000) (e^-745 < 2^-1074).
// sigmoid_grad: |x| < 1: 1/4 - tanhl(x/2)^2/4; else e/(1+e)^2, e = e^-|x|.
// softplus(x; beta), b = beta x: b > 0: x + log1pl(e^-b)/beta; else
//   log1pl(e^b)/beta.
// Arguments of magnitude 11000 or more are left to MPFR (ld::outside_certified_range).
// log_sigmoid: x < 0: x - log1pl(e^x); else -log1pl(e^-x).
// silu: x >= 1: x - x c; else x s. silu_grad = s + x s c:
//   |x| < 1: 1/2 + (tanhl(x/2)/2 + x s c); x >= 1: 1 + c (x s - 1);
//   x <= -1: s (1 + x c), whose root near -1.2785 widens the interval by the
//   magnitude s (1 + |x| c), so MPFR decides there.
#include "oracles/independent_tiers.hpp"
#include "oracles/long_double_tier.hpp"

namespace numstab::independent {

using ld::LD;

namespace {

// sigmoid(t), t rounded with relative error 2^-64 when factor > 1.
Enclosure sigmoid_at(LD t, LD factor) {
  if (t >= 745) return enclose_beyond(1, -0x1p-1000);
  if (t <= -745) return enclose_beyond(0, 0x1p-1000);
  if (std::fabs(t) < 1) {
    const LD r = tanhl(t / 2) / 2;
    return ld::anchored(0.5, r, std::fabs(r) * factor);
  }
  const ld::Logistic l = ld::logistic(t);
  if (t >= 1) return ld::small_anchored(1, -l.c, l.c * factor);
  return ld::small_value(l.s, l.s * factor);
}

bool usable_beta(const Params& p) { return !p.empty() && std::isfinite(p[0]) && p[0] != 0; }

}  // namespace

void sigmoid(const double* x, size_t n, const Params&, Enclosure* out) {
  for (size_t i = 0; i < n; ++i) out[i] = sigmoid_at(x[i], 1);
}

void sigmoid_grad(const double* x, size_t n, const Params&, Enclosure* out) {
  for (size_t i = 0; i < n; ++i) {
    if (ld::outside_certified_range(x[i])) {
      out[i] = {};
      continue;
    }
    const double a = std::fabs(x[i]);
    if (a < 1) {
      const LD r = tanhl(static_cast<LD>(a) / 2);
      out[i] = ld::anchored(0.25, -r * r / 4);
    } else if (a >= 745) {
      out[i] = enclose_beyond(0, 0x1p-1000);
    } else {
      const LD e = expl(-static_cast<LD>(a)), v = e / ((1 + e) * (1 + e));
      out[i] = ld::small_value(v, v);
    }
  }
}

void softplus(const double* x, size_t n, const Params& p, Enclosure* out) {
  if (!usable_beta(p)) return std::fill(out, out + n, Enclosure{});
  const double beta = p[0];
  for (size_t i = 0; i < n; ++i) {
    const LD b = static_cast<LD>(beta) * x[i], f = ld::arg_factor(b);
    if (ld::outside_certified_range(b)) {
      out[i] = {};
    } else if (b > 0) {
      const LD r = log1pl(expl(-b)) / beta;
      out[i] = ld::small_anchored(x[i], r, std::fabs(r) * f);
    } else {
      const LD v = log1pl(expl(b)) / beta;
      out[i] = ld::small_value(v, std::fabs(v) * f);
    }
  }
}

void softplus_grad(const double* x, size_t n, const Params& p, Enclosure* out) {
  if (!usable_beta(p)) return std::fill(out, out + n, Enclosure{});
  for (size_t i = 0; i < n; ++i) {
    const LD b = static_cast<LD>(p[0]) * x[i];
    out[i] = ld::outside_certified_range(b) ? Enclosure{} : sigmoid_at(b, ld::arg_factor(b));
  }
}

void log_sigmoid(const double* x, size_t n, const Params&, Enclosure* out) {
  for (size_t i = 0; i < n; ++i) {
    if (ld::outside_certified_range(x[i])) {
      out[i] = {};
      continue;
    }
    const double v = x[i];
    if (v <= -745) {
      out[i] = enclose_beyond(v, -0x1p-1000);
    } else if (v < 0) {
      const LD r = -log1pl(expl(static_cast<LD>(v)));
      out[i] = ld::small_anchored(v, r, std::fabs(r));
    } else if (v >= 745) {
      out[i] = enclose_beyond(0, -0x1p-1000);
    } else {
      const LD r = -log1pl(expl(-static_cast<LD>(v)));
      out[i] = ld::small_value(r, std::fabs(r));
    }
  }
}

void log_sigmoid_grad(const double* x, size_t n, const Params&, Enclosure* out) {
  for (size_t i = 0; i < n; ++i)
    out[i] = ld::outside_certified_range(x[i]) ? Enclosure{} : sigmoid_at(-static_cast<LD>(x[i]), 1);
}

void silu(const double* x, size_t n, const Params&, Enclosure* out) {
  for (size_t i = 0; i < n; ++i) {
    if (ld::outside_certified_range(x[i])) {
      out[i] = {};
      continue;
    }
    const double v = x[i];
    if (v >= 745) {
      out[i] = enclose_beyond(v, -0x1p-1000);  // x e^-x < 2^-1000 there
    } else if (v <= -745) {
      out[i] = enclose_beyond(0, -0x1p-1000);
    } else {
      const ld::Logistic l = ld::logistic(v);
      if (v >= 1) {
        const LD r = -v * l.c;
        out[i] = ld::small_anchored(v, r, std::fabs(r));
      } else {
        const LD s = v * l.s;
        out[i] = ld::small_value(s, std::fabs(s));
      }
    }
  }
}

void silu_grad(const double* x, size_t n, const Params&, Enclosure* out) {
  for (size_t i = 0; i < n; ++i) {
    if (ld::outside_certified_range(x[i])) {
      out[i] = {};
      continue;
    }
    const double v = x[i];
    if (v >= 745) {
      out[i] = enclose_beyond(1, 0x1p-1000);  // 0 < c (x s - 1) < x e^-x
    } else if (v <= -745) {
      out[i] = enclose_beyond(0, -0x1p-1000);  // s (1 + x c) < 0, |.| < |x| e^x
    } else {
      const ld::Logistic l = ld::logistic(v);
      if (std::fabs(v) < 1) {
        const LD h = tanhl(static_cast<LD>(v) / 2) / 2, t = v * l.s * l.c;
        out[i] = ld::anchored(0.5, h + t, std::fabs(h) + std::fabs(t));
      } else if (v >= 1) {
        out[i] = ld::small_anchored(1, l.c * (v * l.s - 1), l.c * (v * l.s + 1));
      } else {
        out[i] = ld::small_value(l.s * (1 + v * l.c), l.s * (1 - v * l.c));
      }
    }
  }
}

}  // namespace numstab::independent
