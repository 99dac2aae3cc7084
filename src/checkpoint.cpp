#include "src/checkpoint.hpp"

#include <bit>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <tuple>

#include <zlib.h>

#include <fmt/format.h>

#include "src/errors.hpp"

namespace numstab {

namespace {

using nlohmann::json;

uint64_t bits(double v) { return std::bit_cast<uint64_t>(v); }

// Reading a line back accepts only what to_line writes: a count must be a
// non-negative JSON integer (nlohmann converts a float or a negative number to
// uint64_t without complaint, a float out of range with undefined behaviour),
// an array must have its length. Anything else throws: the line is malformed.
uint64_t count(const json& j) {
  if (!j.is_number_unsigned()) throw std::invalid_argument("not a count");
  return j.get<uint64_t>();
}
double value(const json& j) { return std::bit_cast<double>(count(j)); }
const json& element(const json& j, size_t i, size_t length) {
  if (!j.is_array() || j.size() != length) throw std::invalid_argument("array of the wrong length");
  return j.at(i);
}
template <size_t N>
std::array<uint64_t, N> counts(const json& j) {
  std::array<uint64_t, N> a{};
  for (size_t i = 0; i < N; ++i) a[i] = count(element(j, i, N));
  return a;
}
Mismatch mismatch_class(const json& j) {
  const uint64_t m = count(j);
  if (m > static_cast<uint64_t>(Mismatch::signed_zero)) throw std::invalid_argument("no such mismatch class");
  return static_cast<Mismatch>(m);
}

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
  a.count = count(j.at("count"));
  const json& max = j.at("max");
  a.max_ulp = value(element(max, 0, 3));
  a.max_normal = value(element(max, 1, 3));
  a.max_subnormal = value(element(max, 2, 3));
  const json& argmax = j.at("argmax");
  a.argmax_bits = count(element(argmax, 0, 3));
  a.argmax_second_bits = count(element(argmax, 1, 3));
  a.argmax_got = value(element(argmax, 2, 3));
  a.sum_ulp = value(j.at("sum"));
  a.compared = count(j.at("compared"));
  a.mismatches = counts<std::tuple_size_v<decltype(a.mismatches)>>(j.at("mismatches"));
  a.histogram = counts<kHistogramBins>(j.at("histogram"));
  a.violations = count(j.at("violations"));
  a.binade_unresolved = count(j.at("unresolved"));
  const json& st = j.at("stability");
  a.stability = {value(element(st, 0, 3)), value(element(st, 1, 3)), value(element(st, 2, 3))};
  const json& tiers = j.at("tiers");
  a.tiers = {count(element(tiers, 0, 3)), count(element(tiers, 1, 3)), value(element(tiers, 2, 3))};
  a.counterexamples.clear();
  const json& cex = j.at("counterexamples");
  if (!cex.is_array()) throw std::invalid_argument("counterexamples not an array");
  for (const auto& x : cex) {
    const auto field = [&](size_t i) -> const json& { return element(x, i, 8); };
    Counterexample c{count(field(0)), value(field(1)), value(field(2)), std::nullopt,
                     field(4).get<std::string>(), field(5).get<std::string>(), value(field(6)),
                     mismatch_class(field(7))};
    if (!field(3).is_null()) c.second = value(field(3));
    a.counterexamples.push_back(c);
  }
}

uint32_t crc_of(const std::string& text) {
  return static_cast<uint32_t>(
      crc32(crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef*>(text.data()), static_cast<uInt>(text.size())));
}

// The JSON text of a sealed line, or nothing when its seal does not match.
std::optional<std::string> unsealed(const std::string& line) {
  const auto tab = line.rfind('\t');
  if (tab == std::string::npos) return std::nullopt;
  std::string text = line.substr(0, tab);
  if (line.substr(tab + 1) != fmt::format("crc32:{:08x}", crc_of(text))) return std::nullopt;
  return text;
}

UsageError write_error(const std::string& path, int error) {
  return UsageError(fmt::format("cannot write checkpoint '{}': {}", path, std::strerror(error ? error : EIO)));
}

}  // namespace

json checkpoint_identity(const SweepConfig& cfg, const InputSource& src, const Kernel& kernel) {
  json params = json::array();
  for (double p : cfg.params) params.push_back(bits(p));
  const uint64_t n = src.size();
  return {{"numstab_checkpoint", 2},
          {"origin", cfg.origin},
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
  // An empty file (a run killed before its first line was whole) starts afresh.
  const bool has_identity = exists && read_file(identity, chunks);
  out_.open(path, std::ios::app);
  if (!out_) throw UsageError(fmt::format("cannot write checkpoint '{}': {}", path, std::strerror(errno ? errno : EIO)));
  if (!has_identity) {
    errno = 0;
    out_ << seal_checkpoint_line(identity.dump()) << "\n" << std::flush;
    if (!out_) throw write_error(path, errno);
  }
}

bool Checkpoint::read_file(const json& identity, uint64_t chunks) {
  std::ifstream in(path_, std::ios::binary);
  std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in && !in.eof()) throw UsageError(fmt::format("checkpoint '{}' cannot be read", path_));
  // A last line without its newline is a write a kill cut short: dropped,
  // and cut from the file so that the next line starts on a line of its own.
  const auto end = all.rfind('\n');
  const size_t whole = end == std::string::npos ? 0 : end + 1;
  if (whole < all.size()) {
    std::error_code ec;
    std::filesystem::resize_file(path_, whole, ec);
    if (ec) throw UsageError(fmt::format("cannot write checkpoint '{}': {}", path_, ec.message()));
    all.resize(whole);
  }
  uint64_t line_no = 0;
  size_t at = 0;
  while (at < all.size()) {
    const size_t nl = all.find('\n', at);
    const std::string line = all.substr(at, nl - at);
    at = nl + 1;
    ++line_no;
    const std::optional<std::string> text = unsealed(line);
    if (line_no == 1) {
      const json head = text ? json::parse(*text, nullptr, false) : json();
      if (!text || head.is_discarded() || !head.is_object() || !head.contains("numstab_checkpoint"))
        throw UsageError(fmt::format(
            "'{}' is not a numstab checkpoint of this version (remove it or name another file)", path_));
      if (head != identity)
        throw UsageError(fmt::format(
            "checkpoint '{}' belongs to another run (op, format, kernel library, data file, inputs or "
            "options differ); remove it or name another file", path_));
      continue;
    }
    if (!text)
      throw UsageError(fmt::format("checkpoint '{}' line {} fails its checksum (edited or corrupted); remove it "
                                   "or name another file", path_, line_no));
    try {
      const json j = json::parse(*text);
      const uint64_t c = count(j.at("chunk"));
      Accumulator probe;
      from_line(j, probe);
      if (c >= chunks) throw std::out_of_range("chunk");
      done_[c] = j;
    } catch (const std::exception&) {
      throw UsageError(fmt::format("checkpoint '{}' line {} is malformed", path_, line_no));
    }
  }
  return line_no > 0;
}

std::string seal_checkpoint_line(const std::string& json_text) {
  return fmt::format("{}\tcrc32:{:08x}", json_text, crc_of(json_text));
}

bool Checkpoint::load(uint64_t c, Accumulator& acc) const {
  const auto it = done_.find(c);
  if (it == done_.end()) return false;
  from_line(it->second, acc);
  return true;
}

void Checkpoint::save(uint64_t c, const Accumulator& acc) {
  const std::string line = seal_checkpoint_line(to_line(c, acc).dump());
  std::lock_guard lock(mutex_);
  if (!out_) throw write_error(path_, write_errno_);
  errno = 0;
  out_ << line << "\n" << std::flush;
  // A chunk that did not reach the file would be lost to the resume: a disk
  // that fills up mid-run is an error of the run (exit 2), not a silent gap.
  if (!out_) {
    write_errno_ = errno;
    throw write_error(path_, write_errno_);
  }
}

}  // namespace numstab
