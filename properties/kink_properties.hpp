// Properties of ops with parameters and kinks: bit-exact identities and the
// derivative oracle against a central difference away from every kink.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <rapidcheck.h>

#include "properties/activation_properties.hpp"

namespace numstab::props {

inline Kernel ref(const char* name, Format f, const std::vector<std::string>& assignments = {}) {
  const OpInfo& op = require_op(name);
  return reference_kernel(op, f, op.resolve_params(assignments));
}

// The kernel equals `expected(x)` bit for bit (signed zeros included) wherever
// that returns a value; nullopt leaves x out.
template <class Tag, class Expected>
void identical_to(const Kernel& k, Expected expected, double lo = -20, double hi = 20) {
  const auto x = *mixed<Tag>(lo, hi);
  RC_PRE(!std::isnan(x.value()));
  const std::optional<double> want = expected(x.value());
  RC_PRE(want.has_value());
  const double got = output_of(k, x);
  if (double_to_bits(Tag::format, got) != double_to_bits(Tag::format, *want))
    RC_FAIL("f(" + hex_text(x.value()) + ") = " + hex_text(got) + ", expected " + hex_text(*want));
}

// The derivative oracle of `grad` agrees with a central difference of its
// function's oracle at 512 bits, to a relative 2^-100 (absolutely where the
// derivative is 0), for |x| <= max_abs_x outside the difference's reach of
// every kink (derivative_matches_difference knows no kinks).
inline void slope_matches_difference(const char* grad, const std::vector<std::string>& assignments,
                                     const std::vector<double>& kinks, double max_abs_x) {
  const OpInfo& op = require_op(grad);
  const OpInfo& f = require_op(op.derivative_of);
  const Params p = op.resolve_params(assignments);
  const auto x = *mixed<F64>(-max_abs_x, max_abs_x);
  RC_PRE(std::isfinite(x.value()) && std::fabs(x.value()) <= max_abs_x);
  const double step = 0x1p-168 * std::max(std::fabs(x.value()), 1.0);  // > 2^-(512/3) max(|x|, 1)
  for (double k : kinks) RC_PRE(std::fabs(x.value() - k) > step);
  set_real_precision(512);
  Real exact;
  op.oracle(exact, Real(x.value()), p);
  const Real fd = central_difference(f.oracle, p, Real(x.value()));
  const Real gap = boost::multiprecision::abs(fd - exact);
  const Real tolerance = boost::multiprecision::ldexp(Real(1), -100);
  if (!(gap <= tolerance * (exact == 0 ? Real(1) : boost::multiprecision::abs(exact))))
    RC_FAIL(std::string(grad) + " at " + hex_text(x.value()) + ": oracle " + exact_hex_text(exact) +
            ", difference " + exact_hex_text(fd));
}

}  // namespace numstab::props
