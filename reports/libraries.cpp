#include "reports/libraries.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "reports/html.hpp"
#include "src/catalog.hpp"
#include "src/errors.hpp"
#include "src/formats.hpp"

namespace numstab {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

json read_json(const fs::path& path, const std::string& what) {
  std::ifstream in(path);
  if (!in) throw UsageError(fmt::format("--library-records: no {} '{}'", what, path.string()));
  try {
    return json::parse(in);
  } catch (const json::exception& e) {
    throw UsageError(fmt::format("--library-records: '{}' is not valid JSON: {}", path.string(), e.what()));
  }
}

// The field, or a UsageError naming the file and the field.
const json& field(const json& j, const std::string& name, const fs::path& file) {
  if (!j.is_object() || !j.contains(name))
    throw UsageError(fmt::format("--library-records: '{}' has no \"{}\"", file.string(), name));
  return j.at(name);
}

// The field's value, or a UsageError naming the file, the field and the type it must have.
std::string text_field(const json& j, const std::string& name, const fs::path& file) {
  const json& v = field(j, name, file);
  if (!v.is_string())
    throw UsageError(fmt::format("--library-records: '{}': \"{}\" must be a string, not {}", file.string(), name, v.dump()));
  return v.get<std::string>();
}
double number_field(const json& j, const std::string& name, const fs::path& file) {
  const json& v = field(j, name, file);
  if (!v.is_number())
    throw UsageError(fmt::format("--library-records: '{}': \"{}\" must be a number, not {}", file.string(), name, v.dump()));
  return v.get<double>();
}
uint64_t count_field(const json& j, const std::string& name, const fs::path& file) {
  const json& v = field(j, name, file);
  if (!v.is_number_unsigned())
    throw UsageError(
        fmt::format("--library-records: '{}': \"{}\" must be a count (an integer >= 0), not {}", file.string(), name, v.dump()));
  return v.get<uint64_t>();
}
// A figure that may be null (an infinite error) or a number.
const json& ulp_field(const json& j, const std::string& name, const fs::path& file) {
  const json& v = field(j, name, file);
  if (!v.is_null() && !v.is_number())
    throw UsageError(fmt::format("--library-records: '{}': \"{}\" must be a number or null, not {}", file.string(), name, v.dump()));
  return v;
}

std::string symbol_of(const std::string& spec) {
  const auto colon = spec.rfind(':');
  return colon == std::string::npos ? spec : spec.substr(colon + 1);
}

size_t catalog_rank(const std::string& op) {
  const auto& ops = catalog();
  const auto it = std::find_if(ops.begin(), ops.end(), [&](const OpInfo& o) { return o.name == op; });
  return static_cast<size_t>(it - ops.begin());
}

// A figure rounded up (never understated) to 4 decimals: enough to tell 1.0001
// (SLEEF's tanhf bound) from 1.0 + 2^-52; tiny ones (subnormal maxima) in %g.
std::string ulp_text(const json& v) {
  if (v.is_null()) return "inf";
  const double u = v.get<double>();
  if (u == 0) return "0";
  if (u < 1e-3) return fmt::format("{:.3g}", u);
  if (u >= 1000) return ulp_bound_text(u);
  double up = std::ceil(u * 1e4) / 1e4;
  if (up < u) up += 1e-4;
  return fmt::format("{:.4f}", up);
}

std::string mismatch_text(const json& mismatches, const fs::path& file) {
  std::string out;
  for (const char* name : {"nan", "overflow", "nonfinite", "signed_zero"}) {
    const uint64_t n = count_field(mismatches, name, file);
    if (n) out += fmt::format("{}{} {}", out.empty() ? "" : ", ", name, n);
  }
  return out;
}

// A framework set runs the framework's kernels on one ISA path;
// a library set has neither field.
struct FrameworkPath {
  std::string framework, isa;
};

FrameworkPath framework_path(const json& set, const fs::path& rows_file) {
  const std::string name = text_field(set, "name", rows_file);
  if (!set.contains("framework")) {
    if (set.contains("isa"))
      throw UsageError(fmt::format("--library-records: '{}': set {} has an \"isa\" but no \"framework\"",
                                   rows_file.string(), name));
    return {};
  }
  FrameworkPath p{text_field(set, "framework", rows_file), text_field(set, "isa", rows_file)};
  if (p.framework != "torch" && p.framework != "onednn")
    throw UsageError(fmt::format("--library-records: '{}': set {} names framework '{}' (expected torch or onednn)",
                                 rows_file.string(), name, p.framework));
  if (p.isa.empty())
    throw UsageError(fmt::format("--library-records: '{}': set {} has an empty \"isa\"", rows_file.string(), name));
  for (const auto& [op, by_format] : field(set, "kernels", rows_file).items())
    if (by_format.is_object())
      for (const auto& [format, spec] : by_format.items())
        if (spec != p.framework)
          throw UsageError(fmt::format("--library-records: '{}': set {} runs {} kernels, but kernels.{}.{} is {}",
                                       rows_file.string(), name, p.framework, op, format, spec.dump()));
  return p;
}

// A framework record names the framework and the ISA path that ran: one of
// another framework or path is not the row's.
std::string framework_text(const json& rec, const fs::path& file, const FrameworkPath& path,
                           const std::function<UsageError(const std::string&)>& mismatch) {
  if (!rec.contains("framework") || !rec.at("framework").is_object())
    throw mismatch(fmt::format("no \"framework\" object; the row runs {} on {}", path.framework, path.isa));
  const json& fw = rec.at("framework");
  if (text_field(fw, "framework", file) != path.framework)
    throw mismatch(fmt::format("framework {}, the row's is {}", fw.at("framework").dump(), path.framework));
  if (text_field(fw, "isa", file) != path.isa)
    throw mismatch(fmt::format("isa {}, the row's is {}", fw.at("isa").dump(), path.isa));
  return fmt::format("{} {}, {} on {}, {} position", path.framework, text_field(fw, "version", file),
                     text_field(fw, "call", file), path.isa, text_field(fw, "position", file));
}

// One cell from one record, checked against its row.
std::string cell_text(const json& rec, const fs::path& file, const std::string& op, const std::string& format,
                      const std::string& spec,
                      double bound, const std::string& subnormal, const std::string& source,
                      const std::string& range, const FrameworkPath& path) {
  const auto mismatch = [&](const std::string& what) {
    return UsageError(fmt::format("--library-records: '{}' is not the row's record ({})", file.string(), what));
  };
  if (field(rec, "op", file) != op) throw mismatch("op " + field(rec, "op", file).dump());
  if (field(rec, "format", file) != format) throw mismatch("format " + field(rec, "format", file).dump());
  if (symbol_of(text_field(rec, "kernel", file)) != symbol_of(spec))
    throw mismatch("kernel " + field(rec, "kernel", file).dump());
  if (number_field(rec, "bound_ulp", file) != bound)
    throw mismatch(fmt::format("bound {} ULP, the row's is {}", field(rec, "bound_ulp", file).dump(), bound));
  if (field(rec, "subnormal", file) != subnormal) throw mismatch("subnormal " + field(rec, "subnormal", file).dump());
  const std::string ran = path.framework.empty() ? std::string() : framework_text(rec, file, path, mismatch);

  const std::string mode = text_field(rec, "mode", file);
  const uint64_t inputs = count_field(rec, "inputs", file);
  const uint64_t seed = count_field(rec, "seed", file);
  std::string how = mode == "exhaustive" ? fmt::format("exhaustive, {} inputs", inputs)
                                         : fmt::format("{} {}, seed {}", inputs, mode, seed);
  if (!range.empty()) how += fmt::format(", x in {}", range);
  const json& argmax = field(rec, "argmax", file);
  if (!argmax.is_null() && !argmax.is_string())
    throw UsageError(fmt::format("--library-records: '{}': \"argmax\" must be a string or null, not {}", file.string(), argmax.dump()));
  std::string text = fmt::format("{} at {}", ulp_text(ulp_field(rec, "max_ulp", file)),
                                 argmax.is_null() ? std::string("-") : argmax.get<std::string>());
  if (subnormal == "ignore")
    text += fmt::format("; normal results {}, subnormal {}", ulp_text(ulp_field(rec, "max_ulp_normal", file)),
                        ulp_text(ulp_field(rec, "max_ulp_subnormal", file)));
  const std::string mm = mismatch_text(field(rec, "mismatches", file), file);
  if (!mm.empty()) text += "; mismatches " + mm;
  const std::string verdict = text_field(rec, "verdict", file);
  text += fmt::format("; {} (bound {} [{}]{}); {}", verdict == "pass" ? "PASS" : "FAIL", bound, source,
                      subnormal == "ignore" ? ", normal results" : "", how);
  if (!ran.empty()) text += "; " + ran;
  return text;
}

}  // namespace

LibraryTable read_library_table(const std::string& dir) {
  const fs::path root = dir;
  const fs::path rows_file = root / "libraries.json";
  const json rows = read_json(rows_file, "rows file (a copy of reports/kernel_sets/libraries.json)");
  const json& sets = field(rows, "sets", rows_file);
  const json& sources = field(rows, "sources", rows_file);
  if (!sets.is_array() || sets.empty())
    throw UsageError(fmt::format("--library-records: '{}' names no library sets", rows_file.string()));

  LibraryTable out;
  out.table.header = {"op", "format"};
  out.table.text_columns = 2;
  // Rows: every (op, format) some set has, ops in catalog order, formats in kAllFormats' order.
  std::vector<std::pair<std::string, Format>> keys;
  for (const auto& set : sets) {
    out.table.header.push_back(text_field(set, "title", rows_file));
    framework_path(set, rows_file);  // validated before any record is read
    const json& kernels = field(set, "kernels", rows_file);
    if (!kernels.is_object())
      throw UsageError(fmt::format("--library-records: '{}': \"kernels\" must be an object", rows_file.string()));
    for (const auto& [op, by_format] : kernels.items()) {
      if (!by_format.is_object())
        throw UsageError(fmt::format("--library-records: '{}': kernels.{} must be an object", rows_file.string(), op));
      for (const auto& [name, spec] : by_format.items()) {
        const auto format = parse_format(name);
        if (!format)
          throw UsageError(fmt::format("--library-records: '{}': kernels.{} names format '{}' (f64, f32, f16 or bf16)",
                                       rows_file.string(), op, name));
        if (std::find(keys.begin(), keys.end(), std::pair{op, *format}) == keys.end()) keys.emplace_back(op, *format);
      }
    }
  }
  std::stable_sort(keys.begin(), keys.end(), [](const auto& a, const auto& b) {
    return std::pair{catalog_rank(a.first), a.second} < std::pair{catalog_rank(b.first), b.second};
  });

  std::vector<std::string> cited;
  for (const auto& [op, f] : keys) {
    const std::string format = spec(f).name;
    std::vector<std::string> row = {op, format};
    for (const auto& set : sets) {
      const std::string name = text_field(set, "name", rows_file);
      const json& kernels = field(set, "kernels", rows_file);
      if (!kernels.contains(op) || !kernels.at(op).contains(format)) {
        row.push_back("-");  // the library has no such function in this format
        continue;
      }
      const json& b = field(field(field(set, "bounds", rows_file), op, rows_file), format, rows_file);
      const std::string source = text_field(b, "source", rows_file);
      if (!sources.contains(source))
        throw UsageError(fmt::format("--library-records: '{}' cites an unknown source '{}'", rows_file.string(), source));
      if (std::find(cited.begin(), cited.end(), source) == cited.end()) cited.push_back(source);
      const fs::path file = root / name / format / (op + ".json");
      row.push_back(cell_text(read_json(file, fmt::format("record for {} {} {}", name, op, format)), file, op,
                              format, text_field(kernels.at(op), format, rows_file), number_field(b, "ulp", rows_file),
                              text_field(b, "subnormal", rows_file), source,
                              b.contains("range") ? text_field(b, "range", rows_file) : std::string(),
                              framework_path(set, rows_file)));
    }
    out.table.rows.push_back(row);
    out.table.row_op.push_back(op);
    out.row_format.push_back(format);
  }
  for (const auto& key : cited) out.sources.push_back(fmt::format("{}: {}", key, text_field(sources, key, rows_file)));
  out.sentence =
      "Each cell: the largest error in ULP of the exact result (rounded up) at the worst input "
      "(hexfloat), the verdict of numstab certify against the bound the library documents, or "
      "numstab's where it documents none (its source in brackets, listed below; 'normal results' "
      "where subnormal results are reported but not judged), the inputs the figure rests on: every "
      "input of the format (exhaustive) or a seeded sample, and for a framework the call and the ISA "
      "path that ran. '-': the library has no such function in that format.";
  return out;
}

std::string library_markdown(const LibraryTable& t) {
  std::string md = fmt::format("\n## Third-party libraries and frameworks\n\n{}\n\n{}", t.sentence, markdown_table(t.table));
  md += "\nBounds from:\n\n";
  for (const auto& s : t.sources) md += fmt::format("- {}\n", s);
  return md;
}

std::string with_library_html(const std::string& page, const LibraryTable& t) {
  std::string h = fmt::format("<h2 id=\"libraries\">Third-party libraries and frameworks</h2>\n<p>{}</p>\n",
                              html_escape(t.sentence));
  h += "<div class=\"wide\"><table>\n<tr>";
  for (const auto& c : t.table.header) h += fmt::format("<th>{}</th>", html_escape(c));
  h += "</tr>\n";
  for (const auto& row : t.table.rows) {
    h += "<tr>";
    for (size_t c = 0; c < row.size(); ++c)
      h += fmt::format("<td{}>{}</td>", c < t.table.text_columns ? "" : " class=\"num\"", html_escape(row[c]));
    h += "</tr>\n";
  }
  h += "</table></div>\n<p>Bounds from:</p>\n<ul>\n";
  for (const auto& s : t.sources) h += fmt::format("<li>{}</li>\n", html_escape(s));
  h += "</ul>\n";
  const auto end = page.rfind("</body>");
  if (end == std::string::npos) return page + h;
  return page.substr(0, end) + h + page.substr(end);
}

}  // namespace numstab
