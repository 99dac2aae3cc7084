// Reference piecewise activations (relu, relu6, leaky_relu, hardtanh,
// hardsigmoid, hardswish) and their derivatives in a wide type W (long double
// for f64, double for the narrower formats).
//
// Their values are rational in x, so they are computed exactly: the one
// inexact step (a product with alpha, a division by 6) returns W's
// round-to-odd value of the exact result, which the final rounding into any
// format with at least 2 bits fewer than W turns into the correctly rounded
// one (Boldo & Melquiond 2008). Rounding to nearest in W and again in the
// format would be wrong where the exact value lies just off a midpoint of the
// format (x = -3 * 2^-149 in f32 hardswish: x/2 + x^2/6 is a hair above the
// midpoint -1.5 * 2^-149, and rounding x/2 twice picks the wrong side).
//
// Signed zeros follow PyTorch's CPU kernels: relu, relu6 and hardtanh return
// the input where it lies in the identity piece (so f(-0) = -0) and +0 where
// they clamp to 0; products (leaky_relu, hardswish) take the sign of x.
// Derivatives at kinks take PyTorch's values (see src/ops/piecewise.cpp).
// NaN in, NaN out, derivatives included.
#pragma once
#include <array>
#include <cmath>
#include <limits>

#include "src/kernels/double_word.hpp"
#include "src/params.hpp"

namespace numstab::kernels {

namespace exact {

// a * b = p + e exactly while nothing underflows W.
template <class W>
void two_prod(W a, W b, W& p, W& e) {
  p = a * b;
  e = std::fma(a, b, -p);
}

// The terms as non-overlapping components in increasing magnitude, summing
// exactly to the terms' sum (Shewchuk's grow-expansion; zeros may remain).
template <class W, size_t N>
std::array<W, N> expansion(const std::array<W, N>& terms) {
  std::array<W, N> e{};
  size_t m = 0;
  for (W t : terms) {
    W q = t;
    for (size_t i = 0; i < m; ++i) {
      const auto [sum, err] = two_sum(q, e[i]);  // exact (src/kernels/double_word.hpp)
      e[i] = err;
      q = sum;
    }
    e[m++] = q;
  }
  return e;
}

// The sign (-1, 0, 1) of the exact sum of the terms: that of the largest
// non-zero component of their expansion.
template <class W, size_t N>
int sign_of_sum(const std::array<W, N>& terms) {
  const std::array<W, N> e = expansion(terms);
  for (size_t i = N; i-- > 0;)
    if (e[i] != 0) return e[i] > 0 ? 1 : -1;
  return 0;
}

template <class W>
bool odd_significand(W v) {
  int e;
  const W m = std::frexp(v, &e);
  return std::fmod(std::ldexp(m, std::numeric_limits<W>::digits), W(2)) != 0;
}

// W's round-to-odd value of (sum of `num`) / d for an exact numerator given as
// terms and a divisor d > 0 whose products with W values two_prod makes exact.
// The walk starts from a quotient within a few ULP of W and decides each step
// by the exact sign of num - d * g.
template <class W, size_t K>
W round_to_odd_quotient(const std::array<W, K>& num, W d) {
  // A start within a few ULP of W (the components summed from the smallest,
  // so that cancelling terms lose nothing); the walk's signs are exact.
  W approx = 0;
  for (W c : expansion(num)) approx += c;
  W q = approx / d;
  const auto residual_sign = [&](W g) {
    std::array<W, K + 2> terms{};
    for (size_t i = 0; i < K; ++i) terms[i] = num[i];
    W p, e;
    two_prod(d, g, p, e);
    terms[K] = -p;
    terms[K + 1] = -e;
    return sign_of_sum(terms);
  };
  for (int step = 0; step < 64; ++step) {
    const int s = residual_sign(q);
    if (s == 0) return q;
    const W g = std::nextafter(q, s > 0 ? std::numeric_limits<W>::infinity()
                                        : -std::numeric_limits<W>::infinity());
    const int sg = residual_sign(g);
    if (sg == 0) return g;
    if (sg != s) return odd_significand(q) ? q : g;  // strictly between q and g
    q = g;
  }
  return q;  // not reached: the start is a few ULP of W from the quotient
}

}  // namespace exact

struct Relu {
  // x < 0 ? +0 : x, as PyTorch's clamp_min(x, 0) on CPU: relu(-0) = -0
  // (pytorch/pytorch#181801; its CUDA kernel gives +0).
  template <class W>
  static W eval(W x, const Params&) { return x < 0 ? W(0) : x; }
};

struct ReluGrad {
  // 1 for x > 0, 0 for x <= 0: PyTorch's threshold_backward gives 0 at 0.
  template <class W>
  static W eval(W x, const Params&) {
    if (std::isnan(x)) return x;
    return x > 0 ? W(1) : W(0);
  }
};

// hardtanh(x) = min(max(x, lo), hi), in that order (PyTorch's clamp), so lo > hi gives hi.
template <class W>
W clamp_between(W x, W lo, W hi) {
  const W low_clamped = x < lo ? lo : x;
  return low_clamped > hi ? hi : low_clamped;
}

// 0 at and outside [lo, hi], 1 strictly inside: PyTorch's hardtanh_backward.
template <class W>
W inside_indicator(W x, W lo, W hi) {
  if (std::isnan(x)) return x;
  return (x <= lo || x >= hi) ? W(0) : W(1);
}

struct Relu6 {
  template <class W>
  static W eval(W x, const Params&) { return clamp_between<W>(x, 0, 6); }
};

struct Relu6Grad {
  template <class W>
  static W eval(W x, const Params&) { return inside_indicator<W>(x, 0, 6); }
};

struct Hardtanh {
  // p = {min_val, max_val}
  template <class W>
  static W eval(W x, const Params& p) { return clamp_between<W>(x, p.at(0), p.at(1)); }
};

struct HardtanhGrad {
  template <class W>
  static W eval(W x, const Params& p) { return inside_indicator<W>(x, p.at(0), p.at(1)); }
};

struct LeakyRelu {
  // x for x > 0, alpha * x otherwise (p = {alpha}). alpha * x is exact in
  // two W values, rounded to odd. With alpha = 0 the product at x = -inf is
  // the zero of every finite x, not 0 * inf = NaN.
  template <class W>
  static W eval(W x, const Params& p) {
    if (std::isnan(x) || x > 0) return x;
    const W alpha = p.at(0);
    if (std::isinf(x)) return alpha == 0 ? alpha * std::copysign(W(1), x) : alpha * x;
    W prod, err;
    exact::two_prod(alpha, x, prod, err);
    if (prod == 0) return prod;  // keeps the sign of the zero
    return exact::round_to_odd_quotient<W, 2>({prod, err}, W(1));
  }
};

struct LeakyReluGrad {
  // 1 for x > 0, alpha for x <= 0: PyTorch's leaky_relu_backward gives alpha at 0.
  template <class W>
  static W eval(W x, const Params& p) {
    if (std::isnan(x)) return x;
    return x > 0 ? W(1) : W(p.at(0));
  }
};

struct Hardsigmoid {
  // relu6(x + 3) / 6: 0 for x <= -3, 1 for x >= 3, (x + 3) / 6 in between.
  template <class W>
  static W eval(W x, const Params&) {
    if (std::isnan(x)) return x;
    if (x <= -3) return 0;
    if (x >= 3) return 1;
    return exact::round_to_odd_quotient<W, 2>({x, W(3)}, W(6));
  }
};

struct HardsigmoidGrad {
  // 1/6 strictly inside (-3, 3), 0 at and outside: PyTorch's hardsigmoid_backward.
  // 1/6 = 0.0010101...b never lies near a midpoint, so two roundings are harmless.
  template <class W>
  static W eval(W x, const Params&) {
    if (std::isnan(x)) return x;
    return (x > -3 && x < 3) ? W(1) / 6 : W(0);
  }
};

struct Hardswish {
  // x * relu6(x + 3) / 6: -0 for x <= -3 (x times +0, as PyTorch computes it
  // for finite x; -0 at -inf too, where PyTorch's -inf * 0 is NaN), x for
  // x >= 3, and x(x + 3)/6 = (x^2 + 3x)/6 in between, with x^2 and 3x split
  // exactly into two W values each.
  template <class W>
  static W eval(W x, const Params&) {
    if (std::isnan(x) || x >= 3) return x;
    if (x <= -3) return -W(0);
    if (x == 0) return x;  // keeps the sign of the zero
    W sq, sq_err, tri, tri_err;
    exact::two_prod(x, x, sq, sq_err);
    exact::two_prod(W(3), x, tri, tri_err);
    return exact::round_to_odd_quotient<W, 4>({sq, sq_err, tri, tri_err}, W(6));
  }
};

struct HardswishGrad {
  // PyTorch's hardswish_backward: 0 for x <= -3, x/3 + 1/2 = (2x + 3)/6 for
  // -3 < x < 3, 1 for x >= 3 (so 0 at -3 and 1 at 3). The root at -1.5 is
  // exact: the numerator 2x + 3 is summed exactly.
  template <class W>
  static W eval(W x, const Params&) {
    if (std::isnan(x)) return x;
    if (x <= -3) return 0;
    if (x >= 3) return 1;
    return exact::round_to_odd_quotient<W, 2>({2 * x, W(3)}, W(6));
  }
};

}  // namespace numstab::kernels
