// Componentwise error bounds of the shifted kernels (src/vecops/softmax.hpp), from
// rounding error analysis in the standard model fl(a op b) = (a op b)(1 + d),
// |d| <= u, with exp and log rounded once from a wider evaluation (|d| <= u(1 + 2^-10)).
// Every bound is absolute, per component, built from the EXACT values:
//
// With n = length, D = x_max - x_min over the finite components (-inf components
// contribute exact zeros), k_y = n + 2 + 2D:
//   softmax      |dy_i| <= k_y u y_i                          (Blanchard, Higham &
//                Higham 2021, the design's (n + 2 + 2(x_max - x_min)) u)
//   logsumexp    |dlse| <= (|y| + |y + n - x_min|) u          (BHH's |(y + n - x_min)/y| u
//                relative, plus u|y| for the final rounding of max + log s, which BHH's
//                first-order statement leaves out: x = (1000, 1000) in f64 has error
//                0.5 ulp(1000.69) = 512 u absolute, above |y + n - x_min| u = 2.7 u)
//   log_softmax  |dz_i| <= (2|z_i| + n + D) u                 (numstab: shift u|x_i - a|,
//                log s error (n + D) u + u log s, final subtraction u|z_i|, and
//                |x_i - a| + log s = |z_i|)
//   softmax VJP  |e_i| <= (3n + 6 + 4D) u (|y_i dy_i| + |y_i| sum_j |dy_j y_j|)
//                (y from the forward with k_y u; <dy, y> with (k_y + n) u sum|dy_j y_j|;
//                subtraction and product u each: a bound that survives cancellation in
//                dy_i - <dy, y>, unlike one relative to |dx_i|)
//   log_softmax VJP |e_i| <= u |dx_i| + (2n + 2 + 2D) u |y_i| sum_j |dy_j|
//   logsumexp VJP   |e_i| <= (k_y + 1) u |dy y_i|
// These are first order. To stay bounds to all orders where they are meaningful
// each is divided by (1 - k u) (the gamma_k = ku / (1 - ku) of Higham's analysis,
// k the largest coefficient) and multiplied by (1 + 2^-9) for exp/log's extra
// rounding; where k u >= 1/2 the bound is reported as vacuous (infinite). Results
// that underflow add an absolute (n + 4) eta (1 + max|dy|), rounded up, eta = half
// the smallest subnormal of the format rounded up to a double (2^-1074 for f64;
// reduce::underflow_unit). BHH assume no underflow.
#pragma once
#include <vector>

#include "src/vecops/vector_ops.hpp"

namespace numstab::vecops {

struct ComponentBounds {
  std::vector<double> absolute;  // per component of the output (or of dx); +inf = vacuous
  double k = 0;                  // the largest coefficient of u (k_y, 3n + 6 + 4D, ...)
};

// Bound on the shifted forward kernel's output against `exact` (forward_exact).
ComponentBounds forward_bound(VectorOp op, Format f, const Eigen::VectorXd& x,
                              const oracles::RealVector& exact);
// Bound on the VJP kernel's dx against `exact_dx` (vjp_exact).
ComponentBounds vjp_bound(VectorOp op, Format f, const Eigen::VectorXd& x, const Eigen::VectorXd& dy,
                          const oracles::RealVector& exact_dx);

// x_max - x_min over the finite components (0 when fewer than two).
double finite_spread(const Eigen::VectorXd& x);

}  // namespace numstab::vecops
