#include "reports/baseline.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>

#include "src/errors.hpp"
#include "src/io/output.hpp"

namespace numstab {

namespace {

using nlohmann::json;

const json& section_of(const json& report, const SectionSpec& s) {
  static const json empty = json::array();
  return report.contains(s.name) ? report.at(s.name) : empty;
}

// One record's fields against its section's spec; the error names the record.
void validate_record(const SectionSpec& s, const json& r, size_t i, const std::string& path) {
  const auto fail = [&](const std::string& what) {
    throw UsageError(fmt::format("baseline '{}': {}[{}]: {}", path, s.name, i, what));
  };
  if (!r.is_object()) fail("not an object");
  for (const auto& item : r.items()) {
    const std::string& key = item.key();  // a plain name: clang 14 cannot capture a structured binding
    if (std::none_of(s.fields.begin(), s.fields.end(), [&](const FieldSpec& f) { return key == f.name; }))
      fail(fmt::format("unknown field \"{}\"", key));
  }
  bool holds = false;
  for (const FieldSpec& f : s.fields) {
    if (!r.contains(f.name)) {
      if (f.required) fail(fmt::format("no \"{}\"", f.name));
      continue;
    }
    const std::string expected = type_error(f.type, r.at(f.name));
    if (!expected.empty()) fail(fmt::format("\"{}\" must be {}, got {}", f.name, expected, r.at(f.name).dump()));
    holds = holds || f.role == Role::held;
  }
  // A record with no figure could never fail the gate.
  if (!holds) fail(fmt::format("{}: holds no figure", record_name(s, r)));
}

}  // namespace

json make_baseline(const json& report) {
  json b = {{"numstab_version", report.at("numstab_version")},
            {"about", "Regression baseline of `numstab report --quick --check-baseline`: see the "
                      "README, section Reports. Regenerate deliberately with `numstab report --quick "
                      "--no-plots --update-baseline reports/baseline.json`."}};
  for (const SectionSpec& s : gate_sections()) {
    json records = json::array();
    std::set<std::string> names;
    for (const auto& r : section_of(report, s)) {
      if (!names.insert(record_name(s, r)).second)
        throw std::logic_error(fmt::format("report.json names two {} records '{}'", s.name, record_name(s, r)));
      records.push_back(json::parse(baseline_record(s, r).dump()));
    }
    b[s.name] = records;
  }
  return b;
}

void write_baseline(const std::string& path, const json& baseline) {
  std::ostringstream out;
  out << "{\n";
  for (const auto& item : baseline.items()) {
    const std::string& k = item.key();  // a plain name: clang 14 cannot capture a structured binding
    if (std::none_of(gate_sections().begin(), gate_sections().end(), [&](const SectionSpec& s) { return k == s.name; }))
      out << "  " << json(k).dump() << ": " << item.value().dump() << ",\n";
  }
  const auto& sections = gate_sections();
  for (size_t n = 0; n < sections.size(); ++n) {
    const SectionSpec& s = sections[n];
    const json& records = section_of(baseline, s);
    out << "  " << json(s.name).dump() << ": [\n";
    // Fields in the spec's order: identity, how it was measured, the figures held.
    for (size_t i = 0; i < records.size(); ++i)
      out << "    " << baseline_record(s, records[i]).dump() << (i + 1 < records.size() ? ",\n" : "\n");
    out << "  ]" << (n + 1 < sections.size() ? ",\n" : "\n");
  }
  out << "}\n";
  // Replaced whole or not at all: the gate never reads half a baseline.
  write_file_atomically(path, out.str());
}

void validate_baseline(const json& b, const std::string& path) {
  if (!b.is_object()) throw UsageError(fmt::format("baseline '{}' is not a JSON object", path));
  for (const SectionSpec& s : gate_sections()) {
    if (!b.contains(s.name) || !b.at(s.name).is_array())
      throw UsageError(fmt::format("baseline '{}' has no \"{}\" array", path, s.name));
    std::set<std::string> names;
    for (size_t i = 0; i < b.at(s.name).size(); ++i) {
      const json& r = b.at(s.name)[i];
      validate_record(s, r, i, path);
      if (!names.insert(record_name(s, r)).second)
        throw UsageError(fmt::format("baseline '{}': {}[{}]: a second record '{}'", path, s.name, i, record_name(s, r)));
    }
  }
}

json read_baseline(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw UsageError(fmt::format("cannot read baseline '{}'", path));
  json b;
  try {
    b = json::parse(in);
  } catch (const json::exception& e) {
    throw UsageError(fmt::format("baseline '{}' is not valid JSON: {}", path, e.what()));
  }
  validate_baseline(b, path);
  return b;
}

GateResult check_baseline(const json& report, const json& baseline, const GateTolerances& tol,
                          const std::vector<std::string>& only_ops) {
  GateResult g;
  size_t skipped = 0, improved = 0;
  for (const SectionSpec& s : gate_sections()) {
    std::map<std::string, const json*> now;
    for (const auto& r : section_of(report, s))
      if (!now.emplace(record_name(s, r), &r).second)
        throw std::logic_error(fmt::format("report.json names two {} records '{}'", s.name, record_name(s, r)));
    std::set<std::string> in_baseline;
    for (const auto& b : section_of(baseline, s)) {
      const std::string name = record_name(s, b);
      in_baseline.insert(name);
      const bool measured = only_ops.empty() || (s.per_elementwise_op && std::find(only_ops.begin(), only_ops.end(),
                                                                                 b.at("op")) != only_ops.end());
      if (!measured) {
        ++skipped;
        continue;
      }
      ++g.checked;
      const auto it = now.find(name);
      if (it == now.end()) {
        g.regressions.push_back(fmt::format("{}: in the baseline but not in this report", name));
        continue;
      }
      const json& e = *it->second;
      if (how_measured(s, e) != how_measured(s, b)) {
        g.regressions.push_back(fmt::format(
            "{}: measured with {} but the baseline with {}: not comparable (run the gate as the baseline "
            "was made, or regenerate it)", name, how_measured(s, e), how_measured(s, b)));
        continue;
      }
      Comparison c;
      s.compare(e, b, tol, c);
      for (const auto& line : c.regressions) g.regressions.push_back(name + ": " + line);
      improved += c.improved;
    }
    for (const auto& [name, r] : now)
      if (!in_baseline.count(name))
        g.notes.push_back(fmt::format("{}: new, not in the baseline (add it with --update-baseline)", name));
  }
  if (improved)
    g.notes.push_back(fmt::format("{} records improved on the baseline beyond the tolerance "
                                  "(--update-baseline to tighten it)", improved));
  if (skipped)
    g.notes.push_back(fmt::format("{} baseline records of what was not measured (--op) were skipped", skipped));
  return g;
}

}  // namespace numstab
