// Finite differences, two ways.
//
// 1. The reference answer (multiprecision): central differences of a Real functor
//    with Richardson extrapolation. D(h) = (f(x + h) - f(x - h)) / 2h has the error
//    series c1 h^2 + c2 h^4 + ...; the tableau T[k][0] = D(h0 / 2^k),
//    T[k][j] = T[k][j-1] + (T[k][j-1] - T[k-1][j-1]) / (4^j - 1) removes one term per
//    column, so T[L][L] is exact (up to the Real rounding) for polynomials of degree
//    <= 2L + 2. The error estimate is |T[L][L] - T[L-1][L-1]| plus the rounding of the
//    differences, 2^-P sum|f| / h at the smallest step. This supersedes
//    oracles/oracle.hpp's central_difference (one step, no error estimate) for
//    gradient checking; that one is left for condition_number, which needs no more.
//
// 2. In working precision (a kernel of a format): step h = u^(1/3) max(|x|, 1)
//    rounded to the nearest power of two. h >= ulp(x), so x + h and x - h are
//    multiples of ulp(x): exact, except when one crosses into the next binade up and
//    x is an odd multiple of ulp(x). To never depend on that, the points used are
//    the format's values x+ = fl(x + h) and x- = fl(x - h), the steps h+ = x+ - x and
//    h- = x - x- are computed exactly (in double: Sterbenz), and the three-point
//    formula for unequal steps
//        f'(x) ~ [h-^2 f(x+) - h+^2 f(x-) + (h+^2 - h-^2) f(x)] / (h+ h- (h+ + h-))
//    is used (the central difference when h+ = h-; exact for quadratics). The bound:
//        truncation  h+ h- max|f'''| / 6, max|f'''| estimated from the third divided
//                    differences on sub-stencils of x, x +- h, x +- 2h (the largest,
//                    plus their spread, plus their own rounding noise);
//        rounding    sum_i |w_i| e |f(x_i)|, e the kernel's relative error
//                    (e = c u, c given; 1 for a correctly rounded kernel), plus the
//                    formula's arithmetic in long double. e bounds the error relative
//                    to |f(x_i)|: a kernel whose output cancels (a sum of terms of both
//                    signs) needs a larger c, or the exact-VJP path of gradcheck.
// Both bounds are estimates (asymptotic in h), not rigorous: they hold where h is
// small against the scale on which f''' varies (suites/finite_difference_test.cpp).
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "src/ulp.hpp"

namespace numstab::gradcheck {

using RealVector = std::vector<Real>;
using RealScalarFunction = std::function<Real(const Real&)>;
using RealVectorFunction = std::function<RealVector(const RealVector&)>;

struct RichardsonEstimate {
  Real value;
  Real error;  // estimated |value - f'(x)|
};

// f'(x) by Richardson-extrapolated central differences at this thread's Real
// precision: steps h0 / 2^k, k = 0..levels (h0 = 2^-6 max(|x|, 1) by default).
RichardsonEstimate richardson_derivative(const RealScalarFunction& f, const Real& x, int levels = 8,
                                         const Real& h0 = Real(0));

// The directional derivative J(x) d of F: R^n -> R^m, componentwise (m estimates).
std::vector<RichardsonEstimate> richardson_directional(const RealVectorFunction& f, const RealVector& x,
                                                       const RealVector& d, int levels = 8);

// The full Jacobian (m x n, row-major: jac[i][j] = dF_i/dx_j), one column per direction e_j.
std::vector<std::vector<RichardsonEstimate>> richardson_jacobian(const RealVectorFunction& f,
                                                                 const RealVector& x, int levels = 8);

// --- working precision ------------------------------------------------------------

// h = 2^round(log2(u^(1/3) max(|x|, 1))) for the format's unit roundoff u.
double working_step(Format f, double x);

struct WorkingEstimate {
  double value = 0;       // the estimate of f'(x)
  double bound = 0;       // truncation + rounding: |value - f'(x)| <= bound (estimated)
  double truncation = 0;
  double rounding = 0;
  double h_plus = 0, h_minus = 0;  // the exact steps used
};

// f is a kernel of format fmt (values of the format in and out); its relative
// error is at most kernel_error_u * u (1: correctly rounded).
WorkingEstimate working_derivative(const std::function<double(double)>& f, Format fmt, double x,
                                   double kernel_error_u = 1);

// --- directional mode for vector functions ---------------------------------------------

using WorkingVectorFunction = std::function<Eigen::VectorXd(const Eigen::VectorXd&)>;
// (x, w) -> J(x)^T w: the VJP under test.
using VjpFunction = std::function<Eigen::VectorXd(const Eigen::VectorXd&, const Eigen::VectorXd&)>;

struct JacobianElement {
  Eigen::Index row = -1, col = -1;  // i (output), j (input)
  double from_vjp = 0;              // (J^T e_i)_j
  double from_differences = 0;      // dF_i/dx_j by working_derivative-style differences
  double error = 0, bound = 0;
};

struct DirectionalResult {
  bool passed = false;
  double from_differences = 0;  // w^T J d by differences along d
  double from_vjp = 0;          // (J^T w) . d
  double bound = 0;             // difference bound + the VJP's first-order error allowance
  bool fell_back = false;       // the full Jacobian was compared (directional check failed)
  JacobianElement worst{};      // the worst element of the full comparison (when fell_back)
  std::string summary() const;
};

// One pass: random w (m) and d (n) from `seed`, values of the format; compare
// w^T J d from central differences along d (step t = u^(1/3) max(||x||_inf, 1) / ||d||_inf
// rounded to a power of two; the points x +- t d are rounded into the format and the
// exact perturbations used) with (J^T w) . d. The difference error is estimated from
// two step sizes (t and 2t: truncation ~ |D(2t) - D(t)| / 3) plus rounding
// e sum_i |w_i| (|F(x+)_i| + |F(x-)_i|) / |2t|; the VJP is allowed (n + m + 2) u
// sum_j |(J^T w)_j d_j| (first-order error of a backward-stable VJP). On failure the
// full Jacobian is compared element by element (n differences, m VJPs) and the
// worst element (largest error / bound) is named.
DirectionalResult directional_check(const WorkingVectorFunction& f, const VjpFunction& vjp,
                                    const Eigen::VectorXd& x, Eigen::Index m, Format fmt, uint64_t seed,
                                    double kernel_error_u = 1);

}  // namespace numstab::gradcheck
