// Overflow and underflow thresholds of an op in a format, and where a kernel
// under test first turns a finite exact result into inf or NaN.
#pragma once
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "src/catalog.hpp"
#include "src/sweep.hpp"

namespace numstab {

// One side of the real line (x > 0 or x < 0), as magnitudes |x|. Each field is
// the smallest |x| from which on, out to the largest finite input, the
// property holds; empty when it does not hold at the largest finite input.
// Found by bisection over the format's values, which assumes the property
// holds on one piece of the tail (true of every activation's tails).
struct SideThresholds {
  std::optional<double> exact_overflow;   // exact result rounds to +-inf
  std::optional<double> exact_underflow;  // exact result is subnormal or zero
  std::optional<double> exact_zero;       // exact result rounds to zero
  std::optional<double> kernel_nonfinite; // kernel gives inf/NaN where the exact result is finite
};

struct Thresholds {
  std::string op, format, kernel;
  SideThresholds positive, negative;
  // The kernel overflows (or makes NaN) on a side where the exact result is finite.
  bool premature() const;
};

Thresholds find_thresholds(const OpInfo& op, Format f, const Params& p, const Kernel& kernel,
                           unsigned oracle_bits);

nlohmann::json to_json(const Thresholds& t);
std::string to_text(const Thresholds& t);

}  // namespace numstab
