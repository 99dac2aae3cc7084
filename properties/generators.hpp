// RapidCheck generators over bit patterns. RapidCheck's own float generator
// never makes subnormals, infinities or large exponents; these do.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <ostream>
#include <vector>

#include <rapidcheck.h>

#include "src/formats.hpp"

namespace numstab::props {

// One input of format Tag, shown as hexfloat and decimal in counterexamples.
template <class Tag>
struct Input {
  typename Tag::Bits bits;
  double value() const { return Tag::to_double(Tag::from_bits(bits)); }
  typename Tag::Storage storage() const { return Tag::from_bits(bits); }
};

template <class Tag>
void showValue(const Input<Tag>& x, std::ostream& os) {
  os << spec(Tag::format).name << " " << hex_text(x.value()) << " ("
     << dec_text(Tag::format, x.value()) << ")";
}

template <class Tag>
Input<Tag> make_input(double exact_value) {
  return {static_cast<typename Tag::Bits>(double_to_bits(Tag::format, exact_value))};
}

// RapidCheck scales integer draws by its size parameter, which starts small:
// without this, bit patterns would be mostly tiny and (in f64) rarely negative.
template <class T>
rc::Gen<T> full_size(rc::Gen<T> g) {
  return rc::gen::resize(rc::kNominalSize, std::move(g));
}

// Uniform over all bit patterns: every binade (and NaN, inf) equally likely.
template <class Tag>
rc::Gen<Input<Tag>> any_bits() {
  return full_size(rc::gen::map(rc::gen::arbitrary<typename Tag::Bits>(),
                                [](typename Tag::Bits b) { return Input<Tag>{b}; }));
}

// Subnormals (and zeros) of either sign.
template <class Tag>
rc::Gen<Input<Tag>> subnormal_bits() {
  const auto& s = spec(Tag::format);
  using Bits = typename Tag::Bits;
  const Bits frac_mask = static_cast<Bits>((uint64_t{1} << (s.precision - 1)) - 1);
  const Bits sign = static_cast<Bits>(uint64_t{1} << (s.total_bits - 1));
  return full_size(rc::gen::map(rc::gen::pair(rc::gen::arbitrary<Bits>(), rc::gen::arbitrary<bool>()),
                                [=](std::pair<Bits, bool> p) {
                                  return Input<Tag>{static_cast<Bits>((p.first & frac_mask) | (p.second ? sign : 0))};
                                }));
}

// The special values: +-0, +-inf, NaN, +-1, smallest and largest subnormal,
// smallest normal, largest finite.
template <class Tag>
rc::Gen<Input<Tag>> special_bits() {
  const auto& s = spec(Tag::format);
  const double min_sub = std::ldexp(1.0, s.emin - s.precision + 1);
  const double min_normal = std::ldexp(1.0, s.emin);
  const double max_finite = std::ldexp(2.0 - std::ldexp(1.0, 1 - s.precision), s.emax);
  std::vector<Input<Tag>> v;
  for (double x : {0.0, double(INFINITY), 1.0, min_sub, min_normal - min_sub, min_normal, max_finite}) {
    v.push_back(make_input<Tag>(x));
    v.push_back(make_input<Tag>(-x));
  }
  v.push_back(make_input<Tag>(NAN));
  return rc::gen::elementOf(v);
}

// The format's value nearest to v: the bound that a correctly rounded kernel
// keeps where the exact function is bounded by v.
inline double in_format(Format f, double v) {
  return f == Format::f64 ? v : round_double_to(spec(f), v);
}

// Uniform values in [lo, hi], rounded to the format: where ops change fastest.
// lo + (hi - lo) k 2^-53 for k < 2^53 while (hi - lo) 2^53 is finite; past
// that (spans beyond ~2e292, e.g. [-1e300, 1e300]) (hi - lo) k would overflow,
// and the same sum is formed at half scale, 2 (lo/2 + (hi/2 - lo/2) k 2^-53),
// which cannot: the values drawn for ordinary spans are those of the plain
// formula, bit for bit.
template <class Tag>
rc::Gen<Input<Tag>> uniform_in(double lo, double hi) {
  return full_size(rc::gen::map(rc::gen::inRange<uint64_t>(0, uint64_t{1} << 53), [=](uint64_t k) {
    const double v = std::isfinite((hi - lo) * 0x1p53)
                         ? lo + (hi - lo) * static_cast<double>(k) * 0x1p-53
                         : 2 * (lo / 2 + (hi / 2 - lo / 2) * (static_cast<double>(k) * 0x1p-53));
    return make_input<Tag>(in_format(Tag::format, v));
  }));
}

// |x| log-uniform in [lo, hi] (both of one sign), rounded to the format:
// every binade of a range such as [20, 1e300] equally often.
template <class Tag>
rc::Gen<Input<Tag>> log_uniform_in(double lo, double hi) {
  return full_size(
      rc::gen::map(rc::gen::inRange<uint64_t>(0, uint64_t{1} << 53), [=](uint64_t k) {
        const double a = std::log(std::fabs(lo)), b = std::log(std::fabs(hi));
        const double m = std::exp(a + (b - a) * (static_cast<double>(k) * 0x1p-53));
        const double v = std::clamp(std::copysign(m, lo), lo, hi);
        return make_input<Tag>(in_format(Tag::format, v));
      }));
}

// The default mix: every binade, subnormals, specials and the central range.
template <class Tag>
rc::Gen<Input<Tag>> mixed(double lo = -20, double hi = 20) {
  return rc::gen::weightedOneOf<Input<Tag>>({{6, any_bits<Tag>()},
                                             {2, subnormal_bits<Tag>()},
                                             {1, special_bits<Tag>()},
                                             {4, uniform_in<Tag>(lo, hi)}});
}

// props::mixed at RapidCheck's full size: its special values (gen::elementOf,
// which RapidCheck scales by its size parameter, 0 at the first case) all
// come up from the first case on, not only +-0 and +-inf.
template <class Tag>
rc::Gen<Input<Tag>> mixed_at_full_size(double lo = -20, double hi = 20) {
  return full_size(mixed<Tag>(lo, hi));
}

// x moved by `steps` values of its format (negative: down), across zero and
// binades: the neighbours where rounding errors show.
template <class Tag>
Input<Tag> stepped(const Input<Tag>& x, int64_t steps) {
  return {static_cast<typename Tag::Bits>(
      key_to_bits(Tag::format, order_key(Tag::format, x.bits) + static_cast<uint64_t>(steps)))};
}

}  // namespace numstab::props
