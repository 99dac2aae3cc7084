// Vector against exact: see check.hpp.
#include "src/vecops/check.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace numstab::vecops {

VectorCheck check_vector(Format f, const Eigen::VectorXd& got, const oracles::RealVector& exact,
                         const std::vector<double>& bound) {
  VectorCheck c;
  Real diff2 = 0, exact2 = 0;
  for (Eigen::Index i = 0; i < got.size(); ++i) {
    const size_t k = static_cast<size_t>(i);
    const Judgement j = judge(f, got[i], exact[k]);
    if (j.mismatch != Mismatch::none && j.mismatch != Mismatch::signed_zero) {
      if (c.mismatch_index < 0) {
        c.mismatch_index = i;
        c.mismatch = kMismatchNames[static_cast<int>(j.mismatch)];
      }
      continue;
    }
    if (!std::isfinite(got[i]) || !boost::multiprecision::isfinite(exact[k])) continue;  // agreeing NaN/inf
    if (j.ulp > c.max_ulp || c.ulp_argmax < 0) {
      c.max_ulp = std::max(c.max_ulp, j.ulp);
      c.ulp_argmax = i;
    }
    const Real err = abs(Real(got[i]) - exact[k]);
    diff2 += err * err;
    exact2 += exact[k] * exact[k];
    const double ratio = err == 0 ? 0.0 : static_cast<double>(err / Real(bound[k]));
    if (ratio > c.max_ratio || c.ratio_argmax < 0) {
      c.max_ratio = std::max(c.max_ratio, ratio);
      c.ratio_argmax = i;
    }
  }
  if (exact2 > 0) c.normwise = static_cast<double>(sqrt(diff2 / exact2));
  else if (diff2 > 0) c.normwise = INFINITY;
  return c;
}

std::string describe_component(Format f, Eigen::Index i, double got, const Real& exact, double bound) {
  const Real err = abs(Real(got) - exact);
  const bool finite = std::isfinite(got) && boost::multiprecision::isfinite(exact);
  return fmt::format("i = {}: got {} ({}), exact {} ({}), error {:.3g} = {:.3g} ulp, bound {:.3g}", i,
                     hex_text(got), dec_text(f, got), exact_hex_text(exact), exact_dec_text(exact),
                     finite ? static_cast<double>(err) : NAN, finite ? ulp_error(f, got, exact) : NAN, bound);
}

std::string describe_vector(Format f, const Eigen::VectorXd& v) {
  std::string s = fmt::format("n = {}", v.size());
  if (v.size() == 0) return s;
  s += fmt::format(", range [{}, {}], [", dec_text(f, v.minCoeff()), dec_text(f, v.maxCoeff()));
  const Eigen::Index shown = std::min<Eigen::Index>(v.size(), 6);
  for (Eigen::Index i = 0; i < shown; ++i) s += (i ? ", " : "") + hex_text(v[i]);
  return s + (shown < v.size() ? ", ...]" : "]");
}

}  // namespace numstab::vecops
