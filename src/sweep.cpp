#include "src/sweep.hpp"

#include <omp.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <exception>
#include <mutex>

#include <fmt/format.h>

#include "src/accumulator.hpp"
#include "src/arith.hpp"
#include "src/checkpoint.hpp"
#include "src/mpi/exchange.hpp"
#include "src/tier/tiered_chunk.hpp"
#include "src/errors.hpp"

namespace numstab {

namespace {

// Chunks depend only on the input count, never on the thread count, so the
// merged sums (and so every printed number) are the same for any --threads.
uint64_t chunk_size(uint64_t total) {
  return std::clamp<uint64_t>(total / 256, 256, uint64_t{1} << 20);
}

constexpr size_t kBlock = 4096;  // inputs per kernel call: vectorised kernels run at speed

class Progress {
 public:
  Progress(bool enabled, std::string label, uint64_t total)
      : enabled_(enabled), label_(std::move(label)), total_(total), start_(clock::now()) {}
  void advance(uint64_t n) {
    if (!enabled_) return;
    std::lock_guard lock(mutex_);
    done_ += n;
    const double t = seconds();
    if (t < 1.0 || t - last_ < 0.25) return;
    last_ = t;
    const double frac = static_cast<double>(done_) / static_cast<double>(total_);
    std::fprintf(stderr, "\r%s: %5.1f%% of %llu inputs, %.0f s, ETA %.0f s   ", label_.c_str(),
                 100 * frac, static_cast<unsigned long long>(total_), t, t / frac - t);
    shown_ = true;
  }
  void finish() {
    if (shown_) std::fprintf(stderr, "\r%*s\r", 79, "");
  }
  double seconds() const { return std::chrono::duration<double>(clock::now() - start_).count(); }

 private:
  using clock = std::chrono::steady_clock;
  bool enabled_;
  std::string label_;
  uint64_t total_, done_ = 0;
  clock::time_point start_;
  double last_ = 0;
  bool shown_ = false;
  std::mutex mutex_;
};

template <class Tag>
Counterexample make_counterexample(uint64_t bits, double x, double got, std::optional<double> second,
                                   const Real& exact, const Judgement& j) {
  return {bits, x, got, second, exact_hex_text(exact), exact_dec_text(exact), j.ulp, j.mismatch};
}

// All-MPFR: the oracle at every input.
template <class Tag>
void run_chunk(const SweepConfig& cfg, const InputSource& src, const Kernel& kernel,
               uint64_t first, uint64_t last, Accumulator& acc) {
  using S = typename Tag::Storage;
  using Bits = typename Tag::Bits;
  thread_local std::vector<S> x, a, y;
  x.resize(kBlock);
  a.resize(kBlock);
  y.resize(kBlock);
  thread_local Real xr, exact;
  mpfr_set_prec(xr.backend().data(), 64);  // inputs are exact in 64 bits
  const bool binary = src.has_second_operand();
  Params params = cfg.params;  // a binary op's last parameter is its second operand
  for (uint64_t b = first; b < last; b += kBlock) {
    const size_t n = static_cast<size_t>(std::min<uint64_t>(kBlock, last - b));
    for (size_t i = 0; i < n; ++i) {
      x[i] = Tag::from_bits(static_cast<Bits>(src.bits_at(b + i)));
      if (binary) a[i] = Tag::from_bits(static_cast<Bits>(src.second_bits_at(b + i)));
    }
    if (kernel.recorded) kernel.recorded(b, y.data(), n);
    else if (binary) kernel.run2(x.data(), a.data(), y.data(), n);
    else kernel.run(x.data(), y.data(), n);
    for (size_t i = 0; i < n; ++i) {
      const double xd = Tag::to_double(x[i]), got = Tag::to_double(y[i]);
      if (binary) params.back() = Tag::to_double(a[i]);
      mpfr_set_d(xr.backend().data(), xd, MPFR_RNDN);
      bool unresolved = false;
      const Judgement j =
          evaluate_and_judge(cfg.op->oracle, params, cfg.format, xr, got, exact, &unresolved);
      acc.binade_unresolved += unresolved;
      ++acc.tiers.mpfr;
      const uint64_t a_bits = binary ? uint64_t{Tag::to_bits(a[i])} : 0;
      const bool violation = acc.add(cfg, j, j.ulp, Tag::to_bits(x[i]), a_bits, got);
      if (cfg.stability && counts_as_number(j, got) && !j.exact_subnormal && j.ulp > 0) {
        const double yd = static_cast<double>(exact);
        const double rel = j.ulp * std::ldexp(1.0, ulp_exponent(cfg.format, exact)) / std::fabs(yd);
        const double u = unit_roundoff(cfg.format);
        // kappa >= 0, so the ratio is at most rel / u: the condition number
        // (two more oracle calls) is needed only where that could be a new max.
        if (std::isfinite(yd) && rel / u > acc.stability.max_ratio) {
          const double kappa = condition_number(cfg.op->oracle, params, xd);
          const double ratio = rel / ((kappa + 1) * u);
          if (ratio > acc.stability.max_ratio) acc.stability = {ratio, xd, kappa};
        }
      }
      if (!violation) continue;
      ++acc.violations;
      if (acc.counterexamples.size() < cfg.max_counterexamples)
        acc.counterexamples.push_back(make_counterexample<Tag>(
            Tag::to_bits(x[i]), xd, got,
            binary ? std::optional<double>(Tag::to_double(a[i])) : std::nullopt, exact, j));
    }
  }
}

// The fast tier serves unary ops in the narrow formats (in f64 a double
// enclosure cannot resolve ULPs), without --stability (which needs MPFR values).
// The judge must not share the formula of the kernel it judges: numstab's own
// kernel is judged by the op's independent tier (OpInfo::independent_fast), or
// by MPFR where it has none.
std::optional<tier::FastTier> fast_tier_for(const SweepConfig& cfg, const InputSource& src,
                                            const Kernel& kernel) {
  if (!cfg.tiered || cfg.stability || cfg.format == Format::f64 || src.has_second_operand() ||
      cfg.op->is_binary())
    return std::nullopt;
  if (kernel.reference && !cfg.op->fast_independent_of_reference) {
    if (!cfg.op->independent_fast) return std::nullopt;
    return tier::FastTier{cfg.op->independent_fast, nullptr};
  }
  return tier::FastTier{cfg.op->fast, cfg.op->reference.get<F64>()};
}

// The record of a sweep from its merged statistics; the worst input's exact
// value and condition number are computed here, once.
Record record_of(const SweepConfig& cfg, const InputSource& src, const Kernel& kernel, const Accumulator& all) {
  Record rec;
  rec.op = cfg.op->name;
  rec.format = spec(cfg.format).name;
  rec.kernel = kernel.name;
  rec.mode = src.mode() == Mode::exhaustive ? "exhaustive" : src.mode() == Mode::data ? "data" : "samples";
  rec.inputs = all.count;
  rec.has_argmax = all.max_ulp >= 0;
  rec.max_ulp = std::max(all.max_ulp, 0.0);
  rec.max_ulp_normal = all.max_normal;
  rec.max_ulp_subnormal = all.max_subnormal;
  rec.mean_ulp = all.compared ? all.sum_ulp / static_cast<double>(all.compared) : 0;
  rec.mismatches = all.mismatches;
  rec.histogram = all.histogram;
  rec.seed = cfg.seed;
  rec.oracle_bits = cfg.oracle_bits;
  rec.bound = cfg.bound;
  rec.judge_subnormal = cfg.judge_subnormal;
  rec.strict_zero = cfg.strict_zero;
  rec.violations = all.violations;
  rec.binade_unresolved = all.binade_unresolved;
  rec.tiers = all.tiers;
  if (cfg.stability) rec.stability = all.stability;
  rec.counterexamples = all.counterexamples;
  if (rec.has_argmax) {
    set_real_precision(cfg.oracle_bits);
    rec.argmax_bits = all.argmax_bits;
    rec.argmax = bits_to_double(cfg.format, all.argmax_bits);
    rec.argmax_got = all.argmax_got;
    Params params = cfg.params;
    if (src.has_second_operand()) {
      rec.argmax_second = bits_to_double(cfg.format, all.argmax_second_bits);
      params.back() = *rec.argmax_second;
    }
    Real xr = rec.argmax, exact;
    cfg.op->oracle(exact, xr, params);
    rec.argmax_exact = exact_dec_text(exact);
    rec.cond_at_argmax = condition_number(cfg.op->oracle, params, rec.argmax);
  }
  return rec;
}

template <class Tag>
Record sweep_format(const SweepConfig& cfg, const InputSource& src, const Kernel& kernel) {
  const uint64_t total = src.size();
  if (total == 0) throw UsageError("no input of the format lies in the requested range");
  const uint64_t step = chunk_size(total);
  const uint64_t chunks = total / step + (total % step != 0);  // no overflow near 2^64
  std::vector<Accumulator> results(chunks);
  const std::optional<tier::FastTier> fast = fast_tier_for(cfg, src, kernel);
  tier::SharedFloors floors;
  tier::SeedIndices seeds;
  std::vector<tier::Witness> witnesses(chunks + 1);  // the last: the seeds
  if (fast) {
    set_real_precision(cfg.oracle_bits);
    seeds = tier::seed_floors<Tag>(cfg, src, kernel, floors, witnesses.back());
  }
  // Under MPI (src/mpi/exchange.hpp) this process sweeps its own chunks only;
  // a failure of its own (here, in a chunk) is agreed with the other ranks below.
  ChunkExchange* const ranks = chunk_exchange();
  std::exception_ptr failure;
  uint64_t failed_chunk = chunks;
  std::optional<Checkpoint> checkpoint;
  try {
    if (!cfg.checkpoint.empty())
      checkpoint.emplace(rank_checkpoint_path(cfg.checkpoint), checkpoint_identity(cfg, src, kernel), chunks);
  } catch (...) {
    if (!ranks) throw;
    failure = std::current_exception();
    failed_chunk = 0;
  }
  const auto cex = [](uint64_t bits, double x, double got, const Real& exact, const Judgement& j) {
    return make_counterexample<Tag>(bits, x, got, std::nullopt, exact, j);
  };
  Progress progress(cfg.progress, fmt::format("numstab {} {}", cfg.op->name, spec(cfg.format).name),
                    total);
  // The first failure in input order (a kernel that crashed under --isolate,
  // an audit): reported the same for any thread count; later chunks are skipped.
  std::atomic<bool> failed{failure != nullptr};
  std::mutex failure_mutex;
  const int threads = cfg.threads > 0 ? cfg.threads : omp_get_max_threads();
#pragma omp parallel num_threads(threads)
  {
    set_real_precision(cfg.oracle_bits);
#pragma omp for schedule(dynamic, 1)
    for (uint64_t c = 0; c < chunks; ++c) {
      if (failed.load(std::memory_order_relaxed) || (ranks && !ranks->owns(c))) continue;
      try {
        if (ranks) ranks->starting_chunk();
        const uint64_t first = c * step, last = std::min(total, first + step);
        if (checkpoint && checkpoint->load(c, results[c])) {
          progress.advance(last - first);
          continue;
        }
        if (fast)
          tier::run_chunk_tiered<Tag>(cfg, src, kernel, *fast, first, last, results[c], floors, seeds,
                                      witnesses[c], cex);
        else
          run_chunk<Tag>(cfg, src, kernel, first, last, results[c]);
        if (checkpoint) checkpoint->save(c, results[c]);
        progress.advance(last - first);
      } catch (...) {
        std::lock_guard lock(failure_mutex);
        if (c < failed_chunk) {
          failure = std::current_exception();
          failed_chunk = c;
        }
        failed = true;
      }
    }
  }
  progress.finish();
  if (ranks) {
    failure = ranks->agree(failure ? failed_chunk : kNoFailure, failure);
    if (!failure) ranks->share(results, witnesses);
  }
  if (failure) std::rethrow_exception(failure);

  Accumulator all;
  for (const auto& r : results) all.merge(r, cfg.max_counterexamples);
  if (fast) {
    tier::Witness seen;
    for (const auto& w : witnesses) seen.merge(w);
    tier::check_against_witness(fmt::format("{} {} ({})", cfg.op->name, spec(cfg.format).name, kernel.name),
                                all, seen, total, 4 * tier::mpfr_ulp_slack(cfg));
  }

  Record rec = record_of(cfg, src, kernel, all);
  rec.seconds = progress.seconds();
  return rec;
}

}  // namespace


uint64_t run_one(const Kernel& k, Format f, uint64_t x_bits) {
  return dispatch(f, [&](auto tag) -> uint64_t {
    using Tag = decltype(tag);
    const typename Tag::Storage x = Tag::from_bits(static_cast<typename Tag::Bits>(x_bits));
    typename Tag::Storage y{};
    k.run(&x, &y, 1);
    return Tag::to_bits(y);
  });
}

Kernel reference_kernel(const OpInfo& op, Format f, const Params& p) {
  return dispatch(f, [&](auto tag) {
    using Tag = decltype(tag);
    using S = typename Tag::Storage;
    const auto fn = op.reference.get<Tag>();
    Kernel k{"reference", [fn, p](const void* x, void* y, size_t n) {
               fn(static_cast<const S*>(x), static_cast<S*>(y), n, p);
             }, nullptr};
    k.reference = true;
    if (op.is_binary())
      k.run2 = [fn, p](const void* x, const void* a, void* y, size_t n) {
        Params with_a = p;  // once per block
        const S* xs = static_cast<const S*>(x);
        const S* as = static_cast<const S*>(a);
        S* ys = static_cast<S*>(y);
        for (size_t i = 0; i < n; ++i) {
          with_a.back() = Tag::to_double(as[i]);
          fn(xs + i, ys + i, 1, with_a);
        }
      };
    return k;
  });
}

Record sweep(const SweepConfig& config, const InputSource& source, const Kernel& kernel) {
  return dispatch(config.format,
                  [&](auto tag) { return sweep_format<decltype(tag)>(config, source, kernel); });
}

}  // namespace numstab
