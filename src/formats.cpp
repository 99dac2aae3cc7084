#include "src/formats.hpp"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <fmt/format.h>
#include <limits>

namespace numstab {

namespace {
constexpr FormatSpec kSpecs[] = {
    {Format::f64, "f64", 53, -1022, 1023, 64},
    {Format::f32, "f32", 24, -126, 127, 32},
    {Format::f16, "f16", 11, -14, 15, 16},
    {Format::bf16, "bf16", 8, -126, 127, 16},
};
int exponent_bits(const FormatSpec& s) { return s.total_bits - s.precision; }
uint64_t sign_mask(const FormatSpec& s) { return uint64_t{1} << (s.total_bits - 1); }
}  // namespace

const FormatSpec& spec(Format f) { return kSpecs[static_cast<int>(f)]; }

std::optional<Format> parse_format(std::string_view name) {
  for (const auto& s : kSpecs)
    if (name == s.name) return s.format;
  return std::nullopt;
}

double round_double_to(const FormatSpec& s, double x) {
  if (!std::isfinite(x) || x == 0) return x;
  // Quantum of the binade of x (subnormal binades share the emin quantum).
  const int e = std::ilogb(x);
  const int quantum = std::max(e, s.emin) - s.precision + 1;
  // Scaling by a power of two is exact here; nearbyint rounds ties to even.
  const double r = std::ldexp(std::nearbyint(std::ldexp(x, -quantum)), quantum);
  const double max_finite = std::ldexp(2.0 - std::ldexp(1.0, 1 - s.precision), s.emax);
  if (std::fabs(r) > max_finite) return std::copysign(std::numeric_limits<double>::infinity(), x);
  return r;
}

uint64_t encode_bits(const FormatSpec& s, double v) {
  const int mant_bits = s.precision - 1;
  const uint64_t sign = std::signbit(v) ? sign_mask(s) : 0;
  const uint64_t exp_all_ones = (uint64_t{1} << exponent_bits(s)) - 1;
  if (std::isnan(v)) return sign | (exp_all_ones << mant_bits) | (uint64_t{1} << (mant_bits - 1));
  if (std::isinf(v)) return sign | (exp_all_ones << mant_bits);
  const double a = std::fabs(v);
  if (a == 0) return sign;
  const int e = std::ilogb(a);
  if (e < s.emin)  // subnormal: the significand counts quanta of 2^(emin - p + 1)
    return sign | static_cast<uint64_t>(std::ldexp(a, -(s.emin - mant_bits)));
  const uint64_t frac = static_cast<uint64_t>(std::ldexp(std::ldexp(a, -e) - 1.0, mant_bits));
  return sign | (static_cast<uint64_t>(e - s.emin + 1) << mant_bits) | frac;
}

double decode_bits(const FormatSpec& s, uint64_t bits) {
  const int mant_bits = s.precision - 1;
  const uint64_t exp_all_ones = (uint64_t{1} << exponent_bits(s)) - 1;
  const bool negative = bits & sign_mask(s);
  const uint64_t biased = (bits >> mant_bits) & exp_all_ones;
  const uint64_t frac = bits & ((uint64_t{1} << mant_bits) - 1);
  double mag;
  if (biased == exp_all_ones)
    mag = frac ? std::numeric_limits<double>::quiet_NaN() : std::numeric_limits<double>::infinity();
  else if (biased == 0)
    mag = std::ldexp(static_cast<double>(frac), s.emin - mant_bits);
  else
    mag = std::ldexp(static_cast<double>(frac | (uint64_t{1} << mant_bits)),
                     static_cast<int>(biased) - 1 + s.emin - mant_bits);
  return negative ? -mag : mag;
}

double bits_to_double(Format f, uint64_t bits) {
  return dispatch(f, [&](auto tag) {
    using T = decltype(tag);
    return T::to_double(T::from_bits(static_cast<typename T::Bits>(bits)));
  });
}

uint64_t double_to_bits(Format f, double v) {
  switch (f) {
    case Format::f64: return F64::to_bits(v);
    case Format::f32: return F32::to_bits(static_cast<float>(v));
    default: return encode_bits(spec(f), v);
  }
}

uint64_t order_key(Format f, uint64_t bits) {
  const auto& s = spec(f);
  const uint64_t sm = sign_mask(s);
  // Negative patterns count down from the middle, positive ones up from it.
  return (bits & sm) ? (sm - 1) - (bits & (sm - 1)) : sm + bits;
}

uint64_t key_to_bits(Format f, uint64_t key) { return key_to_bits(sign_mask(spec(f)), key); }

std::string hex_text(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  return fmt::format("{:a}", v);
}

std::string dec_text(Format f, double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  if (f == Format::f32) return fmt::format("{}", static_cast<float>(v));
  return fmt::format("{}", v);  // exact binary value, shortest text that round-trips in double
}

std::optional<double> parse_number(std::string_view text) {
  const std::string t(text);
  // strtod would skip leading blanks; a number with blanks around it is a typo.
  if (t.empty() || std::isspace(static_cast<unsigned char>(t.front()))) return std::nullopt;
  char* end = nullptr;
  const double v = std::strtod(t.c_str(), &end);
  if (end != t.c_str() + t.size()) return std::nullopt;
  return v;
}

}  // namespace numstab
