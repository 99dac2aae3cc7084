#include "reports/baseline.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <tuple>

#include <fmt/format.h>

#include "src/errors.hpp"

namespace numstab {

namespace {

using nlohmann::json;
using Key = std::tuple<std::string, std::string, std::string>;

Key key_of(const json& e) { return {e.at("op"), e.at("format"), e.at("kernel")}; }
std::string name_of(const json& e) {
  return fmt::format("{} {} {}", e.at("op").get<std::string>(), e.at("format").get<std::string>(),
                     e.at("kernel").get<std::string>());
}

constexpr const char* kMaxima[] = {"max_ulp", "max_ulp_normal", "max_ulp_subnormal"};
constexpr const char* kMismatches[] = {"nan", "overflow", "nonfinite", "signed_zero"};

std::string how_measured(const json& e) {
  return fmt::format("{} on {} inputs, seed {}", e.at("mode").get<std::string>(),
                     e.at("inputs").get<uint64_t>(), e.at("seed").get<uint64_t>());
}

}  // namespace

json make_baseline(const json& report) {
  json entries = json::array();
  for (const auto& e : report.at("entries")) {
    json b = {{"op", e.at("op")}, {"format", e.at("format")}, {"kernel", e.at("kernel")},
              {"mode", e.at("mode")}, {"inputs", e.at("inputs")}, {"seed", e.at("seed")}};
    for (const char* m : kMaxima) b[m] = e.at(m);
    b["mismatches"] = e.at("mismatches");
    entries.push_back(b);
  }
  return {{"numstab_version", report.at("numstab_version")},
          {"about", "Regression baseline of `numstab report --quick --check-baseline`: see the "
                    "README, section Reports. Regenerate deliberately with `numstab report --quick "
                    "--no-plots --update-baseline reports/baseline.json`."},
          {"entries", entries}};
}

void write_baseline(const std::string& path, const json& baseline) {
  std::ofstream out(path);
  if (!out) throw UsageError(fmt::format("cannot write '{}'", path));
  out << "{\n";
  for (const auto& [k, v] : baseline.items()) {
    if (k == "entries") continue;
    out << "  " << json(k).dump() << ": " << v.dump() << ",\n";
  }
  out << "  \"entries\": [\n";
  const json& entries = baseline.at("entries");
  // Identity first, then how it was measured, then what the gate holds it to.
  constexpr const char* kOrder[] = {"op", "format", "kernel", "mode", "inputs", "seed",
                                    "max_ulp", "max_ulp_normal", "max_ulp_subnormal", "mismatches"};
  for (size_t i = 0; i < entries.size(); ++i) {
    nlohmann::ordered_json line;
    for (const char* k : kOrder)
      if (entries[i].contains(k)) line[k] = entries[i].at(k);
    for (const auto& [k, v] : entries[i].items()) line[k] = v;  // any other key, after
    out << "    " << line.dump() << (i + 1 < entries.size() ? ",\n" : "\n");
  }
  out << "  ]\n}\n";
  if (!out) throw UsageError(fmt::format("cannot write '{}'", path));
}

json read_baseline(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw UsageError(fmt::format("cannot read baseline '{}'", path));
  try {
    json b = json::parse(in);
    if (!b.contains("entries") || !b.at("entries").is_array())
      throw UsageError(fmt::format("baseline '{}' has no \"entries\" array", path));
    return b;
  } catch (const json::exception& e) {
    throw UsageError(fmt::format("baseline '{}' is not valid JSON: {}", path, e.what()));
  }
}

GateResult check_baseline(const json& report, const json& baseline, double tol,
                          const std::vector<std::string>& only_ops) {
  GateResult g;
  std::map<Key, const json*> now;
  for (const auto& e : report.at("entries")) now[key_of(e)] = &e;
  std::map<Key, bool> in_baseline;
  size_t skipped = 0, improved = 0;
  try {
    for (const auto& b : baseline.at("entries")) {
      in_baseline[key_of(b)] = true;
      const std::string op = b.at("op");
      if (!only_ops.empty() && std::find(only_ops.begin(), only_ops.end(), op) == only_ops.end()) {
        ++skipped;
        continue;
      }
      ++g.checked;
      const auto it = now.find(key_of(b));
      if (it == now.end()) {
        g.regressions.push_back(fmt::format("{}: in the baseline but not in this report", name_of(b)));
        continue;
      }
      const json& e = *it->second;
      if (how_measured(e) != how_measured(b)) {
        g.regressions.push_back(fmt::format(
            "{}: measured {} but the baseline on {}: not comparable (run the gate as the baseline "
            "was made, or regenerate it)", name_of(b), how_measured(e), how_measured(b)));
        continue;
      }
      bool better = false;
      for (const char* m : kMaxima) {
        const double v = e.at(m), base = b.at(m);
        if (v > base + tol)
          g.regressions.push_back(fmt::format("{}: {} {} exceeds baseline {} + tolerance {} ULP{}",
                                              name_of(b), m, v, base, tol,
                                              std::string(m) == "max_ulp" && !e.at("argmax").is_null()
                                                  ? fmt::format(" (worst input {})", e.at("argmax").get<std::string>())
                                                  : ""));
        better = better || v < base - tol;
      }
      for (const char* m : kMismatches) {
        const uint64_t v = e.at("mismatches").at(m), base = b.at("mismatches").at(m);
        if (v > base)
          g.regressions.push_back(
              fmt::format("{}: {} mismatches {} exceed baseline {}", name_of(b), m, v, base));
        better = better || v < base;
      }
      improved += better;
    }
  } catch (const json::exception& e) {
    throw UsageError(fmt::format("malformed baseline entry: {}", e.what()));
  }
  for (const auto& e : report.at("entries"))
    if (!in_baseline.count(key_of(e)))
      g.notes.push_back(fmt::format("{}: new, not in the baseline (add it with --update-baseline)", name_of(e)));
  if (improved)
    g.notes.push_back(fmt::format("{} entries improved on the baseline beyond the tolerance "
                                  "(--update-baseline to tighten it)", improved));
  if (skipped)
    g.notes.push_back(fmt::format("{} baseline entries of ops not measured (--op) were skipped", skipped));
  return g;
}

}  // namespace numstab
