// The public certify() (include/numstab/certify.hpp): the request of
// `numstab certify` built from Settings, run through the same sweep.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "numstab/certify.hpp"
#include "src/catalog.hpp"
#include "src/errors.hpp"
#include "src/inputs.hpp"
#include "src/record.hpp"
#include "src/sweep.hpp"

namespace numstab::testing {

namespace {

Format require_format(const std::string& name) {
  if (auto f = parse_format(name)) return *f;
  throw UsageError(fmt::format("unknown format '{}' (known: f64, f32, f16, bf16)", name));
}

// The assignments resolve_params takes; hexfloat keeps every value exact.
std::vector<std::string> assignments(const Settings& s) {
  std::vector<std::string> out;
  for (const auto& [name, value] : s.params) out.push_back(fmt::format("{}={:a}", name, value));
  return out;
}

// The checks `numstab certify` makes before it sweeps, in the matcher's words.
void check_request(const Settings& s, Format f) {
  if (!(s.max_ulp >= 0))
    throw UsageError(fmt::format("the bound must be a non-negative number of ULP (got {})", s.max_ulp));
  if (s.range && (std::isnan(s.range->first) || std::isnan(s.range->second) || s.range->first > s.range->second))
    throw UsageError(fmt::format("range({}, {}): expected lo <= hi, neither NaN", s.range->first, s.range->second));
  if (!s.exhaustive && s.samples == 0) throw UsageError("samples(0): at least 1 sample");
  if (s.threads < 0) throw UsageError(fmt::format("threads({}): expected 0 (all cores) or more", s.threads));
  if (s.oracle_bits < 64) throw UsageError(fmt::format("oracle_bits({}): at least 64", s.oracle_bits));
  if (s.exhaustive && f == Format::f64 && !s.range)
    throw UsageError("exhaustive() over all of f64 (2^64 inputs) never ends: give a range(lo, hi)");
}

// The CLI's binary-kernel rule (src/loader.cpp): a fixed second operand is
// passed to a two-operand callable as a constant, rounded to the format.
Kernel to_kernel(const CallableKernel& k, const OpInfo& op, Format f, const Params& p, bool second_fixed) {
  Kernel out{k.name, nullptr, nullptr};
  if (k.unary) {
    if (op.is_binary() && !second_fixed)
      throw UsageError(fmt::format(
          "'{}' is a two-operand op and the callable takes one: give a callable f(x, {}) or fix the "
          "second operand with .param(\"{}\", value)", op.name, op.second_operand_name(), op.second_operand_name()));
    out.run = k.unary;
    return out;
  }
  if (!op.is_binary())
    throw UsageError(fmt::format("'{}' takes one operand and the callable takes two", op.name));
  out.run2 = k.binary;
  dispatch(f, [&](auto tag) {
    using Tag = decltype(tag);
    using S = typename Tag::Storage;
    const double a = f == Format::f64 ? p.back() : round_double_to(spec(f), p.back());
    const S a_value = Tag::from_bits(static_cast<typename Tag::Bits>(double_to_bits(f, a)));
    out.run = [run2 = k.binary, a_value](const void* x, void* y, size_t n) {
      std::vector<S> as(n, a_value);
      run2(x, as.data(), y, n);
    };
  });
  return out;
}

Certificate to_certificate(const Record& r) {
  const Format f = *parse_format(r.format);
  Certificate c;
  c.passed = r.passed();
  c.op = r.op;
  c.format = r.format;
  c.mode = r.mode;
  c.inputs = r.inputs;
  c.violations = r.violations;
  c.seed = r.seed;
  c.max_ulp = r.max_ulp;
  c.max_ulp_normal = r.max_ulp_normal;
  c.max_ulp_subnormal = r.max_ulp_subnormal;
  c.mean_ulp = r.mean_ulp;
  if (r.has_argmax) {
    c.worst_input = hex_text(r.argmax);
    c.worst_input_dec = dec_text(f, r.argmax);
    c.worst_got = hex_text(r.argmax_got);
    c.worst_exact = r.argmax_exact;
  }
  for (const auto& x : r.counterexamples)
    c.counterexamples.push_back({hex_text(x.input), dec_text(f, x.input), hex_text(x.got), dec_text(f, x.got),
                                 x.exact_hex, x.exact_dec,
                                 x.second ? std::optional<std::string>(hex_text(*x.second)) : std::nullopt,
                                 x.ulp, kMismatchNames[static_cast<int>(x.mismatch)]});
  c.text = to_text(r);
  c.json = to_json(r).dump(2);
  return c;
}

Certificate run(const CallableKernel& kernel, const Settings& s) {
  if (!s.data_dir.empty()) set_oracles_dir(s.data_dir + "/oracles");
  const OpInfo& op = require_op(s.op);
  const Format f = require_format(kernel.format);
  check_request(s, f);
  const std::optional<Range> range =
      s.range ? std::optional<Range>(Range{s.range->first, s.range->second}) : std::nullopt;
  const bool second_fixed =
      op.is_binary() && std::any_of(s.params.begin(), s.params.end(),
                                    [&](const auto& p) { return p.first == op.second_operand_name(); });
  SweepConfig cfg;
  cfg.op = &op;
  cfg.params = op.resolve_params(assignments(s));
  cfg.format = f;
  cfg.oracle_bits = s.oracle_bits;
  cfg.threads = s.threads;
  cfg.seed = s.seed;
  cfg.bound = s.max_ulp;
  cfg.judge_subnormal = s.judge_subnormal;
  cfg.strict_zero = s.strict_zero;
  cfg.max_counterexamples = s.counterexamples;
  const Kernel k = to_kernel(kernel, op, f, cfg.params, second_fixed);
  const InputSource source = InputSource::for_op(op, f, s.exhaustive ? Mode::exhaustive : Mode::samples,
                                                 s.samples, s.seed, range, second_fixed);
  return to_certificate(sweep(cfg, source, k));
}

}  // namespace

Certificate certify(const CallableKernel& kernel, const Settings& settings) {
  try {
    return run(kernel, settings);
  } catch (const UsageError& e) {
    Certificate c;
    c.error = e.what();
    return c;
  }
}

namespace detail {

double value_of_bits(const std::string& format, std::uint64_t bits) {
  return bits_to_double(require_format(format), bits);
}

bool key_range(const std::string& format, double lo, double hi, std::uint64_t& first, std::uint64_t& last) {
  if (std::isnan(lo) || std::isnan(hi) || lo > hi) return false;
  const Format f = require_format(format);
  const InputSource values = InputSource::exhaustive(f, Range{lo, hi});
  if (values.size() == 0) return false;
  first = order_key(f, values.bits_at(0));
  last = first + (values.size() - 1);
  return true;
}

std::uint64_t bits_of_key(const std::string& format, std::uint64_t key) {
  return key_to_bits(require_format(format), key);
}

}  // namespace detail

}  // namespace numstab::testing
