#include "src/record.hpp"

#include <cmath>
#include <cstdlib>

#include <fmt/format.h>

namespace numstab {

namespace {
Format record_format(const Record& r) { return *parse_format(r.format); }

// JSON has no infinity: an infinite error is written as null (never as a number).
nlohmann::json number_or_null(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(); }
}  // namespace

nlohmann::json to_json(const Record& r) {
  nlohmann::json j;
  j["op"] = r.op;
  j["format"] = r.format;
  j["kernel"] = r.kernel;
  j["mode"] = r.mode;
  j["inputs"] = r.inputs;
  j["max_ulp"] = r.max_ulp;
  j["argmax"] = r.has_argmax ? nlohmann::json(hex_text(r.argmax)) : nlohmann::json();
  j["argmax_got"] = r.has_argmax ? nlohmann::json(hex_text(r.argmax_got)) : nlohmann::json();
  j["argmax_exact"] = r.has_argmax ? nlohmann::json(r.argmax_exact) : nlohmann::json();
  if (r.argmax_second) j["argmax_a"] = hex_text(*r.argmax_second);
  j["max_ulp_normal"] = r.max_ulp_normal;
  j["max_ulp_subnormal"] = r.max_ulp_subnormal;
  j["mean_ulp"] = r.mean_ulp;
  nlohmann::json mm;
  for (auto m : {Mismatch::nan, Mismatch::overflow, Mismatch::nonfinite, Mismatch::signed_zero})
    mm[kMismatchNames[static_cast<int>(m)]] = r.mismatches[static_cast<int>(m)];
  j["mismatches"] = mm;
  j["binade_unresolved"] = r.binade_unresolved;
  if (r.stability)
    j["stability"] = {{"max_ratio", r.stability->max_ratio}, {"argmax", hex_text(r.stability->at)},
                      {"cond", number_or_null(r.stability->kappa)}};
  j["cond_at_argmax"] = number_or_null(r.cond_at_argmax);
  j["seed"] = r.seed;
  j["oracle_bits"] = r.oracle_bits;
  j["histogram"] = r.histogram;
  j["seconds"] = r.seconds;
  // Which tier judged how many inputs: depends on scheduling (the running
  // maximum other threads found), like the time; every other field does not.
  j["oracle_tiers"] = {{"fast", r.tiers.fast}, {"mpfr", r.tiers.mpfr},
                       {"mean_halfwidth_ulp", r.tiers.max_halfwidth}};
  if (r.bound) {
    j["bound_ulp"] = *r.bound;
    j["subnormal"] = r.judge_subnormal ? "judge" : "ignore";
    j["strict_zero"] = r.strict_zero;
    j["violations"] = r.violations;
    j["verdict"] = r.passed() ? "pass" : "fail";
    nlohmann::json cex = nlohmann::json::array();
    const Format f = record_format(r);
    for (const auto& c : r.counterexamples) {
      cex.push_back({{"input", hex_text(c.input)}, {"input_dec", dec_text(f, c.input)},
                     {"got", hex_text(c.got)}, {"got_dec", dec_text(f, c.got)},
                     {"exact", c.exact_hex}, {"exact_dec", c.exact_dec},
                     {"ulp", number_or_null(c.ulp)},
                     {"mismatch", kMismatchNames[static_cast<int>(c.mismatch)]}});
      if (c.second) cex.back()["a"] = hex_text(*c.second);
    }
    j["counterexamples"] = cex;
  }
  return j;
}

namespace {
// Four digits, or every digit where four would show an error over the bound as
// within it (0.5000000000000001 against a bound of 0.5 is not "0.5").
std::string ulp_text(double ulp, const std::optional<double>& bound) {
  std::string text = fmt::format("{:.4g}", ulp);
  if (bound && ulp > *bound && std::strtod(text.c_str(), nullptr) <= *bound) text = fmt::format("{}", ulp);
  return text;
}
}  // namespace

std::string counterexample_text(const Record& r, const Counterexample& c) {
  const Format f = record_format(r);
  const std::string what = c.mismatch == Mismatch::none
                               ? fmt::format("{} ULP", ulp_text(c.ulp, r.bound))
                               : fmt::format("{} mismatch", kMismatchNames[static_cast<int>(c.mismatch)]);
  const std::string a =
      c.second ? fmt::format("  a = {} ({})", hex_text(*c.second), dec_text(f, *c.second)) : "";
  return fmt::format("  x = {} ({}){}  got {} ({})  exact {} ({})  {}", hex_text(c.input),
                     dec_text(f, c.input), a, hex_text(c.got), dec_text(f, c.got), c.exact_hex,
                     c.exact_dec, what);
}

std::string to_text(const Record& r) {
  const Format f = record_format(r);
  // The seed names the inputs of a sampled run only (exhaustive and data runs have none).
  const std::string seed = r.mode == "samples" ? fmt::format(" seed={}", r.seed) : "";
  std::string out = fmt::format("{} {} kernel={} mode={} inputs={}{} oracle={} bits ({:.2f} s)\n", r.op,
                                r.format, r.kernel, r.mode, r.inputs, seed, r.oracle_bits, r.seconds);
  if (r.has_argmax)
    out += fmt::format("  max_ulp {} at x = {} ({}){}, got {}, exact {}, cond {:.3g}\n",
                       ulp_text(r.max_ulp, r.bound), hex_text(r.argmax), dec_text(f, r.argmax),
                       r.argmax_second ? " a = " + hex_text(*r.argmax_second) : "",
                       hex_text(r.argmax_got), r.argmax_exact, r.cond_at_argmax);
  out += fmt::format("  max_ulp_normal {}  max_ulp_subnormal {}  mean_ulp {:.4g}\n",
                     ulp_text(r.max_ulp_normal, r.bound), ulp_text(r.max_ulp_subnormal, r.bound), r.mean_ulp);
  out += fmt::format("  mismatches: nan {} overflow {} nonfinite {} signed_zero {}\n",
                     r.mismatches[1], r.mismatches[2], r.mismatches[3], r.mismatches[4]);
  if (r.stability)
    out += fmt::format("  stability: max |err| / ((kappa + 1) u) = {:.4g} at x = {} ({}), kappa {:.3g}\n",
                       r.stability->max_ratio, hex_text(r.stability->at), dec_text(f, r.stability->at),
                       r.stability->kappa);
  if (r.tiers.fast)
    out += fmt::format("  oracle: fast tier alone on {} inputs, MPFR on {} (mean within {:.2g} ULP of all-MPFR)\n",
                       r.tiers.fast, r.tiers.mpfr, r.tiers.max_halfwidth);
  if (r.binade_unresolved)
    out += fmt::format("  {} inputs judged conservatively: exact result within 2^-{} (relative) of a power of two"
                       " or a rounding midpoint\n",
                       r.binade_unresolved, 16 * r.oracle_bits);
  if (r.bound) {
    out += fmt::format("  verdict: {} (bound {} ULP{}{}; {} violating inputs)\n",
                       r.passed() ? "PASS" : "FAIL", *r.bound,
                       r.judge_subnormal ? "" : ", subnormal results not judged",
                       r.strict_zero ? ", strict zeros" : "", r.violations);
    if (!r.counterexamples.empty()) out += "  first counterexamples:\n";
    for (const auto& c : r.counterexamples) out += counterexample_text(r, c) + "\n";
  }
  return out;
}

}  // namespace numstab
