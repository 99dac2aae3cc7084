// numstab's public API for users' own test suites: certify a callable the way
// `numstab certify` certifies a LIB:SYMBOL kernel (same catalog, same seeded
// inputs, same tiered oracle, same record), without GoogleTest. The matcher in
// numstab/testing.hpp is built on this.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace numstab {

// Tags of the 16-bit formats. Callables of these formats take and return the
// uint16_t bit pattern (as the CLI's kernel ABI does).
struct f16 {
  using storage = std::uint16_t;
};
struct bf16 {
  using storage = std::uint16_t;
};

namespace testing {

// A format named by its C++ type: float (f32), double (f64), numstab::f16,
// numstab::bf16; `storage` is what the callable takes and returns (and what
// the generators draw).
template <class Format>
struct format_traits;
template <>
struct format_traits<float> {
  using storage = float;
  static constexpr const char* name = "f32";
  static constexpr int mantissa_bits = 23;  // trailing significand
};
template <>
struct format_traits<double> {
  using storage = double;
  static constexpr const char* name = "f64";
  static constexpr int mantissa_bits = 52;  // trailing significand
};
template <>
struct format_traits<f16> {
  using storage = std::uint16_t;
  static constexpr const char* name = "f16";
  static constexpr int mantissa_bits = 10;  // trailing significand
};
template <>
struct format_traits<bf16> {
  using storage = std::uint16_t;
  static constexpr const char* name = "bf16";
  static constexpr int mantissa_bits = 7;  // trailing significand
};

// The folder of the oracles' data files (the ops' hard inputs) of the
// installed package: set by its CMake config, empty in numstab's build tree
// (where the library finds its source tree).
#ifdef NUMSTAB_INSTALLED_DATA_DIR
inline constexpr const char* kDataDir = NUMSTAB_INSTALLED_DATA_DIR;
#else
inline constexpr const char* kDataDir = "";
#endif

// The options of `numstab certify`, with its defaults: the same settings give
// the same record as the CLI (seeded samples, then the record's numbers).
struct Settings {
  std::string op;
  double max_ulp = 0;
  bool exhaustive = false;                          // --exhaustive
  std::optional<std::pair<double, double>> range;   // --range LO:HI (inclusive)
  std::uint64_t samples = 100000;                   // --samples
  std::uint64_t seed = 1;                           // --seed
  std::vector<std::pair<std::string, double>> params;  // --param name=value
  int threads = 0;                                  // --threads (0: all cores)
  std::size_t counterexamples = 10;                 // --counterexamples
  bool judge_subnormal = true;                      // false: --subnormal ignore
  bool strict_zero = false;                         // --strict-zero
  unsigned oracle_bits = 256;                       // --oracle-bits
  std::string data_dir = kDataDir;                  // empty: the library's default
};

// A callable under test, type-erased over the format's storage type. The sweep
// calls it from several threads at once (as the CLI calls a loaded kernel);
// Settings::threads = 1 keeps it on one.
struct CallableKernel {
  std::string format;  // f64, f32, f16, bf16
  std::string name;    // the record's "kernel"
  // y[i] = f(x[i]) for i < n. Empty for a two-operand callable.
  std::function<void(const void* x, void* y, std::size_t n)> unary{};
  // y[i] = f(x[i], a[i]). Empty for a one-operand callable.
  std::function<void(const void* x, const void* a, void* y, std::size_t n)> binary{};
};

struct Counterexample {
  std::string input, input_dec, got, got_dec, exact, exact_dec;
  std::optional<std::string> second;  // a binary op's second operand (hexfloat)
  double ulp = 0;                     // +inf for nonfinite, 0 for other mismatches
  std::string mismatch;               // none, nan, overflow, nonfinite, signed_zero
};

// The record of one certification. `error` is set (and nothing else is) when
// the request itself is wrong: unknown op, bad range, negative bound, a
// callable whose arity does not fit the op, ...
struct Certificate {
  std::string error;
  bool passed = false;
  std::string op, format, mode;
  std::uint64_t inputs = 0, violations = 0, seed = 0;
  double max_ulp = 0, max_ulp_normal = 0, max_ulp_subnormal = 0, mean_ulp = 0;
  // The input of the largest error (hexfloat and decimal), what the callable
  // returned there and the exact value; empty when no input had a number.
  std::string worst_input, worst_input_dec, worst_got, worst_exact;
  std::vector<Counterexample> counterexamples;
  std::string text;  // what `numstab certify` prints
  std::string json;  // the design's JSON record, as `numstab certify --json` writes it
};

// Never throws for a bad request (see Certificate::error); an exception thrown
// by the callable propagates.
Certificate certify(const CallableKernel& kernel, const Settings& settings);

// An op's parameters by name, as Settings::params (a two-operand op's second
// operand among them when the helpers below evaluate it).
using ParamList = std::vector<std::pair<std::string, double>>;

// The exact value of op(x) (the catalog's oracle at 256 bits, as certify uses).
template <class Format>
struct Exact {
  typename format_traits<Format>::storage rounded;  // correctly rounded into the format
  bool undefined = false;                          // op(x) is undefined (NaN)
  std::string hex, dec;                            // the exact value, hexfloat and decimal
};

namespace detail {
// Bit patterns in, judgement out (see ulp_error below); throws std::invalid_argument.
double ulp_error_bits(const std::string& format, const std::string& op, const ParamList& params,
                      std::uint64_t x_bits, std::uint64_t y_bits);
// The exact op(x): its correctly rounded bit pattern, NaN-ness and texts.
std::uint64_t exact_bits(const std::string& format, const std::string& op, const ParamList& params,
                         std::uint64_t x_bits, bool& undefined, std::string& hex, std::string& dec);

template <class Format, class T>
using format_for = std::conditional_t<std::is_void_v<Format>, T, Format>;
template <class T>
std::uint64_t to_bits(T v) {
  if constexpr (sizeof(T) == 8) {
    std::uint64_t b;
    std::memcpy(&b, &v, sizeof b);
    return b;
  } else if constexpr (sizeof(T) == 4) {
    std::uint32_t b;
    std::memcpy(&b, &v, sizeof b);
    return b;
  } else {
    return v;  // uint16_t: already the bit pattern
  }
}
template <class T>
T from_bits(std::uint64_t bits) {
  if constexpr (sizeof(T) == 8) {
    T v;
    std::memcpy(&v, &bits, sizeof v);
    return v;
  } else if constexpr (sizeof(T) == 4) {
    const auto b = static_cast<std::uint32_t>(bits);
    T v;
    std::memcpy(&v, &b, sizeof v);
    return v;
  } else {
    return static_cast<T>(bits);
  }
}
}  // namespace detail

// The ULP error of y as op(x), by the design's definition (|y - exact| over
// the ULP of the exact value, at the oracle's precision): 0 for y NaN where
// op(x) is undefined and for a zero of the wrong sign, +inf for the other
// mismatches (NaN, overflow, nonfinite). float and double deduce the format;
// f16/bf16 bit patterns name it: ulp_error<numstab::bf16>("gelu", x, y).
// Throws std::invalid_argument for an unknown op or parameter, or a
// two-operand op whose second operand is not among the params.
template <class Format = void, class T>
double ulp_error(const std::string& op, T x, std::type_identity_t<T> y, const ParamList& params = {}) {
  using Fmt = detail::format_for<Format, T>;
  static_assert(std::is_same_v<typename format_traits<Fmt>::storage, T>,
                "numstab: x and y must be the format's storage type (uint16_t for f16/bf16)");
  return detail::ulp_error_bits(format_traits<Fmt>::name, op, params, detail::to_bits(x), detail::to_bits(y));
}

template <class Format = void, class T>
Exact<detail::format_for<Format, T>> exact(const std::string& op, T x, const ParamList& params = {}) {
  using Fmt = detail::format_for<Format, T>;
  static_assert(std::is_same_v<typename format_traits<Fmt>::storage, T>,
                "numstab: x must be the format's storage type (uint16_t for f16/bf16)");
  Exact<Fmt> e{};
  e.rounded = detail::from_bits<T>(
      detail::exact_bits(format_traits<Fmt>::name, op, params, detail::to_bits(x), e.undefined, e.hex, e.dec));
  return e;
}

// Bit-level services of the formats, for the header-only generators and
// helpers (f16 and bf16 are rounded and encoded by numstab's own code).
namespace detail {
// The value of a bit pattern of `format`, as a double (exact).
double value_of_bits(const std::string& format, std::uint64_t bits);
// Totally ordered keys (-inf < ... < -0 < +0 < ... < +inf) of the values of
// `format` in [lo, hi]; false when there is none or lo/hi is NaN.
bool key_range(const std::string& format, double lo, double hi, std::uint64_t& first, std::uint64_t& last);
std::uint64_t bits_of_key(const std::string& format, std::uint64_t key);
}  // namespace detail

}  // namespace testing
}  // namespace numstab
