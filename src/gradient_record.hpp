// One entry of report.json's "gradients" section: how far an op's forward or
// derivative (VJP, backward) kernel is from the exact answer in one format, and
// the bound it was held to. Written by the vector, loss, normalisation and
// reduction measurements and by `numstab gradcheck`.
#pragma once
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace numstab {

struct GradientRecord {
  std::string op;                  // catalog name: softmax, layernorm, sum, ...
  std::string format;              // f64, f32, f16, bf16
  std::string kernel = "reference";
  std::string part;                // forward, vjp, backward, gradient
  std::string algorithm{};         // named variant (pairwise, welford, shifted), if any
  std::string reference;           // what it was compared with: "oracle" or "finite_difference"
  uint64_t cases = 0;              // vectors checked
  uint64_t elements = 0;           // components checked, over all cases
  uint64_t seed = 0;
  double max_ulp = 0;              // componentwise, in ULP of the exact component
  double max_normwise = 0;         // max over cases of ||computed - exact|| / ||exact||
  std::string where{};             // the worst case and element, with its input
  double error = 0;                // the figure compared with the bound ...
  double bound = 0;                // ... and the bound, both in `bound_unit`
  std::string bound_unit{};        // "ulp", "u" (relative error / unit roundoff), ...
  std::string bound_source{};      // the theorem or rule the bound comes from
  bool passed = false;
};

inline nlohmann::json to_json(const GradientRecord& r) {
  nlohmann::json j = {{"op", r.op}, {"format", r.format}, {"kernel", r.kernel},
                      {"part", r.part}, {"reference", r.reference},
                      {"cases", r.cases}, {"elements", r.elements}, {"seed", r.seed},
                      {"max_ulp", r.max_ulp}, {"max_normwise", r.max_normwise},
                      {"where", r.where}, {"error", r.error}, {"bound", r.bound},
                      {"bound_unit", r.bound_unit}, {"bound_source", r.bound_source},
                      {"verdict", r.passed ? "pass" : "fail"}};
  if (!r.algorithm.empty()) j["algorithm"] = r.algorithm;
  return j;
}

}  // namespace numstab
