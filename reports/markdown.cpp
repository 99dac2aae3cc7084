#include "reports/markdown.hpp"

#include <fmt/format.h>

#include "reports/divergence_tables.hpp"
#include "reports/tables.hpp"
#include "src/formats.hpp"

namespace numstab {

std::string markdown_report(const nlohmann::json& report, const nlohmann::json& timing) {
  std::string md = "# numstab accuracy report\n\n";
  for (const auto& s : run_sentences(report, timing)) md += fmt::format("- {}\n", s);
  md += fmt::format("\n{} Plots (ULP error against input, error histograms) are in index.html.\n",
                    conventions_sentence());

  md += fmt::format("\n## Maximum ULP error\n\n{}", markdown_table(max_ulp_table(report)));
  for (Format f : kAllFormats) {
    const std::string name = spec(f).name;
    md += fmt::format("\n## {}\n\n", name) + markdown_table(format_table(report, name));
  }

  size_t omitted = 0;
  const Table thresholds = thresholds_table(report, omitted);
  md += "\n## Thresholds\n\nWhere, out to the largest finite input, the exact result overflows, is "
        "subnormal or rounds to zero, and where the reference kernel first gives inf or NaN for a "
        "finite exact result (cells: x > 0 / x < 0, as |x|; - where it never happens).\n\n";
  md += thresholds.rows.empty() ? "No op/format pair has a threshold.\n" : markdown_table(thresholds);
  md += fmt::format("\n{} op/format pairs have no threshold and are not listed (all are in "
                    "report.json).\n",
                    omitted);

  md += fmt::format("\n## Composite ops\n\nThe catalog's ops that are not elementwise, and how many "
                    "records of this report name each (suites/ test all of them).\n\n{}",
                    markdown_table(composite_ops_table(report)));
  md += report.at("gradients").empty()
            ? fmt::format("\n## Gradients\n\n{}\n", none_yet("gradients"))
            : fmt::format("\n## Gradients\n\n{}\n\n{}", gradients_sentence(),
                          markdown_table(gradients_table(report)));
  {
    const auto sources = gradient_bound_sources(report);
    if (!sources.empty()) md += "\nBounds from:\n\n";
    for (size_t i = 0; i < sources.size(); ++i) md += fmt::format("{}. {}\n", i + 1, sources[i]);
  }
  if (report.at("divergence").empty()) {
    md += fmt::format("\n## Divergence\n\n{}\n", none_yet("divergence"));
    return md;
  }
  md += fmt::format("\n## Divergence\n\n{} Plots are in index.html.\n", divergence_sentence());
  const auto section = [&](const char* title, const Table& t) {
    if (!t.rows.empty()) md += fmt::format("\n### {}\n\n{}", title, markdown_table(t));
  };
  section("Learning-rate thresholds", threshold_table(report));
  section("Convergence rate at the optimal step", rate_table(report));
  section("Multi-step drift of contractive SGD", drift_table(report));
  section("Critical weight variance", critical_table(report));
  section("Gradients and activations against depth", depth_table(report));
  const auto regression = regression_sentences(report);
  if (!regression.empty()) {
    md += "\n### The linear-regression example\n\n";
    for (const auto& line : regression) md += fmt::format("- {}\n", line);
  }
  return md;
}

}  // namespace numstab
