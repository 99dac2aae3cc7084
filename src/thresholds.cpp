#include "src/thresholds.hpp"

#include <cmath>
#include <functional>

#include <fmt/format.h>


namespace numstab {

namespace {

// The smallest magnitude key k in [1, last] with holds(k), assuming holds is
// false below some key and true from it on; nullopt when holds(last) is false.
std::optional<uint64_t> first_key_from_which(uint64_t last, const std::function<bool(uint64_t)>& holds) {
  if (!holds(last)) return std::nullopt;
  uint64_t lo = 0, hi = last;  // holds(hi); lo is the largest key known not to (or 0)
  while (hi - lo > 1) {
    const uint64_t mid = lo + (hi - lo) / 2;
    (holds(mid) ? hi : lo) = mid;
  }
  return hi;
}

SideThresholds side(const OpInfo& op, Format f, const Params& p, const Kernel& kernel, bool negative) {
  const auto& s = spec(f);
  const uint64_t sign = negative ? uint64_t{1} << (s.total_bits - 1) : 0;
  const uint64_t largest = double_to_bits(f, std::ldexp(2.0 - std::ldexp(1.0, 1 - s.precision), s.emax));
  const auto value = [&](uint64_t k) { return bits_to_double(f, sign | k); };
  const auto exact_rounded = [&](uint64_t k) {
    Real y;
    op.oracle(y, Real(value(k)), p);
    return round_to_format(f, y);
  };
  const auto to_magnitude = [&](std::optional<uint64_t> k) -> std::optional<double> {
    if (!k) return std::nullopt;
    return std::fabs(value(*k));
  };
  SideThresholds t;
  t.exact_overflow = to_magnitude(first_key_from_which(largest, [&](uint64_t k) {
    return std::isinf(exact_rounded(k));
  }));
  t.exact_underflow = to_magnitude(first_key_from_which(largest, [&](uint64_t k) {
    const double y = exact_rounded(k);
    return std::fabs(y) < std::ldexp(1.0, s.emin);
  }));
  t.exact_zero = to_magnitude(first_key_from_which(largest, [&](uint64_t k) { return exact_rounded(k) == 0; }));
  t.kernel_nonfinite = to_magnitude(first_key_from_which(largest, [&](uint64_t k) {
    const double got = bits_to_double(f, run_one(kernel, f, sign | k));
    const double y = exact_rounded(k);
    return !std::isfinite(got) && std::isfinite(y);
  }));
  return t;
}

nlohmann::json side_json(const SideThresholds& s) {
  const auto v = [](const std::optional<double>& x) {
    return x ? nlohmann::json(hex_text(*x)) : nlohmann::json();
  };
  return {{"exact_overflow", v(s.exact_overflow)}, {"exact_underflow", v(s.exact_underflow)},
          {"exact_zero", v(s.exact_zero)}, {"kernel_nonfinite", v(s.kernel_nonfinite)}};
}

std::string side_text(const char* name, const SideThresholds& s) {
  const auto v = [](const std::optional<double>& x) {
    return x ? fmt::format("{:.7g}", *x) : std::string("-");
  };
  return fmt::format("  {} side, |x| from: exact overflow {}, exact underflow {}, exact zero {}, "
                     "kernel inf/NaN {}\n",
                     name, v(s.exact_overflow), v(s.exact_underflow), v(s.exact_zero),
                     v(s.kernel_nonfinite));
}

}  // namespace

bool Thresholds::premature() const {
  return positive.kernel_nonfinite.has_value() || negative.kernel_nonfinite.has_value();
}

Thresholds find_thresholds(const OpInfo& op, Format f, const Params& p, const Kernel& kernel,
                           unsigned oracle_bits) {
  set_real_precision(oracle_bits);
  return {op.name, spec(f).name, kernel.name, side(op, f, p, kernel, false), side(op, f, p, kernel, true)};
}

nlohmann::json to_json(const Thresholds& t) {
  return {{"op", t.op}, {"format", t.format}, {"kernel", t.kernel},
          {"positive", side_json(t.positive)}, {"negative", side_json(t.negative)},
          {"premature_nonfinite", t.premature()}};
}

std::string to_text(const Thresholds& t) {
  return fmt::format("thresholds of {} in {} ({} kernel){}\n", t.op, t.format, t.kernel,
                     t.premature() ? ": the kernel turns finite results into inf/NaN" : "") +
         side_text("x > 0", t.positive) + side_text("x < 0", t.negative);
}

}  // namespace numstab
