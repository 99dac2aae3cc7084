// The report's tables and sentences, built once from report.json and rendered
// as Markdown (report.md) or HTML (index.html): both pages show the same text.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace numstab {

struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row_op;  // the op each row belongs to (HTML links to its section)
  size_t text_columns = 1;          // leading left-aligned columns; the rest are numbers
};

// A max ULP figure rounded up (a bound is never understated): 3 decimals below
// 1000 (0.49999 -> 0.500, 0.50001 -> 0.501), 3 significant digits above.
std::string ulp_bound_text(double ulp);
// A mean, 3 significant digits.
std::string mean_text(double ulp);

// Max ULP error of every op (rows) in every format (columns).
Table max_ulp_table(const nlohmann::json& report);
// One format: max, normal/subnormal maxima, mean, worst input, cond there,
// mismatches, mode, inputs, seed.
Table format_table(const nlohmann::json& report, const std::string& format);
// One op in every format (the HTML's per-op sections).
Table op_table(const nlohmann::json& report, const std::string& op);
// Op/format pairs with a threshold (sides as "x > 0 / x < 0"); `omitted` gets
// the number of pairs without any.
Table thresholds_table(const nlohmann::json& report, size_t& omitted);

// report.json's "gradients": one row per op x format x part (x algorithm):
// max componentwise ULP, normwise error, the figure held to a bound and the
// bound with its source, the worst case, the inputs it rests on, the verdict.
Table gradients_table(const nlohmann::json& report);
// The distinct bound sources of the gradients section: "bound from" [k] is the k-th.
std::vector<std::string> gradient_bound_sources(const nlohmann::json& report);
// What the gradients table shows and how its bounds are read.
std::string gradients_sentence();

// Every composite op of the catalog (vector ops, losses, normalisation,
// reductions, optimizers, initialisers, training utilities): kind, summary,
// parameters with their defaults, algorithms, and how many records of this
// report name it (gradients / divergence sections).
Table composite_ops_table(const nlohmann::json& report);

// Sentences about the run (seed, modes, inputs, oracle, time and threads),
// from report.json and timing.json.
std::vector<std::string> run_sentences(const nlohmann::json& report, const nlohmann::json& timing);
// What a ULP figure means and how it is rounded.
std::string conventions_sentence();
// The sections the catalog does not fill yet.
std::string none_yet(const std::string& section);

std::string markdown_table(const Table& t);

// Operand text of an entry's worst input: "x" or "x, a = y" (binary ops).
std::string worst_input_text(const nlohmann::json& entry);

}  // namespace numstab
