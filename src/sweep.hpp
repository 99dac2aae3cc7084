// The sweep engine: inputs in blocks -> kernel under test -> oracle -> judgement
// -> accumulator -> record. Deterministic for any thread count.
#pragma once
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "src/catalog.hpp"
#include "src/inputs.hpp"
#include "src/tier/bits.hpp"
#include "src/ulp.hpp"

namespace numstab {

// A kernel under test, type-erased over the format's storage: x and y point to
// n values of the format's storage type (uint16_t bit patterns for f16/bf16).
struct Kernel {
  std::string name;
  std::function<void(const void* x, void* y, size_t n)> run;
  // Binary ops whose second operand varies per input: y[i] = f(x[i], a[i]).
  std::function<void(const void* x, const void* a, void* y, size_t n)> run2{};
  // Outputs recorded elsewhere (--data): y[0..n) are the outputs of inputs
  // first..first+n of the source; used instead of run/run2 when set.
  std::function<void(uint64_t first, void* y, size_t n)> recorded{};
  // numstab's own kernel for the op (reference_kernel): the oracle must not
  // share its formula (OpInfo::fast_independent_of_reference).
  bool reference = false;
  // Framework kernels (src/frameworks/): the same op with every input in the
  // tail position of its call (the scalar loop or the masked tail), and what
  // the record says about the framework (name, version, call, ISA path).
  std::function<void(const void* x, void* y, size_t n)> run_tail{};
  std::function<nlohmann::json()> describe{};
};

// Whether an input's error is a number that enters max, mean and histogram:
// no mismatch and a non-NaN output, or a zero of the wrong sign (its ULP error
// is 0; the mismatch is counted apart). The sweep and the report's plot samples
// share this rule.
inline bool counts_as_number(const Judgement& j, double got) {
  return (j.mismatch == Mismatch::none && !std::isnan(got)) || j.mismatch == Mismatch::signed_zero;
}

// The kernel on one input (bits in, bits out); not for hot loops.
uint64_t run_one(const Kernel& k, Format f, uint64_t x_bits);

// numstab's own kernel for an op and format, with parameters bound (for a
// binary op, run2 takes the second operand per input instead of p.back()).
Kernel reference_kernel(const OpInfo& op, Format f, const Params& p);

struct SweepConfig {
  const OpInfo* op = nullptr;
  Params params;
  Format format = Format::f32;
  unsigned oracle_bits = 256;
  int threads = 0;                   // 0: OpenMP's default
  std::optional<double> bound;       // certify: the ULP bound
  bool strict_zero = false;          // signed_zero counts as a violation
  bool judge_subnormal = true;       // false: --subnormal ignore
  size_t max_counterexamples = 10;
  bool progress = false;             // a progress line on stderr for long runs
  bool stability = false;            // also the error over (kappa + 1) u, per input
  uint64_t seed = 1;
  // Oracle tiers: the op's fast tier decides where its enclosure can, MPFR
  // elsewhere (same record as all-MPFR); false: MPFR at every input.
  bool tiered = true;
  // Resume file: each finished chunk is appended; a rerun with the same
  // configuration skips the chunks it holds. Empty: none.
  std::string checkpoint;
  // What the kernel's code and the inputs' file are (the library's and the
  // --data file's path, size, mtime and CRC-32): a checkpoint resumes only the
  // same ones. Empty: numstab's own kernel and inputs.
  std::string origin;
};

struct Counterexample {
  uint64_t input_bits;
  double input, got;
  std::optional<double> second;  // a binary op's second operand
  std::string exact_hex, exact_dec;
  double ulp;  // +inf for nonfinite; 0 for other mismatches
  Mismatch mismatch;
};

// Error histogram: bin 0 holds exact results, bin 1 (0, 0.5] ULP, bin k >= 2
// (2^(k-3), 2^(k-2)] ULP (bin 2 is (0.5, 1], bin 3 (1, 2], ...), the last bin
// everything larger.
inline constexpr int kHistogramBins = 40;
inline int histogram_bin(double ulp) {
  if (ulp == 0) return 0;
  if (ulp < 0x1p-1000) return 1;  // bin 1 in any case; no slow subnormal arithmetic
  const int e = tier::binade_of(ulp);
  const int k = e + 2 + (tier::pow2(e) == ulp ? 0 : 1);
  return std::clamp(k, 1, kHistogramBins - 1);
}

struct Record {
  std::string op, format, kernel, mode;
  uint64_t inputs = 0;
  double max_ulp = 0, max_ulp_normal = 0, max_ulp_subnormal = 0, mean_ulp = 0;
  bool has_argmax = false;
  uint64_t argmax_bits = 0;
  double argmax = 0, argmax_got = 0;
  std::optional<double> argmax_second;  // a binary op's second operand there
  // --stability: max over inputs with a normal exact result of
  // |got - exact| / (|exact| (kappa(x) + 1) u), u = 2^-p, with kappa = |x f'/f|.
  // Of order 1 for a backward-stable kernel, however ill-conditioned x is.
  struct Stability {
    double max_ratio = 0, at = 0, kappa = 0;
  };
  std::optional<Stability> stability;
  std::string argmax_exact;
  std::array<uint64_t, 5> mismatches{};  // indexed by Mismatch; [0] unused
  double cond_at_argmax = 0;
  uint64_t seed = 0;
  double seconds = 0;
  unsigned oracle_bits = 0;
  std::array<uint64_t, kHistogramBins> histogram{};
  std::optional<double> bound;
  bool judge_subnormal = true;
  bool strict_zero = false;
  uint64_t violations = 0;
  // Inputs whose exact result the oracle could not place on either side of a
  // power of two (judged with the smaller ULP) or of a rounding midpoint
  // (judged just over 0.5 ULP off); see evaluate_and_judge. The JSON name
  // predates the midpoint case.
  uint64_t binade_unresolved = 0;
  // How the inputs were judged: by the fast oracle tier alone or with MPFR
  // (escalated or undecided), and the largest half-width, in ULP, of a fast
  // error interval that fed the mean (the mean's distance to all-MPFR's is below it).
  struct OracleTiers {
    uint64_t fast = 0, mpfr = 0;
    double max_halfwidth = 0;
  };
  OracleTiers tiers;
  std::vector<Counterexample> counterexamples;

  bool passed() const { return violations == 0; }
};

// Runs the whole pipeline. Throws UsageError when the source holds no input.
Record sweep(const SweepConfig& config, const InputSource& source, const Kernel& kernel);

}  // namespace numstab
