// Finite differences: see finite_difference.hpp.
#include "src/gradcheck/finite_difference.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <random>

#include <fmt/format.h>

#include "src/arith.hpp"

namespace numstab::gradcheck {

namespace {

using boost::multiprecision::abs;
using boost::multiprecision::ldexp;

// Relative error of one long double operation.
constexpr long double kLongDoubleU = 0x1p-64L;

double pow2_nearest(double v) { return std::exp2(std::round(std::log2(v))); }

// One Richardson tableau per component: columns of D(h0 / 2^k).
struct Tableau {
  std::vector<std::vector<Real>> rows;
  void add(const Real& d) {
    std::vector<Real> row{d};
    const size_t k = rows.size();
    Real four_j = 1;
    for (size_t j = 1; j <= k; ++j) {
      four_j *= 4;
      row.push_back(row[j - 1] + (row[j - 1] - rows[k - 1][j - 1]) / (four_j - 1));
    }
    rows.push_back(std::move(row));
  }
  RichardsonEstimate estimate(const Real& rounding) const {
    const size_t L = rows.size() - 1;
    RichardsonEstimate e{rows[L][L], rounding};
    if (L > 0) e.error += abs(rows[L][L] - rows[L - 1][L - 1]);
    return e;
  }
};

Real real_eps(const Real& x) { return ldexp(Real(1), -static_cast<int>(real_precision_bits(x))); }

}  // namespace

RichardsonEstimate richardson_derivative(const RealScalarFunction& f, const Real& x, int levels, const Real& h0) {
  Real h = h0 != 0 ? h0 : ldexp(Real(1), -6) * (abs(x) > 1 ? abs(x) : Real(1));
  Tableau t;
  Real rounding = 0;
  for (int k = 0; k <= levels; ++k, h /= 2) {
    // The points as rounded to the Real precision, and the step between them
    // (exact: the points are close), so the rounding of x +- h costs nothing.
    const Real xp = x + h, xm = x - h;
    const Real up = f(xp), down = f(xm);
    t.add((up - down) / (xp - xm));
    // The extrapolation weights sum to 1 with alternating signs growing to ~1.4:
    // 2 covers their amplification of the smallest step's rounding (f's values
    // within a few units of 2^-P each: 4).
    rounding = 2 * 4 * real_eps(x) * (abs(up) + abs(down)) / (xp - xm);
  }
  return t.estimate(rounding);
}

std::vector<RichardsonEstimate> richardson_directional(const RealVectorFunction& f, const RealVector& x,
                                                       const RealVector& d, int levels) {
  Real scale = 1, dmax = 0;
  for (const Real& v : x) scale = abs(v) > scale ? abs(v) : scale;
  for (const Real& v : d) dmax = abs(v) > dmax ? abs(v) : dmax;
  if (dmax == 0) dmax = 1;
  Real h = ldexp(Real(1), -6) * scale / dmax;
  std::vector<Tableau> tables;
  std::vector<Real> rounding;
  for (int k = 0; k <= levels; ++k, h /= 2) {
    RealVector xp = x, xm = x;
    for (size_t j = 0; j < x.size(); ++j) {
      xp[j] += h * d[j];
      xm[j] -= h * d[j];
    }
    const RealVector up = f(xp), down = f(xm);
    tables.resize(up.size());
    rounding.resize(up.size());
    for (size_t i = 0; i < up.size(); ++i) {
      const Real quotient = (up[i] - down[i]) / (2 * h);
      tables[i].add(quotient);
      // Values within 4 units of 2^-P, and the points x +- h d rounded to P bits:
      // a relative perturbation error of 2^-P |x| / (h |d|).
      rounding[i] = 2 * 4 * real_eps(scale) *
                    ((abs(up[i]) + abs(down[i])) / (2 * h) + abs(quotient) * scale / (h * dmax));
    }
  }
  std::vector<RichardsonEstimate> out;
  for (size_t i = 0; i < tables.size(); ++i) out.push_back(tables[i].estimate(rounding[i]));
  return out;
}

std::vector<std::vector<RichardsonEstimate>> richardson_jacobian(const RealVectorFunction& f, const RealVector& x,
                                                                 int levels) {
  std::vector<std::vector<RichardsonEstimate>> jac;
  for (size_t j = 0; j < x.size(); ++j) {
    RealVector e(x.size(), Real(0));
    e[j] = 1;
    const auto column = richardson_directional(f, x, e, levels);
    jac.resize(column.size());
    for (size_t i = 0; i < column.size(); ++i) jac[i].push_back(column[i]);
  }
  return jac;
}

// --- working precision ------------------------------------------------------------

double working_step(Format f, double x) {
  return pow2_nearest(std::cbrt(unit_roundoff(f)) * std::max(std::fabs(x), 1.0));
}

namespace {

// f[x0, x1, x2, x3] and the sum of |coefficient_i * f_i| (for its rounding noise).
struct DividedDifference {
  long double value = 0, magnitude = 0;
};
DividedDifference third_divided_difference(const long double (&x)[4], const long double (&fx)[4]) {
  DividedDifference d;
  for (int i = 0; i < 4; ++i) {
    long double denom = 1;
    for (int j = 0; j < 4; ++j)
      if (j != i) denom *= x[i] - x[j];
    d.value += fx[i] / denom;
    d.magnitude += std::fabs(fx[i] / denom);
  }
  return d;
}

// An estimate of max |f'''| on [x - 2h, x + 2h] from five points: the largest of
// the third divided differences on the stencils (0,1,2,3), (1,2,3,4), (0,1,3,4)
// (each is f'''(eta) / 6 for some eta in its span), each plus its rounding noise
// 6 e sum|c_i f_i|, plus the spread of the three (f''' extrapolated to the ends). The central difference's truncation error is h^2 f'''(xi) / 6
// for some xi in [x - h, x + h], not at x: the maximum over sub-stencils follows
// f''' where it changes across the stencil (the 16-bit formats' large steps:
// h = 1 for bf16 at |x| ~ 6).
long double third_derivative_bound(const std::array<long double, 5>& x, const std::array<long double, 5>& fx,
                                   double e) {
  static constexpr int kStencils[3][4] = {{0, 1, 2, 3}, {1, 2, 3, 4}, {0, 1, 3, 4}};
  long double largest = 0, lo = INFINITY, hi = -INFINITY;
  for (const auto& st : kStencils) {
    const long double px[4] = {x[st[0]], x[st[1]], x[st[2]], x[st[3]]};
    const long double pf[4] = {fx[st[0]], fx[st[1]], fx[st[2]], fx[st[3]]};
    const DividedDifference dd = third_divided_difference(px, pf);
    largest = std::max(largest, 6 * (std::fabs(dd.value) + (e + 8 * kLongDoubleU) * dd.magnitude));
    lo = std::min(lo, 6 * dd.value);
    hi = std::max(hi, 6 * dd.value);
  }
  // The samples sit at the sub-stencils' centres, inside [x - h, x + h]; f''' at the
  // interval's ends is extrapolated by their spread (a linear model of f''').
  return largest + (hi - lo);
}

// The three-point derivative at x0 from x0 - hm and x0 + hp, with its bound.
struct ThreePoint {
  long double value = 0, magnitude = 0;  // magnitude = sum |w_i f_i|
};
ThreePoint three_point(long double hp, long double hm, long double fp, long double f0, long double fm) {
  const long double wp = hm / (hp * (hp + hm)), wm = -hp / (hm * (hp + hm)), w0 = (hp - hm) / (hp * hm);
  return {wp * fp + wm * fm + w0 * f0, std::fabs(wp * fp) + std::fabs(wm * fm) + std::fabs(w0 * f0)};
}

}  // namespace

WorkingEstimate working_derivative(const std::function<double(double)>& f, Format fmt, double x,
                                   double kernel_error_u) {
  const double u = unit_roundoff(fmt), e = kernel_error_u * u;
  const double h = working_step(fmt, x);
  const double xp = round_to(fmt, x + h), xm = round_to(fmt, x - h);
  const double xp2 = round_to(fmt, x + 2 * h), xm2 = round_to(fmt, x - 2 * h);
  WorkingEstimate w;
  w.h_plus = xp - x;  // exact: x and xp are close values of the format (Sterbenz) or h dominates
  w.h_minus = x - xm;
  const long double fp = f(xp), fm = f(xm), f0 = f(x);
  const ThreePoint d = three_point(w.h_plus, w.h_minus, fp, f0, fm);
  w.value = static_cast<double>(d.value);
  const long double third = third_derivative_bound({xm2, xm, x, xp, xp2}, {f(xm2), fm, f0, fp, f(xp2)}, e);
  w.truncation = static_cast<double>(static_cast<long double>(w.h_plus) * w.h_minus * third / 6);
  w.rounding = static_cast<double>((e + 8 * kLongDoubleU) * d.magnitude);
  w.bound = w.truncation + w.rounding;
  return w;
}

// --- directional mode --------------------------------------------------------------

std::string DirectionalResult::summary() const {
  std::string s = fmt::format("w^T J d: differences {:.17g}, VJP {:.17g}, |difference| {:.3g}, bound {:.3g}",
                              from_differences, from_vjp, std::fabs(from_differences - from_vjp), bound);
  if (fell_back)
    s += fmt::format("; worst Jacobian element (i = {}, j = {}): VJP {:.17g}, differences {:.17g}, error {:.3g}, "
                     "bound {:.3g}",
                     worst.row, worst.col, worst.from_vjp, worst.from_differences, worst.error, worst.bound);
  return s;
}

namespace {

// w^T (F(x + t d) - F(x - t d)) with the points rounded into the format; returns
// that sum, its rounding bound and the exact perturbation x+ - x-.
struct Difference {
  long double sum = 0, rounding = 0;
  Eigen::VectorXd delta;
};
Difference difference_along(const WorkingVectorFunction& f, const Eigen::VectorXd& x, const Eigen::VectorXd& d,
                            const Eigen::VectorXd& w, double t, Format fmt, double e) {
  Eigen::VectorXd xp(x.size()), xm(x.size());
  for (Eigen::Index j = 0; j < x.size(); ++j) {
    xp[j] = round_to(fmt, x[j] + t * d[j]);
    xm[j] = round_to(fmt, x[j] - t * d[j]);
  }
  const Eigen::VectorXd fp = f(xp), fm = f(xm);
  Difference r;
  r.delta = xp - xm;
  long double magnitude = 0;
  for (Eigen::Index i = 0; i < fp.size(); ++i) {
    r.sum += static_cast<long double>(w[i]) * (static_cast<long double>(fp[i]) - fm[i]);
    magnitude += std::fabs(w[i]) * (std::fabs(fp[i]) + std::fabs(fm[i]));
  }
  r.rounding = (e + 4 * kLongDoubleU * fp.size()) * magnitude;
  return r;
}

long double dot(const Eigen::VectorXd& a, const Eigen::VectorXd& b, long double* magnitude = nullptr) {
  long double s = 0, m = 0;
  for (Eigen::Index j = 0; j < a.size(); ++j) {
    s += static_cast<long double>(a[j]) * b[j];
    m += std::fabs(static_cast<long double>(a[j]) * b[j]);
  }
  if (magnitude) *magnitude = m;
  return s;
}

JacobianElement worst_jacobian_element(const WorkingVectorFunction& f, const VjpFunction& vjp,
                                       const Eigen::VectorXd& x, Eigen::Index m, Format fmt, double e) {
  const double u = unit_roundoff(fmt);
  const Eigen::Index n = x.size();
  std::vector<Eigen::VectorXd> rows;  // J^T e_i for each output i
  for (Eigen::Index i = 0; i < m; ++i) rows.push_back(vjp(x, Eigen::VectorXd::Unit(m, i)));
  JacobianElement worst;
  double worst_ratio = -1;
  for (Eigen::Index j = 0; j < n; ++j) {
    const double h = working_step(fmt, x[j]);
    auto at = [&](double step) {
      Eigen::VectorXd y = x;
      y[j] = round_to(fmt, x[j] + step);
      return std::make_pair(y[j], f(y));
    };
    const auto [xp, fp] = at(h);
    const auto [xm, fm] = at(-h);
    const auto [xp2, fp2] = at(2 * h);
    const auto [xm2, fm2] = at(-2 * h);
    const Eigen::VectorXd f0 = f(x);
    const long double hp = xp - x[j], hm = x[j] - xm;
    for (Eigen::Index i = 0; i < m; ++i) {
      const ThreePoint d = three_point(hp, hm, fp[i], f0[i], fm[i]);
      const long double third =
          third_derivative_bound({xm2, xm, x[j], xp, xp2}, {fm2[i], fm[i], f0[i], fp[i], fp2[i]}, e);
      JacobianElement el;
      el.row = i;
      el.col = j;
      el.from_differences = static_cast<double>(d.value);
      el.from_vjp = rows[static_cast<size_t>(i)][j];
      el.error = std::fabs(el.from_vjp - el.from_differences);
      el.bound = static_cast<double>(hp * hm * third / 6 + (e + 8 * kLongDoubleU) * d.magnitude) +
                 static_cast<double>(n + m + 2) * u * std::fabs(el.from_vjp);
      double ratio = el.error == 0 ? 0 : el.error / el.bound;
      if (std::isnan(ratio)) ratio = INFINITY;  // a NaN/inf VJP or difference is the worst there is
      if (ratio > worst_ratio) {
        worst_ratio = ratio;
        worst = el;
      }
    }
  }
  return worst;
}

}  // namespace

DirectionalResult directional_check(const WorkingVectorFunction& f, const VjpFunction& vjp,
                                    const Eigen::VectorXd& x, Eigen::Index m, Format fmt, uint64_t seed,
                                    double kernel_error_u) {
  const double u = unit_roundoff(fmt), e = kernel_error_u * u;
  const Eigen::Index n = x.size();
  std::mt19937_64 rng(seed);
  // d_j in {+-1/8, ..., +-1}: t d_j is a multiple of t / 8 >= ulp(x_j), so x +- t d
  // is exact but for binade crossings (and then the exact perturbation is used).
  Eigen::VectorXd d(n), w(m);
  for (Eigen::Index j = 0; j < n; ++j) d[j] = static_cast<double>(1 + rng() % 8) / 8 * ((rng() & 1) ? 1 : -1);
  for (Eigen::Index i = 0; i < m; ++i)
    w[i] = round_to(fmt, (static_cast<double>(rng() >> 11) * 0x1p-53 * 2 - 1));
  const double xmax = n ? x.cwiseAbs().maxCoeff() : 0.0;
  const double t = pow2_nearest(std::cbrt(u) * std::max(xmax, 1.0));
  const Difference d1 = difference_along(f, x, d, w, t, fmt, e);
  const Difference d2 = difference_along(f, x, d, w, 2 * t, fmt, e);
  const Eigen::VectorXd g = vjp(x, w);
  long double magnitude = 0;
  const long double predicted = dot(g, d1.delta, &magnitude);
  // Central differences: D(2t) - D(t) ~ 3 c t^2 (D = sum / (2 step)); in units of d1.sum: * 2t.
  const long double D1 = d1.sum / (2 * t), D2 = d2.sum / (4 * t);
  const long double truncation = std::fabs(D2 - D1) / 3 * (2 * t);
  const long double bound = truncation + d1.rounding + d2.rounding / 2 +
                            static_cast<long double>(n + m + 2) * u * magnitude;
  DirectionalResult r;
  r.from_differences = static_cast<double>(d1.sum / (2 * t));
  r.from_vjp = static_cast<double>(predicted / (2 * t));
  r.bound = static_cast<double>(bound / (2 * t));
  r.passed = std::fabs(d1.sum - predicted) <= bound;
  if (!r.passed) {
    r.fell_back = true;
    r.worst = worst_jacobian_element(f, vjp, x, m, fmt, e);
  }
  return r;
}

}  // namespace numstab::gradcheck
