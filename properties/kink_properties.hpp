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
// function's oracle (slope_matches_difference_at: 512 bits, a relative 2^-100,
// absolutely where the derivative is 0) for |x| <= max_abs_x outside the
// difference's reach of every kink.
inline void slope_matches_difference(const char* grad, const std::vector<std::string>& assignments,
                                     const std::vector<double>& kinks, double max_abs_x) {
  const OpInfo& op = require_op(grad);
  const OpInfo& f = require_op(op.derivative_of);
  const Params p = op.resolve_params(assignments);
  const auto x = *mixed<F64>(-max_abs_x, max_abs_x);
  slope_matches_difference_at(grad, f.oracle, op.oracle, p, kinks, max_abs_x, x.value());
}

}  // namespace numstab::props
