// A table of exact answers on special inputs, checked bit for bit (the sign of
// a zero is part of the answer) in every format. No oracle: the smoke tier.
#pragma once
#include <cmath>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "properties/matcher.hpp"
#include "src/catalog.hpp"

namespace numstab::props {

struct SpecialCase {
  const char* op;
  double x;
  double expected;  // NaN means "any NaN"; values must be exact in every format
};

// Every mismatch as one line; empty when all cases hold.
inline std::string special_value_failures(const std::vector<SpecialCase>& cases, Format f) {
  std::string failures;
  for (const SpecialCase& c : cases) {
    const OpInfo& op = require_op(c.op);
    const Kernel k = reference_kernel(op, f, op.resolve_params({}));
    const double got = bits_to_double(f, run_one(k, f, double_to_bits(f, c.x)));
    const bool ok = std::isnan(c.expected)
                        ? std::isnan(got)
                        : double_to_bits(f, got) == double_to_bits(f, c.expected);
    if (!ok)
      failures += fmt::format("{}({}) in {} = {}, expected {}\n", c.op, hex_text(c.x), spec(f).name,
                              hex_text(got), hex_text(c.expected));
  }
  return failures;
}

// The largest finite value of a format.
inline double largest_finite(Format f) {
  const auto& s = spec(f);
  return std::ldexp(2.0 - std::ldexp(1.0, 1 - s.precision), s.emax);
}

}  // namespace numstab::props
