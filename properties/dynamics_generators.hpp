// RapidCheck generators for the dynamics experiments: real parameters
// (curvatures, momenta, gains) and sizes drawn at full size (RapidCheck scales
// integer draws by its size parameter, which starts small).
#pragma once
#include <cmath>
#include <cstdint>
#include <string>

#include <rapidcheck.h>

#include "properties/generators.hpp"

namespace numstab::props {

// Uniform on [lo, hi] with 2^32 steps.
inline rc::Gen<double> real_in(double lo, double hi) {
  return full_size(rc::gen::map(rc::gen::inRange<uint64_t>(0, (uint64_t{1} << 32) + 1), [=](uint64_t k) {
    return lo + (hi - lo) * static_cast<double>(k) * 0x1p-32;
  }));
}

// Log-uniform on [lo, hi], lo > 0.
inline rc::Gen<double> log_real_in(double lo, double hi) {
  return rc::gen::map(real_in(std::log(lo), std::log(hi)), [](double e) { return std::exp(e); });
}

inline rc::Gen<int> int_in(int lo, int hi_inclusive) {
  return full_size(rc::gen::inRange(lo, hi_inclusive + 1));
}

// A property's assertion with its message built in one string (input,
// computed, expected, error): RC_FAIL throws when `ok` is false.
inline void require(bool ok, const std::string& message) {
  if (!ok) RC_FAIL(message);
}

inline rc::Gen<uint64_t> any_seed() { return full_size(rc::gen::inRange<uint64_t>(1, uint64_t{1} << 40)); }

}  // namespace numstab::props
