// The inputs the MPFI certificates of the default tier run on: a seeded f32
// sample of the op (InputSource::sampled) and every bf16 and f16 input.
#pragma once
#include <cstdint>
#include <optional>
#include <vector>

#include "src/catalog.hpp"
#include "src/formats.hpp"
#include "src/inputs.hpp"

namespace numstab {

inline std::vector<double> certify_inputs(const OpInfo& op, uint64_t seed) {
  std::vector<double> x;
  const InputSource f32 = InputSource::sampled(Format::f32, op, 20000, seed, std::nullopt);
  for (uint64_t i = 0; i < f32.size(); ++i) x.push_back(bits_to_double(Format::f32, f32.bits_at(i)));
  for (Format f : {Format::bf16, Format::f16})
    for (uint64_t b = 0; b < 65536; ++b) x.push_back(bits_to_double(f, b));
  return x;
}

}  // namespace numstab
