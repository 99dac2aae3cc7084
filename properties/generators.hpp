// RapidCheck generators over bit patterns. RapidCheck's own float generator
// never makes subnormals, infinities or large exponents; these do.
#pragma once
#include <ostream>

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

// Uniform values in [lo, hi], rounded to the format: where ops change fastest.
template <class Tag>
rc::Gen<Input<Tag>> uniform_in(double lo, double hi) {
  return full_size(rc::gen::map(rc::gen::inRange<uint64_t>(0, uint64_t{1} << 53), [=](uint64_t k) {
    const double v = lo + (hi - lo) * static_cast<double>(k) * 0x1p-53;
    const double r = Tag::format == Format::f64 ? v : round_double_to(spec(Tag::format), v);
    return make_input<Tag>(r);
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

}  // namespace numstab::props
