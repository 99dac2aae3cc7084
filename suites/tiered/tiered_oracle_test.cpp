// The tiered oracle (fast tier, MPFR where undecided) against the all-MPFR
// sweep: same max ULP (to the bit), argmax, region maxima, verdict,
// violations, counterexamples, mismatch counts and histogram; the mean within
// the largest fast half-width the record states.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <utility>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "src/catalog.hpp"
#include "src/checkpoint.hpp"
#include "src/errors.hpp"
#include "src/loader.hpp"
#include "src/sweep.hpp"

namespace numstab {
namespace {

struct Case {
  const char* op;
  const char* kernel;  // "reference" or LIB:SYMBOL
  Format format;
  double lo, hi;
  std::optional<double> bound;
};

SweepConfig config(const OpInfo& op, Format f, std::optional<double> bound, bool tiered) {
  SweepConfig cfg;
  cfg.op = &op;
  cfg.params = op.resolve_params({});
  cfg.format = f;
  cfg.threads = 2;
  cfg.bound = bound;
  cfg.tiered = tiered;
  return cfg;
}

// Every field an all-MPFR sweep decides, compared; one message naming them all.
std::string differences(const Record& t, const Record& m) {
  std::string d;
  const auto check = [&](const char* name, bool same, const std::string& tv, const std::string& mv) {
    if (!same) d += fmt::format("  {}: tiered {} vs all-MPFR {}\n", name, tv, mv);
  };
  check("inputs", t.inputs == m.inputs, std::to_string(t.inputs), std::to_string(m.inputs));
  // Below the oracle's resolution (2^(p + 4 - bits) ULP) MPFR's value is the
  // less accurate one and the tiered sweep keeps the fast value (README):
  // equal within that resolution there, equal to the bit elsewhere.
  const double resolution = std::ldexp(1.0, spec(parse_format(t.format).value()).precision + 4 - 256);
  const auto same = [&](double a, double b) { return a == b || (a < resolution && b < 2 * resolution); };
  check("max_ulp", same(t.max_ulp, m.max_ulp), fmt::format("{:a}", t.max_ulp), fmt::format("{:a}", m.max_ulp));
  check("argmax", t.argmax_bits == m.argmax_bits || t.max_ulp < resolution, fmt::format("{:a}", t.argmax), fmt::format("{:a}", m.argmax));
  check("max_ulp_normal", same(t.max_ulp_normal, m.max_ulp_normal), fmt::format("{:a}", t.max_ulp_normal),
        fmt::format("{:a}", m.max_ulp_normal));
  check("max_ulp_subnormal", same(t.max_ulp_subnormal, m.max_ulp_subnormal),
        fmt::format("{:a}", t.max_ulp_subnormal), fmt::format("{:a}", m.max_ulp_subnormal));
  check("verdict", t.passed() == m.passed(), t.passed() ? "pass" : "fail", m.passed() ? "pass" : "fail");
  check("violations", t.violations == m.violations, std::to_string(t.violations), std::to_string(m.violations));
  check("mismatches", t.mismatches == m.mismatches, fmt::format("{}", t.mismatches), fmt::format("{}", m.mismatches));
  check("histogram", t.histogram == m.histogram, fmt::format("{}", t.histogram), fmt::format("{}", m.histogram));
  check("counterexamples", t.counterexamples.size() == m.counterexamples.size(),
        std::to_string(t.counterexamples.size()), std::to_string(m.counterexamples.size()));
  for (size_t i = 0; i < std::min(t.counterexamples.size(), m.counterexamples.size()); ++i) {
    const auto &a = t.counterexamples[i], &b = m.counterexamples[i];
    check("counterexample", a.input_bits == b.input_bits && a.ulp == b.ulp && a.exact_hex == b.exact_hex,
          fmt::format("{:a} {} ULP", a.input, a.ulp), fmt::format("{:a} {} ULP", b.input, b.ulp));
  }
  const double mean_gap = std::fabs(t.mean_ulp - m.mean_ulp);
  // Summation in the same order; only the fast midpoints differ from MPFR's values.
  check("mean_ulp", mean_gap <= t.tiers.max_halfwidth + 1e-12 * m.mean_ulp, fmt::format("{}", t.mean_ulp),
        fmt::format("{} (gap {}, stated half-width {})", m.mean_ulp, mean_gap, t.tiers.max_halfwidth));
  return d;
}

// Returns the tiered record, for checks of how it was reached.
Record expect_same(const Case& c, const InputSource& src, const char* what) {
  const OpInfo& op = require_op(c.op);
  const Params p = op.resolve_params({});
  Kernel k = make_kernel(c.kernel, Abi::scalar, op, c.format, p);
  // The tiers are compared here, not the judge's independence: numstab's own
  // kernel stands in for any kernel, so that the fast tier judges it.
  k.reference = false;
  const Record tiered = sweep(config(op, c.format, c.bound, true), src, k);
  const Record mpfr = sweep(config(op, c.format, c.bound, false), src, k);
  const std::string d = differences(tiered, mpfr);
  const std::string summary = fmt::format(
      "{} {} {} {}: {} inputs, max {:.4g} ULP at {:a}, mean {:.4g}, {} violations; fast tier alone on {}, "
      "MPFR on {}", c.op, spec(c.format).name, c.kernel, what, tiered.inputs, tiered.max_ulp, tiered.argmax,
      tiered.mean_ulp, tiered.violations, tiered.tiers.fast, tiered.tiers.mpfr);
  std::printf("%s\n", summary.c_str());
  EXPECT_TRUE(d.empty()) << summary << "\n" << d;
  return tiered;
}

// Sub-ranges where each fast tier's regions meet (anchors, saturation, series
// ends), with library kernels and the reference, bounds that some inputs break.
TEST(TieredOracle, EqualsAllMpfrOnSubRanges) {
  const std::vector<Case> cases = {
      // A few hundred thousand inputs each at most: the all-MPFR side takes
      // ~3 us per input (MPFR's erfc is slow past 5: kept out).
      {"tanh", "libm.so.6:tanhf", Format::f32, 0.5, 0.52, 2.0},        // glibc's worst region
      {"tanh", "libm.so.6:tanhf", Format::f32, 8.95, 9.1, 0.5},        // f32 saturation
      {"tanh", "libm.so.6:tanhf", Format::f32, 0x1.ff8p-14, 0x1.004p-13, 0.5},  // series edge
      {"sigmoid", "reference", Format::f32, 0x1.fp-21, 0x1.1p-20, 0.5},    // 1/2 + lo edge
      {"sigmoid", "reference", Format::f32, -0x1.1p-20, -0x1.fp-21, 0.5},  // below 1/2
      {"sigmoid", "reference", Format::f32, 16.4, 16.8, 0.5},          // rounds to 1
      {"exp", "libm.so.6:expf", Format::f32, 88.6, 89.5, 0.5},         // overflow edge
      {"exp", "libm.so.6:expf", Format::f32, -0x1.02p-10, -0x1.fcp-11, 0.5},
      {"expm1", "libm.so.6:expm1f", Format::f32, -17.5, -17.0, 0.5},
      {"log1p", "libm.so.6:log1pf", Format::f32, -1.0, -0.999, 0.5},
      {"erf", "libm.so.6:erff", Format::f32, 3.9, 3.95, 0.5},
      {"erfc", "libm.so.6:erfcf", Format::f32, -3.05, -2.95, 1.0},     // 2 - r edge
      {"erfc", "libm.so.6:erfcf", Format::f32, 0.24, 0.26, 1.0},       // 1 - erf edge
      {"log", "libm.so.6:logf", Format::f32, 0.999, 1.001, 0.5},
      {"gelu", "reference", Format::f32, -3.0, -2.99, 0.5},            // f64 reference tier
  };
  for (const auto& c : cases) {
    const InputSource src = InputSource::exhaustive(c.format, Range{c.lo, c.hi});
    expect_same(c, src, fmt::format("exhaustive [{}, {}]", c.lo, c.hi).c_str());
  }
}

// Every unary op of the catalog, sampled (special values, NaN, subnormals,
// thresholds, hard inputs and seeded draws), f32 and bf16: the generic tier
// (the f64 reference kernel) and NaN in -> NaN out, which the tier assumes.
TEST(TieredOracle, EqualsAllMpfrOnEveryOpSampled) {
  for (const auto& op : catalog()) {
    if (op.is_binary()) continue;
    for (Format f : {Format::f32, Format::bf16}) {
      const InputSource src = InputSource::sampled(f, op, 2000, 20261126, std::nullopt);
      expect_same({op.name.c_str(), "reference", f, 0, 0, 0.5}, src, "2000 samples seed 20261126");
    }
  }
}

// Every unary op of the catalog on every input of a 16-bit format
// (infinities, both zeros, subnormals, NaNs included): where the fast tier's
// claims meet inputs it must not claim anything for. f16's narrow exponent
// range puts overflow, underflow and the subnormal edge at other inputs than
// bf16's, so both formats run.
class TieredOracle16 : public ::testing::TestWithParam<Format> {};

TEST_P(TieredOracle16, EqualsAllMpfrOnEveryOpExhaustive) {
  for (const auto& op : catalog()) {
    if (op.is_binary()) continue;
    const InputSource src = InputSource::exhaustive(GetParam(), std::nullopt);
    expect_same({op.name.c_str(), "reference", GetParam(), 0, 0, 0.5}, src, "exhaustive");
  }
}

INSTANTIATE_TEST_SUITE_P(Formats, TieredOracle16, ::testing::Values(Format::bf16, Format::f16),
                         [](const auto& info) { return std::string(spec(info.param).name); });

// The mismatch classes decided by the fast tier (NaN below log's domain,
// overflow past exp's range, a NaN or inf output for a finite result) against
// a kernel that gets them wrong.
TEST(TieredOracle, EqualsAllMpfrOnMismatchClasses) {
  const std::vector<std::pair<Case, const char*>> cases = {
      {{"log", "libm.so.6:expf", Format::f32, -3, -2, 1.0}, "exp in place of log"},
      {{"exp", "libm.so.6:logf", Format::f32, 88, 100, 1.0}, "log in place of exp"},
      // "nonfinite": inf or NaN where the exact value is finite, on either side
      // of 2^emin (erfc past 10.05 is below FLT_MIN).
      {{"tanh", "libm.so.6:expf", Format::f32, 88.5, 90, 1.0}, "exp (inf past 88.7) in place of tanh"},
      {{"tanh", "libm.so.6:logf", Format::f32, -2.1, -2, 1.0}, "log (NaN) in place of tanh"},
      // NaN (asinf past 1) either side of exp's overflow threshold: nonfinite, then overflow.
      {{"exp", "libm.so.6:asinf", Format::f32, 88.5, 89, 1.0}, "asin (NaN) in place of exp"},
      {{"erfc", "libm.so.6:expf", Format::f32, 89, 90, 1.0}, "exp (inf) in place of erfc"},
  };
  for (const auto& [c, what] : cases)
    expect_same(c, InputSource::exhaustive(c.format, Range{c.lo, c.hi}), what);
}

// The piecewise ops' exact tier (oracles/piecewise/fast.cpp) against kernels
// of other functions: errors of every size, ties at 0 ULP, signed zeros on
// both sides of 2^emin (trunc(-0.5) = -0 where relu is +0; fabs(-0) = +0
// where relu is -0), nonfinite outputs, and the non-dyadic pieces /6.
TEST(TieredOracle, EqualsAllMpfrOnExactOpsWithOtherKernels) {
  const std::vector<std::pair<Case, const char*>> cases = {
      {{"relu", "libm.so.6:truncf", Format::f32, -1.01, -0.99, 0.5}, "trunc in place of relu"},
      {{"relu", "libm.so.6:fabsf", Format::f32, -0x1p-146, 0x1p-146, 0.5}, "fabs in place of relu"},
      {{"relu6", "libm.so.6:fabsf", Format::f32, 5.99, 6.01, 0.5}, "fabs in place of relu6"},
      {{"leaky_relu", "libm.so.6:sinf", Format::f32, -0x1p-146, 0x1p-146, 0.5}, "sin in place of leaky_relu"},
      {{"leaky_relu", "libm.so.6:sinf", Format::f32, -0x1p-126, -0x1.fp-127, 0.5}, "sin, subnormal results"},
      {{"leaky_relu", "libm.so.6:expf", Format::f32, -2.02, -2, 0.5}, "exp in place of leaky_relu"},
      {{"hardsigmoid", "libm.so.6:logf", Format::f32, -3.01, -2.99, 0.5}, "log (NaN) in place of hardsigmoid"},
      {{"hardsigmoid", "libm.so.6:sinf", Format::f32, 2.99, 3.01, 0.5}, "sin in place of hardsigmoid"},
      {{"hardswish", "libm.so.6:sinf", Format::f32, -3.01, -2.99, 0.5}, "sin in place of hardswish"},
      {{"hardswish_grad", "libm.so.6:expf", Format::f32, -1.51, -1.49, 0.5}, "exp in place of hardswish_grad"},
      {{"hardsigmoid_grad", "libm.so.6:expf", Format::f32, -1.79, -1.78, 0.5}, "exp in place of hardsigmoid_grad"},
  };
  for (const auto& [c, what] : cases)
    expect_same(c, InputSource::exhaustive(c.format, Range{c.lo, c.hi}), what);
}

// Outputs that dwarf the exact value on its side of zero, judged exactly by
// the fast tier (fast_judge_dominant): a plateau of equal errors (erfc's 2 in
// place of exp or sigmoid, as a clamping kernel returns one constant: the
// earliest input keeps the tie), distinct errors on the subnormal and normal
// side, the beyond-double remainders (exp, sigmoid, erfc), and outputs on the
// other side of zero (sin, tanh), which the rule leaves to the interval.
TEST(TieredOracle, EqualsAllMpfrWhereTheOutputDwarfsTheExactValue) {
  const std::vector<std::pair<Case, const char*>> cases = {
      {{"exp", "libm.so.6:erfcf", Format::f32, -1000, -999.9375, 1.0}, "erfc (2) in place of exp: a plateau"},
      {{"sigmoid", "libm.so.6:erfcf", Format::f32, -800, -799.9375, 1.0}, "erfc (2) in place of sigmoid: a plateau"},
      {{"exp", "libm.so.6:fabsf", Format::f32, -120, -119.9921875, 1.0}, "fabs in place of exp, subnormal results"},
      {{"exp", "libm.so.6:fabsf", Format::f32, -60, -59.99609375, 1.0}, "fabs in place of exp, normal results"},
      {{"erfc", "libm.so.6:fabsf", Format::f32, 30, 30.001953125, 1.0}, "fabs in place of erfc, beyond double"},
      {{"exp", "libm.so.6:sinf", Format::f32, -119.3828125, -119.37890625, 1.0}, "sin (crossing 0 at -38 pi) in place of exp"},
      {{"sigmoid", "libm.so.6:tanhf", Format::f32, -800.0625, -800, 1.0}, "tanh (-1) in place of sigmoid"},
  };
  for (const auto& [c, what] : cases)
    expect_same(c, InputSource::exhaustive(c.format, Range{c.lo, c.hi}), what);
}

// Errors that are equal in double, decided without MPFR where the enclosure
// settles their rounding (fast_judge_rounding): SLEEF's log1pf returns x minus
// one ULP for tiny x, so every error is 1 + x^2/2 (or 1 - x^2/2) ULPs, rounded
// up to 1.0000000000000002 (or 1) by judge(): a plateau, whose earliest input
// keeps the tie. The record is all-MPFR's, and MPFR judged at most 1 input in 64.
TEST(TieredOracle, EqualsAllMpfrOnErrorsEqualInDouble) {
  const std::vector<std::pair<Case, const char*>> cases = {
      {{"log1p", "libsleef.so:Sleef_log1pf_u10", Format::f32, -0x1p-126, -0x1.fp-127, 1.0}, "negative subnormals"},
      {{"log1p", "libsleef.so:Sleef_log1pf_u10", Format::f32, 0x1.fp-127, 0x1p-126, 1.0}, "positive subnormals"},
  };
  for (const auto& [c, what] : cases) {
    const Record r = expect_same(c, InputSource::exhaustive(c.format, Range{c.lo, c.hi}), what);
    EXPECT_LE(r.tiers.mpfr * 64, r.inputs) << what << ": MPFR judged " << r.tiers.mpfr << " of " << r.inputs;
  }
}

// --checkpoint: an interrupted run resumed gives the uninterrupted record.
TEST(Checkpoint, ResumedRunEqualsUninterrupted) {
  const OpInfo& op = require_op("tanh");
  const Kernel k = make_kernel("libm.so.6:tanhf", Abi::scalar, op, Format::f32, {});
  const InputSource src = InputSource::exhaustive(Format::f32, Range{0.25, 1.0});
  const std::string path = (std::filesystem::temp_directory_path() / "numstab_checkpoint_test.jsonl").string();
  std::filesystem::remove(path);
  SweepConfig cfg = config(op, Format::f32, 2.0, true);
  const Record whole = sweep(cfg, src, k);
  cfg.checkpoint = path;
  sweep(cfg, src, k);
  // Keep the header and the first 100 chunks, then half a line: an interruption.
  std::ifstream in(path);
  std::string line, kept;
  for (int n = 0; n <= 100 && std::getline(in, line); ++n) kept += line + "\n";
  std::getline(in, line);
  kept += line.substr(0, line.size() / 2);
  in.close();
  std::ofstream(path, std::ios::trunc) << kept;
  const Record resumed = sweep(cfg, src, k);
  EXPECT_EQ(differences(resumed, whole), "");
  EXPECT_EQ(resumed.mean_ulp, whole.mean_ulp);
  EXPECT_EQ(resumed.counterexamples.size(), whole.counterexamples.size());
  // Another run's checkpoint is refused, not merged.
  SweepConfig other = cfg;
  other.bound = 3.0;
  EXPECT_THROW(sweep(other, src, k), UsageError);
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace numstab
