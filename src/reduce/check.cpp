#include "src/reduce/check.hpp"

#include <fmt/format.h>

namespace numstab::reduce {

double scaled_difference(double computed, const Real& exact, const Real& scale) {
  if (std::isnan(computed)) return boost::multiprecision::isnan(exact) ? 0 : INFINITY;
  if (std::isinf(computed)) return INFINITY;
  const Real diff = abs(Real(computed) - exact);
  if (diff == 0) return 0;
  if (scale == 0) return INFINITY;
  return static_cast<double>(diff / abs(scale));
}

std::string ReductionCheck::describe() const {
  std::string text = fmt::format(
      "computed {} ({:.17g}), exact {} ({}), error {:.6g} {} bound {:.6g} [{}], condition {:.6g}",
      hex_text(computed), computed, exact_hex_text(exact), exact_dec_text(exact), error,
      within() ? "<=" : ">", bound, unit, condition);
  if (design_bound > 0) text += fmt::format(", design first-order bound {:.6g}", design_bound);
  return text;
}

double l2norm_bound_in_u(const Eigen::VectorXd& x, int scale_exponent, Format f) {
  const double u = unit_roundoff(f);
  const double eta = underflow_unit(f);
  const double n = static_cast<double>(x.size());
  const double g = gamma(n, u);
  double t = 0, spill = 0;
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    const double q = std::ldexp(x[i], -scale_exponent);  // exact in double for our ranges
    t += q * q;
    spill += 2 * std::fabs(q) + eta;
  }
  if (t == 0) return x.cwiseAbs().maxCoeff() == 0 ? 0 : INFINITY;
  // t is a double estimate of T'; enlarge E/T' by a relative 2^-40 against its own rounding.
  const double eps = g + underflow_allowance(f, (1 + g) * (spill + n)) / t * (1 + 0x1p-40);
  if (!(eps < 1)) return INFINITY;
  const double below = 1 - std::sqrt(1 - eps) * (1 - u) * (1 - u);
  const double above = std::sqrt(1 + eps) * (1 + u) * (1 + u) - 1;
  return std::fmax(below, above) / u * (1 + 0x1p-40);
}

}  // namespace numstab::reduce
