// Float formats: the four storage formats numstab measures, their parameters,
// and exact conversions between their bit patterns and double.
#pragma once
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace numstab {

enum class Format { f64, f32, f16, bf16 };

// Parameters of the design's format table: precision p (with the hidden bit),
// minimum and maximum normal exponents.
struct FormatSpec {
  Format format;
  const char* name;
  int precision;
  int emin;
  int emax;
  int total_bits;
};

const FormatSpec& spec(Format f);
std::optional<Format> parse_format(std::string_view name);
inline constexpr Format kAllFormats[] = {Format::f64, Format::f32, Format::f16, Format::bf16};

// Round a double to the nearest value of a format (p, emin, emax) with ties to
// even, subnormals and overflow to infinity. The result is exactly representable
// in that format (or is +-inf/NaN). Used for the 16-bit formats, whose arithmetic
// happens in double and is rounded once.
double round_double_to(const FormatSpec& s, double x);

// Generic IEEE encoding between a value exactly representable in format s and
// its bit pattern (sign | biased exponent | trailing significand).
uint64_t encode_bits(const FormatSpec& s, double exact_value);
double decode_bits(const FormatSpec& s, uint64_t bits);

// Format tags: storage type, bit type and exact conversion to/from double.
// For f16 and bf16 the storage is the uint16_t bit pattern, as in the kernel ABI.
struct F64 {
  using Storage = double;
  using Bits = uint64_t;
  static constexpr Format format = Format::f64;
  static Bits to_bits(Storage v) { Bits b; std::memcpy(&b, &v, sizeof b); return b; }
  static Storage from_bits(Bits b) { Storage v; std::memcpy(&v, &b, sizeof v); return v; }
  static double to_double(Storage v) { return v; }
  // Reference kernels compute one precision wider and round once: long double
  // (x87 extended on x86-64) for f64, double for the others.
  using Wide = long double;
  static Wide to_wide(Storage v) { return v; }
  static Storage from_wide(Wide v) { return static_cast<double>(v); }
};

struct F32 {
  using Storage = float;
  using Bits = uint32_t;
  static constexpr Format format = Format::f32;
  static Bits to_bits(Storage v) { Bits b; std::memcpy(&b, &v, sizeof b); return b; }
  static Storage from_bits(Bits b) { Storage v; std::memcpy(&v, &b, sizeof v); return v; }
  static double to_double(Storage v) { return v; }
  static Storage from_double(double v) { return static_cast<float>(v); }  // one RNE rounding
  using Wide = double;
  static Wide to_wide(Storage v) { return v; }
  static Storage from_wide(Wide v) { return from_double(v); }
};

// f16 and bf16: stored as their 16 bits; arithmetic goes through double,
// rounded once to the format (RNE) on the way back.
template <Format F>
struct SixteenBit {
  using Storage = uint16_t;
  using Bits = uint16_t;
  static constexpr Format format = F;
  static Bits to_bits(Storage v) { return v; }
  static Storage from_bits(Bits b) { return b; }
  static double to_double(Storage v) { return decode_bits(spec(format), v); }
  static Storage from_double(double v) {
    return static_cast<Storage>(encode_bits(spec(format), round_double_to(spec(format), v)));
  }
  using Wide = double;
  static Wide to_wide(Storage v) { return to_double(v); }
  static Storage from_wide(Wide v) { return from_double(v); }
};
using F16 = SixteenBit<Format::f16>;
using BF16 = SixteenBit<Format::bf16>;

// Call fn(Tag{}) with the tag type of a runtime format.
template <class Fn>
decltype(auto) dispatch(Format f, Fn&& fn) {
  switch (f) {
    case Format::f64: return fn(F64{});
    case Format::f32: return fn(F32{});
    case Format::f16: return fn(F16{});
    case Format::bf16: break;
  }
  return fn(BF16{});
}

// Bit pattern <-> double for any format (runtime dispatch; not for hot loops).
double bits_to_double(Format f, uint64_t bits);
uint64_t double_to_bits(Format f, double exact_value);

// Totally ordered key of a bit pattern: -inf < ... < -0 < +0 < ... < +inf, NaNs at
// the ends. Exhaustive ranges enumerate consecutive keys.
uint64_t order_key(Format f, uint64_t bits);
uint64_t key_to_bits(Format f, uint64_t key);
// key_to_bits with the format's sign bit given (for hot loops).
inline uint64_t key_to_bits(uint64_t sign_bit, uint64_t key) {
  return key >= sign_bit ? key - sign_bit : sign_bit | ((sign_bit - 1) - key);
}

// Hexfloat and shortest-round-trip decimal text of a value of the format.
std::string hex_text(double v);
std::string dec_text(Format f, double v);

// Parse a number as the user writes it (decimal, hexfloat, inf, nan); nullopt on junk.
std::optional<double> parse_number(std::string_view text);

}  // namespace numstab
