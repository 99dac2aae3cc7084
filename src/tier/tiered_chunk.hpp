// The tiered oracle's chunk loop: the fast tier judges every input it can
// (src/tier/fast_judge.hpp); MPFR judges the rest and every input whose fast
// error interval straddles something the record depends on: the bound, a
// histogram edge, 0, or the running maximum of its region (normal or subnormal
// exact result). So max, argmax, region maxima, verdict, violations, mismatch
// counts and histogram are those of an all-MPFR sweep; the mean differs from
// it by less than the largest fast half-width (Record::tiers). Every escalated
// input, and one in 4096, audits the fast tier: a miss is an internal error.
#pragma once
#include <algorithm>
#include <vector>

#include "src/tier/tiered_rules.hpp"

namespace numstab::tier {

// One chunk of the tiered sweep, in sub-chunks of two passes. Pass 1 runs the
// kernel and the fast tier on every input and adds at once each input whose
// error is settled and surely below a deterministic floor (seeded, or a lower
// bound met earlier in this sub-chunk); pass 2 takes the rest in input order
// and escalates to MPFR what the fast interval cannot decide.
template <class Tag, class MakeCex>
class TieredChunk {
 public:
  TieredChunk(const SweepConfig& cfg, const InputSource& src, const Kernel& kernel, const FastTier& fast,
              Accumulator& acc, SharedFloors& floors, const SeedIndices& seeds, Witness& witness,
              MakeCex make_counterexample)
      : cfg_(cfg), src_(src), kernel_(kernel), fast_(fast), acc_(acc), floors_(floors), seeds_(seeds),
        witness_(witness), make_counterexample_(make_counterexample), fs_(spec(cfg.format)),
        slack_(mpfr_ulp_slack(cfg)), resolution_(4 * slack_), half_within_bound_(!cfg.bound || *cfg.bound >= 0.5),
        buffers_(thread_buffers()), entries_(buffers_.entries), xs_(buffers_.xs), ys_(buffers_.ys),
        bits_(buffers_.bits), xd_(buffers_.xd), enc_(buffers_.enc), xr_(buffers_.xr), exact_(buffers_.exact) {
    mpfr_set_prec(xr_.backend().data(), 64);
  }

  void run(uint64_t first, uint64_t last) {
    for (uint64_t sub = first; sub < last; sub += kSub) {
      const size_t m = static_cast<size_t>(std::min<uint64_t>(kSub, last - sub));
      floor_normal_ = floors_.seed_normal;
      floor_subnormal_ = floors_.seed_subnormal;
      const size_t pending = fast_pass(sub, m);
      floor_normal_ = std::max(floor_normal_, floors_.normal.load(std::memory_order_relaxed));
      floor_subnormal_ = std::max(floor_subnormal_, floors_.subnormal.load(std::memory_order_relaxed));
      for (size_t i = 0; i < pending; ++i) {
        if (entries_[i].decided) judge_decided(entries_[i]);
        else judge_undecided(entries_[i]);
      }
    }
  }

 private:
  using S = typename Tag::Storage;
  using Bits = typename Tag::Bits;
  static constexpr size_t kBlock = 2048, kSub = 8192;  // a sub-chunk's entries stay in cache

  // Per thread, not per chunk: a 16-bit sweep's chunks are 256 inputs.
  struct Buffers {
    std::vector<Entry> entries = std::vector<Entry>(kSub);
    std::vector<S> xs = std::vector<S>(kBlock), ys = std::vector<S>(kBlock);
    std::vector<uint64_t> bits = std::vector<uint64_t>(kBlock);
    std::vector<double> xd = std::vector<double>(kBlock);
    std::vector<Enclosure> enc = std::vector<Enclosure>(kBlock);
    Real xr, exact;
  };
  static Buffers& thread_buffers() {
    thread_local Buffers buffers;
    return buffers;
  }

  double& floor_of(const Judgement& j) { return j.exact_subnormal ? floor_subnormal_ : floor_normal_; }

  // Pass 1 over one sub-chunk; returns how many inputs wait in entries_.
  size_t fast_pass(uint64_t sub, size_t m) {
    size_t pending = 0;
    QuickTally quick(acc_);
    for (size_t b = 0; b < m; b += kBlock) {
      const size_t n = std::min(kBlock, m - b);
      src_.bits_block(sub + b, n, bits_.data());
      for (size_t i = 0; i < n; ++i) {
        xs_[i] = Tag::from_bits(static_cast<Bits>(bits_[i]));
        xd_[i] = Tag::to_double(xs_[i]);
      }
      if (kernel_.recorded) kernel_.recorded(sub + b, ys_.data(), n);
      else kernel_.run(xs_.data(), ys_.data(), n);
      fast_.enclose_block(xd_.data(), n, cfg_.params, enc_.data());
      for (size_t i = 0; i < n; ++i) {
        const uint64_t index = sub + b + i;
        const double got = Tag::to_double(ys_[i]);
        FastJudgement fj;
        bool decided;
        // Fast tiers make claims for finite inputs only (sigmoid's claims
        // 1 - r, r > 0, for x >= 700, not at +inf where it is 1).
        const bool finite = std::isfinite(xd_[i]);
        if (finite && fast_judge_anchored(fs_, got, enc_[i], fj)) {
          widen(fj, slack_);
          if (add_anchored(fj, index, bits_[i], got, quick)) continue;
          decided = true;
        } else if (std::isnan(xd_[i])) {
          // Every op maps NaN to NaN (checked catalog-wide by suites/tiered/tiered_oracle_test.cpp).
          decided = fast_judge(fs_, got, enclose_nan(), fj, slack_);
          if (decided) widen(fj, slack_);
        } else {
          decided = finite && fast_judge(fs_, got, enc_[i], fj, slack_);
          if (decided) widen(fj, slack_);
        }
        if (decided && counts_as_number(fj.judgement, got)) {
          if (add_settled(fj, index, bits_[i], got, quick)) continue;
          double& f = floor_of(fj.judgement);
          f = std::max(f, fj.ulp_lo);
        }
        entries_[pending++] = {index, bits_[i], got, decided, fj};
      }
    }
    quick.flush(acc_);
    return pending;
  }

  // The common case (the kernel returned the anchor), and its common outcome
  // decided without settle(): an error below 1/2 ULP is in histogram bin 1 and
  // within any bound of 1/2 or more. Whether the input was added.
  bool add_anchored(const FastJudgement& fj, uint64_t index, uint64_t bits, double got, QuickTally& quick) {
    const double f = fj.judgement.exact_subnormal ? floor_subnormal_ : floor_normal_;
    if (!(!fj.may_be_exact && fj.ulp_hi <= 0.5 && half_within_bound_ && fj.judgement.ulp > 0 &&
          fj.ulp_hi < std::max(f, resolution_) && !audited(index)))
      return false;
    if (fj.ulp_hi >= f) {  // unresolvable: may be a maximum
      quick.flush(acc_);
      ++acc_.tiers.fast;
      acc_.add(cfg_, fj.judgement, fj.judgement.ulp, bits, 0, got);
      quick.reload(acc_);
    } else {
      quick.add(fj.judgement.ulp);
    }
    quick.halfwidth = std::max(quick.halfwidth, (fj.ulp_hi - fj.ulp_lo) / 2);
    return true;
  }

  // A numeric fast judgement whose bin and side of the bound are certain,
  // surely below its region's floor or below MPFR's resolution (there the
  // fast value is the better one and feeds the maxima itself). Whether the
  // input was added.
  bool add_settled(const FastJudgement& fj, uint64_t index, uint64_t bits, double got, QuickTally& quick) {
    const double f = fj.judgement.exact_subnormal ? floor_subnormal_ : floor_normal_;
    const Settled st = settle(cfg_, fj, got);
    const bool unresolvable = fj.ulp_hi < resolution_;
    // (A midpoint that underflowed to 0 is in bin 0, not st.bin.)
    if (!(st.interval && st.bin_certain && st.bound_certain && fj.judgement.ulp > 0 && (fj.ulp_hi < f || unresolvable) &&
          !(cfg_.bound && st.counts_to_bound && fj.ulp_lo >= *cfg_.bound) && !audited(index)))
      return false;
    quick.flush(acc_);
    ++acc_.tiers.fast;
    acc_.tiers.max_halfwidth = std::max(acc_.tiers.max_halfwidth, (fj.ulp_hi - fj.ulp_lo) / 2);
    if (unresolvable && fj.ulp_hi >= f) acc_.add(cfg_, fj.judgement, fj.judgement.ulp, bits, 0, got);
    else acc_.add_below_max(fj.judgement.ulp, st.bin);
    quick.reload(acc_);
    return true;
  }

  // An MPFR judgement; every one of the chunk is witnessed (seeds were, already).
  Judgement exact_judgement(uint64_t index, double x, double got) {
    mpfr_set_d(xr_.backend().data(), x, MPFR_RNDN);
    bool unresolved = false;
    const Judgement j = evaluate_and_judge(cfg_.op->oracle, cfg_.params, cfg_.format, xr_, got, exact_, &unresolved);
    acc_.binade_unresolved += unresolved;
    if (!seeds_.contains(index)) witness_.see(cfg_, x, j, got);
    return j;
  }

  void count_violation(uint64_t bits, double x, double got, const Judgement& j) {
    ++acc_.violations;
    if (acc_.counterexamples.size() < cfg_.max_counterexamples)
      acc_.counterexamples.push_back(make_counterexample_(bits, x, got, exact_, j));
  }

  // An exact error raises its region's floors, this chunk's and the shared one.
  void raise_floors(const Judgement& j) {
    double& f = floor_of(j);
    f = std::max(f, j.ulp);
    SharedFloors::raise(j.exact_subnormal ? floors_.subnormal : floors_.normal, j.ulp);
  }

  // No fast judgement: MPFR's.
  void judge_undecided(const Entry& e) {
    const double x = bits_to_double(cfg_.format, e.bits);
    ++acc_.tiers.mpfr;
    const Judgement j = exact_judgement(e.index, x, e.got);
    if (acc_.add(cfg_, j, j.ulp, e.bits, 0, e.got)) count_violation(e.bits, x, e.got, j);
    if (counts_as_number(j, e.got)) raise_floors(j);
  }

  // A fast judgement pass 1 left: kept, or escalated (and audited) where it
  // may be a maximum, its bin or side of the bound is uncertain, or the input
  // is one of those audited.
  void judge_decided(const Entry& e) {
    const FastJudgement& fj = e.fj;
    const Settled st = settle(cfg_, fj, e.got);
    const bool interval = st.interval;
    const double floor = fj.judgement.exact_subnormal ? floor_subnormal_ : floor_normal_;
    const bool may_be_max = interval && fj.ulp_hi >= floor && fj.ulp_hi >= resolution_;
    // An exact enclosure's claim is audited too: one input in 4096.
    const bool escalate = interval ? may_be_max || !st.bin_certain || !st.bound_certain || audited(e.index)
                                   : fj.exact && audited(e.index);
    if (!escalate) return keep_fast(e, interval, floor);
    ++acc_.tiers.mpfr;
    const double x = bits_to_double(cfg_.format, e.bits);
    const Judgement j = exact_judgement(e.index, x, e.got);
    check_audit(*cfg_.op, cfg_.format, x, e.got, fj, j);
    // Mean and histogram from the fast value when its bin is certain (so they
    // do not depend on which inputs the running maximum escalated).
    const double sum_ulp = st.bin_certain ? fj.judgement.ulp : j.ulp;
    if (st.bin_certain) acc_.tiers.max_halfwidth = std::max(acc_.tiers.max_halfwidth, (fj.ulp_hi - fj.ulp_lo) / 2);
    if (acc_.add(cfg_, j, sum_ulp, e.bits, 0, e.got)) count_violation(e.bits, x, e.got, j);
    raise_floors(j);
  }

  // Below its region's floor (or exactly known): the fast midpoint feeds mean
  // and histogram (its bin is certain) and cannot be a maximum; the bound is
  // certain, so the midpoint decides the violation too.
  void keep_fast(const Entry& e, bool interval, double floor) {
    const FastJudgement& fj = e.fj;
    ++acc_.tiers.fast;
    if (interval) acc_.tiers.max_halfwidth = std::max(acc_.tiers.max_halfwidth, (fj.ulp_hi - fj.ulp_lo) / 2);
    const bool violation = acc_.add(cfg_, fj.judgement, fj.judgement.ulp, e.bits, 0, e.got,
                                    /*max_candidate=*/!interval || fj.ulp_hi >= floor);
    if (!violation) return;
    if (acc_.counterexamples.size() >= cfg_.max_counterexamples) {
      ++acc_.violations;
      return;
    }
    // The exact value for the message, and an audit of the claim.
    const double x = bits_to_double(cfg_.format, e.bits);
    const Judgement jx = exact_judgement(e.index, x, e.got);
    check_audit(*cfg_.op, cfg_.format, x, e.got, fj, jx);
    count_violation(e.bits, x, e.got, jx);
  }

  const SweepConfig& cfg_;
  const InputSource& src_;
  const Kernel& kernel_;
  const FastTier& fast_;
  Accumulator& acc_;
  SharedFloors& floors_;
  const SeedIndices& seeds_;
  Witness& witness_;
  MakeCex make_counterexample_;
  const FormatSpec& fs_;
  const double slack_, resolution_;
  const bool half_within_bound_;
  Buffers& buffers_;
  std::vector<Entry>& entries_;
  std::vector<S>& xs_;
  std::vector<S>& ys_;
  std::vector<uint64_t>& bits_;
  std::vector<double>& xd_;
  std::vector<Enclosure>& enc_;
  Real& xr_;
  Real& exact_;
  // This sub-chunk's floors: the seeded ones, raised by what it has met.
  double floor_normal_ = -1, floor_subnormal_ = -1;
};

template <class Tag, class MakeCex>
void run_chunk_tiered(const SweepConfig& cfg, const InputSource& src, const Kernel& kernel,
                      const FastTier& fast, uint64_t first, uint64_t last, Accumulator& acc,
                      SharedFloors& floors, const SeedIndices& seeds, Witness& witness,
                      MakeCex make_counterexample) {
  TieredChunk<Tag, MakeCex>(cfg, src, kernel, fast, acc, floors, seeds, witness, make_counterexample).run(first, last);
}

}  // namespace numstab::tier
