// The search that writes an op's hard-input file (oracles/<family>/<op>.wc):
// in each format, the inputs whose exact result lies nearest a rounding
// midpoint of the format (where a kernel with even a tiny error rounds the
// wrong way), CORE-MATH style, with a header saying how they were found.
//   numstab_hard_inputs OP [F32_SAMPLES [F64_SAMPLES [PER_FORMAT [SEED]]]]
// f16 and bf16: every input; f32 and f64: numstab's sampler (src/inputs.cpp:
// the fixed probes of the op's row, its hard inputs left out so that the
// search never feeds on its own output, then seeded uniform inputs). Defaults:
// 100000 and 30000 samples, 3 inputs per format, seed 99. The file goes to
// stdout. Exit 2 on a bad argument.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "oracles/oracle.hpp"
#include "src/catalog.hpp"
#include "src/formats.hpp"
#include "src/inputs.hpp"
#include "src/ulp.hpp"

namespace numstab {
namespace {

struct Candidate {
  double x;
  Real distance;  // of the exact result from the nearest midpoint, in ULP (may lie below double's range)
};

// Nearest the midpoint first; equal distances in input order (negative first).
bool nearer(const Candidate& a, const Candidate& b) {
  return a.distance != b.distance ? a.distance < b.distance : a.x < b.x;
}

// The `keep` inputs of `source` nearest a midpoint. Inputs with an undefined,
// infinite, overflowing or exactly representable result have no midpoint
// near them and are skipped.
std::vector<Candidate> hardest(const OpInfo& op, Format f, const InputSource& source, size_t keep) {
  const Params p = op.resolve_params({});
  set_real_precision(256);
  std::vector<Candidate> best;
  Real x, y;
  for (uint64_t i = 0; i < source.size(); ++i) {
    const double xd = bits_to_double(f, source.bits_at(i));
    if (!std::isfinite(xd)) continue;
    x = xd;
    mpfr_clear_inexflag();
    op.oracle(y, x, p);
    Real finer;
    const bool refine = mpfr_inexflag_p() && is_midpoint(f, y);
    if (refine) {
      // Off a midpoint by less than 256 bits can see (silu near the f64
      // subnormals): measured at 4096 bits.
      set_real_precision(4096);
      op.oracle(finer, Real(xd), p);
      set_real_precision(256);
    }
    const Real& exact = refine ? finer : y;
    if (boost::multiprecision::isnan(exact) || boost::multiprecision::isinf(exact)) continue;
    const double rounded = round_to_format(f, exact);
    if (!std::isfinite(rounded)) continue;
    // From the nearest midpoint, not 0.5 minus the error: in double 0.5 -
    // 2.8e-17 is 0.5, and at 256 bits 0.5 - 2^-972 is 0.5.
    const int q = ulp_exponent(f, exact);
    const Real half = boost::multiprecision::ldexp(Real(1), q - 1);
    const Real midpoint = exact >= Real(rounded) ? Real(rounded) + half : Real(rounded) - half;  // exact
    const Real distance = boost::multiprecision::abs(exact - midpoint) / boost::multiprecision::ldexp(Real(1), q);
    if (distance >= 0.5) continue;
    // A seeded input may repeat a fixed probe: one line per input.
    if (std::any_of(best.begin(), best.end(), [&](const Candidate& c) { return c.x == xd; })) continue;
    best.push_back({xd, distance});
    std::push_heap(best.begin(), best.end(), nearer);
    if (best.size() > keep) {
      std::pop_heap(best.begin(), best.end(), nearer);
      best.pop_back();
    }
  }
  std::sort(best.begin(), best.end(), nearer);
  return best;
}

// Three digits; below double's normal range from MPFR (silu(2^-1074) in f64 is
// 2^-1076 ULP off a midpoint).
std::string number_text(const Real& v) {
  if (v == 0 || v >= Real(std::numeric_limits<double>::min())) return fmt::format("{:.3g}", static_cast<double>(v));
  char buf[64];
  mpfr_snprintf(buf, sizeof buf, "%.3Rg", v.backend().data());
  return buf;
}

// A count as the header writes it: 100000 is "1e5", 65536 stays "65536".
std::string count_text(uint64_t n) {
  int exponent = 0;
  uint64_t mantissa = n;
  while (mantissa >= 10 && mantissa % 10 == 0) mantissa /= 10, ++exponent;
  return exponent < 3 ? std::to_string(n) : fmt::format("{}e{}", mantissa, exponent);
}

int run(int argc, char** argv) {
  if (argc < 2 || argc > 6) {
    std::fprintf(stderr, "usage: %s OP [F32_SAMPLES [F64_SAMPLES [PER_FORMAT [SEED]]]]\n", argv[0]);
    return 2;
  }
  OpInfo op = require_op(argv[1]);
  op.hard_inputs = kNoHardInputs;
  // Decimal digits only: std::stoull alone reads "-5" as 2^64 - 5.
  const auto count = [&](int k, uint64_t fallback) {
    if (argc <= k) return fallback;
    const std::string text = argv[k];
    if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos)
      throw std::invalid_argument("'" + text + "' is not a count (decimal digits)");
    return static_cast<uint64_t>(std::stoull(text));
  };
  const uint64_t f32_samples = count(2, 100000), f64_samples = count(3, 30000);
  const size_t per_format = count(4, 3);
  const uint64_t seed = count(5, 99);
  std::string out = fmt::format(
      "# Hard-to-round inputs of {}: the exact result lies within the stated\n"
      "# distance (in ULP of the format) of a rounding midpoint, so a kernel with\n"
      "# even a tiny error rounds the wrong way there. Found with the MPFR oracle\n"
      "# (256 bits{}): f16 and bf16 over all 65536 inputs; f32 over {} and f64 over {} seeded samples\n"
      "# (numstab's sampler, seed {}). Every format reads every line.\n",
      op.name, op.params.empty() ? "" : ", default parameters", count_text(f32_samples), count_text(f64_samples),
      seed);
  for (Format f : kAllFormats) {
    const bool exhaustive = spec(f).total_bits == 16;
    const InputSource source = exhaustive ? InputSource::exhaustive(f, std::nullopt)
                                          : InputSource::sampled(f, op, f == Format::f32 ? f32_samples : f64_samples,
                                                                 seed, std::nullopt);
    for (const auto& c : hardest(op, f, source, per_format))
      out += fmt::format("{:<26} # {}: {} ULP from a midpoint\n", hex_text(c.x), spec(f).name, number_text(c.distance));
  }
  std::fputs(out.c_str(), stdout);
  return 0;
}

}  // namespace
}  // namespace numstab

int main(int argc, char** argv) {
  try {
    return numstab::run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "numstab_hard_inputs: error: %s\n", e.what());
    return 2;
  }
}
