#include "src/checkpoint.hpp"

#include <bit>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

#include "src/errors.hpp"

namespace numstab {

namespace {

using nlohmann::json;

uint64_t bits(double v) { return std::bit_cast<uint64_t>(v); }
double value(const json& j) { return std::bit_cast<double>(j.get<uint64_t>()); }

json to_line(uint64_t c, const Accumulator& a) {
  json cex = json::array();
  for (const auto& x : a.counterexamples)
    cex.push_back({x.input_bits, bits(x.input), bits(x.got), x.second ? json(bits(*x.second)) : json(nullptr),
                   x.exact_hex, x.exact_dec, bits(x.ulp), static_cast<int>(x.mismatch)});
  return {{"chunk", c},
          {"count", a.count},
          {"max", {bits(a.max_ulp), bits(a.max_normal), bits(a.max_subnormal)}},
          {"argmax", {a.argmax_bits, a.argmax_second_bits, bits(a.argmax_got)}},
          {"sum", bits(a.sum_ulp)},
          {"compared", a.compared},
          {"mismatches", a.mismatches},
          {"histogram", a.histogram},
          {"violations", a.violations},
          {"unresolved", a.binade_unresolved},
          {"stability", {bits(a.stability.max_ratio), bits(a.stability.at), bits(a.stability.kappa)}},
          {"tiers", {a.tiers.fast, a.tiers.mpfr, bits(a.tiers.max_halfwidth)}},
          {"counterexamples", cex}};
}

void from_line(const json& j, Accumulator& a) {
  a.count = j.at("count");
  a.max_ulp = value(j.at("max")[0]);
  a.max_normal = value(j.at("max")[1]);
  a.max_subnormal = value(j.at("max")[2]);
  a.argmax_bits = j.at("argmax")[0];
  a.argmax_second_bits = j.at("argmax")[1];
  a.argmax_got = value(j.at("argmax")[2]);
  a.sum_ulp = value(j.at("sum"));
  a.compared = j.at("compared");
  a.mismatches = j.at("mismatches");
  a.histogram = j.at("histogram");
  a.violations = j.at("violations");
  a.binade_unresolved = j.at("unresolved");
  a.stability = {value(j.at("stability")[0]), value(j.at("stability")[1]), value(j.at("stability")[2])};
  a.tiers = {j.at("tiers")[0], j.at("tiers")[1], value(j.at("tiers")[2])};
  a.counterexamples.clear();
  for (const auto& x : j.at("counterexamples")) {
    Counterexample c{x[0], value(x[1]), value(x[2]), std::nullopt, x[4], x[5], value(x[6]),
                     static_cast<Mismatch>(x[7].get<int>())};
    if (!x[3].is_null()) c.second = value(x[3]);
    a.counterexamples.push_back(c);
  }
}

UsageError write_error(const std::string& path) {
  return UsageError(fmt::format("cannot write checkpoint '{}': {}", path, std::strerror(errno ? errno : EIO)));
}

}  // namespace

json checkpoint_identity(const SweepConfig& cfg, const InputSource& src, const Kernel& kernel) {
  json params = json::array();
  for (double p : cfg.params) params.push_back(bits(p));
  const uint64_t n = src.size();
  return {{"numstab_checkpoint", 1},
          {"op", cfg.op->name},
          {"params", params},
          {"format", spec(cfg.format).name},
          {"kernel", kernel.name},
          {"inputs", n},
          // The source's identity: its first, middle and last inputs with the seed.
          {"probe_bits", {src.bits_at(0), src.bits_at(n / 2), src.bits_at(n - 1)}},
          {"mode", static_cast<int>(src.mode())},
          {"seed", cfg.seed},
          {"bound", cfg.bound ? json(bits(*cfg.bound)) : json(nullptr)},
          {"strict_zero", cfg.strict_zero},
          {"judge_subnormal", cfg.judge_subnormal},
          {"counterexamples", cfg.max_counterexamples},
          {"oracle_bits", cfg.oracle_bits},
          {"tiered", cfg.tiered},
          {"stability", cfg.stability}};
}

Checkpoint::Checkpoint(const std::string& path, const json& identity, uint64_t chunks) : path_(path) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  const bool exists = std::filesystem::exists(status);
  // A device or FIFO (/dev/full, /dev/zero) never ends and cannot be appended
  // to as a file: reading it would loop forever.
  if (exists && !std::filesystem::is_regular_file(status))
    throw UsageError(fmt::format("checkpoint '{}' is not a regular file", path));
  if (exists) {
    std::ifstream in(path);
    std::string line;
    if (!in || !std::getline(in, line)) throw UsageError(fmt::format("checkpoint '{}' cannot be read", path));
    const json head = json::parse(line, nullptr, false);
    if (head.is_discarded() || !head.contains("numstab_checkpoint"))
      throw UsageError(fmt::format("'{}' is not a numstab checkpoint (remove it or name another file)", path));
    if (head != identity)
      throw UsageError(fmt::format(
          "checkpoint '{}' belongs to another run (op, format, kernel, inputs or options differ); "
          "remove it or name another file", path));
    uint64_t line_no = 1;
    while (std::getline(in, line)) {
      ++line_no;
      const json j = json::parse(line, nullptr, false);
      // A line cut short by the interruption is the chunk that was being written: redo it.
      if (j.is_discarded()) continue;
      try {
        const uint64_t c = j.at("chunk");
        Accumulator probe;
        from_line(j, probe);
        if (c >= chunks) throw std::out_of_range("chunk");
        done_[c] = j;
      } catch (const std::exception&) {
        throw UsageError(fmt::format("checkpoint '{}' line {} is malformed", path, line_no));
      }
    }
  }
  out_.open(path, std::ios::app);
  if (!out_) throw UsageError(fmt::format("cannot write checkpoint '{}'", path));
  if (!exists) {
    errno = 0;
    out_ << identity.dump() << "\n" << std::flush;
    if (!out_) throw write_error(path);
  }
}

bool Checkpoint::load(uint64_t c, Accumulator& acc) const {
  const auto it = done_.find(c);
  if (it == done_.end()) return false;
  from_line(it->second, acc);
  return true;
}

void Checkpoint::save(uint64_t c, const Accumulator& acc) {
  const std::string line = to_line(c, acc).dump();
  std::lock_guard lock(mutex_);
  errno = 0;
  out_ << line << "\n" << std::flush;
  // A chunk that did not reach the file would be lost to the resume: a disk
  // that fills up mid-run is an error of the run (exit 2), not a silent gap.
  if (!out_) throw write_error(path_);
}

}  // namespace numstab
