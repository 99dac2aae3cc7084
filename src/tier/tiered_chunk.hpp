// The tiered oracle's chunk loop: the fast tier judges every input it can
// (src/tier/fast_judge.hpp); MPFR judges the rest and every input whose fast
// error interval straddles something the record depends on: the bound, a
// histogram edge, 0, or the running maximum of its region (normal or subnormal
// exact result). So max, argmax, region maxima, verdict, violations, mismatch
// counts and histogram are those of an all-MPFR sweep; the mean differs from
// it by less than the largest fast half-width (Record::tiers). Every escalated
// input, and one in 4096, audits the fast tier: a miss is an internal error.
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

template <class Tag, class MakeCex>
void run_chunk_tiered(const SweepConfig& cfg, const InputSource& src, const Kernel& kernel,
                      const FastTier& fast, uint64_t first, uint64_t last, Accumulator& acc,
                      SharedFloors& floors, const SeedIndices& seeds, Witness& witness,
                      MakeCex make_counterexample) {
  using S = typename Tag::Storage;
  using Bits = typename Tag::Bits;
  constexpr size_t kBlock = 2048, kSub = 8192;  // a sub-chunk's entries stay in cache
  thread_local std::vector<Entry> entries;
  thread_local std::vector<S> xs, ys;
  thread_local std::vector<uint64_t> bits;
  thread_local std::vector<double> xd;
  thread_local std::vector<Enclosure> enc;
  entries.resize(kSub);
  xs.resize(kBlock);
  bits.resize(kBlock);
  ys.resize(kBlock);
  xd.resize(kBlock);
  enc.resize(kBlock);
  thread_local Real xr, exact;
  mpfr_set_prec(xr.backend().data(), 64);
  const Params& params = cfg.params;
  const FormatSpec& fs = spec(cfg.format);
  const double slack = mpfr_ulp_slack(cfg), resolution = 4 * slack;
  const bool half_within_bound = !cfg.bound || *cfg.bound >= 0.5;
  // Every MPFR judgement of the chunk is witnessed (seeds were, already).
  const auto exact_judgement = [&](uint64_t index, double x, double got) {
    mpfr_set_d(xr.backend().data(), x, MPFR_RNDN);
    bool unresolved = false;
    const Judgement j = evaluate_and_judge(cfg.op->oracle, params, cfg.format, xr, got, exact, &unresolved);
    acc.binade_unresolved += unresolved;
    if (!seeds.contains(index)) witness.see(cfg, x, j, got);
    return j;
  };

  for (uint64_t sub = first; sub < last; sub += kSub) {
    const size_t m = static_cast<size_t>(std::min<uint64_t>(kSub, last - sub));
    // Pass 1: kernel and fast tier on every input. An input whose error is
    // settled and surely below a deterministic floor (seeded, or a lower bound
    // met earlier in this sub-chunk) is added at once; the rest wait for pass 2.
    double floor_normal = floors.seed_normal, floor_subnormal = floors.seed_subnormal;
    size_t pending = 0;
    QuickTally quick(acc);
    for (size_t b = 0; b < m; b += kBlock) {
      const size_t n = std::min(kBlock, m - b);
      src.bits_block(sub + b, n, bits.data());
      for (size_t i = 0; i < n; ++i) {
        xs[i] = Tag::from_bits(static_cast<Bits>(bits[i]));
        xd[i] = Tag::to_double(xs[i]);
      }
      if (kernel.recorded) kernel.recorded(sub + b, ys.data(), n);
      else kernel.run(xs.data(), ys.data(), n);
      fast.enclose_block(xd.data(), n, params, enc.data());
      for (size_t i = 0; i < n; ++i) {
        const double got = Tag::to_double(ys[i]);
        FastJudgement fj;
        bool decided;
        // Fast tiers make claims for finite inputs only (sigmoid's claims
        // 1 - r, r > 0, for x >= 700, not at +inf where it is 1).
        const bool finite = std::isfinite(xd[i]);
        if (finite && fast_judge_anchored(fs, got, enc[i], fj)) {
          // The common case (the kernel returned the anchor), inlined, and its
          // common outcome decided without settle(): an error below 1/2 ULP is
          // in histogram bin 1 and within any bound of 1/2 or more.
          widen(fj, slack);
          const double f = fj.judgement.exact_subnormal ? floor_subnormal : floor_normal;
          if (!fj.may_be_exact && fj.ulp_hi <= 0.5 && half_within_bound && fj.judgement.ulp > 0 &&
              fj.ulp_hi < std::max(f, resolution) && !audited(sub + b + i)) {
            if (fj.ulp_hi >= f) {  // unresolvable: may be a maximum
              quick.flush(acc);
              ++acc.tiers.fast;
              acc.add(cfg, fj.judgement, fj.judgement.ulp, bits[i], 0, got);
              quick.reload(acc);
            } else {
              quick.add(fj.judgement.ulp);
            }
            quick.halfwidth = std::max(quick.halfwidth, (fj.ulp_hi - fj.ulp_lo) / 2);
            continue;
          }
          decided = true;
        } else if (std::isnan(xd[i])) {
          // Every op maps NaN to NaN (checked catalog-wide by suites/tiered/tiered_oracle_test.cpp).
          decided = fast_judge(fs, got, enclose_nan(), fj, slack);
          if (decided) widen(fj, slack);
        } else {
          decided = finite && fast_judge(fs, got, enc[i], fj, slack);
          if (decided) widen(fj, slack);
        }
        if (decided && counts_as_number(fj.judgement, got)) {
          double& f = fj.judgement.exact_subnormal ? floor_subnormal : floor_normal;
          const Settled st = settle(cfg, fj, got);
          // Below MPFR's resolution the fast value is the better one: such an
          // input is never escalated, and feeds the maxima itself.
          const bool unresolvable = fj.ulp_hi < resolution;
          // (A midpoint that underflowed to 0 is in bin 0, not st.bin.)
          if (st.interval && st.bin_certain && st.bound_certain && fj.judgement.ulp > 0 &&
              (fj.ulp_hi < f || unresolvable) &&
              !(cfg.bound && st.counts_to_bound && fj.ulp_lo >= *cfg.bound) && !audited(sub + b + i)) {
            quick.flush(acc);
            ++acc.tiers.fast;
            acc.tiers.max_halfwidth = std::max(acc.tiers.max_halfwidth, (fj.ulp_hi - fj.ulp_lo) / 2);
            if (unresolvable && fj.ulp_hi >= f) acc.add(cfg, fj.judgement, fj.judgement.ulp, bits[i], 0, got);
            else acc.add_below_max(fj.judgement.ulp, st.bin);
            quick.reload(acc);
            continue;
          }
          f = std::max(f, fj.ulp_lo);
        }
        entries[pending++] = {sub + b + i, bits[i], got, decided, fj};
      }
    }
    quick.flush(acc);
    floor_normal = std::max(floor_normal, floors.normal.load(std::memory_order_relaxed));
    floor_subnormal = std::max(floor_subnormal, floors.subnormal.load(std::memory_order_relaxed));

    // Pass 2, in input order: escalate what the fast interval cannot decide.
    for (size_t i = 0; i < pending; ++i) {
      const Entry& e = entries[i];
      const auto x_of = [&] { return bits_to_double(cfg.format, e.bits); };
      if (!e.decided) {
        const double x = x_of();
        ++acc.tiers.mpfr;
        const Judgement j = exact_judgement(e.index, x, e.got);
        if (acc.add(cfg, j, j.ulp, e.bits, 0, e.got)) {
          ++acc.violations;
          if (acc.counterexamples.size() < cfg.max_counterexamples)
            acc.counterexamples.push_back(make_counterexample(e.bits, x, e.got, exact, j));
        }
        if (counts_as_number(j, e.got)) {
          double& f = j.exact_subnormal ? floor_subnormal : floor_normal;
          f = std::max(f, j.ulp);
          SharedFloors::raise(j.exact_subnormal ? floors.subnormal : floors.normal, j.ulp);
        }
        continue;
      }
      const FastJudgement& fj = e.fj;
      const Settled st = settle(cfg, fj, e.got);
      const bool interval = st.interval, exactly_known = !interval, bin_certain = st.bin_certain;
      const bool bound_certain = st.bound_certain;
      const double floor = fj.judgement.exact_subnormal ? floor_subnormal : floor_normal;
      const bool may_be_max = interval && fj.ulp_hi >= floor && fj.ulp_hi >= resolution;
      // An exact enclosure's claim is audited too: one input in 4096.
      const bool escalate = interval ? may_be_max || !bin_certain || !bound_certain || audited(e.index)
                                     : fj.exact && audited(e.index);
      if (!escalate) {
        ++acc.tiers.fast;
        if (interval) acc.tiers.max_halfwidth = std::max(acc.tiers.max_halfwidth, (fj.ulp_hi - fj.ulp_lo) / 2);
        // Below its region's floor (or exactly known): the fast midpoint feeds
        // mean and histogram (its bin is certain) and cannot be a maximum; the
        // bound is certain, so the midpoint decides the violation too.
        const bool violation = acc.add(cfg, fj.judgement, fj.judgement.ulp, e.bits, 0, e.got,
                                       /*max_candidate=*/exactly_known || fj.ulp_hi >= floor);
        if (violation) {
          ++acc.violations;
          if (acc.counterexamples.size() < cfg.max_counterexamples) {
            const double x = x_of();
            // The exact value for the message, and an audit of the claim.
            const Judgement jx = exact_judgement(e.index, x, e.got);
            check_audit(*cfg.op, cfg.format, x, e.got, fj, jx);
            acc.counterexamples.push_back(make_counterexample(e.bits, x, e.got, exact, jx));
          }
        }
        continue;
      }
      ++acc.tiers.mpfr;
      const double x = x_of();
      const Judgement j = exact_judgement(e.index, x, e.got);
      check_audit(*cfg.op, cfg.format, x, e.got, fj, j);
      // Mean and histogram from the fast value when its bin is certain (so they
      // do not depend on which inputs the running maximum escalated).
      const double sum_ulp = bin_certain ? fj.judgement.ulp : j.ulp;
      if (bin_certain) acc.tiers.max_halfwidth = std::max(acc.tiers.max_halfwidth, (fj.ulp_hi - fj.ulp_lo) / 2);
      if (acc.add(cfg, j, sum_ulp, e.bits, 0, e.got)) {
        ++acc.violations;
        if (acc.counterexamples.size() < cfg.max_counterexamples)
          acc.counterexamples.push_back(make_counterexample(e.bits, x, e.got, exact, j));
      }
      double& f = j.exact_subnormal ? floor_subnormal : floor_normal;
      f = std::max(f, j.ulp);
      SharedFloors::raise(j.exact_subnormal ? floors.subnormal : floors.normal, j.ulp);
    }
  }
}

}  // namespace numstab::tier
