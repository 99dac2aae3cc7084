#include "reports/tables.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "src/catalog.hpp"
#include "src/formats.hpp"

namespace numstab {

namespace {

using nlohmann::json;

std::string set_of(const json& e) { return e.value("kernel_set", std::string("reference")); }

// "tanh" for the reference kernel, "tanh (glibc)" for a kernel set's.
std::string with_set(const std::string& text, const json& e) {
  const std::string set = set_of(e);
  return set == "reference" ? text : fmt::format("{} ({})", text, set);
}

const json* find_entry(const json& report, const std::string& op, const std::string& format,
                       const std::string& set) {
  for (const auto& e : report.at("entries"))
    if (e.at("op") == op && e.at("format") == format && set_of(e) == set) return &e;
  return nullptr;
}

// The reference first, then the kernel sets measured for this op, in report order.
std::vector<std::string> sets_of(const json& report, const std::string& op) {
  std::vector<std::string> sets = {"reference"};
  for (const auto& e : report.at("entries"))
    if (e.at("op") == op && std::find(sets.begin(), sets.end(), set_of(e)) == sets.end())
      sets.push_back(set_of(e));
  return sets;
}

std::vector<std::string> ops_in_order(const json& report) {
  std::vector<std::string> ops;
  for (const auto& e : report.at("entries")) {
    const std::string op = e.at("op");
    if (ops.empty() || ops.back() != op) ops.push_back(op);
  }
  return ops;
}

std::string mismatch_text(const json& e) {
  std::string out;
  for (const auto& [name, count] : e.at("mismatches").items()) {
    if (count.get<uint64_t>() == 0) continue;
    out += fmt::format("{}{} {}", out.empty() ? "" : ", ", name, count.get<uint64_t>());
  }
  return out.empty() ? "0" : out;
}

std::string cond_text(const json& v) {
  return v.is_null() ? "inf" : fmt::format("{:.3g}", v.get<double>());
}

std::vector<std::string> format_row(const json& e) {
  return {with_set(e.at("op"), e),
          ulp_bound_text(e.at("max_ulp")),
          ulp_bound_text(e.at("max_ulp_normal")),
          ulp_bound_text(e.at("max_ulp_subnormal")),
          mean_text(e.at("mean_ulp")),
          worst_input_text(e),
          e.at("argmax").is_null() || e.at("max_ulp").get<double>() == 0 ? "-"
                                                                     : cond_text(e.at("cond_at_argmax")),
          mismatch_text(e),
          e.at("mode"),
          fmt::format("{}", e.at("inputs").get<uint64_t>()),
          fmt::format("{}", e.at("seed").get<uint64_t>())};
}

const std::vector<std::string> kDetailHeader = {
    "op", "max ULP", "max ULP, normal results", "max ULP, subnormal results", "mean ULP",
    "worst input", "cond there", "mismatches", "mode", "inputs", "seed"};

// A threshold cell: "|x| from" on the positive / negative side.
std::string sides(const json& t, const char* key, Format f) {
  const auto side = [&](const char* s) -> std::string {
    const json& v = t.at(s).at(key);
    if (v.is_null()) return "-";
    const auto x = parse_number(v.get<std::string>());
    return x ? dec_text(f, *x) : v.get<std::string>();
  };
  return fmt::format("{} / {}", side("positive"), side("negative"));
}

}  // namespace

std::string ulp_bound_text(double v) {
  if (!std::isfinite(v)) return "inf";
  if (v < 1000) {
    double up = std::ceil(v * 1000) / 1000;
    if (up < v) up += 0.001;
    return fmt::format("{:.3f}", up);
  }
  const double scale = std::pow(10.0, std::floor(std::log10(v)) - 2);
  return fmt::format("{:.3g}", std::ceil(v / scale) * scale);
}

std::string mean_text(double v) { return std::isfinite(v) ? fmt::format("{:.3g}", v) : "inf"; }

std::string worst_input_text(const json& e) {
  if (e.at("argmax").is_null()) return "-";
  if (e.at("max_ulp").get<double>() == 0) return "- (all exact)";
  std::string s = e.at("argmax");
  if (e.contains("argmax_a")) s += fmt::format(", a = {}", e.at("argmax_a").get<std::string>());
  return s;
}

Table max_ulp_table(const json& report) {
  Table t;
  t.header = {"op"};
  for (Format f : kAllFormats) t.header.push_back(spec(f).name);
  for (const auto& op : ops_in_order(report)) {
    for (const auto& set : sets_of(report, op)) {
      std::vector<std::string> row = {set == "reference" ? op : fmt::format("{} ({})", op, set)};
      for (Format f : kAllFormats) {
        const json* e = find_entry(report, op, spec(f).name, set);
        // A max that leaves out inputs must say so: mismatches are not in it.
        const std::string m = e ? mismatch_text(*e) : "0";
        row.push_back(!e ? "-" : m == "0" ? ulp_bound_text(e->at("max_ulp"))
                                          : fmt::format("{} ({})", ulp_bound_text(e->at("max_ulp")), m));
      }
      t.rows.push_back(row);
      t.row_op.push_back(op);
    }
  }
  return t;
}

Table format_table(const json& report, const std::string& format) {
  Table t;
  t.header = kDetailHeader;
  t.text_columns = 1;
  for (const auto& e : report.at("entries")) {
    if (e.at("format") != format) continue;
    t.rows.push_back(format_row(e));
    t.row_op.push_back(e.at("op"));
  }
  return t;
}

Table op_table(const json& report, const std::string& op) {
  Table t;
  t.header = kDetailHeader;
  t.header[0] = "format";
  for (const auto& e : report.at("entries")) {
    if (e.at("op") != op) continue;
    t.rows.push_back(format_row(e));
    t.rows.back()[0] = with_set(e.at("format"), e);
    t.row_op.push_back(op);
  }
  return t;
}

Table thresholds_table(const json& report, size_t& omitted) {
  Table t;
  t.header = {"op", "format", "exact result overflows, |x| from", "exact result subnormal, |x| from",
              "exact result rounds to 0, |x| from", "kernel gives inf/NaN early, |x| from"};
  t.text_columns = 2;
  omitted = 0;
  for (const auto& th : report.at("thresholds")) {
    const Format f = *parse_format(th.at("format").get<std::string>());
    std::vector<std::string> row = {with_set(th.at("op"), th), th.at("format")};
    bool any = false;
    for (const char* key : {"exact_overflow", "exact_underflow", "exact_zero", "kernel_nonfinite"}) {
      row.push_back(sides(th, key, f));
      any = any || row.back() != "- / -";
    }
    if (!any) {
      ++omitted;
      continue;
    }
    t.rows.push_back(row);
    t.row_op.push_back(th.at("op"));
  }
  return t;
}

std::vector<std::string> gradient_bound_sources(const json& report) {
  std::vector<std::string> sources;
  for (const auto& g : report.at("gradients")) {
    const std::string s = g.at("bound_source");
    if (std::find(sources.begin(), sources.end(), s) == sources.end()) sources.push_back(s);
  }
  return sources;
}

Table gradients_table(const json& report) {
  Table t;
  t.header = {"op", "format", "kernel", "part", "algorithm", "compared with", "max ULP", "max normwise",
              "error / bound", "bound from", "worst case", "cases", "elements", "seed", "verdict"};
  t.text_columns = 6;
  const std::vector<std::string> sources = gradient_bound_sources(report);
  for (const auto& g : report.at("gradients")) {
    const std::string unit = g.at("bound_unit");
    const auto source = std::find(sources.begin(), sources.end(), g.at("bound_source").get<std::string>());
    t.rows.push_back({g.at("op"), g.at("format"), g.at("kernel"), g.at("part"),
                      g.value("algorithm", std::string("-")), g.at("reference"),
                      ulp_bound_text(g.at("max_ulp")),
                      fmt::format("{:.3g}", g.at("max_normwise").get<double>()),
                      fmt::format("{:.3g} / {:.3g} {}", g.at("error").get<double>(),
                                  g.at("bound").get<double>(), unit),
                      fmt::format("[{}]", source - sources.begin() + 1), g.at("where"),
                      fmt::format("{}", g.at("cases").get<uint64_t>()),
                      fmt::format("{}", g.at("elements").get<uint64_t>()),
                      fmt::format("{}", g.at("seed").get<uint64_t>()), g.at("verdict")});
    t.row_op.push_back(g.at("op"));
  }
  return t;
}

Table composite_ops_table(const json& report) {
  Table t;
  t.header = {"op", "kind", "what", "parameters (PyTorch defaults)", "algorithms", "gradient records",
              "divergence records"};
  t.text_columns = 5;
  for (const auto& op : composite_catalog()) {
    std::string params, algorithms;
    for (const auto& p : op.params) params += fmt::format("{}{}={:g}", params.empty() ? "" : ", ", p.name, p.default_value);
    for (const auto& a : op.algorithms) algorithms += (algorithms.empty() ? "" : ", ") + a;
    size_t gradients = 0, divergence = 0;
    for (const auto& g : report.at("gradients")) gradients += g.at("op") == op.name;
    for (const auto& d : report.at("divergence"))
      divergence += d.value("optimizer", "") == op.name || d.value("initialiser", "") == op.name;
    t.rows.push_back({op.name, kind_name(op.kind), op.summary, params.empty() ? "-" : params,
                      algorithms.empty() ? "-" : algorithms, fmt::format("{}", gradients),
                      fmt::format("{}", divergence)});
    t.row_op.push_back(op.name);
  }
  return t;
}

std::string gradients_sentence() {
  return "Forward and derivative kernels of the vector ops, losses, normalisation layers, "
         "reductions and optimizer steps, against exact (MPFR) answers. Max ULP is componentwise "
         "(each component against its own exact value: huge where a component is a cancellation "
         "far below the others); max normwise is ||computed - exact|| / ||exact|| over a case. "
         "Error / bound is the figure the verdict holds to its bound: unit 'bound' means the "
         "largest ratio |error_i| / bound_i over all components (1 = at the bound), unit 'ulp' the "
         "largest ULP error against a derived ULP bound; 'bound from' names the analysis (listed "
         "below the table). Worst case is where that figure peaked.";
}

std::vector<std::string> run_sentences(const json& report, const json& timing) {
  const json& run = report.at("run");
  const size_t ops = ops_in_order(report).size();
  std::vector<std::string> s;
  const size_t reference = std::count_if(report.at("entries").begin(), report.at("entries").end(),
                                         [](const json& e) { return set_of(e) == "reference"; });
  s.push_back(fmt::format(
      "numstab {}, {} kernels, {} ops x {} formats = {} entries, seed {}, {} mode.",
      report.at("numstab_version").get<std::string>(), run.at("kernel").get<std::string>(), ops,
      std::size(kAllFormats), reference, run.at("seed").get<uint64_t>(),
      run.at("quick").get<bool>() ? "quick" : "full"));
  if (run.contains("kernel_sets") && !run.at("kernel_sets").empty()) {
    std::string names;
    for (const auto& k : run.at("kernel_sets"))
      names += fmt::format("{}{} ({})", names.empty() ? "" : ", ", k.at("name").get<std::string>(),
                           k.at("file").get<std::string>());
    s.push_back(fmt::format("Kernel sets measured beside the reference, on the same inputs: {}; "
                            "{} entries of theirs. Their rows carry the set's name in parentheses; the "
                            "plots show the reference kernels.",
                            names, report.at("entries").size() - reference));
  }
  s.push_back(fmt::format(
      "Inputs per entry: f64 and f32 {} seeded samples (fixed probes first: special values, binade "
      "edges, the op's thresholds and hard inputs); f16 and bf16 exhaustive, every one of the "
      "65536 bit patterns (binary ops: each paired with every probe of the second operand). The "
      "inputs column of each table is the count that figure rests on.",
      run.at("samples").get<uint64_t>()));
  s.push_back(fmt::format("Exact results: MPFR at {} bits.", run.at("oracle_bits").get<unsigned>()));
  if (!timing.is_null())
    s.push_back(fmt::format(
        "This report took {:.1f} s of wall-clock time on {} threads: sweeps {:.1f} s, thresholds "
        "{:.1f} s, plot samples {:.1f} s, figures {:.1f} s (per entry in timing.json; times are "
        "kept out of report.json, which is byte-identical for a seed on any thread count).",
        timing.at("total_seconds").get<double>(), timing.at("threads").get<int>(),
        timing.at("sweep_seconds").get<double>(), timing.at("threshold_seconds").get<double>(),
        timing.at("plot_sample_seconds").get<double>(), timing.at("figure_seconds").get<double>()));
  return s;
}

std::string conventions_sentence() {
  return "ULP error = |computed - exact| / ulp(exact), ulp as in glibc's libm tests and Zimmermann "
         "et al.'s tables: 0.5 means correctly rounded. Max ULP figures here are rounded up (never "
         "understated; report.json has them exact); mean ULP is over the inputs compared "
         "numerically. Mismatches (nan, overflow, nonfinite, signed_zero) are counted apart. "
         "Worst input is the first input (in input order) reaching the max, as hexfloat; cond there "
         "is |x f'(x) / f(x)| at it.";
}

std::string none_yet(const std::string& section) {
  return fmt::format("None yet: the catalog has no {} experiments; report.json holds an empty "
                     "\"{}\" array.",
                     section == "gradients" ? "gradient-check" : "divergence", section);
}

std::string markdown_table(const Table& t) {
  const auto line = [](const std::vector<std::string>& cells) {
    std::string s = "|";
    for (const auto& c : cells) {
      std::string cell = c;
      for (size_t p = 0; (p = cell.find('|', p)) != std::string::npos; p += 2) cell.replace(p, 1, "\\|");
      s += fmt::format(" {} |", cell);
    }
    return s + "\n";
  };
  std::string out = line(t.header) + "|";
  for (size_t i = 0; i < t.header.size(); ++i) out += i < t.text_columns ? " --- |" : " ---: |";
  out += "\n";
  for (const auto& r : t.rows) out += line(r);
  return out;
}

}  // namespace numstab
