#include "reports/measure.hpp"

#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <exception>
#include <mutex>
#include <ostream>

#include <fmt/format.h>

#include "reports/stopwatch.hpp"

#include "reports/kernel_set.hpp"
#include "src/errors.hpp"
#include "src/loader.hpp"

namespace numstab {

namespace {

// Re-runs `count` evenly spaced inputs of the sweep's source through the same
// kernel and oracle (the sweep's own judgement, evaluate_and_judge). Each point
// depends only on its index, so the sample is the same for any thread count.
template <class Tag>
PlotSample plot_sample(const SweepConfig& cfg, const InputSource& src, const Kernel& kernel,
                       uint64_t wanted) {
  using S = typename Tag::Storage;
  using Bits = typename Tag::Bits;
  const uint64_t total = src.size(), count = std::min(wanted, total);
  PlotSample out;
  if (count == 0) return out;
  // index k -> floor(k * total / count), without overflowing 64 bits.
  const auto input_index = [&](uint64_t k) {
    return k * (total / count) + k * (total % count) / count;
  };
  std::vector<double> ulp(count);
  std::vector<char> numeric(count);
  constexpr uint64_t kBlock = 256;
  const int64_t blocks = static_cast<int64_t>((count + kBlock - 1) / kBlock);
  std::exception_ptr failure;
  std::mutex failure_mutex;
  const bool binary = src.has_second_operand();
#pragma omp parallel num_threads(cfg.threads > 0 ? cfg.threads : omp_get_max_threads())
  {
    set_real_precision(cfg.oracle_bits);
    Real xr, exact;
    mpfr_set_prec(xr.backend().data(), 64);  // inputs are exact in 64 bits
    Params params = cfg.params;
    S x[kBlock], a[kBlock], y[kBlock];
#pragma omp for schedule(dynamic, 1)
    for (int64_t b = 0; b < blocks; ++b) {
      try {
        const uint64_t first = static_cast<uint64_t>(b) * kBlock;
        const size_t n = static_cast<size_t>(std::min(kBlock, count - first));
        for (size_t i = 0; i < n; ++i) {
          const uint64_t at = input_index(first + i);
          x[i] = Tag::from_bits(static_cast<Bits>(src.bits_at(at)));
          if (binary) a[i] = Tag::from_bits(static_cast<Bits>(src.second_bits_at(at)));
        }
        if (binary) kernel.run2(x, a, y, n);
        else kernel.run(x, y, n);
        for (size_t i = 0; i < n; ++i) {
          const double got = Tag::to_double(y[i]);
          if (binary) params.back() = Tag::to_double(a[i]);
          mpfr_set_d(xr.backend().data(), Tag::to_double(x[i]), MPFR_RNDN);
          bool unresolved = false;
          const Judgement j =
              evaluate_and_judge(cfg.op->oracle, params, cfg.format, xr, got, exact, &unresolved);
          numeric[first + i] = counts_as_number(j, got);
          ulp[first + i] = j.ulp;
        }
      } catch (...) {
        std::lock_guard lock(failure_mutex);
        if (!failure) failure = std::current_exception();
      }
    }
  }
  if (failure) std::rethrow_exception(failure);
  out.drawn = count;
  for (uint64_t k = 0; k < count; ++k) {
    if (!numeric[k]) {
      ++out.excluded;
      continue;
    }
    out.points.push_back({src.bits_at(input_index(k)), ulp[k]});
  }
  return out;
}

std::vector<const OpInfo*> selected_ops(const std::vector<std::string>& names) {
  std::vector<const OpInfo*> ops;
  for (const auto& n : names) require_op(n);  // a UsageError naming the known ops
  for (const auto& op : catalog())
    if (names.empty() || std::find(names.begin(), names.end(), op.name) != names.end())
      ops.push_back(&op);
  return ops;
}

}  // namespace

uint64_t samples_per_entry(bool quick) { return quick ? kQuickSamples : kFullSamples; }

namespace {

Measurement measure_entry(const ReportOptions& o, const OpInfo& op, Format f, const Kernel& kernel,
                          const Params& params) {
  SweepConfig cfg;
  cfg.op = &op;
  cfg.params = params;
  cfg.format = f;
  cfg.seed = o.seed;
  cfg.threads = o.threads;
  cfg.progress = o.progress;
  const bool exhaustive = spec(f).total_bits == 16;
  const InputSource src = InputSource::for_op(op, f, exhaustive ? Mode::exhaustive : Mode::samples,
                                              samples_per_entry(o.quick), o.seed, std::nullopt, false);
  Measurement m;
  auto t0 = std::chrono::steady_clock::now();
  m.record = sweep(cfg, src, kernel);
  m.sweep_seconds = seconds_since(t0);
  t0 = std::chrono::steady_clock::now();
  m.thresholds = find_thresholds(op, f, cfg.params, kernel, cfg.oracle_bits);
  m.threshold_seconds = seconds_since(t0);
  if (o.plots && o.plot_points > 0) {
    t0 = std::chrono::steady_clock::now();
    m.sample = dispatch(f, [&](auto tag) {
      return plot_sample<decltype(tag)>(cfg, src, kernel, o.plot_points);
    });
    m.sample_seconds = seconds_since(t0);
  }
  return m;
}

struct SetKernel {
  const KernelSet* set;
  const KernelSetEntry* entry;
  Kernel kernel;
};

}  // namespace

std::vector<Measurement> measure_catalog(const ReportOptions& o, const std::vector<KernelSet>& sets,
                                         std::ostream& table) {
  // Every library and symbol is loaded before the first sweep: a typo fails at once.
  std::vector<SetKernel> extra;
  for (const auto& set : sets)
    for (const auto& e : set.entries) {
      const OpInfo& op = require_op(e.op);
      extra.push_back({&set, &e, make_kernel(e.spec, set.abi, op, e.format, op.resolve_params({}))});
    }
  std::vector<Measurement> all;
  table << fmt::format("{:<16} {:<5} {:<10} {:<10} {:>9} {:>9} {:>9} {:>8}  {}\n", "op", "fmt",
                       "kernel", "mode", "inputs", "max_ulp", "mean_ulp", "mismatch", "worst input");
  const auto print = [&](const Measurement& m) {
    const Record& r = m.record;
    uint64_t mismatches = 0;
    for (size_t i = 1; i < r.mismatches.size(); ++i) mismatches += r.mismatches[i];
    table << fmt::format("{:<16} {:<5} {:<10} {:<10} {:>9} {:>9.4f} {:>9.4f} {:>8}  {}\n", r.op,
                         r.format, m.kernel_set, r.mode, r.inputs, r.max_ulp, r.mean_ulp,
                         mismatches, r.has_argmax ? hex_text(r.argmax) : "-")
          << std::flush;
  };
  for (const OpInfo* op : selected_ops(o.ops)) {
    for (Format f : kAllFormats) {
      const Params params = op->resolve_params({});
      all.push_back(measure_entry(o, *op, f, reference_kernel(*op, f, params), params));
      print(all.back());
      for (const auto& k : extra) {
        if (k.entry->op != op->name || k.entry->format != f) continue;
        all.push_back(measure_entry(o, *op, f, k.kernel, params));
        all.back().kernel_set = k.set->name;
        print(all.back());
      }
    }
  }
  return all;
}

}  // namespace numstab
