#include "reports/html.hpp"

#include <fmt/format.h>

#include "reports/divergence_tables.hpp"
#include "reports/tables.hpp"
#include "src/catalog.hpp"

namespace numstab {

namespace {

constexpr const char* kStyle = R"(
body { font: 14px/1.45 system-ui, sans-serif; color: #222; margin: 1.5em auto; max-width: 1000px; padding: 0 1em; }
h1 { font-size: 1.6em; } h2 { margin-top: 2em; border-bottom: 1px solid #ccc; } h3 { margin-bottom: .2em; }
table { border-collapse: collapse; font-size: 12px; margin: .5em 0; }
th, td { border: 1px solid #ddd; padding: 2px 6px; } th { background: #f2f2f2; }
td.num { text-align: right; font-variant-numeric: tabular-nums; } td.hex { font-family: monospace; white-space: nowrap; }
.wide { overflow-x: auto; } .notice { background: #fff3cd; border: 1px solid #e0c36a; padding: .6em; }
figure { margin: .8em 0; } figcaption { font-size: 12px; color: #444; max-width: 960px; }
figure svg { max-width: 100%; height: auto; } nav a { margin-right: .6em; } .summary { color: #555; }
)";

std::string table_html(const Table& t, bool link_ops) {
  std::string h = "<div class=\"wide\"><table>\n<tr>";
  for (const auto& c : t.header) h += fmt::format("<th>{}</th>", html_escape(c));
  h += "</tr>\n";
  for (size_t r = 0; r < t.rows.size(); ++r) {
    h += "<tr>";
    for (size_t c = 0; c < t.rows[r].size(); ++c) {
      const std::string& text = t.rows[r][c];
      const bool hex = text.find("0x") != std::string::npos;
      const char* cls = c < t.text_columns ? "" : hex ? " class=\"num hex\"" : " class=\"num\"";
      if (c == 0 && link_ops)
        h += fmt::format("<td><a href=\"#op-{}\">{}</a></td>", html_escape(t.row_op[r]), html_escape(text));
      else
        h += fmt::format("<td{}>{}</td>", cls, html_escape(text));
    }
    h += "</tr>\n";
  }
  return h + "</table></div>\n";
}

std::string figure(const Figures& figs, const std::string& id, const std::string& caption) {
  const auto it = figs.svg.find(id);
  if (it == figs.svg.end()) return "";
  return fmt::format("<figure>\n{}\n<figcaption>{}</figcaption></figure>\n", it->second, html_escape(caption));
}

std::string op_section(const nlohmann::json& report, const Figures& figs, const std::string& op) {
  const OpInfo* info = find_op(op);
  std::string h = fmt::format("<section id=\"op-{0}\">\n<h3>{0}</h3>\n", html_escape(op));
  if (info)
    h += fmt::format("<p class=\"summary\">{} (domain: {})</p>\n", html_escape(info->summary),
                     html_escape(info->domain));
  h += table_html(op_table(report, op), false);
  const bool binary = info && info->is_binary();
  h += figure(figs, fmt::format("scatter-{}", op),
              fmt::format("ULP error against the input x, one panel per format. x axis: sign(x) "
                          "times the bits of |x| over the bits of +inf, so every binade has the same "
                          "width (ticks at the values shown). Each panel re-evaluates evenly spaced "
                          "inputs of the sweep's own input list (its title says how many of how "
                          "many); points sharing a pixel are drawn once. Red: the worst input of the "
                          "whole sweep. Dashed: 0.5 ULP, correct rounding.{}",
                          binary ? " The second operand a varies per input and is not shown." : ""));
  h += figure(figs, fmt::format("hist-{}", op),
              "Error histogram: the share of the inputs compared numerically in each bin (log "
              "scale): exact, (0, 0.5], (0.5, 1], (1, 2], ... ULP. It rests on every input of each "
              "sweep (the inputs column above), mismatches excluded.");
  return h + "</section>\n";
}

std::string divergence_html(const nlohmann::json& report, const Figures& figs) {
  if (report.at("divergence").empty())
    return fmt::format("<h2 id=\"divergence\">Divergence</h2>\n<p>{}</p>\n", html_escape(none_yet("divergence")));
  std::string h = fmt::format("<h2 id=\"divergence\">Divergence</h2>\n<p>{}</p>\n", html_escape(divergence_sentence()));
  const auto section = [&](const char* id, const char* title, const Table& t) {
    if (!t.rows.empty()) h += fmt::format("<h3 id=\"{}\">{}</h3>\n{}", id, title, table_html(t, false));
  };
  section("thresholds-table", "Learning-rate thresholds", threshold_table(report));
  h += figure(figs, "divergence-thresholds",
              "Largest stable learning rate (times L) against momentum, f64: lines are the design's "
              "theory, points the bisection on observed iterates (table above; f32 too).");
  section("rates", "Convergence rate at the optimal step", rate_table(report));
  section("drift", "Multi-step drift of contractive SGD", drift_table(report));
  section("critical", "Critical weight variance", critical_table(report));
  section("depth", "Gradients and activations against depth", depth_table(report));
  h += figure(figs, "depth-gradient",
              "Gradient rms at each layer relative to the top layer's (log scale): flat at the "
              "critical initialisations, exponential off them.");
  h += figure(figs, "depth-variance", "Second moment of the pre-activations at each layer (log scale).");
  const auto regression = regression_sentences(report);
  if (!regression.empty()) {
    h += "<h3 id=\"regression\">The linear-regression example</h3>\n<ul>\n";
    for (const auto& line : regression) h += fmt::format("<li>{}</li>\n", html_escape(line));
    h += "</ul>\n";
  }
  return h;
}

}  // namespace

std::string html_escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string html_page(const nlohmann::json& report, const nlohmann::json& timing, const Figures& figs) {
  std::string h = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<title>numstab accuracy report</title>\n<style>{}</style>\n</head>\n<body>\n"
      "<h1>numstab accuracy report</h1>\n<ul>\n",
      kStyle);
  for (const auto& s : run_sentences(report, timing)) h += fmt::format("<li>{}</li>\n", html_escape(s));
  h += fmt::format("</ul>\n<p>{}</p>\n", html_escape(conventions_sentence()));
  if (!figs.note.empty())
    h += fmt::format("<p class=\"notice\" id=\"no-plots\">{}.</p>\n", html_escape(figs.note));

  const Table summary = max_ulp_table(report);
  h += "<nav><a href=\"#summary\">Maximum ULP error</a>";
  for (Format f : kAllFormats) h += fmt::format("<a href=\"#fmt-{0}\">{0}</a>", spec(f).name);
  h += "<a href=\"#thresholds\">Thresholds</a><a href=\"#composite\">Composite ops</a><a href=\"#gradients\">Gradients</a>"
       "<a href=\"#divergence\">Divergence</a><a href=\"#ops\">Per op</a></nav>\n";

  h += fmt::format("<h2 id=\"summary\">Maximum ULP error</h2>\n{}", table_html(summary, true));
  for (Format f : kAllFormats) {
    const std::string name = spec(f).name;
    h += fmt::format("<h2 id=\"fmt-{0}\">{0}</h2>\n", name) + table_html(format_table(report, name), true);
  }

  size_t omitted = 0;
  const Table thresholds = thresholds_table(report, omitted);
  h += "<h2 id=\"thresholds\">Thresholds</h2>\n<p>Where, out to the largest finite input, the exact "
       "result overflows, is subnormal or rounds to zero, and where the reference kernel first gives "
       "inf or NaN for a finite exact result (cells: x &gt; 0 / x &lt; 0, as |x|; - where it never "
       "happens).</p>\n";
  h += thresholds.rows.empty() ? "<p>No op/format pair has a threshold.</p>\n" : table_html(thresholds, true);
  h += fmt::format("<p>{} op/format pairs have no threshold and are not listed (all are in "
                   "report.json).</p>\n", omitted);
  h += fmt::format("<h2 id=\"composite\">Composite ops</h2>\n<p>The catalog's ops that are not "
                   "elementwise, and how many records of this report name each (suites/ test all of "
                   "them).</p>\n{}",
                   table_html(composite_ops_table(report), false));
  h += report.at("gradients").empty()
           ? fmt::format("<h2 id=\"gradients\">Gradients</h2>\n<p>{}</p>\n", html_escape(none_yet("gradients")))
           : fmt::format("<h2 id=\"gradients\">Gradients</h2>\n<p>{}</p>\n{}", html_escape(gradients_sentence()),
                         table_html(gradients_table(report), false));
  if (const auto sources = gradient_bound_sources(report); !sources.empty()) {
    h += "<p>Bounds from:</p>\n<ol>\n";
    for (const auto& s : sources) h += fmt::format("<li>{}</li>\n", html_escape(s));
    h += "</ol>\n";
  }
  h += divergence_html(report, figs);

  // One section per op, whatever number of kernels (rows) it has.
  std::vector<std::string> ops;
  for (const auto& op : summary.row_op)
    if (ops.empty() || ops.back() != op) ops.push_back(op);
  h += "<h2 id=\"ops\">Per op</h2>\n<p>";
  for (const auto& op : ops) h += fmt::format("<a href=\"#op-{0}\">{0}</a> ", html_escape(op));
  h += "</p>\n";
  for (const auto& op : ops) h += op_section(report, figs, op);
  return h + "</body>\n</html>\n";
}

}  // namespace numstab
