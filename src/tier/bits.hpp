// Exact double manipulations by bit pattern: the fast tier's inner loop runs
// them billions of times, and libm's ldexp/ilogb/nextafter are calls.
#pragma once
#include <bit>
#include <cmath>
#include <cstdint>

namespace numstab::tier {

// 2^k for -1022 <= k <= 1023 (normal doubles); ldexp otherwise.
inline double pow2(int k) {
  if (k < -1022 || k > 1023) return std::ldexp(1.0, k);
  return std::bit_cast<double>(static_cast<uint64_t>(k + 1023) << 52);
}
// 2^k, the caller knowing -1022 <= k <= 1023 (no range check: hot loops).
inline double pow2_normal(int k) { return std::bit_cast<double>(static_cast<uint64_t>(k + 1023) << 52); }
// The next double above v >= +0, and below v > 0 (no checks: hot loops).
inline double next_up_nonnegative(double v) { return std::bit_cast<double>(std::bit_cast<uint64_t>(v) + 1); }
inline double next_down_positive(double v) { return std::bit_cast<double>(std::bit_cast<uint64_t>(v) - 1); }
// floor(log2(a)) for a finite a > 0.
inline int binade_of(double a) {
  const int biased = static_cast<int>(std::bit_cast<uint64_t>(a) >> 52 & 0x7ff);
  return biased != 0 ? biased - 1023 : std::ilogb(a);
}
// The next double above / below a finite v.
inline double next_up(double v) {
  if (v == 0) return 0x1p-1074;
  const uint64_t b = std::bit_cast<uint64_t>(v);
  return std::bit_cast<double>(v > 0 ? b + 1 : b - 1);
}
inline double next_down(double v) { return -next_up(-v); }

}  // namespace numstab::tier
