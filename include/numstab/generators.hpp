// RapidCheck generators over the bit patterns of a format, for users' own
// properties. RapidCheck's own float generators never draw subnormals,
// infinities or large exponents; these draw every binade equally often.
//   numstab::testing::gen::any<float>()            every bit pattern, with extra weight on
//                                                  infinities, NaN, zeros and subnormals
//   numstab::testing::gen::finite<numstab::bf16>() the finite ones (uint16_t bit patterns)
//   numstab::testing::gen::in_range<double>(lo, hi) every value in [lo, hi] equally likely
// They yield the format's storage type: float, double, or the uint16_t bit
// pattern of numstab::f16 and numstab::bf16.
#pragma once
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include <rapidcheck.h>

#include "numstab/certify.hpp"

namespace numstab::testing::gen {

namespace detail {

template <class Format>
using storage_t = typename format_traits<Format>::storage;

// The layout of the format's bit patterns.
template <class Format>
struct Layout {
  static constexpr int bits = 8 * sizeof(storage_t<Format>);
  static constexpr int m = format_traits<Format>::mantissa_bits;
  static constexpr std::uint64_t sign = std::uint64_t{1} << (bits - 1);
  static constexpr std::uint64_t inf = (sign - 1) & ~((std::uint64_t{1} << m) - 1);
  static constexpr std::uint64_t quiet_nan = inf | (std::uint64_t{1} << (m - 1));
  static constexpr std::uint64_t max_subnormal = (std::uint64_t{1} << m) - 1;
  static constexpr std::uint64_t min_normal = std::uint64_t{1} << m;
  static constexpr std::uint64_t one = ((inf >> m) >> 1) << m;  // the exponent bias, shifted
  static constexpr std::uint64_t all = bits == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << bits) - 1;
  static bool finite(std::uint64_t b) { return (b & inf) != inf; }
};

template <class Format>
storage_t<Format> value(std::uint64_t bits) {
  return testing::detail::from_bits<storage_t<Format>>(bits);
}

// RapidCheck scales integer draws by its size parameter, which starts small:
// at full size the bit patterns cover every exponent from the first case on.
template <class T>
rc::Gen<T> full_size(rc::Gen<T> g) {
  return rc::gen::resize(rc::kNominalSize, std::move(g));
}

template <class Format>
rc::Gen<storage_t<Format>> uniform_bits(bool finite_only) {
  using L = Layout<Format>;
  auto bits = rc::gen::inRange<std::uint64_t>(0, L::all);  // all but the last (a NaN) pattern
  if (finite_only) bits = rc::gen::suchThat(std::move(bits), [](std::uint64_t b) { return L::finite(b); });
  return full_size(rc::gen::map(std::move(bits), [](std::uint64_t b) { return value<Format>(b); }));
}

template <class Format>
rc::Gen<storage_t<Format>> subnormal_bits() {
  using L = Layout<Format>;
  return full_size(rc::gen::map(rc::gen::pair(rc::gen::inRange<std::uint64_t>(0, L::min_normal), rc::gen::arbitrary<bool>()),
                                [](std::pair<std::uint64_t, bool> p) { return value<Format>(p.first | (p.second ? L::sign : 0)); }));
}

// +-0, +-1, the smallest and largest subnormal, the smallest normal, the
// largest finite, and (unless finite_only) +-inf and NaN.
template <class Format>
rc::Gen<storage_t<Format>> special_bits(bool finite_only) {
  using L = Layout<Format>;
  std::vector<storage_t<Format>> v;
  for (std::uint64_t b : {std::uint64_t{0}, L::one, std::uint64_t{1}, L::max_subnormal, L::min_normal, L::inf - 1}) {
    v.push_back(value<Format>(b));
    v.push_back(value<Format>(b | L::sign));
  }
  if (!finite_only) {
    v.push_back(value<Format>(L::inf));
    v.push_back(value<Format>(L::inf | L::sign));
    v.push_back(value<Format>(L::quiet_nan));
  }
  return full_size(rc::gen::elementOf(v));
}

template <class Format>
rc::Gen<storage_t<Format>> mixed(bool finite_only) {
  return rc::gen::weightedOneOf<storage_t<Format>>(
      {{8, uniform_bits<Format>(finite_only)}, {1, subnormal_bits<Format>()}, {1, special_bits<Format>(finite_only)}});
}

}  // namespace detail

// Every bit pattern of the format: uniform over the patterns (so over the
// binades), plus infinities, NaN, zeros and subnormals one draw in ten each way.
template <class Format>
rc::Gen<detail::storage_t<Format>> any() {
  return detail::mixed<Format>(false);
}

// As any(), without infinities and NaN.
template <class Format>
rc::Gen<detail::storage_t<Format>> finite() {
  return detail::mixed<Format>(true);
}

// Every value of the format in [lo, hi] equally likely (so every binade in it
// about equally often); -0 and +0 both where 0 is in the range. Throws
// std::invalid_argument when lo or hi is NaN, lo > hi or no value lies between.
template <class Format>
rc::Gen<detail::storage_t<Format>> in_range(double lo, double hi) {
  const std::string name = format_traits<Format>::name;
  std::uint64_t first = 0, last = 0;
  if (!testing::detail::key_range(name, lo, hi, first, last))
    throw std::invalid_argument("numstab::testing::gen::in_range(" + std::to_string(lo) + ", " + std::to_string(hi) +
                                "): no value of " + name + " in that range (or lo > hi, or NaN)");
  return detail::full_size(rc::gen::map(rc::gen::inRange<std::uint64_t>(first, last + 1), [name](std::uint64_t key) {
    return detail::value<Format>(testing::detail::bits_of_key(name, key));
  }));
}

}  // namespace numstab::testing::gen
