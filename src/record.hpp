// The JSON record of the design and the human-readable text of a run.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "src/sweep.hpp"

namespace numstab {

nlohmann::json to_json(const Record& r);

// A few lines for the terminal: max (with the worst input), mean, per-region
// maxima, mismatches; for certify the verdict and the counterexamples.
std::string to_text(const Record& r);

// One counterexample on one line: input, got and exact in hexfloat and decimal, ULP error.
std::string counterexample_text(const Record& r, const Counterexample& c);

}  // namespace numstab
