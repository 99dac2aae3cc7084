// The reference sweep of suites/reference_sweep_test.cpp for one op with
// parameters other than PyTorch's defaults: the reference kernel against its
// oracle, 16-bit formats exhaustively, f32 and f64 on seeded samples.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "src/catalog.hpp"
#include "src/record.hpp"
#include "src/sweep.hpp"

namespace numstab::props {

inline constexpr uint64_t kSweepSeed = 20261126;   // the suites' pinned seed
inline constexpr uint64_t kSweepSamples = 100000;  // f32 and f64 inputs

// The record of the sweep, judged at 1 ULP with a wrong signed zero counted
// as a violation (the caller may hold f64 to the catalog's bound instead).
inline Record sweep_with(const char* name, const std::vector<std::string>& assignments, Format f,
                         uint64_t seed = kSweepSeed, uint64_t samples = kSweepSamples) {
  const OpInfo& op = require_op(name);
  SweepConfig cfg;
  cfg.op = &op;
  cfg.params = op.resolve_params(assignments);
  cfg.format = f;
  cfg.seed = seed;
  cfg.bound = 1.0;
  cfg.strict_zero = true;
  const InputSource src = spec(f).total_bits == 16
                              ? InputSource::exhaustive(f, std::nullopt)
                              : InputSource::sampled(f, op, samples, seed, std::nullopt);
  return sweep(cfg, src, reference_kernel(op, f, cfg.params));
}

}  // namespace numstab::props
