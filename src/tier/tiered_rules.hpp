// The tiered sweep's rules, apart from its loop (tiered_chunk.hpp): the floors
// below which an input cannot be a maximum, which inputs are audited, MPFR's
// slack, the audit itself, and what a fast judgement settles on its own.
#pragma once
#include <atomic>
#include <cmath>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>

#include "src/accumulator.hpp"
#include "src/tier/bits.hpp"
#include "src/tier/fast_judge.hpp"
#include "src/tier/witness.hpp"

namespace numstab::tier {
// Exact region maxima found so far by any thread: lower bounds of the final
// ones, so an input whose error is surely below them cannot be the maximum.
struct SharedFloors {
  std::atomic<double> normal{-1}, subnormal{-1};
  // The seeded values alone (seed_floors): deterministic, so decisions that
  // shape the mean's summation order may use them.
  double seed_normal = -1, seed_subnormal = -1;
  static void raise(std::atomic<double>& f, double v) {
    double cur = f.load(std::memory_order_relaxed);
    while (v > cur && !f.compare_exchange_weak(cur, v, std::memory_order_relaxed)) {
    }
  }
};

// The fast tier of an op: its own (op.fast) or its f64 reference kernel with
// the stated relative bound.
struct FastTier {
  FastOracleFn fn = nullptr;
  RefBatchFn<F64> reference = nullptr;
  void enclose_block(const double* x, size_t n, const Params& p, Enclosure* out) const {
    if (fn) return fn(x, n, p, out);
    thread_local std::vector<double> y;
    y.resize(n);
    reference(x, y.data(), n, p);
    for (size_t i = 0; i < n; ++i) out[i] = enclose(y[i]);
  }
};

inline bool audited(uint64_t index) {
  uint64_t z = index + 0x9e3779b97f4a7c15ULL;  // splitmix64
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return ((z ^ (z >> 31)) & 4095) == 0;
}

// One input of a sub-chunk after the fast pass.
struct Entry {
  uint64_t index;  // in the source
  uint64_t bits;
  double got;
  bool decided;  // fast judgement below is valid
  FastJudgement fj;
};

// MPFR's own value is exact only to 2^(1 - bits) relative: its ULP error is
// uncertain by up to 2^(1 - bits + p) ULP (2^-232 for f32 at 257 bits), which
// matters where errors are that small (tanh(2^-126) - 2^-126). Fast intervals
// are widened by this much before they are compared with MPFR's values.
inline double mpfr_ulp_slack(const SweepConfig& cfg) {
  return std::ldexp(1.0, spec(cfg.format).precision + 4 - static_cast<int>(cfg.oracle_bits));
}

inline void widen(FastJudgement& fj, double slack) {
  if (fj.exact || fj.ulp_hi == 0) return;  // exactly known (an exact judgement, a class)
  fj.ulp_hi += slack;
  fj.ulp_lo = std::max(0.0, fj.ulp_lo - slack);
}

inline void check_audit(const OpInfo& op, Format f, double x, double got, const FastJudgement& fj,
                        const Judgement& j) {
  // fj is widened by MPFR's uncertainty already (widen); 2^-45 covers the
  // rounding of MPFR's ULP error to double.
  // An exactly known judgement (a class, an exact infinity, an exact
  // enclosure's) claims its ULP itself.
  const bool exactly_known = fj.exactly_known();
  const bool ulp_ok = exactly_known ? j.ulp == fj.judgement.ulp
                                    : j.ulp >= fj.ulp_lo * (1 - 0x1p-45) && j.ulp <= fj.ulp_hi * (1 + 0x1p-45);
  const bool ok = j.mismatch == fj.judgement.mismatch &&
                  j.exact_subnormal == fj.judgement.exact_subnormal && ulp_ok;
  if (!ok)
    throw std::runtime_error(fmt::format(
        "the fast oracle tier of {} {} is wrong at x = {:a} ({}) with output {:a}: it claims an "
        "error in ({}, {}) ULP, MPFR gives {} ULP ({}); rerun with --oracle mpfr",
        op.name, spec(f).name, x, x, got, fj.ulp_lo, fj.ulp_hi, j.ulp, kMismatchNames[static_cast<int>(j.mismatch)]));
}

// Starts the floors from an exact judgement of a few thousand inputs spread
// over the source, so that whole regions whose errors lie far below the
// maximum (tanh's saturated tails, where every error is below 2^-900 ULP) are
// never escalated, in whatever order the chunks run. Only a lower bound: the
// result does not depend on it. Their exact judgements go to `witness`, and
// the final record is checked against them.
template <class Tag>
SeedIndices seed_floors(const SweepConfig& cfg, const InputSource& src, const Kernel& kernel,
                        SharedFloors& floors, Witness& witness) {
  using S = typename Tag::Storage;
  constexpr uint64_t kSeeds = 4096;
  const uint64_t total = src.size(), n = std::min(total, kSeeds);
  const SeedIndices seeds{total / n, n};
  std::vector<S> xs(n), ys(n);
  std::vector<uint64_t> index(n);
  for (uint64_t k = 0; k < n; ++k) {
    index[k] = k * seeds.stride;
    xs[k] = Tag::from_bits(static_cast<typename Tag::Bits>(src.bits_at(index[k])));
  }
  if (kernel.recorded) {
    for (uint64_t k = 0; k < n; ++k) kernel.recorded(index[k], &ys[k], 1);
  } else {
    kernel.run(xs.data(), ys.data(), n);
  }
  Real xr, exact;
  for (uint64_t k = 0; k < n; ++k) {
    const double x = Tag::to_double(xs[k]), got = Tag::to_double(ys[k]);
    xr = x;
    bool unresolved = false;
    const Judgement j = evaluate_and_judge(cfg.op->oracle, cfg.params, cfg.format, xr, got, exact, &unresolved);
    witness.see(cfg, x, j, got);
    if (counts_as_number(j, got)) SharedFloors::raise(j.exact_subnormal ? floors.subnormal : floors.normal, j.ulp);
  }
  floors.seed_normal = floors.normal.load();
  floors.seed_subnormal = floors.subnormal.load();
  return seeds;
}

// What a fast judgement settles on its own.
struct Settled {
  bool interval = false;       // an error interval (else the judgement is exact)
  bool bin_certain = false;    // the histogram bin
  bool counts_to_bound = false;
  bool bound_certain = false;  // on which side of the bound the error lies
  int bin = 0;                 // the histogram bin, when bin_certain
};

inline Settled settle(const SweepConfig& cfg, const FastJudgement& fj, double got) {
  Settled r;
  // Intervals exist only for a numeric judgement with mismatch none; the
  // others (nan, overflow classes) are exact with ULP 0.
  r.interval = counts_as_number(fj.judgement, got) && fj.judgement.mismatch == Mismatch::none &&
               !fj.exactly_known();
  const int bin_lo = fj.may_be_exact ? 0 : histogram_bin(next_up(fj.ulp_lo));
  r.bin = histogram_bin(fj.ulp_hi);
  r.bin_certain = !r.interval || bin_lo == r.bin;
  r.counts_to_bound = cfg.judge_subnormal || !fj.judgement.exact_subnormal;
  r.bound_certain = !r.interval || !cfg.bound || !r.counts_to_bound || fj.ulp_lo >= *cfg.bound ||
                    fj.ulp_hi <= *cfg.bound;
  return r;
}

// Pass 1's common outcome (below the maxima, bin 1) tallied in registers, not
// through the Accumulator in memory; flushed before any other add, so the
// mean's summation order is unchanged.
struct QuickTally {
  uint64_t n = 0;
  double sum, halfwidth;
  explicit QuickTally(const Accumulator& acc) { reload(acc); }
  void add(double ulp) {
    ++n;
    sum += ulp;
  }
  void reload(const Accumulator& acc) {
    sum = acc.sum_ulp;
    halfwidth = acc.tiers.max_halfwidth;
  }
  void flush(Accumulator& acc) {
    acc.count += n;
    acc.compared += n;
    acc.histogram[1] += n;
    acc.tiers.fast += n;
    n = 0;
    acc.sum_ulp = sum;
    acc.tiers.max_halfwidth = halfwidth;
  }
};

}  // namespace numstab::tier
