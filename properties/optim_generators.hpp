// RapidCheck side of the optimizer checks: the case generator of
// src/optim/step_cases.hpp fed with RapidCheck's 64-bit draws (each shrinks
// towards 0: zero gradients, default hyperparameters, fresh state), and the
// format modes every optimizer is checked in.
#pragma once
#include <rapidcheck.h>

#include "properties/generators.hpp"
#include "src/optim/step_cases.hpp"

namespace numstab::props {

// The draws of one property run, from RapidCheck.
inline optim::Draw rc_draw() {
  return [] { return *full_size(rc::gen::arbitrary<uint64_t>()); };
}

struct FormatMode {
  Format format;
  bool master;  // f32 master copy (f16/bf16)
};
inline constexpr FormatMode kOptimizerModes[] = {{Format::f64, false}, {Format::f32, false},
                                                 {Format::f16, false}, {Format::bf16, false},
                                                 {Format::f16, true},  {Format::bf16, true}};

}  // namespace numstab::props
