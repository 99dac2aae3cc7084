// One reduction kernel on one vector against the exact oracle: the error in
// the unit of its bound, and the bound. Shared by the suite and the
// gradients records.
#pragma once
#include <cmath>
#include <string>
#include <string_view>

#include <Eigen/Core>

#include "oracles/reduce/oracle.hpp"
#include "src/reduce/bounds.hpp"
#include "src/reduce/l2norm.hpp"
#include "src/reduce/variance.hpp"

namespace numstab::reduce {

struct ReductionCheck {
  double computed = 0;
  Real exact{};
  double error = 0;      // |computed - exact| in `unit`
  double bound = 0;      // the bound in the same unit
  double condition = 0;  // sum|x|/|sum x| (sums), kappa (variance), 1 otherwise
  double design_bound = 0;  // variance: the design's first-order form, in `unit`
  const char* unit = "";
  bool within() const { return error <= bound; }
  // "computed 0x... (dec), exact 0x... (dec), error E <= / > bound B unit, condition C"
  std::string describe() const;
};

// |a - b| / scale in double (inf when scale is 0 and a != b).
double scaled_difference(double computed, const Real& exact, const Real& scale);

// Sums: error in units of u sum|x_i|; bound sum_bound_factor / u.
template <class Tag>
ReductionCheck check_sum(std::string_view algorithm, const Eigen::VectorXd& x) {
  const double u = unit_roundoff(Tag::format);
  ReductionCheck c;
  c.computed = sum<Tag>(algorithm, x);
  c.exact = oracles::reduce::sum(x);
  const Real magnitude = oracles::reduce::sum_abs(x);
  c.error = scaled_difference(c.computed, c.exact, magnitude * u);
  c.bound = sum_bound_factor(algorithm, static_cast<double>(x.size()), u) / u;
  c.condition = c.exact == 0 ? INFINITY : static_cast<double>(magnitude / abs(c.exact));
  c.unit = "u sum|x_i|";
  return c;
}

// Recursive dot: |error| <= gamma_n sum|x_i y_i| + n eta (1 + gamma_n), eta the
// subnormal rounding error of a product; in units of u sum|x_i y_i|.
template <class Tag>
ReductionCheck check_dot(const Eigen::VectorXd& x, const Eigen::VectorXd& y) {
  const double u = unit_roundoff(Tag::format);
  const double n = static_cast<double>(x.size());
  ReductionCheck c;
  c.computed = dot<Tag>(x, y);
  c.exact = oracles::reduce::dot(x, y);
  const Real magnitude = oracles::reduce::sum_abs_products(x, y);
  const double g = gamma(n, u);
  c.error = scaled_difference(c.computed, c.exact, magnitude * u);
  c.bound = magnitude == 0 ? 0
                           : static_cast<double>((g * magnitude + underflow_allowance(Tag::format, n * (1 + g))) /
                                                 (magnitude * u));
  c.condition = c.exact == 0 ? INFINITY : static_cast<double>(magnitude / abs(c.exact));
  c.unit = "u sum|x_i y_i|";
  return c;
}

// Relative error in units of u. Both algorithms sum squares of q_i = x_i / 2^e
// (e = 0 for naive): the computed sum is within eps_s = gamma_n + E / T' of
// T' = sum q_i^2, E = (1 + gamma_n) eta (sum (2|q_i| + eta) + n) covering
// subnormal quotients and squares; sqrt and the final scaling round twice:
// relative error <= 1 - sqrt(1 - eps_s) (1 - u)^2.
double l2norm_bound_in_u(const Eigen::VectorXd& x, int scale_exponent, Format f);

template <class Tag>
ReductionCheck check_l2norm(std::string_view algorithm, const Eigen::VectorXd& x) {
  const double u = unit_roundoff(Tag::format);
  ReductionCheck c;
  c.computed = l2norm<Tag>(algorithm, x);
  c.exact = oracles::reduce::l2norm(x);
  c.error = scaled_difference(c.computed, c.exact, c.exact * u);
  int e = 0;
  if (algorithm != "naive") {
    std::frexp(x.cwiseAbs().maxCoeff(), &e);
  }
  c.bound = l2norm_bound_in_u(x, e, Tag::format);
  c.condition = 1;
  c.unit = "u |exact|";
  return c;
}

// S = sum (x_i - mean)^2: relative error in units of u, against the bound
// with constants (bounds.hpp); the design's first-order form rides along.
template <class Tag>
ReductionCheck check_squared_deviations(std::string_view algorithm, const Eigen::VectorXd& x) {
  const double u = unit_roundoff(Tag::format);
  ReductionCheck c;
  c.computed = squared_deviations<Tag>(algorithm, x);
  const oracles::reduce::Moments m = oracles::reduce::moments(x);
  c.exact = m.squared_deviations;
  c.error = scaled_difference(c.computed, c.exact, c.exact * u);
  c.condition = m.kappa();
  VarianceData d;
  d.n = static_cast<double>(x.size());
  d.u = u;
  d.kappa = c.condition;
  d.sum_abs = static_cast<double>(oracles::reduce::sum_abs(x));
  d.mean = static_cast<double>(m.mean);
  d.S = static_cast<double>(m.squared_deviations);
  d.eta = underflow_unit(Tag::format);
  c.bound = variance_relative_bound(algorithm, d) / u;
  c.design_bound = variance_design_bound(algorithm, d.n, d.kappa, u) / u;
  c.unit = "u S";
  return c;
}

}  // namespace numstab::reduce
