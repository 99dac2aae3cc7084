#include "reports/baseline_sections.hpp"

#include <cmath>
#include <cstdlib>
#include <iterator>
#include <optional>
#include <utility>

#include <fmt/format.h>

namespace numstab {

namespace {

using nlohmann::json;

constexpr const char* kMismatches[] = {"nan", "overflow", "nonfinite", "signed_zero"};
constexpr const char* kExactThresholds[] = {"exact_overflow", "exact_underflow", "exact_zero"};
constexpr const char* kThresholdFields[] = {"exact_overflow", "exact_underflow", "exact_zero", "kernel_nonfinite"};

std::string number_text(double v) { return fmt::format("{}", v); }

std::string value_text(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number()) return number_text(v.get<double>());
  if (v.is_null()) return "null";
  return v.dump();
}

// A figure that grew past its baseline by more than `tol` fails; one that
// shrank by more than `tol` is an improvement.
void hold_at_most(const char* what, double now, double base, double tol, const std::string& unit, Comparison& c,
                  const std::string& where = "") {
  if (now > base + tol)
    c.regressions.push_back(fmt::format("{} {} exceeds baseline {} + tolerance {}{}{}", what, number_text(now),
                                        number_text(base), number_text(tol), unit.empty() ? "" : " " + unit, where));
  c.improved = c.improved || now < base - tol;
}

void compare_entry(const json& now, const json& base, const GateTolerances& tol, Comparison& c) {
  for (const char* m : {"max_ulp", "max_ulp_normal", "max_ulp_subnormal"}) {
    const bool worst_input = std::string(m) == "max_ulp" && now.contains("argmax") && now.at("argmax").is_string();
    hold_at_most(m, now.at(m), base.at(m), tol.ulp, "ULP",
                 c, worst_input ? fmt::format(" (worst input {})", now.at("argmax").get<std::string>()) : "");
  }
  for (const char* m : kMismatches) {
    const uint64_t v = now.at("mismatches").at(m), b = base.at("mismatches").at(m);
    if (v > b) c.regressions.push_back(fmt::format("{} mismatches {} exceed baseline {}", m, v, b));
    c.improved = c.improved || v < b;
  }
}

void compare_gradient(const json& now, const json& base, const GateTolerances& tol, Comparison& c) {
  const std::string unit = now.at("bound_unit");
  hold_at_most("error", now.at("error"), base.at("error"), tol.ulp, unit, c,
               fmt::format(" (at {})", now.at("where").get<std::string>()));
  hold_at_most("max_ulp", now.at("max_ulp"), base.at("max_ulp"), tol.ulp, "ULP", c);
  // A looser bound lets a worse error pass: it fails like a worse error.
  const double bound = now.at("bound"), base_bound = base.at("bound");
  if (bound > base_bound * (1 + tol.relative))
    c.regressions.push_back(fmt::format("bound {} is looser than baseline {} (relative tolerance {}) {}",
                                        number_text(bound), number_text(base_bound), number_text(tol.relative), unit));
  if (now.at("verdict") == "fail" && base.at("verdict") == "pass")
    c.regressions.push_back(fmt::format("verdict fail, baseline pass: error {} > bound {} {}",
                                        number_text(now.at("error")), number_text(now.at("bound")), unit));
  c.improved = c.improved || (now.at("verdict") == "pass" && base.at("verdict") == "fail");
}

// |measured - theory| per component of a fixed point: the mean absolutely
// (its theory is 0), the variance relative to its theory.
std::pair<double, double> fixed_point_gaps(const json& r) {
  const json &m = r.at("measured"), &t = r.at("theory");
  const double tv = t.at("variance");
  return {std::fabs(m.at("mean").get<double>() - t.at("mean").get<double>()),
          std::fabs(m.at("variance").get<double>() - tv) / std::fabs(tv)};
}

void compare_divergence(const json& now, const json& base, const GateTolerances& tol, Comparison& c) {
  const auto lacks = [&](const char* k) {
    if (now.contains(k)) return false;
    c.regressions.push_back(fmt::format("no \"{}\" in this report", k));
    return true;
  };
  if (base.contains("relative_gap") && !lacks("relative_gap")) {
    // A measured value that moved away from theory; towards it is an improvement.
    const double gap = std::fabs(now.at("relative_gap").get<double>()), b = std::fabs(base.at("relative_gap").get<double>());
    if (gap > b + tol.relative)
      c.regressions.push_back(fmt::format("relative_gap {} is further from theory than baseline {} + tolerance {}",
                                          number_text(now.at("relative_gap")), number_text(base.at("relative_gap")),
                                          number_text(tol.relative)));
    c.improved = c.improved || gap < b - tol.relative;
  }
  if (base.contains("bracketed") && !lacks("bracketed") && base.at("bracketed") == true && now.at("bracketed") == false)
    c.regressions.push_back("the threshold is no longer bracketed (bracketed false, baseline true)");
  if (base.contains("blowup_depth") && !lacks("blowup_depth") && now.at("blowup_depth") != base.at("blowup_depth"))
    c.regressions.push_back(fmt::format("blowup_depth {} differs from baseline {} (null: never)",
                                        value_text(now.at("blowup_depth")), value_text(base.at("blowup_depth"))));
  // Drift: an error or a bound that grew relatively, or a bound that stopped holding.
  for (const char* k : {"max_error", "bound"}) {
    if (!base.contains(k) || lacks(k)) continue;
    const double v = now.at(k), b = base.at(k);
    if (v > b * (1 + tol.relative))
      c.regressions.push_back(fmt::format("{} {} exceeds baseline {} (relative tolerance {})", k, number_text(v),
                                          number_text(b), number_text(tol.relative)));
    c.improved = c.improved || v < b * (1 - tol.relative);
  }
  for (const char* k : {"pass", "pass_a_priori"}) {
    if (!base.contains(k) || lacks(k)) continue;
    if (base.at(k) == true && now.at(k) == false)
      c.regressions.push_back(fmt::format("{} false, baseline true: the drift exceeds its bound", k));
    c.improved = c.improved || (base.at(k) == false && now.at(k) == true);
  }
  if (base.contains("measured") && base.at("measured").is_object() && !lacks("measured") && !lacks("theory")) {
    const auto [mean, variance] = fixed_point_gaps(now);
    const auto [base_mean, base_variance] = fixed_point_gaps(base);
    hold_at_most("fixed point |mean - theory|", mean, base_mean, tol.relative, "", c);
    hold_at_most("fixed point |variance - theory| / theory", variance, base_variance, tol.relative, "", c);
  }
}

std::optional<double> magnitude(const json& v) {
  if (v.is_null()) return std::nullopt;
  return std::strtod(v.get<std::string>().c_str(), nullptr);
}

void compare_thresholds(const json& now, const json& base, const GateTolerances&, Comparison& c) {
  for (const char* side : {"negative", "positive"}) {
    const json &n = now.at(side), &b = base.at(side);
    // Thresholds of the exact function, found by bisection over the format's
    // values: they do not move unless the oracle or the search changed.
    for (const char* k : kExactThresholds)
      if (n.at(k) != b.at(k))
        c.regressions.push_back(fmt::format("{} {} {} moved from baseline {}", side, k, value_text(n.at(k)),
                                            value_text(b.at(k))));
    // Where the kernel first turns a finite result into inf/NaN: nearer 0 is worse.
    const auto kn = magnitude(n.at("kernel_nonfinite")), kb = magnitude(b.at("kernel_nonfinite"));
    if (kn && (!kb || *kn < *kb))
      c.regressions.push_back(fmt::format("{} kernel_nonfinite {}: the kernel turns finite results into inf/NaN "
                                          "from there on (baseline {})", side, value_text(n.at("kernel_nonfinite")),
                                          value_text(b.at("kernel_nonfinite"))));
    c.improved = c.improved || (kb && (!kn || *kn > *kb));
  }
  if (now.at("premature_nonfinite") == true && base.at("premature_nonfinite") == false)
    c.regressions.push_back("premature_nonfinite true, baseline false");
}

}  // namespace

const std::vector<SectionSpec>& gate_sections() {
  using F = FieldType;
  using R = Role;
  static const std::vector<SectionSpec> sections = {
      {"entries", "",
       {{"op", F::string, R::identity}, {"format", F::string, R::identity}, {"kernel", F::string, R::identity},
        {"mode", F::string, R::how}, {"inputs", F::count, R::how}, {"seed", F::count, R::how},
        {"max_ulp", F::number, R::held}, {"max_ulp_normal", F::number, R::held},
        {"max_ulp_subnormal", F::number, R::held}, {"mismatches", F::mismatch_counts, R::held}},
       true, &compare_entry},
      {"gradients", "gradients",
       {{"op", F::string, R::identity}, {"format", F::string, R::identity}, {"kernel", F::string, R::identity},
        {"part", F::string, R::identity}, {"algorithm", F::string, R::identity, false},
        {"reference", F::string, R::how}, {"seed", F::count, R::how}, {"cases", F::count, R::how},
        {"elements", F::count, R::how}, {"bound_unit", F::string, R::how},
        {"error", F::number, R::held}, {"bound", F::number, R::held}, {"max_ulp", F::number, R::held},
        {"verdict", F::verdict, R::held}},
       false, &compare_gradient},
      {"divergence", "divergence",
       {{"experiment", F::string, R::identity}, {"optimizer", F::string, R::identity, false},
        {"format", F::string, R::identity, false}, {"params", F::params, R::identity, false},
        {"L", F::number, R::identity, false}, {"mu", F::number, R::identity, false},
        {"nonlinearity", F::string, R::identity, false}, {"initialiser", F::string, R::identity, false},
        {"weights", F::string, R::identity, false}, {"variance_scale", F::number, R::identity, false},
        {"criterion", F::string, R::identity, false},
        {"seed", F::count, R::how, false}, {"dim", F::count, R::how, false}, {"width", F::count, R::how, false},
        {"depth", F::count, R::how, false}, {"batch", F::count, R::how, false},
        {"networks", F::count, R::how, false}, {"blowup_factor", F::number, R::how, false},
        {"data", F::object, R::how, false},
        {"relative_gap", F::number, R::held, false}, {"bracketed", F::boolean, R::held, false},
        {"blowup_depth", F::count_or_null, R::held, false}, {"measured", F::figure, R::held, false},
        {"theory", F::figure, R::held, false},
        // drift: the multi-step error of contractive SGD against its derived bound
        {"T", F::count, R::how, false}, {"rho", F::number, R::how, false},
        {"max_error", F::number, R::held, false}, {"bound", F::number, R::held, false},
        {"pass", F::boolean, R::held, false}, {"pass_a_priori", F::boolean, R::held, false}},
       false, &compare_divergence},
      {"thresholds", "thresholds",
       {{"op", F::string, R::identity}, {"format", F::string, R::identity}, {"kernel", F::string, R::identity},
        {"negative", F::threshold_side, R::held}, {"positive", F::threshold_side, R::held},
        {"premature_nonfinite", F::boolean, R::held}},
       true, &compare_thresholds},
  };
  return sections;
}

std::string record_name(const SectionSpec& s, const json& record) {
  std::string name = s.label;
  for (const FieldSpec& f : s.fields) {
    if (f.role != Role::identity || !record.contains(f.name)) continue;
    const json& v = record.at(f.name);
    std::string text;
    if (f.type == FieldType::params)
      for (const auto& [k, x] : v.items()) text += fmt::format("{}{}={}", text.empty() ? "" : ",", k, value_text(x));
    else
      text = f.type == FieldType::number ? fmt::format("{}={}", f.name, value_text(v)) : value_text(v);
    name += (name.empty() ? "" : " ") + text;
  }
  return name;
}

std::string how_measured(const SectionSpec& s, const json& record) {
  std::string how;
  for (const FieldSpec& f : s.fields)
    if (f.role == Role::how && record.contains(f.name))
      how += fmt::format("{}{} {}", how.empty() ? "" : ", ", f.name, value_text(record.at(f.name)));
  return how;
}

nlohmann::ordered_json baseline_record(const SectionSpec& s, const json& record) {
  nlohmann::ordered_json out;
  for (const FieldSpec& f : s.fields)
    if (record.contains(f.name)) out[f.name] = record.at(f.name);
  return out;
}

std::string type_error(FieldType t, const json& v) {
  const auto is_count = [](const json& x) {
    return x.is_number_unsigned() || (x.is_number_integer() && x.get<int64_t>() >= 0);
  };
  const auto is_hexfloat = [](const json& x) {
    if (!x.is_string()) return false;
    const std::string text = x.get<std::string>();
    char* end = nullptr;
    std::strtod(text.c_str(), &end);
    return !text.empty() && *end == '\0';
  };
  const auto all_of = [&](const json& x, const auto& keys, const auto& ok) {
    if (!x.is_object() || x.size() != std::size(keys)) return false;
    for (const char* k : keys)
      if (!x.contains(k) || !ok(x.at(k))) return false;
    return true;
  };
  switch (t) {
    case FieldType::string: return v.is_string() ? "" : "a string";
    case FieldType::count: return is_count(v) ? "" : "a non-negative integer";
    case FieldType::number: return v.is_number() ? "" : "a number";
    case FieldType::boolean: return v.is_boolean() ? "" : "true or false";
    case FieldType::verdict: return v == "pass" || v == "fail" ? "" : "\"pass\" or \"fail\"";
    case FieldType::object: return v.is_object() ? "" : "an object";
    case FieldType::count_or_null: return v.is_null() || is_count(v) ? "" : "a non-negative integer or null";
    case FieldType::number_or_null: return v.is_null() || is_hexfloat(v) ? "" : "a number as a string, or null";
    case FieldType::params: {
      bool ok = v.is_object();
      for (const auto& x : v) ok = ok && x.is_number();
      return ok ? "" : "an object of numbers";
    }
    case FieldType::mismatch_counts:
      return all_of(v, kMismatches, is_count) ? "" : "{\"nan\", \"overflow\", \"nonfinite\", \"signed_zero\"} counts";
    case FieldType::threshold_side:
      return all_of(v, kThresholdFields, [&](const json& x) { return x.is_null() || is_hexfloat(x); })
                 ? "" : "{\"exact_overflow\", \"exact_underflow\", \"exact_zero\", \"kernel_nonfinite\"}, each a "
                        "number as a string or null";
    case FieldType::figure: {
      const auto number = [](const json& x) { return x.is_number(); };
      constexpr const char* kFixedPoint[] = {"mean", "variance"};
      return v.is_number() || all_of(v, kFixedPoint, number) ? "" : "a number or {\"mean\", \"variance\"} numbers";
    }
  }
  return "a known type";
}

}  // namespace numstab
