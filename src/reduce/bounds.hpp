// Error bounds of the reductions (Higham 2002, ch. 3-4; Chan, Golub & LeVeque
// 1983), as functions of n, u and the data. gamma_k = k u / (1 - k u), +inf once
// k u >= 1 (the bound says nothing there: f16 past n = 2048, bf16 past 256).
#pragma once
#include <cmath>
#include <limits>
#include <algorithm>
#include <string_view>

#include "src/errors.hpp"
#include "src/formats.hpp"

namespace numstab::reduce {

inline double gamma(double k, double u) {
  const double ku = k * u;
  return ku >= 1 ? std::numeric_limits<double>::infinity() : ku / (1 - ku);
}

// The longest vector whose bounds still say something: gamma_k is finite and
// below 1 only while k u < 1/2, and the bounds use k up to n + 2 (and 2 more in
// the normalisation layers). Longer vectors in bf16 (n > 125) or f16 (n > 1021)
// have infinite bounds, which no kernel could break: generators stop here.
inline int max_bounded_length(Format f) {
  return static_cast<int>(0.5 / std::ldexp(1.0, -spec(f).precision)) - 3;
}

// eta: the largest absolute error of one rounding whose result is subnormal
// (the relative bound u fails there) is half the smallest subnormal,
// 2^(emin - p). For f64 that is 2^-1075, which is not a double (ldexp rounds
// the tie to 0, leaving f64 bounds with no subnormal term): it is rounded up
// to the next double, 2^-1074, the smallest subnormal. Exact for the others.
inline double underflow_unit(Format f) {
  const auto& s = spec(f);
  return std::fmax(std::ldexp(1.0, s.emin - s.precision), std::numeric_limits<double>::denorm_min());
}

// count * eta (count >= 0 subnormal roundings), rounded up: a product that
// lands between subnormals is moved to the next one, so the allowance is
// never understated.
inline double underflow_allowance(Format f, double count) {
  const double eta = underflow_unit(f);
  int e = 0;
  std::frexp(eta, &e);  // eta = 2^(e - 1)
  const double a = std::ldexp(count, e - 1);
  return std::ldexp(a, 1 - e) == count ? a : std::nextafter(a, std::numeric_limits<double>::infinity());
}

// |computed - exact| <= factor * sum|x_i|: the factor of each summation algorithm.
// Kahan: Higham (2nd ed., sec. 4.3, eq. (4.8)) gives |E_n| <= (2u + O(n u^2)) sum|x_i|,
// Goldberg (1991, Theorem 8) the same form; neither states the constant. The 4
// in 2u + 4 n u^2 is ours and measured, not derived: on the inputs of
// Sum.KahanConstantMeasured (and a hill-climbing search over bf16 and f16
// vectors) no error exceeded 2u sum|x_i|, so the second-order term was never
// needed and the 4 is a margin that no input has tested.
inline double sum_bound_factor(std::string_view algorithm, double n, double u) {
  if (algorithm == "pairwise") return n <= 1 ? 0 : gamma(std::ceil(std::log2(n)), u);
  if (algorithm == "kahan") return 2 * u + 4 * n * u * u;
  if (algorithm == "naive") return gamma(std::max(n - 1, 0.0), u);
  throw unknown_name("sum algorithm", algorithm, {"naive", "pairwise", "kahan"});
}

// First-order relative error bounds of S = sum (x_i - mean)^2 in the design
// (Chan, Golub & LeVeque 1983, Table 1, constants omitted there).
inline double variance_design_bound(std::string_view algorithm, double n, double kappa, double u) {
  if (algorithm == "textbook") return n * kappa * kappa * u;
  if (algorithm == "welford") return n * kappa * u;
  if (algorithm == "two_pass") return n * u + n * n * kappa * kappa * u * u;
  throw unknown_name("variance algorithm", algorithm, {"textbook", "two_pass", "welford"});
}

// Bounds with their constants, held by the suite (relative error of S, no
// overflow). kappa^2 = T / S with T = sum x_i^2; n_rounding: dividing by the
// format's n (inexact in bf16 past 256) costs gamma_2 instead of u.
struct VarianceData {
  double n = 0, u = 0, kappa = 0;
  double sum_abs = 0;  // sum |x_i|
  double mean = 0;     // exact mean
  double S = 0;        // exact sum of squared deviations
  double eta = 0;      // underflow_unit of the format
};

// textbook: S^ = fl(T^ - fl(fl(Sum^ Sum^) / n)); |T^ - T| <= gamma_n T;
// |Sum^ - Sum| <= e = gamma_{n-1} sum|x| so |Sum^2 - Sum^2| <= (2 gamma_{n-1} +
// gamma_{n-1}^2) (sum|x|)^2 <= (2 gamma_{n-1} + gamma_{n-1}^2) n T (Cauchy-Schwarz);
// the square and the division by fl(n) add gamma_3 of n mean^2 <= T; the final
// subtraction u (1 + E). With T = kappa^2 S: E = (gamma_n + (2 gamma_{n-1} +
// gamma_{n-1}^2)(1 + gamma_3) + gamma_3) kappa^2, relative <= E + u (1 + E).
// Leading term (3n + 1) u kappa^2: the design's n kappa^2 u with its constant.
inline double textbook_relative_bound(const VarianceData& d) {
  const double g1 = gamma(d.n - 1, d.u), g3 = gamma(3, d.u);
  const double e = (gamma(d.n, d.u) + (2 * g1 + g1 * g1) * (1 + g3) + g3) * d.kappa * d.kappa;
  return e + d.u * (1 + e);
}

// two_pass with a pairwise mean: mean^ = fl(pairwise / fl(n)) is within
// delta = gamma_{ceil log2 n} sum|x| / n (1 + gamma_2) + gamma_2 |mean| of the
// mean; each fl(fl(x_i - mean^)^2) summed recursively is (x_i - mean^)^2 (1 +
// theta_{n+2}), and sum (x_i - mean^)^2 = S + n (mean^ - mean)^2, so the
// relative error is <= gamma_{n+2} + (1 + gamma_{n+2}) n delta^2 / S. With
// sum|x| / n and |mean| both <= sqrt(T / n) (Cauchy-Schwarz) and T = kappa^2 S,
// delta <= (ceil(log2 n) + 2) u sqrt(T / n) to first order, so n delta^2 / S <=
// (ceil(log2 n) + 2)^2 kappa^2 u^2: (n + 2) u + (log2 n)^2 kappa^2 u^2 to leading
// order (the pairwise mean; a recursive mean gives the design's n^2 kappa^2 u^2).
inline double two_pass_relative_bound(const VarianceData& d) {
  const double g2 = gamma(2, d.u), gn = gamma(d.n + 2, d.u);
  const double depth = d.n <= 1 ? 0 : std::ceil(std::log2(d.n));
  const double delta = gamma(depth, d.u) * d.sum_abs / d.n * (1 + g2) + g2 * std::fabs(d.mean);
  return gn + (1 + gn) * d.n * delta * delta / d.S;
}

// welford: Chan, Golub & LeVeque's n kappa u omits its constant. At n = 2 the
// first-order error is exactly 4u + kappa u (rounding of x2 - x1, of the new
// mean (|mean| / |x2 - x1| ~ kappa / 2, counted twice), of x2 - M and of the
// product), which n kappa u = 2 kappa u misses at kappa ~ 1: we hold it to
// (n + 3) kappa u, which covers that case; not proven for general n (measured).
inline double welford_relative_bound(const VarianceData& d) { return (d.n + 3) * d.kappa * d.u; }

// Subnormal intermediates (squares, quotients) each cost up to eta absolute:
// at most 3 (n + 2) of them in any of the three algorithms.
inline double variance_relative_bound(std::string_view algorithm, const VarianceData& d) {
  if (d.S == 0) return std::numeric_limits<double>::infinity();
  const double underflow = 3 * (d.n + 2) * d.eta / d.S;  // 3 (n + 2) eta is exact: eta is a power of two
  if (algorithm == "textbook") return textbook_relative_bound(d) + underflow;
  if (algorithm == "welford") return welford_relative_bound(d) + underflow;
  if (algorithm == "two_pass") return two_pass_relative_bound(d) + underflow;
  throw unknown_name("variance algorithm", algorithm, {"textbook", "two_pass", "welford"});
}

}  // namespace numstab::reduce
