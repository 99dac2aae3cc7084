// What the regression gate holds in each section of report.json: per section
// the fields a baseline record keeps (its identity, how it was measured, the
// figures held), their JSON types, and the comparison of a record of this
// run with its baseline record.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace numstab {

struct GateTolerances {
  double ulp;       // a figure in ULP (or u) may exceed its baseline by this much
  double relative;  // a relative gap to theory, or a bound, by this much (relative)
};

enum class FieldType {
  string,
  count,             // non-negative integer
  number,
  boolean,
  verdict,           // "pass" or "fail"
  params,            // object of numbers (optimizer hyperparameters)
  object,            // any object (how data were made)
  count_or_null,     // a layer, or null for never
  number_or_null,    // a threshold as a hexfloat string or null for none
  mismatch_counts,   // {"nan", "overflow", "nonfinite", "signed_zero"}: counts
  threshold_side,    // {"exact_overflow", ...}: number_or_null each
  figure,            // a number, or {"mean", "variance"} numbers (a fixed point)
};

enum class Role {
  identity,  // names the record: the gate pairs records by these
  how,       // how it was measured: a difference makes the figures incomparable
  held,      // what the gate holds to the baseline
};

struct FieldSpec {
  const char* name;
  FieldType type;
  Role role;
  bool required = true;  // false: present in some records of the section only
};

// One record of this run against its baseline record (same identity).
struct Comparison {
  std::vector<std::string> regressions;  // what, without the record's name
  bool improved = false;
};

struct SectionSpec {
  const char* name;              // the key in report.json and in the baseline
  const char* label;             // how the gate's lines name it ("" for entries)
  std::vector<FieldSpec> fields;
  bool per_elementwise_op;       // records name an elementwise op (`--op` limits them)
  void (*compare)(const nlohmann::json& now, const nlohmann::json& base, const GateTolerances& tol,
                  Comparison& out);
};

// entries, gradients, divergence, thresholds: every section of report.json
// that holds measurements.
const std::vector<SectionSpec>& gate_sections();

// The record's name in the gate's lines ("tanh f32 reference", "divergence
// threshold sgd f64 ...", from its identity fields); records of a section
// are paired by it.
std::string record_name(const SectionSpec& s, const nlohmann::json& record);
// Its how-measured fields as one text (equal texts: comparable figures).
std::string how_measured(const SectionSpec& s, const nlohmann::json& record);
// The baseline record of a report record: its fields of the spec, in order.
nlohmann::ordered_json baseline_record(const SectionSpec& s, const nlohmann::json& record);
// Empty when `value` has type `t`, else what it should have been ("a
// non-negative integer").
std::string type_error(FieldType t, const nlohmann::json& value);

}  // namespace numstab
