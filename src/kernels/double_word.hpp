// Exact products and sums in a binary floating type W (Dekker, Knuth), and a
// Taylor series about a root, for reference formulas that need more than W's
// precision in one place: e^(c x^3) needs c x^3 to twice W's precision, and a
// derivative near its root needs the distance to the root, not two large terms
// that cancel.
#pragma once
#include <cmath>
#include <limits>

namespace numstab::kernels {

// The unevaluated sum hi + lo with |lo| <= ulp(hi) / 2.
template <class W>
struct DoubleWord {
  W hi, lo;
};

// a + b exactly (Knuth's two-sum: no ordering of |a|, |b| needed).
template <class W>
DoubleWord<W> two_sum(W a, W b) {
  const W s = a + b;
  const W bb = s - a;
  return {s, (a - (s - bb)) + (b - bb)};
}

// hi + lo renormalised, for |hi| >= |lo|.
template <class W>
DoubleWord<W> fast_two_sum(W hi, W lo) {
  const W s = hi + lo;
  return {s, lo - (s - hi)};
}

// a * b exactly (Dekker's product with Veltkamp's split; no FMA needed, so it
// is exact for x87 long double too). Valid while |a|, |b| stay below
// max / 2^(digits/2): far beyond every input the formulas here receive.
template <class W>
DoubleWord<W> two_prod(W a, W b) {
  constexpr int half = (std::numeric_limits<W>::digits + 1) / 2;
  constexpr W split = static_cast<W>((1ULL << half) + 1);
  const auto halves = [&](W v) {
    const W c = split * v;
    const W h = c - (c - v);
    return DoubleWord<W>{h, v - h};
  };
  const auto [ah, al] = halves(a);
  const auto [bh, bl] = halves(b);
  const W p = a * b;
  return {p, ((ah * bh - p) + ah * bl + al * bh) + al * bl};
}

template <class W>
DoubleWord<W> mul(DoubleWord<W> a, W b) {
  const auto p = two_prod(a.hi, b);
  return fast_two_sum(p.hi, p.lo + a.lo * b);
}

template <class W>
DoubleWord<W> mul(DoubleWord<W> a, DoubleWord<W> b) {
  const auto p = two_prod(a.hi, b.hi);
  return fast_two_sum(p.hi, p.lo + (a.hi * b.lo + a.lo * b.hi));
}

template <class W>
DoubleWord<W> add(DoubleWord<W> a, DoubleWord<W> b) {
  const auto s = two_sum(a.hi, b.hi);
  return fast_two_sum(s.hi, s.lo + (a.lo + b.lo));
}

// e^(hi + lo) = e^hi (1 + lo), |lo| being below W's ulp of 1 wherever e^hi
// is neither 0 nor inf. Where e^hi underflows, lo may be huge (|hi| past
// 2^digits) and only e^hi = 0 is kept (never the sign of 1 + lo).
template <class W>
W exp_of(DoubleWord<W> v) {
  const W e = std::exp(v.hi);
  return e == 0 ? e : e * (1 + v.lo);
}

// A constant given as three non-overlapping doubles (~159 bits), to about
// twice W's precision.
template <class W>
DoubleWord<W> constant(const double (&c)[3]) {
  const auto s = two_sum(static_cast<W>(c[0]), static_cast<W>(c[1]));
  return fast_two_sum(s.hi, s.lo + static_cast<W>(c[2]));
}

// f(x) = sum_k coef[k-1] (x - root)^k about a simple root of f (root as three
// doubles, coefficients f^(k)(root) / k!). x - root is exact to W's rounding
// for x near the root (x - root[0] is exact there by Sterbenz's lemma), so the
// result keeps W's relative accuracy however close x lies to the root.
template <class W, std::size_t N>
W series_about_root(W x, const double (&root)[3], const long double (&coef)[N]) {
  const W d = ((x - static_cast<W>(root[0])) - static_cast<W>(root[1])) - static_cast<W>(root[2]);
  W sum = static_cast<W>(coef[N - 1]);
  for (std::size_t k = N - 1; k-- > 0;) sum = static_cast<W>(coef[k]) + d * sum;
  return d * sum;
}

}  // namespace numstab::kernels
