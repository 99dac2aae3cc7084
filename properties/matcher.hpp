// The shared MPFR matcher: one output checked against the oracle, with a
// failure message that carries everything needed to reproduce it.
#pragma once
#include <string>

#include "src/catalog.hpp"
#include "src/sweep.hpp"

namespace numstab::props {

// Empty when `got` is within `bound` ULP of op(x) and no mismatch occurred (a
// signed zero counts as one here); otherwise one message: op, format, input,
// got and exact as hexfloat and decimal, and the ULP error or mismatch class.
std::string oracle_mismatch(const OpInfo& op, const Params& p, Format f, double x, double got,
                            double bound);

using numstab::run_one;

}  // namespace numstab::props
